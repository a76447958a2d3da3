"""One JSON Lines reader: a text in memory and a file read a line at a time give the same items."""
from redline import limits
from redline.errors import InputError
from redline.ingest.jsonl import json_lines, read_json_lines

LINES = ['\ufeff{"id": "a", "text": "one"}', "", "   ", '{"id": "b", "text": "two"}', "{not json", "[1, 2]"]


def _plain(items):
    return [(where, str(obj) if isinstance(obj, InputError) else obj) for where, obj in items]


def test_file_and_text_read_alike(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(LINES), encoding="utf-8")
    from_file = _plain(read_json_lines(path))
    from_text = _plain(json_lines("\n".join(LINES[:1]).lstrip("\ufeff") + "\n" + "\n".join(LINES[1:]), str(path)))
    assert from_file == from_text
    assert [where for where, _ in from_file] == [f"{path}:{n}" for n in (1, 4, 5, 6)]
    assert from_file[0][1] == {"id": "a", "text": "one"} and "malformed JSON" in from_file[2][1]


def test_a_line_past_the_limit_is_skipped_and_named(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_INPUT_BYTES", 40)
    path = tmp_path / "long.jsonl"
    path.write_bytes(b'{"text": "' + b"x" * 200 + b'"}\n{"text": "ok"}\n\xff\n')
    items = list(read_json_lines(path))
    assert [where for where, _ in items] == [f"{path}:1", f"{path}:2", f"{path}:3"]
    assert str(items[0][1]).endswith("line is longer than 40 bytes") and items[1][1] == {"text": "ok"}
    assert str(items[2][1]).endswith("line is not UTF-8 text")


def test_missing_file_is_one_item(tmp_path):
    [(where, err)] = read_json_lines(tmp_path / "none.jsonl")
    assert isinstance(err, InputError) and "cannot be read" in str(err)
    assert list(json_lines(" \n\n", "blank")) == []


def test_outlet_kinds_are_read_with_their_common_names_and_others_are_refused():
    import pytest

    from redline.ingest.jsonl import article_from_object
    kind = lambda value: article_from_object({"id": "a", "text": "The council met.", "outlet_kind": value},  # noqa: E731
                                             "feed.jsonl:3").meta.get("outlet_kind")
    assert [kind(v) for v in ("wire", "Newspaper", "blog", " TV ", "news  agency")] == [
        "wire", "print", "web", "broadcast", "wire"]
    for bad in ("pamphlet", 42):
        with pytest.raises(InputError, match=r"feed\.jsonl:3.*outlet_kind.*wire, print, web or broadcast"):
            kind(bad)
