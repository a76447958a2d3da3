"""The incremental containment index (base + delta + tombstones) scores like a full rebuild."""
import json

import numpy as np
import pytest

from redline.corpus import Corpus, CorpusSettings, segments
from redline.corpus.index import ContainmentIndex, index_folder
from redline.corpus.schema import SCHEMA
from redline.corpus.shingles import text_shingles
from redline.model import Article

FOOTER = "Distributed by the Harbour Wire syndicate and republished with credit under licence."


def make_articles(n, seed, prefix="a", footer_every=3):
    """Invented articles: random stories, copies sharing part of a story, and a boilerplate footer."""
    rng = np.random.default_rng(seed)
    vocab = [f"w{k}" for k in range(400)]
    p = 1.0 / np.arange(1, len(vocab) + 1)
    stories = [" ".join(rng.choice(vocab, 60, p=p / p.sum())) for _ in range(max(1, n // 4))]
    out = []
    for k in range(n):
        words = stories[k % len(stories)].split()
        start = int(rng.integers(0, 20))
        body = words[start:start + int(rng.integers(25, 40))] + list(rng.choice(vocab, 15))
        text = " ".join(body) + (" " + FOOTER if k % footer_every == 0 else "")
        out.append(Article(f"{prefix}{k}", text))
    return out


def queries(corpus):
    qs = [(corpus.store.shingles(d), True, d) for d in corpus.store.all_docs().tolist()[::3]]
    extra = make_articles(6, 99, prefix="q")
    return qs + [(text_shingles(a.text), False, None) for a in extra]


def assert_same(inc, full, qs):
    assert (inc.n_docs, inc.limit) == (full.n_docs, full.limit)
    assert np.array_equal(np.asarray(inc.pruned), np.asarray(full.pruned))  # boilerplate as a rebuild sees it
    for q, internal, doc in qs:
        a = inc.search(q, k=0, exclude=doc, internal=internal)
        b = full.search(q, k=0, exclude=doc, internal=internal)
        assert np.array_equal(a.docs, b.docs)
        assert np.array_equal(a.shared, b.shared) and np.array_equal(a.containment, b.containment)
        np.testing.assert_allclose(a.reverse, b.reverse, rtol=1e-6)


def fresh(corpus):
    return ContainmentIndex.build(corpus.store, corpus.settings)


@pytest.fixture
def small_df():
    return CorpusSettings(max_df=3, max_df_share=0.05)  # the limit moves with the corpus size


def test_adds_go_to_a_delta_that_scores_like_a_rebuild(tmp_path, small_df):
    c = Corpus(tmp_path / "c.db", small_df)
    c.add(make_articles(60, 1))
    base = c.index
    assert base.delta is None and base.limit == 3
    c.add(make_articles(12, 2, prefix="b"))
    inc = c.index
    assert inc.delta is not None and inc.base["generation"] == base.generation
    assert inc.generation == c.store.generation and len(inc.delta.docs) == 12
    assert_same(inc, fresh(c), queries(c))
    c.add(make_articles(30, 3, prefix="c"))  # 102 articles: the limit rises to 5, un-pruning shingles
    inc = c.index
    assert inc.delta is not None and inc.limit == 5 and inc.base["limit"] == 3
    assert_same(inc, fresh(c), queries(c))


def test_removed_and_updated_articles_are_tombstoned(tmp_path, small_df):
    c = Corpus(tmp_path / "c.db", small_df)
    arts = make_articles(80, 4)
    c.add(arts)
    assert c.index is not None
    gone, changed = c.store.lookup("a5"), c.store.lookup("a7")
    c.remove("a5")
    c.add([Article("a7", arts[30].text + " A new closing line about the harbour ferry.")])
    inc = c.index
    assert inc.delta is not None
    assert inc.delta.tombs.tolist() == sorted([gone, changed]) and inc.delta.docs.tolist() == [changed]
    hits = inc.search(text_shingles(arts[5].text), k=0)
    assert gone not in hits.docs.tolist()
    hits = inc.search(text_shingles(arts[30].text), k=3, exclude=c.store.lookup("a30"))
    assert changed == hits.docs[0] and hits.containment[0] > 0.9
    assert_same(inc, fresh(c), queries(c))


def test_removals_that_lower_the_limit_match_a_rebuild(tmp_path, small_df):
    c = Corpus(tmp_path / "c.db", small_df)
    c.add(make_articles(110, 5))
    assert c.index.limit == 5
    for k in range(0, 40, 3):
        c.remove(f"a{k}")
    inc = c.index
    assert inc.delta is not None and inc.limit < 5
    assert_same(inc, fresh(c), queries(c))


def test_delta_past_its_share_compacts_into_a_new_base(tmp_path, small_df):
    c = Corpus(tmp_path / "c.db", small_df)
    c.add(make_articles(40, 6))
    assert c.index is not None
    c.add(make_articles(3, 7, prefix="b"))
    follow = ContainmentIndex.open(c.store, c.settings, delta_share=0.1, min_delta=0)
    assert follow.delta is not None
    c.add(make_articles(5, 8, prefix="c"))
    compact = ContainmentIndex.open(c.store, c.settings, delta_share=0.1, min_delta=0)
    assert compact.delta is None and compact.base["generation"] == c.store.generation
    assert c.store.db.execute("SELECT COUNT(*) FROM changes").fetchone()[0] == 0  # the log is trimmed
    manifest = json.loads((index_folder(c.store) / "manifest.json").read_text())
    dirs = {p.name for p in index_folder(c.store).iterdir()}
    assert dirs == {"manifest.json", manifest["base"]["dir"]}  # superseded segments removed
    assert_same(compact, fresh(c), queries(c))
    c.add(make_articles(2, 9, prefix="d"))
    assert_same(c.index, fresh(c), queries(c))


def test_killed_while_writing_keeps_an_index_that_agrees_with_the_store(tmp_path, small_df, monkeypatch):
    c = Corpus(tmp_path / "c.db", small_df)
    c.add(make_articles(50, 10))
    assert c.index is not None
    c.add(make_articles(6, 11, prefix="b"))

    def killed(folder, manifest):
        raise KeyboardInterrupt  # after the new delta segment is written, before the switch

    monkeypatch.setattr(segments, "write_manifest", killed)
    with pytest.raises(KeyboardInterrupt):
        ContainmentIndex.open(c.store, c.settings)
    monkeypatch.undo()
    manifest = json.loads((index_folder(c.store) / "manifest.json").read_text())
    assert manifest["generation"] < c.store.generation  # still the old one
    again = ContainmentIndex.open(c.store, c.settings)
    assert again.generation == c.store.generation
    assert_same(again, fresh(c), queries(c))


@pytest.mark.parametrize("damage", ["manifest", "base_segment", "delta_segment", "other_store"])
def test_damaged_or_foreign_index_is_rebuilt(tmp_path, small_df, damage):
    c = Corpus(tmp_path / "c.db", small_df)
    c.add(make_articles(30, 12))
    assert c.index is not None
    c.add(make_articles(4, 13, prefix="b"))
    assert c.index is not None
    folder = index_folder(c.store)
    manifest = json.loads((folder / "manifest.json").read_text())
    if damage == "manifest":
        (folder / "manifest.json").write_text('{"format": 2, "base"')
    elif damage.endswith("segment"):
        path = folder / manifest[damage.split("_")[0]]["dir"] / "postings.npy"
        path.write_bytes(path.read_bytes()[:-8])
    else:
        other = Corpus(tmp_path / "other.db", small_df)
        other.add(make_articles(30, 14))
        other.close()
        c.close()
        (tmp_path / "c.db").unlink()
        (tmp_path / "other.db").rename(tmp_path / "c.db")
        c = Corpus(tmp_path / "c.db", small_df)
    again = ContainmentIndex.open(c.store, c.settings)
    assert again.generation == c.store.generation
    if damage == "delta_segment":  # the base is sound: only the delta is recomputed
        assert again.delta is not None and again.delta.info["dir"] != manifest["delta"]["dir"]
    else:
        assert again.delta is None
    assert_same(again, fresh(c), queries(c))


def test_store_without_a_change_log_rebuilds(tmp_path, small_df):
    c = Corpus(tmp_path / "c.db", small_df)
    c.add(make_articles(20, 15))
    assert c.index is not None
    with c.store.transaction():
        c.store.db.execute("DROP TABLE changes")
    c.store.has_log = False
    c.add(make_articles(3, 16, prefix="b"))
    again = ContainmentIndex.open(c.store, c.settings)
    assert again.delta is None
    assert_same(again, fresh(c), queries(c))


def test_repeated_changes_and_reused_doc_numbers_match_a_rebuild(tmp_path, small_df):
    c = Corpus(tmp_path / "c.db", small_df)
    arts = make_articles(40, 17)
    c.add(arts)
    assert c.index is not None
    last = c.store.lookup("a39")
    for k in range(3):  # the same article updated three times: the base version is the one tombstoned
        c.add([Article("a3", arts[10].text + f" Revision {k} adds a line about the ferry timetable.")])
    c.remove("a39")
    c.add([Article("late", arts[20].text + " A late copy with one more sentence of its own.")])
    assert c.store.lookup("late") == last  # SQLite reused the removed article's number
    inc = c.index
    assert inc.delta is not None and last in inc.delta.tombs.tolist() and last in inc.delta.docs.tolist()
    assert_same(inc, fresh(c), queries(c))


def test_a_store_made_before_the_change_log_gets_one(tmp_path, small_df):
    c = Corpus(tmp_path / "c.db", small_df)
    c.add(make_articles(20, 18))
    with c.store.transaction():
        c.store.db.execute("DROP TABLE changes")
        c.store.db.execute("DELETE FROM meta WHERE key IN ('uid', 'changes_from')")
        c.store.db.execute("UPDATE meta SET value = '1' WHERE key = 'schema'")
    c.close()
    c = Corpus(tmp_path / "c.db", small_df)
    assert c.store.has_log and c.store.meta("schema") == str(SCHEMA) and c.store.uid
    assert c.store.changes_from() == c.store.generation
    assert c.index is not None
    c.add(make_articles(3, 19, prefix="b"))
    assert c.index.delta is not None
    assert_same(c.index, fresh(c), queries(c))


def test_stats_report_the_saved_index(tmp_path, small_df):
    c = Corpus(tmp_path / "c.db", small_df)
    c.add(make_articles(20, 20))
    assert c.stats()["index"] is None
    assert c.index is not None
    c.add(make_articles(2, 21, prefix="b"))
    assert c.stats()["index"] == {"base_articles": 20, "base_generation": 1, "delta_changed": 0,
                                  "generation": 1, "current": False}
    assert c.index is not None
    assert c.stats()["index"]["delta_changed"] == 2 and c.stats()["index"]["current"]


def test_refresh_after_each_round_of_changes_matches_a_rebuild(tmp_path, small_df):
    c = Corpus(tmp_path / "c.db", small_df)
    arts = make_articles(60, 22)
    c.add(arts)
    assert c.index is not None
    for k in range(4):  # the fourth round moves the df limit from 3 to 4
        c.add(make_articles(6, 30 + k, prefix=f"r{k}-"))
        c.add([Article(f"a{k}", arts[k + 20].text + f" Update {k} about the quay and the tides.")])
        c.add([Article("a1", arts[50].text + f" Changed again in round {k}.")])
        c.remove(f"a{k + 40}")
        inc = c.index
        assert inc.delta is not None and inc.base["n_docs"] == 60
        assert_same(inc, fresh(c), queries(c))
    assert inc.limit == 4
