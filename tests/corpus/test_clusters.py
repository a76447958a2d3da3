"""The clusters pipeline's pieces: story ids and the jobs handed to an engine."""
import dataclasses
import pickle

import pytest

from redline.corpus import Corpus
from redline.corpus.clusters import EdgeJob, assign, cluster_id, edge_jobs, edges_step, verify_job
from redline.model import Article


def test_assign_names_each_story_by_its_smallest_id():
    ids = {1: "b", 2: "a", 3: "c", 4: "d"}
    out = assign([1, 2, 3, 4], {1: 1, 2: 1}, ids)
    assert out[1] == out[2] == cluster_id(["a"]) and out[3] == cluster_id(["c"]) != out[4]


def test_jobs_are_frozen_and_survive_pickling(tmp_path):
    text = "The council voted on Tuesday to close the old library on the hill for good. " * 3
    with Corpus(tmp_path / "c.db") as corpus:
        corpus.add([Article("a", text), Article("b", text + "Officials said nothing more.")])
        jobs = edge_jobs(corpus.store, corpus.settings, chunk=1)
        verify = verify_job(corpus.store, corpus.settings, semantic=False)
    assert [job.docs for job in jobs] == [(1,), (2,)]
    assert isinstance(jobs[0], EdgeJob) and pickle.loads(pickle.dumps(jobs[0])) == jobs[0]
    assert verify.min_reuse == corpus.settings.edge_reuse
    with pytest.raises(dataclasses.FrozenInstanceError):
        jobs[0].generation = 0
    assert [edge[:2] for job in jobs for edge in edges_step(job)] == [(1, 2)]


def test_bridge_batches_keep_each_pair_of_components_whole():
    from redline.corpus.clusters import bridge_batches
    roots = {1: 1, 2: 1, 3: 3, 4: 3, 5: 5}
    weak = [(1, 3, 0.1), (2, 4, 0.2), (1, 2, 0.1), (4, 5, 0.08), (2, 3, 0.15)]
    batches = bridge_batches(weak, roots, size=2)
    # the edge inside component 1 changes no story; the three edges joining 1 and 3 stay together,
    # strongest first, and the root of each end travels with the edge
    assert batches == [[(2, 4, 0.2, 1, 3), (2, 3, 0.15, 1, 3), (1, 3, 0.1, 1, 3)], [(4, 5, 0.08, 3, 5)]]


def _sentence(rng, n=15):
    syllables = ["ka", "lo", "mi", "ren", "tu", "sa", "vo", "del", "pi", "nor", "gu", "fe", "zan", "bri", "ol"]
    words = ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def test_a_brief_whose_other_sentence_is_a_stock_phrase_joins_no_story(tmp_path):
    # a stock sentence printed in a dozen unrelated stories (too few to be pruned) is half of a brief's
    # text: it stands out from each wire's own sentences, not from the brief's, yet it must not join them
    import random
    rng = random.Random(5)
    stock = ("Anyone with information about the incident is asked to call the police on the number given "
             "in the appeal, quoting the reference number.")
    wires = [Article(f"wire-{k}", "\n\n".join([*(_sentence(rng) for _ in range(6)), stock])) for k in range(12)]
    brief = Article("brief", "\n\n".join([_sentence(rng, 22), stock]))
    own = [_sentence(rng) for _ in range(4)]
    digest = Article("digest", "\n\n".join([own[0], *wires[0].text.split("\n\n")[1:3], *own[1:]]))
    with Corpus(tmp_path / "c.db", semantic=False) as corpus:
        corpus.add([*wires, brief, digest])
        groups = {tuple(g["members"]) for g in corpus.clusters(min_size=2)}
        best = {}
        for name in ("brief", "digest"):
            doc = corpus.store.lookup(name)
            best[name] = max(corpus.index.search(corpus.store.shingles(doc), k=0, exclude=doc, internal=True).containment)
    assert groups == {("digest", "wire-0")}  # the digest took two of the wire's sentences
    assert all(0.06 <= c < corpus.settings.edge_sure for c in best.values())  # both verified as weak edges
