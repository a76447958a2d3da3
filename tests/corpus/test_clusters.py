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
