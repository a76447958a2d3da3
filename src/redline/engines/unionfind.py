"""Union-find over integer nodes: the connected components of an edge list in memory."""
from __future__ import annotations

from collections.abc import Iterable


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = (ra, rb) if ra < rb else (rb, ra)
            self.parent[hi] = lo


def union_roots(edges: Iterable[tuple]) -> dict[int, int]:
    """Each node on an edge ``(a, b, ...)`` and the smallest node of its component."""
    uf = UnionFind()
    nodes: set[int] = set()
    for a, b, *_ in edges:
        uf.union(int(a), int(b))
        nodes.update((int(a), int(b)))
    return {d: uf.find(d) for d in nodes}
