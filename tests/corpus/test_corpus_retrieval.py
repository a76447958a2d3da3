import re

import numpy as np
from conftest import UNRELATED, WIRE, text

from redline.corpus import Corpus, CorpusSettings
from redline.corpus.index import ContainmentIndex
from redline.corpus.shingles import text_shingles
from redline.model import Article, replace

FOOTER = ("This story was distributed by the Harbour Wire syndicate and may be republished "
          "with credit under licence terms available from the syndication desk.")


def test_shingles_are_deterministic_and_normalised():
    a = text_shingles("The Council “voted” on Tuesday.")
    b = text_shingles('the council "voted" on TUESDAY')
    assert a.dtype == np.uint64 and np.array_equal(a, b) and len(a) == 3
    assert len(text_shingles("two words")) == 1


def test_trace_ranks_the_source_with_evidence_offsets(corpus, chain):
    corpus.add(list(chain.values()))
    result = corpus.trace("paper-c")
    top = result["sources"][0]
    assert result["article"] == "paper-c" and top["id"] == "wire-1"
    assert top["direction"] == "source_to_article" and top["date_consistent"] is True
    assert top["derivation"] in ("wholly", "partially") and top["confidence"] > 0.5
    assert all(s["id"] != "lobster" for s in result["sources"])
    c_text, w_text = chain["c"].text, chain["wire"].text
    for e in top["evidence"]:
        assert c_text[e["derived"]["start"]:e["derived"]["end"]] == e["derived"]["text"]
        assert w_text[e["source"]["start"]:e["source"]["end"]] == e["source"]["text"]
    scores = [s["score"] for s in result["sources"]]
    assert scores == sorted(scores, reverse=True)


def test_trace_a_file_not_in_the_corpus(corpus, chain, tmp_path):
    corpus.add([chain["wire"], chain["other"]])
    f = tmp_path / "new.txt"
    f.write_text("Title: Copy\nDate: 2026-03-05\n\n" + chain["b"].text)
    result = corpus.trace(str(f))
    assert result["sources"][0]["id"] == "wire-1"


def test_later_dated_source_is_flagged_not_dropped(corpus, chain):
    corpus.add([replace(chain["wire"], date="2026-04-01"), chain["c"]])
    result = corpus.trace("paper-c")
    assert result["sources"] == [] and result["verdict"] == "no source in this corpus"
    wire = next(s for s in result["related"] if s["id"] == "wire-1")  # listed as related, with the reason
    assert wire["date_consistent"] is False and wire["role"] == "related"
    assert any("dates rule it out" in r for r in wire["reasons"])


def test_stitched_article_lists_both_sources(corpus, chain):
    second = Article("wire-2", text(*UNRELATED), outlet="Coast Wire")
    stitched = Article("stitched", text(WIRE[0], WIRE[1], WIRE[3], UNRELATED[0], UNRELATED[2], UNRELATED[3]))
    corpus.add([chain["wire"], second, stitched])
    sources = corpus.trace("stitched")["sources"]
    assert {s["id"] for s in sources[:2]} == {"wire-1", "wire-2"}
    assert sources[1]["role"] == "additional" and sources[1]["adds"] >= 2


def test_boilerplate_footer_does_not_link_unrelated_stories(tmp_path):
    arts = []
    for k in range(60):
        body = f"Story {k} reports that the {k}th harvest fair in village number {k} drew {k * 13} visitors " \
               f"who bought {k * 3} pies and {k * 5} jars of jam from stall holder number {k * 11}."
        arts.append(Article(f"s{k}", body + "\n\n" + FOOTER))
    c = Corpus(tmp_path / "c.db", CorpusSettings(max_df=20))
    c.add(arts)
    assert len(c.index.pruned) > 0
    hits = c.index.search(text_shingles(arts[0].text), k=5, exclude=c.store.lookup("s0"), internal=True)
    assert len(hits.docs) == 0 or hits.containment.max() < 0.2
    assert all(len(g["members"]) == 1 for g in c.clusters())


def test_containment_scores_a_partial_copy_fully(corpus, chain):
    corpus.add([chain["wire"], chain["other"]])
    part = text(WIRE[1], WIRE[3])  # takes a quarter of its source
    hits = corpus.index.search(text_shingles(part), k=3)
    assert corpus.store.ids(hits.docs[:1]) == {int(hits.docs[0]): "wire-1"}
    assert hits.containment[0] > 0.9 and hits.reverse[0] < 0.5


def test_index_cache_is_reused_and_rebuilt_on_change(corpus, chain):
    corpus.add([chain["wire"]])
    first = corpus.index
    again = ContainmentIndex.open(corpus.store, corpus.settings)
    assert isinstance(again.keys, np.memmap) and again.generation == first.generation
    corpus.add([chain["a"]])
    assert corpus.index.generation > first.generation


def test_partitioned_index_build_equals_one_sort(tmp_path, chain):
    c = Corpus(tmp_path / "c.db", CorpusSettings(max_df=2))
    c.add(list(chain.values()))
    one = ContainmentIndex.build(c.store, c.settings, partitions=1)
    many = ContainmentIndex.build(c.store, c.settings, partitions=8)
    assert len(one.pruned) > 0
    for name in ("keys", "offsets", "postings", "weights", "pruned", "doc_weight"):
        assert np.array_equal(getattr(one, name), getattr(many, name)), name


def test_outlet_filter_sees_articles_added_after_its_first_use(tmp_path):
    """The (doc, outlet) rows behind outlet filters are read once per generation of the store, so an
    article added later (here, or by another process) is in the next filter."""
    with Corpus(tmp_path / "c.db") as c:
        c.add([Article("w", text(*WIRE), outlet="Harbour Wire")])
        first = c.outlet_mask(["Estuary Post"])
        assert first is not None and not first.any()
        with Corpus(tmp_path / "c.db", create=False) as other:
            other.add([Article("p", text(*UNRELATED), outlet="Estuary Post")])
        allow = c.outlet_mask(["estuary post"])
        assert allow is not None and allow[c._doc("p")] and not allow[c._doc("w")]


def test_trace_reads_the_candidates_shingles_once(corpus, chain):
    """The origin decision reuses the shingles the candidate order read in one query: no article's
    shingles are read again one row at a time."""
    corpus.add(list(chain.values()))
    before = corpus.trace("blog-b")
    statements: list[str] = []
    corpus.store.db.set_trace_callback(statements.append)
    after = corpus.trace("blog-b")
    corpus.store.db.set_trace_callback(None)
    reads = [s for s in statements if re.search(r"\bshingles FROM articles", s)]
    assert after == before and len(before["sources"]) >= 2
    assert reads and all("doc IN" in s for s in reads)
    assert len(reads) <= 2
