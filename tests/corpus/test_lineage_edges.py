"""Which of a member's sources `lineage` draws edges from (``lineage.edge_sources``)."""
from redline.corpus.lineage import edge_sources, parents


def _src(id_, role, explains, adds):
    return {"id": id_, "role": role, "explains": explains, "adds": adds}


def test_a_merged_paragraph_makes_an_edge_from_where_it_first_appeared():
    wire = _src("wire", "primary", [0, 1, 2], 3)
    later = _src("later", "alternative", [0, 1, 3], 1)   # a copy that took the paragraph too
    first = _src("first", "alternative", [3], 0)         # the copy that added it
    sources = [wire, later, first]
    trace = {"sources": sources}
    assert parents(trace) == [wire, later]
    parents_of = {"later": ["wire", "first"], "first": ["wire"]}
    got = edge_sources("m", parents(trace), sources, parents_of, lambda source, sentences: True)
    assert [(s["id"], share) for s, share in got] == [("wire", 0.75), ("first", 0.25)]


def test_no_edge_from_a_copy_of_the_member_or_from_text_that_is_not_the_source_own():
    wire = _src("wire", "primary", [0, 1], 2)
    copy = _src("copy", "alternative", [0, 2], 1)
    sources = [wire, copy]
    assert [s["id"] for s, _ in edge_sources("m", [wire, copy], sources, {"copy": ["m"]}, lambda *a: True)] == ["wire"]
    assert [s["id"] for s, _ in edge_sources("m", [wire, copy], sources, {}, lambda *a: False)] == ["wire"]
    assert [s["id"] for s, _ in edge_sources("m", [wire, copy], sources, {}, lambda *a: True)] == ["wire", "copy"]
