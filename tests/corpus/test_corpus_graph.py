from redline.corpus import Corpus
from redline.model import replace
from redline.report.lineage import write_html


def test_clusters_are_deterministic(tmp_path, chain):
    arts = list(chain.values())
    runs = []
    for name, order in (("one.db", arts), ("two.db", arts[::-1])):
        c = Corpus(tmp_path / name)
        c.add(order)
        runs.append({g["cluster"]: g["members"] for g in c.clusters()})
    assert runs[0] == runs[1]
    story = next(m for m in runs[0].values() if "wire-1" in m)
    assert story == ["blog-b", "paper-a", "paper-c", "wire-1"]
    assert ["lobster"] in runs[0].values()


def test_verified_clusters(corpus, chain):
    corpus.add(list(chain.values()))
    groups = corpus.clusters(verify=True, min_size=2)
    assert [g["members"] for g in groups] == [["blog-b", "paper-a", "paper-c", "wire-1"]]


def test_lineage_direction_on_a_chain(corpus, chain):
    corpus.add(list(chain.values()))
    graph, comparisons = corpus.lineage(corpus.cluster_of("wire-1"))
    edges = {(e["source"], e["target"]) for e in graph["edges"]}
    assert edges == {("wire-1", "paper-a"), ("wire-1", "paper-c"), ("paper-a", "blog-b")}
    root = [n["id"] for n in graph["nodes"] if n["root"]]
    assert root == ["wire-1"]
    ab = next(e for e in graph["edges"] if e["target"] == "blog-b")
    assert ab["took_added"] > 0 and ab["reuse"] > 0.8 and set(ab["labels"]) >= {"verbatim", "added"}
    assert set(comparisons) == {e["id"] for e in graph["edges"]}
    outlets = {(r["from"], r["to"]) for r in graph["outlets"]}
    assert ("Marlow Gazette", "Estuary Blog") in outlets


def test_lineage_without_dates_still_finds_copy_of_copy(corpus, chain, tmp_path):
    corpus.add([replace(a, date=None, title=None, outlet=None) for a in chain.values()])
    graph, comparisons = corpus.lineage(corpus.cluster_of("blog-b"))
    parent = {e["target"]: e["source"] for e in graph["edges"]}
    assert parent["blog-b"] == "paper-a" and parent["paper-a"] == "wire-1"
    assert write_html(graph, tmp_path / "g.html", comparisons)[0].exists()  # no metadata at all


def test_clusters_follow_additions(corpus, chain):
    corpus.add([chain["wire"], chain["other"]])
    assert all(g["size"] == 1 for g in corpus.clusters())
    corpus.add([chain["c"]])
    assert corpus.clusters(min_size=2)[0]["members"] == ["paper-c", "wire-1"]


def _story(n_copies=100, seed=3):
    """A wire story, direct copies (each drops some sentences and adds one of its own) and copies
    of copies (which keep their parent's added sentence): more members than the old cap of 80."""
    import numpy as np

    from redline.model import Article
    rng = np.random.default_rng(seed)
    vocab = [f"w{k}" for k in range(3000)]

    def sentence():
        return " ".join(rng.choice(vocab, 14)).capitalize() + "."
    wire = [sentence() for _ in range(12)]
    arts = [Article("wire", "\n\n".join(wire), outlet="Wire", date="2026-01-01")]
    truth, bodies = {}, {}
    for k in range(n_copies):
        if k >= 40 and k % 3 == 0:
            parent = f"copy{k - 40:03d}"
            keep = [s for s in bodies[parent] if rng.random() < 0.8 or s not in wire]
            date = "2026-01-03"
        else:
            parent = "wire"
            keep = [s for s in wire if rng.random() < 0.7]
            date = "2026-01-02"
        body = keep + [sentence()]
        cid = f"copy{k:03d}"
        bodies[cid], truth[cid] = body, parent
        arts.append(Article(cid, "\n\n".join(body), outlet=f"Outlet {k % 7}", date=date))
    return arts, truth


def test_lineage_of_a_story_larger_than_the_old_cap(tmp_path):
    from redline.corpus import CorpusSettings
    arts, truth = _story()
    corpus = Corpus(tmp_path / "big.db", CorpusSettings(max_df=1000))  # so the story's core is not boilerplate
    corpus.add(arts)
    graph, comparisons = corpus.lineage("wire", explain=False)
    assert len(graph["nodes"]) == 101 and graph["truncated"] == 0 and len(comparisons) == 100
    assert [n["id"] for n in graph["nodes"] if n["root"]] == ["wire"]
    parent = {e["target"]: e["source"] for e in graph["edges"]}
    assert parent == truth
    took = [e for e in graph["edges"] if e["source"] != "wire"]
    assert took and all(e["took_added"] >= 3 for e in took)
    assert max(e["candidates"] for e in graph["edges"]) <= 30 + 3  # trace's retrieval: the index's and the word index's
