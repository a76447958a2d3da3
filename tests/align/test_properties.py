"""Property tests of the compare pipeline (lexical-only for speed).

Texts are built from a vocabulary of invented sentences that the sentence splitter handles
without ambiguity, so "a sentence" means the same thing in the generator and in redline.
"""
import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redline import Article, Comparer
from redline.text import split_sentences

VOCABULARY = [
    "The Millbrook council voted on Monday to replace every lead water pipe in the town.",
    "Engineers estimate that about 3,100 homes still draw water through lead pipes.",
    "The work will cost roughly $48 million over six years.",
    "\"Nobody should have to worry about the water from their tap,\" said councillor Oren Blaise.",
    "Two members voted against the plan because of the cost.",
    "Water bills will rise by about $9 a month from January.",
    "Crews will begin in the Riverside district, where lead levels were highest.",
    "A public meeting about the schedule is planned for March 16.",
    "The harbour ferry to Kells Island was suspended after an engine fault.",
    "A coastguard boat towed the ferry back to the pier shortly after noon.",
    "Nobody on board was hurt, the operator said.",
    "Inspectors will check the whole fleet before the service resumes.",
    "Dr. Mina Okafor said the hospital had treated three people for mild shock.",
    "Islanders can book a free seat on a water taxi until the weekend.",
    "The library on Quay Street will stay open until nine on Thursday evenings.",
    "Most residents asked for later opening hours in a survey last spring.",
    "Rain is expected to return to the valley on Saturday afternoon.",
    "Farmers said the dry spell had cut the barley harvest by a fifth.",
    "The bakery on Mill Lane reopened after a fire in its kitchen.",
    "Its owner, Tomas Reyes, thanked neighbours who helped clear the debris.",
    "Police closed the coast road for four hours after a lorry overturned.",
    "The driver was taken to hospital with minor injuries.",
    "School buses will use the inland route until the barrier is repaired.",
    "A new cycle lane along the river opened to the public on Friday.",
    "The city museum will lend twelve paintings to a gallery in Oslo.",
    "Tickets for the autumn concert series sold out within an hour.",
    "The mayor, Ilse Carver, said the budget would be balanced next year.",
    "Opposition members called the figures optimistic.",
    "A fox was seen crossing the main square early on Wednesday.",
    "Volunteers planted two hundred oak saplings along the canal.",
]

PROPS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def comparer():
    return Comparer(semantic=False, explain=False)


def paragraphs_strategy(min_sentences=1):
    """A list of paragraphs, each a list of distinct vocabulary sentences."""
    picks = st.lists(st.sampled_from(VOCABULARY), min_size=min_sentences, max_size=12, unique=True)
    return picks.flatmap(lambda sents: st.lists(st.integers(1, 3), min_size=len(sents), max_size=len(sents))
                         .map(lambda sizes: _group(sents, sizes)))


def _group(sents, sizes):
    out, i = [], 0
    for n in sizes:
        if i >= len(sents):
            break
        out.append(sents[i:i + n])
        i += n
    return out


def render(paragraphs, sep=" "):
    return "\n\n".join(sep.join(p) for p in paragraphs)


def article(aid, paragraphs):
    return Article(id=aid, text=render(paragraphs))


@PROPS
@given(paragraphs_strategy())
def test_splitter_recovers_the_vocabulary_sentences(paras):
    text = render(paras)
    assert [s.text for s in split_sentences(text, "a")] == [s for p in paras for s in p]


@PROPS
@given(paragraphs_strategy(), paragraphs_strategy(), st.randoms(use_true_random=False))
def test_every_source_sentence_is_aligned_or_dropped_and_references_agree(comparer, src, extra, rnd):
    derived = [list(p) for p in src if rnd.random() < 0.6] + extra  # drop some, add some
    if not derived:
        derived = extra
    c = comparer.compare(sources=[article("s", src)], derived=article("d", derived))
    n_source = sum(len(p) for p in src)
    assert [s.index for s in c.source_sentences] == list(range(n_source))
    referenced = {}
    for m in c.derived_sentences:
        assert m.label in ("verbatim", "edited", "paraphrase", "added")
        assert (m.label == "added") == (not m.sources)
        for ref in m.sources:
            assert ref.article == "s"
            referenced.setdefault(ref.index, []).append(m.index)
    for s in c.source_sentences:
        assert s.status in ("kept", "dropped")
        assert (s.status == "kept") == bool(s.derived)
        assert list(s.derived) == referenced.get(s.index, [])
    assert c.counts()["kept"] + c.counts()["dropped"] == n_source
    assert 0.0 <= c.reuse <= 1.0 and c.derivation in ("wholly", "partially", "none")


@PROPS
@given(paragraphs_strategy(), paragraphs_strategy(), st.sampled_from([" ", "\n", "  "]))
def test_offsets_slice_back_for_sentences_and_spans(comparer, a, b, sep):
    src = Article("s", render(a, sep))
    drv = Article("d", render(b + a[:1], sep))
    c = comparer.compare(sources=[src], derived=drv)
    texts = {"s": src.text, "d": drv.text}
    for m in c.derived_sentences:
        assert drv.text[m.start:m.end] == m.text
        for sp in m.spans:
            assert drv.text[sp.derived.start:sp.derived.end] == sp.derived.text
            assert m.start <= sp.derived.start < sp.derived.end <= m.end
            assert any(r.article == sp.source_article and r.index == sp.source_index for r in m.sources)
            s_text = texts[sp.source_article]
            assert s_text[sp.source.start:sp.source.end] == sp.source.text
    for s in c.source_sentences:
        assert src.text[s.start:s.end] == s.text


@PROPS
@given(paragraphs_strategy())
def test_a_text_compared_with_itself_is_wholly_and_verbatim(comparer, paras):
    text = render(paras)
    c = comparer.compare(sources=[Article("a", text)], derived=Article("b", text))
    assert c.derivation == "wholly"
    assert c.reuse == pytest.approx(1.0)
    assert {m.label for m in c.derived_sentences} == {"verbatim"}
    assert [m.sources[0].index for m in c.derived_sentences] == list(range(len(c.derived_sentences)))
    assert all(s.status == "kept" for s in c.source_sentences)
    for m in c.derived_sentences:  # one shared run from the first word to the last
        assert [sp.derived.text for sp in m.spans] == [re.sub(r"^\W+|\W+$", "", m.text)]


@PROPS
@given(paragraphs_strategy(min_sentences=2), st.randoms(use_true_random=False))
def test_shuffled_paragraphs_keep_every_sentence_matched(comparer, paras, rnd):
    shuffled = list(paras)
    rnd.shuffle(shuffled)
    src, drv = Article("s", render(paras)), Article("d", render(shuffled))
    c = comparer.compare(sources=[src], derived=drv)
    assert {m.label for m in c.derived_sentences} == {"verbatim"}
    for m in c.derived_sentences:
        assert c.source_sentences[m.sources[0].index].text == m.text
    assert all(s.status == "kept" for s in c.source_sentences)
    assert c.derivation == "wholly"


def test_direction_is_inferred_for_a_longer_source_and_its_cut_down_copy(comparer):
    rnd = random.Random(7)
    sents = rnd.sample(VOCABULARY, 12)
    full = Article("full", render([sents[:4], sents[4:8], sents[8:]]))
    cut = Article("cut", render([sents[4:8], sents[:2]]))
    c = comparer.compare(cut, full)
    assert c.direction.source == "full" and c.derived.id == "cut"
    assert c.direction.inferred
