"""Shared loaders, metrics and output for the benchmarks.

The evaluation data lives at ``../shared/data`` (relative to the repository root) and is read at
run time only; nothing from it is copied into the repository. ``REDLINE_DATA`` overrides the path.
"""
from __future__ import annotations

import csv
import json
import os
import platform
import re
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("REDLINE_DATA", REPO.parent / "shared" / "data"))
RESULTS = REPO / "bench" / "results"
SEED = 0

sys.path.insert(0, str(REPO / "src"))
from redline.model import Article  # noqa: E402

METER = DATA / "reuse" / "meter-courts"
CLOUGH = DATA / "reuse" / "clough-stevenson-2011"
MRPC = DATA / "paraphrase" / "mrpc-train" / "msr_paraphrase_train.txt"


def need(path: Path) -> None:
    if not path.exists():
        sys.exit(f"bench: {path} not found (the benchmarks read ../shared/data at run time)")


# ---------------------------------------------------------------- METER courts

_PA_RULE = re.compile(r"^\s*-{10,}\s*$")
_PA_STAMP = re.compile(r"^\s*\d{1,2}:\d{2} \d{2}/\d{2}/\d{2}: Page \d+")


def clean_pa(raw: str) -> str:
    """PA wire markup to plain prose: drop rule and timestamp lines, the ^Y paragraph marks and
    the ``<`` paragraph ends, join hard-wrapped lines, fold `` '' quotes."""
    lines = [ln for ln in raw.replace("\r", "").split("\n")
             if not _PA_RULE.match(ln) and not _PA_STAMP.match(ln)]
    text = "\n".join(lines).replace("\x19", "")
    paras = [re.sub(r"\s*\n\s*", " ", p).strip() for p in re.split(r"<\s*(?:\n|$)", text)]
    text = "\n\n".join(p for p in paras if p)
    return text.replace("``", '"').replace("''", '"')


def clean_paper(raw: str) -> str:
    return raw.replace("\r", "")


def _aat(path: Path) -> tuple[str, list[tuple[str, int, int]]]:
    """Annotated newspaper text and its (label, start, end) spans. Offsets in the header are
    line (1-based) and column (0-based) in the text after ``<END ANNO>`` and its newline."""
    data = path.read_bytes().decode("latin-1")
    cut = data.index("<END ANNO>")
    head, body = data[:cut], data[cut + len("<END ANNO>"):]
    body = body[2:] if body.startswith("\r\n") else body[1:]
    starts = [0]
    for line in body.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    spans = []
    for m in re.finditer(r"^(\w+)@(\d+)\.(\d+)@(\d+)\.(\d+)#", head, re.M):
        label, l1, c1, l2, c2 = m.group(1), *map(int, m.groups()[1:])
        spans.append((label, starts[l1 - 1] + c1, starts[l2 - 1] + c2))
    return body, sorted(spans, key=lambda s: (s[1], s[2]))


def meter_items() -> list[dict]:
    """One item per newspaper text: its 3-class label, the PA texts of its story folder as
    sources, and (for the 355 annotated texts) the word spans. Annotated texts use the text
    stored in the .aat file so that the annotation offsets apply; it equals the raw file up to
    line endings and trailing newlines in all but a handful of files."""
    need(METER)
    root = METER / "meter_corpus"
    items = []
    with open(METER / "pairs_index.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            spans = None
            if row["aat"]:
                text, spans = _aat(root / row["aat"])
                spans = _shift_for_cr(text, spans)
                text = text.replace("\r", "")
            else:
                text = clean_paper((root / row["newspaper_file"]).read_bytes().decode("latin-1"))
            derived = Article(id=row["newspaper_file"], text=text, outlet=row["newspaper"])
            sources = [Article(id=p, text=clean_pa((root / p).read_bytes().decode("latin-1")))
                       for p in row["pa_files"].split(";") if p]
            items.append({"id": row["newspaper_file"], "label": row["label"].split("_")[0],
                          "derived": derived, "sources": sources, "spans": spans})
    return items


def _shift_for_cr(text: str, spans):
    """Offsets after removing carriage returns from ``text``."""
    if "\r" not in text:
        return spans
    before = np.cumsum([c == "\r" for c in text] + [False])
    return [(lab, a - int(before[a - 1] if a else 0), b - int(before[b - 1] if b else 0))
            for lab, a, b in spans]


def reuse_bench_setup():
    """Parse ``--semantic`` and ``--no-write`` and make the Comparer a reuse bench runs (explain off)."""
    import argparse

    from redline.pipeline import Comparer
    ap = argparse.ArgumentParser()
    ap.add_argument("--semantic", action="store_true")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    comparer = Comparer(semantic=args.semantic, explain=False)
    if args.semantic and comparer.embedder is None:
        sys.exit("bench: --semantic needs the embedding model")
    return args, comparer


# ---------------------------------------------------------------- Clough-Stevenson

def read_mixed(path: Path) -> str:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def clough_items() -> list[dict]:
    need(CLOUGH)
    folder = CLOUGH / "corpus-20090418"
    items = []
    with open(CLOUGH / "file_list_with_source.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            src = row["source_file"]
            items.append({"id": row["File"], "label": row["Category"], "note": row.get("note", ""),
                          "derived": Article(id=row["File"], text=read_mixed(folder / row["File"])),
                          "sources": [Article(id=src, text=read_mixed(folder / src))]})
    return items


# ---------------------------------------------------------------- MRPC

def mrpc_pairs() -> list[tuple[int, str, str]]:
    need(MRPC)
    out = []
    with open(MRPC, encoding="utf-8-sig") as fh:
        next(fh)
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 5:
                out.append((int(parts[0]), parts[3], parts[4]))
    return out


# ---------------------------------------------------------------- metrics and CV

def prf(gold: list, pred: list, positive) -> tuple[float, float, float]:
    tp = sum(1 for g, p in zip(gold, pred) if g == positive and p == positive)
    fp = sum(1 for g, p in zip(gold, pred) if g != positive and p == positive)
    fn = sum(1 for g, p in zip(gold, pred) if g == positive and p != positive)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def macro_f1(gold: list, pred: list, classes) -> float:
    return float(np.mean([prf(gold, pred, c)[2] for c in classes]))


def accuracy(gold: list, pred: list) -> float:
    return sum(1 for g, p in zip(gold, pred) if g == p) / max(len(gold), 1)


def folds(labels: list, k: int = 5, seed: int = SEED):
    from sklearn.model_selection import StratifiedKFold
    skf = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
    return list(skf.split(np.zeros(len(labels)), labels))


def best_threshold(scores: np.ndarray, gold: np.ndarray) -> float:
    """Threshold on ``scores`` (predict positive at or above) that maximises accuracy."""
    cand = np.unique(scores)
    mids = np.concatenate([[cand[0] - 1e-6], (cand[:-1] + cand[1:]) / 2, [cand[-1] + 1e-6]])
    acc = [(np.mean((scores >= t) == gold), -abs(t - 0.5), t) for t in mids]
    return float(max(acc)[2])


# ---------------------------------------------------------------- output

def table(rows: list[tuple], header: tuple) -> str:
    cells = [tuple(_fmt(c) for c in r) for r in [header] + rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _fmt(c) -> str:
    return f"{c:.3f}" if isinstance(c, float) else str(c)


def write_result(name: str, data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    data = {"benchmark": name, "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "machine": {"python": platform.python_version(), "cpus": os.cpu_count()}, **data}
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return path


def cmdline() -> str:
    return "python " + " ".join([os.path.relpath(sys.argv[0], REPO)] + sys.argv[1:])


def update_result(name: str, mode: str, data: dict) -> str:
    """Write one mode's figures (lexical, lexical+semantic) into bench/results/<name>.json,
    keeping the other mode's last figures."""
    path = RESULTS / f"{name}.json"
    old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    modes = old.get("modes", {})
    modes[mode] = {"when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **data}
    write_result(name, {"modes": modes})
    return str(path.relative_to(REPO))
