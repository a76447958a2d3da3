"""Policy files: every field of the schema, the built-in policies, and every kind of bad input."""
from __future__ import annotations

import pytest

from redline.errors import InputError, RedlineError
from redline.license import AUTO, builtin_names, load_policy, parse_policy


def write(tmp_path, text, name="terms.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_builtins_are_listed_and_load():
    names = builtin_names()
    for expected in ("cc-by", "cc-by-nd", "cc-by-nc-nd", "wire", "newsroom-republish"):
        assert expected in names
    for name in names:
        policy = load_policy(name)
        assert policy.name == name and policy.origin == "builtin"


@pytest.mark.parametrize("name, edits, commercial, headline, requires", [
    ("cc-by", "any", True, True, ["byline", "credit", "link", "notice"]),
    ("cc-by-nd", "none", True, False, ["byline", "credit", "link", "notice"]),
    ("cc-by-nc-nd", "none", False, False, ["byline", "credit", "link", "notice"]),
    ("wire", "style-only", True, True, ["credit"]),
    ("newsroom-republish", "style-only", True, True, ["byline", "logo", "affiliation"]),
])
def test_builtin_fields(name, edits, commercial, headline, requires):
    policy = load_policy(name)
    assert (policy.edits, policy.commercial, policy.headline, policy.required()) == \
        (edits, commercial, headline, requires)


def test_auto_is_the_source_terms_marker():
    assert load_policy("auto") is AUTO


def test_every_field_from_a_file(tmp_path):
    path = write(tmp_path, """
name = "mine"
title = "My terms"
description = "For tests"
edits = "style-only"
commercial = false
headline = false
byline = true
link = { urls = ["https://example.org/story"] }
logo = { match = ["my-logo"], required = true }
affiliation = false

[credit]
names = ["The Daily X News Foundation", "The Daily X"]

[notice]
text = "Republished with permission."
urls = ["example.org/licence"]
""")
    p = load_policy(path)
    assert (p.name, p.origin, p.title, p.edits, p.commercial, p.headline, p.path) == \
        ("mine", "file", "My terms", "style-only", False, False, path)
    assert p.required() == ["byline", "credit", "link", "logo", "notice"]
    assert p.element("credit").names == ("The Daily X News Foundation", "The Daily X")
    assert p.element("link").urls == ("https://example.org/story",)
    assert p.element("logo").match == ("my-logo",)
    assert p.element("notice").text == ("Republished with permission.",)
    assert p.element("notice").urls == ("example.org/licence",)
    assert not p.element("affiliation").required


def test_defaults(tmp_path):
    p = load_policy(write(tmp_path, 'edits = "none"\n', "plain.toml"))
    assert p.name == "plain" and p.commercial is True and p.headline is False and p.required() == []
    assert load_policy(write(tmp_path, "byline = true\n", "b.toml")).headline is True


@pytest.mark.parametrize("text, expected", [
    ('name = "x"\nedits = \n', ["line 2", "invalid TOML"]),
    ('name = "x"\n[credit\nnames = []\n', ["line 2", "invalid TOML"]),
    ('name = "x"\ncolour = "red"\n', ["line 2", "field 'colour'", "unknown field"]),
    ('[byline]\nrequired = true\nnmes = ["A"]\n', ["line 3", "field 'byline.nmes'", "unknown field"]),
    ('edits = 3\n', ["line 1", "field 'edits'", "must be a string"]),
    ('edits = "some"\n', ["line 1", "field 'edits'", "none, style-only, any"]),
    ('commercial = "no"\n', ["line 1", "field 'commercial'", "true or false"]),
    ('headline = 1\n', ["field 'headline'", "true or false"]),
    ('byline = "yes"\n', ["line 1", "field 'byline'", "true, false or a table"]),
    ('[credit]\nnames = [1, 2]\n', ["line 2", "field 'credit.names'", "list of non-empty strings"]),
    ('[credit]\nrequired = "yes"\n', ["line 2", "field 'credit.required'", "true or false"]),
    ('name = 5\n', ["field 'name'", "must be a string"]),
])
def test_bad_policy_files_name_file_line_and_field(tmp_path, text, expected):
    path = write(tmp_path, text)
    with pytest.raises(InputError) as err:
        load_policy(path)
    message = str(err.value)
    assert message.startswith(path) and "\n" not in message
    for part in expected:
        assert part in message


def test_unknown_policy_name():
    with pytest.raises(RedlineError, match="no such built-in policy or file.*cc-by-nd"):
        load_policy("cc-by-zz")


def test_missing_and_empty_policy_files(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_policy(str(tmp_path / "absent.toml"))
    with pytest.raises(InputError, match="empty"):
        load_policy(write(tmp_path, "", "empty.toml"))
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(InputError, match="binary"):
        load_policy(str(binary))


def test_parse_policy_from_a_string_names_the_origin():
    with pytest.raises(InputError, match="^inline: line 1"):
        parse_policy("= broken", "inline")
