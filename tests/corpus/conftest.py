"""Invented articles for the corpus tests: a wire story, copies of it, a copy of a copy, unrelated news."""
import sys

import pytest

from redline.cli import main
from redline.model import Article

WIRE = [
    "The Marlow county council voted on Tuesday to close the old Fenwick ferry terminal by next spring.",
    "Council members said the terminal had lost money for nine straight years and needed repairs costing four million pounds.",
    "About 300 commuters still use the ferry each weekday to cross the estuary to Dunmore.",
    '"We cannot keep pouring money into a building that is falling into the water," council leader Agnes Varley said.',
    "A bus link across the Harrow bridge will replace the crossing, adding twenty minutes to the journey.",
    "Ferry workers said they would ask the regional transport board to review the decision before the summer.",
    "The terminal opened in 1931 and was listed as a local landmark in 1988.",
    "A public meeting on the closure is planned for March 14 at the Dunmore community hall.",
]
A_ADDED = "Local shopkeepers fear the closure will empty the harbour front, where six cafes depend on ferry passengers."
UNRELATED = [
    "A rare orange lobster caught off the coast of Penhallow has been handed to the town aquarium.",
    "Fisherman Tobias Crane said he spotted the bright shell among his catch at dawn on Sunday.",
    "Marine biologists estimate that only one lobster in thirty million has the orange colouring.",
    "The aquarium plans to put the lobster on display in a new tank by the end of the month.",
    "Visitors will be able to name the animal through a vote on the aquarium website.",
]


def text(*sentences):
    return "\n\n".join(sentences)


@pytest.fixture
def chain():
    """wire -> A (adds a sentence) -> B (copies A, with A's added sentence); C copies the wire only."""
    wire = Article("wire-1", text(*WIRE), title="Council to close Fenwick ferry terminal",
                   outlet="Harbour Wire", date="2026-03-01")
    a = Article("paper-a", text(WIRE[0], WIRE[2], A_ADDED, WIRE[1], WIRE[3], WIRE[4], WIRE[6]),
                title="Ferry terminal to shut", outlet="Marlow Gazette", date="2026-03-02")
    b = Article("blog-b", text(WIRE[0], A_ADDED, WIRE[3], WIRE[4]), title="Ferry closure hits cafes",
                outlet="Estuary Blog", date="2026-03-03")
    c = Article("paper-c", text(WIRE[0], WIRE[1], WIRE[5], WIRE[7]), title="Ferry terminal closure vote",
                outlet="Dunmore Times", date="2026-03-02")
    other = Article("lobster", text(*UNRELATED), title="Orange lobster", outlet="Coast News", date="2026-03-02")
    return {"wire": wire, "a": a, "b": b, "c": c, "other": other}


@pytest.fixture
def corpus(tmp_path):
    from redline.corpus import Corpus
    c = Corpus(tmp_path / "c.db", semantic=False)
    yield c
    c.close()


def run(monkeypatch, capsys, *args):
    """The redline CLI run in-process: (exit code, stdout, stderr)."""
    monkeypatch.setattr(sys, "argv", ["redline", *map(str, args)])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code or 0
    out = capsys.readouterr()
    return code, out.out, out.err
