"""Speed of `redline framing --batch`: sentences per second, lexical-only and with the opinion
model, beside two baselines run side by side in the same process: encoding the same sentences
with the sentence model alone (fresh cache), and `redline compare` of the example pair.

    python bench/framing_speed.py [--sentences 1000]

Sentences come from BABE dev (../shared/data/framing, read at run time). Also times one
end-to-end `redline framing --batch` CLI run (model load included).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, cmdline, table, write_result
from framing_common import babe_rows

from redline.schemas import validate


def timed(fn, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sentences", type=int, default=1000)
    args = ap.parse_args()
    from redline import compare
    from redline.embed import Embedder, default_embedder
    from redline.explain import analyse_many, default_lexicon

    texts = [r["text"] for r in babe_rows()][:args.sentences]
    lex = default_lexicon()
    emb = default_embedder()
    if not emb.available:
        sys.exit(f"bench: {emb.error}")
    analyse_many(texts[:20], lex, emb)   # load the model and word table first
    t_lex = timed(lambda: analyse_many(texts, lex, None), 3)
    fresh = Embedder()
    fresh._model = emb._model            # same loaded model, empty cache: the encoding baseline
    t_enc = timed(lambda: fresh.encode(texts))
    emb_cold = Embedder()
    emb_cold._model = emb._model
    t_sem = timed(lambda: analyse_many(texts, lex, emb_cold))
    wire, rewrite = REPO / "examples" / "wire.txt", REPO / "examples" / "rewrite.txt"
    compare(wire, rewrite, semantic=False)
    t_cmp = timed(lambda: compare(wire, rewrite, semantic=False), 5)
    t_noexp = timed(lambda: compare(wire, rewrite, semantic=False, explain=False), 5)
    t_cli = _cli(texts)
    n = len(texts)
    rows = [("framing, lexical only", n / t_lex, "-"),
            ("framing, with opinion + word models", n / t_sem, f"{t_enc / t_sem:.2f} x encoding alone"),
            ("baseline: sentence encoding alone", n / t_enc, "1.00"),
            ("`redline framing --batch` CLI end to end", n / t_cli, "includes model load"),
            ("`compare` of the example pair with explain (lexical)", 1 / t_cmp, f"{t_noexp / t_cmp:.2f} x without"),
            ("baseline: the same `compare` without explain", 1 / t_noexp, "1.00")]
    print(table(rows, ("what", "per second", "ratio")))
    write_result("framing_speed", {
        "command": cmdline(), "sentences": n,
        "lexical_sentences_per_s": round(n / t_lex, 1), "semantic_sentences_per_s": round(n / t_sem, 1),
        "encoding_only_sentences_per_s": round(n / t_enc, 1),
        "semantic_vs_encoding_ratio": round(t_enc / t_sem, 3),
        "cli_batch_sentences_per_s": round(n / t_cli, 1), "compare_example_pairs_per_s": round(1 / t_cmp, 2),
        "compare_without_explain_pairs_per_s": round(1 / t_noexp, 2),
        "explain_ms_per_comparison": round(1000 * (t_cmp - t_noexp), 2),
        "note": "2-core machine shared with other jobs; compare the ratios, not the absolute rates"})


def _cli(texts: list[str]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sentences.jsonl"
        path.write_text("".join(json.dumps({"id": k, "text": t}) + "\n" for k, t in enumerate(texts)),
                        encoding="utf-8")
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "from redline.cli import main; main()", "framing", "--batch",
                        str(path), "-o", str(Path(tmp) / "out.jsonl")], check=True, cwd=REPO)
        seconds = time.perf_counter() - t0
        for line in (Path(tmp) / "out.jsonl").read_text(encoding="utf-8").splitlines():
            validate(json.loads(line), "batch-line")  # the JSON contract holds on the benchmark's outputs too
        return seconds


if __name__ == "__main__":
    main()
