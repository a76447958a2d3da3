"""The faster code paths give exactly what the plain ones give (tokens, lexical counts, n-gram
covers), and a comparison embeds its sentences in one call, explain's added sentences included."""
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redline import embed as semantic
from redline.align.document import COVER_N
from redline.align.features import featurise_all
from redline.align.lexical import overlap, shared_counts
from redline.align.matcher import align
from redline.align.settings import Settings
from redline.align.words import gram_covers
from redline.ingest import load_article
from redline.model import Article
from redline.pipeline import Comparer
from redline.text.normalise import _QUOTES, _WORD, Token, tokens
from redline.text.sentences import split_sentences

EXAMPLES = __import__("pathlib").Path(__file__).resolve().parents[2] / "examples"
CHARS = "aZb9 _'’‘‚‛`“”„«»–—\u00a0.,sSéİΣς\n"


def plain_tokens(text, offset=0):
    out = []
    for m in _WORD.finditer(text):
        word = m.group().translate(_QUOTES).lower()
        if word.endswith("'s"):
            word = word[:-2]
        out.append(Token(word, m.start() + offset, m.end() + offset))
    return out


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=CHARS, max_size=40), st.integers(0, 50))
def test_tokens_match_the_plain_loop(text, offset):
    got = tokens(text, offset)
    assert got == plain_tokens(text, offset) and all(type(t) is Token for t in got)


def feats(text, article):
    return featurise_all(split_sentences(text, article))


def random_text(rng, n):
    words = "the cat sat on mat a dog ran far".split()
    return " ".join(" ".join(rng.choice(words) for _ in range(rng.randint(1, 9))) + "." for _ in range(n))


@pytest.mark.parametrize("seed", range(20))
def test_shared_counts_and_overlap_match_sets(seed):
    rng = random.Random(seed)
    d, s = feats(random_text(rng, 6), "d"), feats(random_text(rng, 5), "s")
    for attr in ("content", "bigrams"):
        counts = shared_counts(d, s, attr)
        share = overlap(d, s, attr)
        for i, a in enumerate(d):
            for j, b in enumerate(s):
                common = len(getattr(a, attr) & getattr(b, attr))
                assert counts[i, j] == common
                size = len(getattr(a, attr))
                assert share[i, j] == (np.float32(common) / np.float32(size) if size else 0.0)


def plain_covers(d, s, n):
    d_words = [w for f in d for w in f.words]
    s_words = [w for f in s for w in f.words]
    grams = {tuple(s_words[i:i + n]) for i in range(len(s_words) - n + 1)}
    cover = np.zeros(len(d_words), dtype=bool)
    mine = set()
    for i in range(len(d_words) - n + 1):
        g = tuple(d_words[i:i + n])
        mine.add(g)
        if g in grams:
            cover[i:i + n] = True
    return cover, (len(mine & grams) / len(mine) if mine else 0.0)


@pytest.mark.parametrize("seed", range(20))
def test_gram_covers_match_sets(seed):
    rng = random.Random(seed)
    d, s = feats(random_text(rng, 5), "d"), feats(random_text(rng, rng.randint(0, 4)), "s")
    cover, containment = gram_covers(d, s, COVER_N)
    for n in COVER_N:
        want_cover, want_containment = plain_covers(d, s, n)
        assert np.array_equal(cover[n], want_cover) and containment[n] == want_containment


@pytest.fixture
def fake(monkeypatch, fake_encode, fake_embedder):
    monkeypatch.setattr(semantic, "_default", fake_embedder())
    return fake_encode


def examples():
    return load_article(EXAMPLES / "wire.txt"), load_article(EXAMPLES / "rewrite.txt")


def test_align_embeds_settled_added_sentences_in_the_same_call(fake):
    src, drv = examples()
    d, s = feats(drv.text, drv.id), feats(src.text, src.id)
    result = align(d, s, {src.id: src.text}, drv.text, Settings(), semantic.default_embedder(), embed_added=True)
    assert len(fake.calls) == 1
    added = {m.text for m in result.matches if m.label == "added"}
    assert added and added <= set(fake.calls[0][0])


def test_a_comparison_with_explain_embeds_once(fake):
    src, drv = examples()
    c = Comparer(semantic=True).compare(sources=[src], derived=drv)
    assert len(fake.calls) == 1 and c.framing["opinion_model"]


def test_prefetch_leaves_nothing_to_embed_and_changes_nothing(fake):
    src, drv = examples()
    want = Comparer(semantic=True).compare(sources=[src], derived=drv).to_dict()
    semantic._default._cache.clear()
    comparer = Comparer(semantic=True)
    comparer.prefetch([([src], drv), ([drv], Article("other", src.text))])
    calls = len(fake.calls)
    assert comparer.compare(sources=[src], derived=drv).to_dict() == want
    assert len(fake.calls) == calls


def plain_quote_marks(text, base=0):
    from redline.text.quotes import _OPEN_CLOSE, _SINGLE_CLOSE, _SINGLE_OPEN
    marks = [(m.start() + base, "double") for m in _OPEN_CLOSE.finditer(text)]
    marks += [(m.start() + base, "open") for m in _SINGLE_OPEN.finditer(text)]
    marks += [(m.start() + base, "close") for m in _SINGLE_CLOSE.finditer(text)]
    return sorted(marks)


def plain_quoted(derived):
    from redline.align.words import _flip
    out, state, paragraph = [], {"double": False, "single": False}, None
    for f in derived:
        if f.sentence.paragraph != paragraph:
            paragraph, state["single"] = f.sentence.paragraph, False
        marks, k = plain_quote_marks(f.sentence.text, f.sentence.start), 0
        for t in f.toks:
            while k < len(marks) and marks[k][0] < t.start:
                _flip(state, marks[k][1])
                k += 1
            out.append(state["double"] or state["single"])
        for _, kind in marks[k:]:
            _flip(state, kind)
    return np.array(out, dtype=bool)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["He", "said", "it's", "'no", "way'", '"We', 'won."', "“Yes”", "‘maybe’", "``",
                                 "''", "(", "end.", "\n\n", "Then", "x"]), max_size=40).map(" ".join))
def test_quote_marks_and_quoted_words_match_the_plain_searches(text):
    """quote_marks skips the single-mark searches on text without single marks; quoted skips the
    token walk of a sentence without marks."""
    from redline.align.words import quoted
    from redline.text.quotes import quote_marks
    assert quote_marks(text, 7) == plain_quote_marks(text, 7)
    feats = featurise_all(split_sentences(text, "d"))
    assert np.array_equal(quoted(feats), plain_quoted(feats))


@pytest.mark.parametrize("seed", range(20))
def test_in_closest_looks_words_up_as_the_tuple_scan_did(seed):
    from redline.align.words import _in_closest
    rng = random.Random(seed)
    d, s = feats(random_text(rng, 6), "d"), feats(random_text(rng, rng.randint(1, 5)), "s")
    best = overlap(d, s, "content").argmax(axis=1)
    want = [w in s[b].words for f, b in zip(d, best) for w in f.words]
    assert _in_closest(d, s).tolist() == want
