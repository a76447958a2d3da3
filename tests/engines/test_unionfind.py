"""Union-find roots against a breadth-first search of the same graph."""
import random

import pytest

from redline.engines.unionfind import UnionFind, union_roots


def bfs_roots(edges):
    graph = {}
    for a, b, *_ in edges:
        graph.setdefault(a, set()).add(b)
        graph.setdefault(b, set()).add(a)
    roots = {}
    for start in sorted(graph):
        if start in roots:
            continue
        seen, todo = {start}, [start]
        while todo:
            for nb in graph[todo.pop()] - seen:
                seen.add(nb)
                todo.append(nb)
        for node in seen:
            roots[node] = min(seen)
    return roots


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_union_roots_are_component_minima(seed):
    rng = random.Random(seed)
    edges = [(rng.randrange(200), rng.randrange(200), 0.5) for _ in range(150)]
    assert union_roots(edges) == bfs_roots(edges)


def test_find_compresses_paths_to_the_smallest_node():
    uf = UnionFind()
    for a, b in ((5, 4), (4, 3), (3, 9), (2, 9)):
        uf.union(a, b)
    assert uf.find(5) == 2 and uf.parent[5] == 2
    assert uf.find(7) == 7
