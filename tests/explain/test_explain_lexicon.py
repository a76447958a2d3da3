"""The lexicon file format, matching rules, the built-in lexicons and user extension."""
from __future__ import annotations

import pytest

from redline.errors import InputError
from redline.explain.lexicon import KINDS, Lexicon, default_lexicon, load_lexicon, parse_lexicon


def lex(text):
    return Lexicon(parse_lexicon(text, "test.tsv"))


def test_format_columns_and_comments():
    entries = parse_lexicon("# comment\n\nloaded\tmob\t0.9\tcrowd\tnote here\nhedge\tallegedly\n", "x")
    assert [(e.kind, e.phrase, e.weight, e.neutral, e.note) for e in entries] == [
        ("loaded", "mob", 0.9, "crowd", "note here"), ("hedge", "allegedly", 1.0, "", "")]


def test_wildcard_gap_and_longest_match():
    lx = lex("loaded\tthug*\t1\nreply\tdid not respond to ... request for comment\t1\nloaded\tmob\t0.5\nloaded\tviolent mob\t0.9\n")
    text = "The thugs and a violent mob did not respond to our request for comment."
    hits = [(h.kind, h.text) for h in lx.match(text)]
    assert ("loaded", "thugs") in hits and ("loaded", "violent mob") in hits
    assert ("loaded", "mob") not in hits
    assert ("reply", "did not respond to our request for comment") in hits
    for h in lx.match(text):
        assert text[h.start:h.end] == h.text


def test_match_is_case_and_quote_insensitive_with_offsets():
    lx = lex("weasel\tcritics say\t1\nloaded\tso called\t0.9\n")
    text = "Earlier, CRITICS SAY the so‑called plan failed. The so-called “plan”."
    hits = lx.match(text, offset=10)
    assert [h.text for h in hits if h.kind == "weasel"] == ["CRITICS SAY"]
    for h in hits:
        assert text[h.start - 10:h.end - 10] == h.text


@pytest.mark.parametrize("bad", ["colour\tred\n", "loaded\t\n", "loaded\tmob\theavy\n", "loaded\tmob\t1.5\n",
                                 "loaded\t... mob\n"])
def test_bad_lines_name_file_and_line(bad):
    with pytest.raises(InputError) as exc:
        parse_lexicon("loaded\tok\n" + bad, "mine.tsv")
    assert "mine.tsv:2" in str(exc.value)


def test_builtin_lexicons_load_and_cover_every_kind():
    lx = default_lexicon()
    assert {e.kind for e in lx.entries} == set(KINDS)
    assert len(lx.entries) > 900
    assert all(0 <= e.weight <= 1 for e in lx.entries)
    loaded = {e.phrase: e.neutral for e in lx.entries if e.kind == "loaded"}
    assert "crowd" in loaded["mob"]


def test_user_lexicon_extends(tmp_path):
    extra = tmp_path / "mine.tsv"
    extra.write_text("loaded\tbanana republic\t0.9\ta country\n", encoding="utf-8")
    lx = load_lexicon([extra])
    assert [h.text for h in lx.match("It is a banana republic now.") if h.kind == "loaded"] == ["banana republic"]
    assert len(lx.entries) == len(default_lexicon().entries) + 1


def test_missing_user_lexicon_is_an_input_error(tmp_path):
    with pytest.raises(InputError):
        load_lexicon([tmp_path / "nope.tsv"])


_WORDS = ["Critics", "said", "the", "move", "was", "defended", "by", "Smith", "who", "insisted", "it",
          "was", "fair", "however", "Mr", "Jones", "denied", "any", "wrongdoing", "“", "”", "'s", "—", "\n"]


@pytest.mark.parametrize("seed", range(40))
def test_match_with_the_cached_tokens_finds_what_it_finds_tokenising_itself(seed):
    """reply_dropped hands the lexicon a sentence's cached tokens instead of tokenising it again."""
    import random

    from redline.text.normalise import text_tokens
    rng = random.Random(seed)
    lex = default_lexicon()
    sentence = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 30)))
    for kinds in (None, ("defender",), ("reply", "hedge")):
        assert lex.match(sentence, 17, kinds=kinds, toks=list(text_tokens(sentence))) == \
            lex.match(sentence, 17, kinds=kinds)


@pytest.mark.parametrize("seed", range(20))
def test_the_next_word_check_skips_only_entries_the_full_match_rejects(seed, monkeypatch):
    """match compares an entry's second word before running _match_at: the same hits as with
    _match_at alone, on sentences made of the lexicons' own phrase words."""
    import random

    from redline.explain import lexicon as lexicon_module
    rng = random.Random(seed)
    entries = default_lexicon().entries
    pool = [w for e in rng.sample(entries, 300) for w in e.phrase.replace("*", "s").split() if w != "..."]
    sentences = [" ".join(rng.choice(pool + _WORDS) for _ in range(rng.randint(1, 40))) for _ in range(30)]
    fast = [Lexicon(entries).match(s, 3) for s in sentences]
    monkeypatch.setattr(lexicon_module, "_plain", lambda rest: None)
    assert [Lexicon(entries).match(s, 3) for s in sentences] == fast
    assert sum(len(h) for h in fast) > 30
