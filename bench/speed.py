"""Speed of one comparison of two ~800-word articles, beside difflib.SequenceMatcher on the same pair.

Pairs are built from METER courts: a derived text made of newspaper stories and a source text made
of the PA stories they came from, each about 800 words. Timings are medians over repeated runs;
machines are shared and noisy, so the ratio against difflib (run interleaved) is the figure to read.

Embedding FLOPs are estimated as 2 * N * T, N = 22.7e6 parameters of all-MiniLM-L6-v2 (the
formula in the issue), T = tokens fed to the model (word pieces incl. [CLS]/[SEP], no padding).
Only ~11e6 of those parameters are in matrix multiplies (the rest is the token embedding table),
so the same count with N = 11e6 is given too.

    python bench/speed.py [--runs 30] [--batch-pairs 24] [--batch-repeats 2] [--embedders RUNS] [--mrpc] [--no-write]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from difflib import SequenceMatcher
from pathlib import Path

from common import REPO, cmdline, meter_items, table, update_result

from redline.model import Article
from redline.schemas import validate

N_PARAMS = 22.7e6
N_MATMUL = 11.0e6
WORDS = 800


def pair_items() -> list[dict]:
    """The METER items pairs are built from: a newspaper story derived from PA copy."""
    return [x for x in meter_items() if x["sources"] and x["label"] != "non"]


def build_pairs(count: int, items: list[dict] | None = None) -> list[tuple[Article, Article]]:
    """Distinct (source, derived) pairs of about WORDS words each: newspaper stories joined until
    the derived text reaches WORDS words, and for each story its PA text (the longest one under
    600 words), the joined source cut at a paragraph end near WORDS words. ``items`` (pair_items()
    in another order) joins other stories together."""
    items = pair_items() if items is None else items
    pairs, i = [], 0
    while len(pairs) < count and i < len(items):
        d_parts, s_parts = [], []
        while len(" ".join(d_parts).split()) < WORDS and i < len(items):
            x = items[i]
            i += 1
            fits = [a for a in x["sources"] if len(a.text.split()) <= 600] or x["sources"]
            src = max(fits, key=lambda a: len(a.text.split())).text.strip()
            if src in s_parts:
                continue
            d_parts.append(x["derived"].text.strip())
            s_parts.append(src)
        paras = "\n\n".join(s_parts).split("\n\n")
        kept = []
        while paras and len(" ".join(kept).split()) < WORDS:
            kept.append(paras.pop(0))
        n = len(pairs)
        pairs.append((Article(f"source{n}", "\n\n".join(kept)), Article(f"derived{n}", "\n\n".join(d_parts))))
    return pairs


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def time_runs(pairs, comparer, runs: int, cold: bool) -> tuple[list[float], list[float], dict]:
    """Interleave redline and difflib on the same pair; cold clears every cache before a run."""
    from redline.pipeline import text_features
    ours, base = [], []
    emb = comparer.embedder
    stats = {"embed_seconds": 0.0, "embedded_sentences": 0, "tokens": 0}
    for r in range(runs):
        src, drv = pairs[r % len(pairs)]
        if cold:
            text_features.cache_clear()
            if emb is not None:
                emb._cache.clear()
        before = _embed_snapshot(emb)
        t0 = time.perf_counter()
        comparer.compare(sources=[src], derived=drv)
        ours.append(time.perf_counter() - t0)
        _embed_delta(emb, before, stats)
        t0 = time.perf_counter()
        SequenceMatcher(None, src.text, drv.text).ratio()
        base.append(time.perf_counter() - t0)
    return ours, base, stats


def _env(precision: str | None) -> dict:
    env = dict(os.environ)
    if precision:
        env["REDLINE_EMBED_PRECISION"] = precision
    return env


class _Timed:
    """Wraps ``semantic._encode`` (bench only) to count the time and tokens of what is really
    encoded: real word pieces, not the padding to each text's length bucket."""

    def __init__(self, encode):
        self.encode, self.seconds, self.sentences, self.tokens = encode, 0.0, 0, 0

    def __call__(self, model, texts, *args):
        t0 = time.perf_counter()
        out = self.encode(model, texts, *args)
        self.seconds += time.perf_counter() - t0
        self.sentences += len(texts)
        self.tokens += sum(len(ids) for ids in model.tokenizer(list(texts), truncation=True,
                                                               max_length=model.max_seq_length)["input_ids"])
        return out


def _timer() -> _Timed:
    from redline import embed as semantic
    if not isinstance(semantic._encode, _Timed):
        semantic._encode = _Timed(semantic._encode)
    return semantic._encode


def _embed_snapshot(emb):
    if emb is None:
        return None
    m = _timer()
    return m.seconds, m.sentences, m.tokens


def _embed_delta(emb, before, stats):
    if emb is None:
        return
    m = _timer()
    stats["embed_seconds"] += m.seconds - before[0]
    stats["embedded_sentences"] += m.sentences - before[1]
    stats["tokens"] += m.tokens - before[2]


def _legacy_encode(model, texts, batch_size, bf16=False):
    """The encoder before bucketed padding: sentence-transformers' own length-sorted batches."""
    import numpy as np
    import torch
    with torch.inference_mode():
        vecs = model.encode(texts, batch_size=batch_size, normalize_embeddings=True,
                            convert_to_numpy=True, show_progress_bar=False)
    return np.asarray(vecs, dtype=np.float32)


def _legacy_embedder():
    """fp32 through sentence-transformers' encode, batch 16: what shipped before (bench only)."""
    from redline import embed as semantic

    class Legacy(semantic.Embedder):
        def encode(self, texts):
            timer = _timer()
            shipped, timer.encode = timer.encode, _legacy_encode
            try:
                return super().encode(texts)
            finally:
                timer.encode = shipped

    return Legacy(precision="fp32", batch_size=16)


def _old_settings():
    """Candidate selection before this round: 4 candidates per unsettled sentence, floor 0.10."""
    from dataclasses import replace

    from redline.align.settings import Settings
    return replace(Settings(), semantic_candidates=4, semantic_floor=0.10)


EMBEDDERS = (("shipped: auto precision, length buckets, batch 64", {}),
             ("fp32, length buckets, batch 64", {"precision": "fp32"}),
             ("before: fp32, sentence-transformers encode, batch 16", "legacy"),
             ("before, with the old candidate selection", "legacy-old-settings"),
             ("int8 dynamic quantisation (opt-in)", {"precision": "int8"}))


def _comparer(kw):
    from redline.embed import Embedder
    from redline.pipeline import Comparer
    if kw == "legacy":
        return Comparer(semantic=True, embedder=_legacy_embedder(), explain=False)
    if kw == "legacy-old-settings":
        return Comparer(_old_settings(), semantic=True, embedder=_legacy_embedder(), explain=False)
    return Comparer(semantic=True, embedder=Embedder(**kw), explain=False)


def embedder_modes(pairs, runs: int) -> dict:
    """Cold comparisons with each embedder configuration, interleaved run by run."""
    comparers = [(name, _comparer(kw)) for name, kw in EMBEDDERS]
    for _, c in comparers:
        c.embedder.encode(["The model is loaded before timing starts."])
    times = {name: [] for name, _ in comparers}
    stats = {name: {"embed_seconds": 0.0, "embedded_sentences": 0, "tokens": 0} for name, _ in comparers}
    for r in range(runs):
        for name, c in comparers:
            ours, _, st = time_runs(pairs[r % len(pairs):][:1], c, 1, cold=True)
            times[name] += ours
            for k in st:
                stats[name][k] += st[k]
    base = median_ms(times[EMBEDDERS[0][0]])
    return {name: {"cold_ms": median_ms(times[name]), "ratio_to_shipped": median_ms(times[name]) / base,
                   "embed_ms_per_comparison": stats[name]["embed_seconds"] / runs * 1000,
                   "gflop_per_s": 2 * N_PARAMS * stats[name]["tokens"] / 1e9 / stats[name]["embed_seconds"]}
            for name in times}


def precision_accuracy() -> dict:
    """MRPC train, cosine only and the matcher's blended score, 5-fold CV accuracy per precision
    (the same scoring as bench/mrpc.py)."""
    import numpy as np
    from common import mrpc_pairs
    from mrpc import cv_threshold, lexical

    from redline.align.matcher import pair_score
    from redline.align.settings import Settings
    from redline.embed import Embedder
    pairs = mrpc_pairs()
    gold, (lex, pair, penalty), out = np.array([q == 1 for q, _, _ in pairs]), lexical(pairs), {}
    for precision in ("fp32", "bf16", "int8"):
        emb = Embedder(precision=precision)
        t0 = time.perf_counter()
        cos = (emb.encode([x[1] for x in pairs]) * emb.encode([x[2] for x in pairs])).sum(axis=1)
        seconds = time.perf_counter() - t0
        out[precision] = {"cosine_accuracy_cv": cv_threshold(cos, gold)[0],
                          "blend_accuracy_cv": cv_threshold(pair_score(lex, cos, Settings(), pair, penalty), gold)[0],
                          "encode_seconds": round(seconds, 1)}
    return out


def batch_rate(pairs, n_small: int, n_large: int, precision: str | None = None, repeats: int = 1) -> dict:
    """`redline compare --batch` wall time for two batch sizes; the difference gives pairs/s
    without the process start and model load. With ``repeats`` the two sizes run alternately that
    many times and the shortest wall of each counts (start-up varies by a second or more on a busy
    machine, and the difference is over only 20 pairs)."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        lines = []
        for k, (src, drv) in enumerate(pairs):
            (tmp / f"s{k}.txt").write_text(src.text, encoding="utf-8")
            (tmp / f"d{k}.txt").write_text(drv.text, encoding="utf-8")
            lines.append(json.dumps({"id": f"pair{k}", "sources": [f"s{k}.txt"], "derived": f"d{k}.txt"}))
        walls = {n_small: [], n_large: []}
        for _ in range(repeats):
            for n in (n_small, n_large):
                (tmp / f"pairs{n}.jsonl").write_text("\n".join(lines[:n]) + "\n", encoding="utf-8")
                t0 = time.perf_counter()
                cmd = [sys.executable, "-c", "from redline.cli import main; main()", "compare",
                       "--batch", str(tmp / f"pairs{n}.jsonl"), "-o", str(tmp / f"out{n}.jsonl")]
                proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, env=_env(precision))
                walls[n].append(time.perf_counter() - t0)
                if proc.returncode != 0:
                    raise SystemExit(f"bench: redline compare --batch failed: {proc.stderr.strip()[-500:]}")
                results = [json.loads(x) for x in (tmp / f"out{n}.jsonl").read_text().splitlines()]
                for r in results:  # the JSON contract holds on the benchmark's outputs too
                    validate(r, "batch-line")
                semantic = all(r.get("semantic") for r in results)
    small, large = min(walls[n_small]), min(walls[n_large])
    per_pair = (large - small) / (n_large - n_small)
    return {"pairs_small": n_small, "pairs_large": n_large, "repeats": repeats,
            "wall_small_s": round(small, 2), "wall_large_s": round(large, 2),
            "walls_s": {n: [round(w, 2) for w in v] for n, v in walls.items()},
            "pairs_per_s_steady": round(1 / per_pair, 2),
            "pairs_per_s_including_start": round(n_large / large, 2), "semantic": semantic}


def batch_lines(pairs, count: int) -> dict:
    """The `--batch` path in this process (read files, prefetch embeddings for a chunk of lines,
    compare, explain, JSON line), the model already loaded: the shipped comparer and the one from
    before interleaved chunk by chunk, every cache cleared before each chunk (explain embeds with
    the shared default embedder, so neither run may reuse the other's vectors). A ratio that
    survives a busy machine better than the two whole-process runs above."""
    from redline.commands.compare import PREFETCH, batch_chunk
    from redline.embed import default_embedder
    from redline.explain.context import analyse_source
    from redline.pipeline import Comparer, text_features
    from redline.report.json import dumps
    comparers = {"shipped": Comparer(semantic=True),
                 "before": Comparer(_old_settings(), semantic=True, embedder=_legacy_embedder())}
    for c in comparers.values():
        c.embedder.encode(["The model is loaded before timing starts."])
    times = {name: [] for name in comparers}
    with tempfile.TemporaryDirectory() as tmp:
        jobs = []
        for k, (src, drv) in enumerate(pairs[:count]):
            (Path(tmp) / f"s{k}.txt").write_text(src.text, encoding="utf-8")
            (Path(tmp) / f"d{k}.txt").write_text(drv.text, encoding="utf-8")
            jobs.append((k + 1, json.dumps({"id": f"pair{k}", "sources": [f"s{k}.txt"], "derived": f"d{k}.txt"})))
        batch = Path(tmp) / "pairs.jsonl"
        for k in range(0, len(jobs), PREFETCH):
            for name in (sorted(comparers) if k // PREFETCH % 2 else sorted(comparers, reverse=True)):
                text_features.cache_clear()
                analyse_source.cache_clear()
                for emb in {id(e): e for e in (comparers[name].embedder, default_embedder())}.values():
                    emb._cache.clear()
                t0 = time.perf_counter()
                for result in batch_chunk(comparers[name], jobs[k:k + PREFETCH], batch, None):
                    dumps(result, pretty=False)
                times[name].append(time.perf_counter() - t0)
    out = {name: round(len(jobs) / sum(v), 2) for name, v in times.items()}
    return {"pairs": len(jobs), "pairs_per_s": out, "ratio": round(out["shipped"] / out["before"], 2)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--batch-pairs", type=int, default=24)
    ap.add_argument("--batch-repeats", type=int, default=2,
                    help="whole-process --batch runs of each size; the shortest wall of each counts")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--mrpc", action="store_true", help="also MRPC accuracy of each embedding precision")
    ap.add_argument("--embedders", type=int, default=8, metavar="RUNS",
                    help="time the embedder configurations (shipped and before) side by side, cold, "
                         "RUNS each; 0 to skip")
    args = ap.parse_args()
    from redline.pipeline import Comparer
    pairs = build_pairs(max(args.batch_pairs, 8))
    words = [(len(s.text.split()), len(d.text.split())) for s, d in pairs]
    lexical = Comparer(semantic=False, explain=False)
    lexical.compare(sources=[pairs[0][0]], derived=pairs[0][1])
    lex, base_lex, _ = time_runs(pairs, lexical, args.runs, cold=True)
    rows = [("lexical only (cold caches)", median_ms(lex), median_ms(base_lex), median_ms(lex) / median_ms(base_lex))]
    result = {"command": cmdline(), "pair_words": words[:8], "runs": args.runs,
              "lexical_ms": median_ms(lex), "difflib_ms_beside_lexical": median_ms(base_lex)}
    semantic = Comparer(semantic=True, explain=False)
    if semantic.embedder is not None:
        semantic.embedder.encode(["The model is loaded before timing starts."])
        cold, base_cold, st = time_runs(pairs, semantic, args.runs, cold=True)
        warm, base_warm, _ = time_runs(pairs[:1], semantic, args.runs, cold=False)
        gflop = 2 * N_PARAMS * st["tokens"] / 1e9
        rows += [("with embeddings, cold caches", median_ms(cold), median_ms(base_cold),
                  median_ms(cold) / median_ms(base_cold)),
                 ("with embeddings, warm caches", median_ms(warm), median_ms(base_warm),
                  median_ms(warm) / median_ms(base_warm))]
        result.update({
            "semantic_cold_ms": median_ms(cold), "difflib_ms_beside_cold": median_ms(base_cold),
            "semantic_warm_ms": median_ms(warm), "difflib_ms_beside_warm": median_ms(base_warm),
            "embedding": {"sentences_per_comparison": st["embedded_sentences"] / args.runs,
                          "tokens_per_comparison": st["tokens"] / args.runs,
                          "seconds_per_comparison": st["embed_seconds"] / args.runs,
                          "gflop_formula": "2 * 22.7e6 params * tokens",
                          "gflop_per_comparison": gflop / args.runs,
                          "gflop_per_s": gflop / st["embed_seconds"],
                          "gflop_per_s_matmul_params_only": gflop * N_MATMUL / N_PARAMS / st["embed_seconds"]}})
        result["batch"] = batch_rate(pairs, 4, args.batch_pairs, repeats=args.batch_repeats)
        result["batch_in_process"] = batch_lines(pairs, args.batch_pairs)
        if args.mrpc:
            result["precision_mrpc"] = precision_accuracy()
        if args.embedders:
            result["embedders"] = embedder_modes(pairs, args.embedders)
            result["batch_by_precision"] = {p: batch_rate(pairs, 4, args.batch_pairs, p)["pairs_per_s_steady"]
                                            for p in ("fp32", "bf16", "int8")}
    print(f"One comparison, ~{WORDS}-word articles (source/derived words: {words[:4]} ...), "
          f"median of {args.runs}\n")
    print(table(rows, ("redline compare", "redline ms", "difflib ms", "ratio")))
    if "embedding" in result:
        e = result["embedding"]
        print(f"\nembedding step: {e['sentences_per_comparison']:.1f} sentences, "
              f"{e['tokens_per_comparison']:.0f} tokens, "
              f"{e['seconds_per_comparison'] * 1000:.0f} ms per comparison; {e['gflop_per_comparison']:.2f} GFLOP "
              f"(2 x 22.7M x tokens) -> {e['gflop_per_s']:.1f} GFLOP/s "
              f"({e['gflop_per_s_matmul_params_only']:.1f} GFLOP/s counting matmul parameters only)")
        b = result["batch"]
        print(f"redline compare --batch (with embeddings, explain on): {b['pairs_per_s_steady']} pairs/s steady "
              f"({b['pairs_large']} pairs in {b['wall_large_s']} s incl. start and model load; "
              f"{b['pairs_small']} in {b['wall_small_s']} s; shortest of {b['repeats']})")
        b = result["batch_in_process"]
        print(f"--batch in one process, model loaded, interleaved chunk by chunk with the settings from before: "
              f"{b['pairs_per_s']['shipped']} pairs/s vs {b['pairs_per_s']['before']} ({b['ratio']}x)")
    if "embedders" in result:
        print("\n" + table([(k, v["cold_ms"], v["ratio_to_shipped"], v["embed_ms_per_comparison"], v["gflop_per_s"])
                            for k, v in result["embedders"].items()],
                           ("embedder (cold caches, interleaved)", "compare ms", "x shipped", "embed ms", "GFLOP/s")))
    if "batch_by_precision" in result:
        print("redline compare --batch pairs/s steady by REDLINE_EMBED_PRECISION: "
              + ", ".join(f"{k} {v}" for k, v in result["batch_by_precision"].items()))
    if "precision_mrpc" in result:
        print("\n" + table([(k, v["cosine_accuracy_cv"], v["blend_accuracy_cv"], v["encode_seconds"])
                            for k, v in result["precision_mrpc"].items()],
                           ("precision", "MRPC cosine acc (CV)", "MRPC blend acc (CV)", "encode s")))
    if not args.no_write:
        print(f"\nwrote {update_result('speed', 'all', result)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
