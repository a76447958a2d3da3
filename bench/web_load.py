"""Load on `redline serve`, over loopback only and bounded in requests and time.

1. Lexical compares: ``--clients`` concurrent clients (threads of this process, each on its own
   keep-alive connection; closed loop: a client sends its next request when the last is answered)
   send ``--requests`` POST /api/compare of two ~800-word articles; latency p50/p95/p99/max from
   send to the whole answer read, errors (anything but a 201 with the comparison), requests/s.
   Every request is a pair no other request has: METER's pairs of bench/speed.py, then the same
   stories joined in other (seeded) orders, each with its own article ids, so no cache keyed by an
   id, a text or a document answers for a compare. A story's sentences do recur in other pairs, as
   a wire story's sentences recur in its copies. Warm-up requests use pairs of their own. This
   process's CPU per request (the client is cheap: it sends prepared bodies and parses each answer
   once) is reported beside the server's (its process and compare workers, from /proc: on a shared
   machine a steadier figure than requests/s), and the load average before and after.
2. With embeddings: the same pairs through a ``--semantic`` server (model loaded once, warmed by one
   request first) by ``--semantic-clients`` clients, beside `redline compare --batch` on the same
   pairs run right after (steady pairs/s from two batch sizes, start-up and model load excluded).
3. Search: a seeded synthetic corpus (bench/gen_corpus.py, ``--search-articles``) added with
   `redline corpus add`; GET /api/articles with two words from a random article, a third of them also
   with an outlet or a date range; latency p50/p95/max from one client.

    python bench/web_load.py [--clients 50] [--requests 1000] [--semantic-pairs 12] [--search-articles 100000]
    python bench/web_load.py --skip semantic search --server-repo ../main   # a baseline, side by side
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import numpy as np
from common import REPO, RESULTS, cmdline, table, write_result
from web_server import TOKEN, running_server, tree_cpu_s

METHOD = ("closed loop: each client thread (one keep-alive connection) sends its next POST /api/compare when "
          "the last is answered; latency from send to the whole answer read; every request a pair no other has "
          "(fresh texts and ids); server and load generator on the same machine, the generator in this process")


def percentiles(ms: list[float]) -> dict:
    a = np.array(ms) if ms else np.zeros(1)
    return {"p50_ms": round(float(np.percentile(a, 50)), 1), "p95_ms": round(float(np.percentile(a, 95)), 1),
            "p99_ms": round(float(np.percentile(a, 99)), 1), "max_ms": round(float(a.max()), 1)}


def pair_body(pairs, k: int) -> bytes:
    src, drv = pairs[k % len(pairs)]
    return json.dumps({"sources": [{"id": f"s{k}", "text": src.text}],
                       "derived": {"id": f"d{k}", "text": drv.text}}).encode()


def distinct_pairs(count: int, seed: int = 7) -> list:
    """``count`` pairs of 700 to 1,000 words a text, no two with the same source or derived text
    (see the module's docstring)."""
    import random

    import speed
    items, rng = speed.pair_items(), random.Random(seed)
    pairs, seen, order = [], set(), items
    while len(pairs) < count:
        for src, drv in speed.build_pairs(count, order):
            sizes = (len(src.text.split()), len(drv.text.split()))
            if src.text not in seen and drv.text not in seen and all(700 <= n <= 1000 for n in sizes):
                seen.update((src.text, drv.text))
                pairs.append((src, drv))
        order = rng.sample(items, len(items))
    return pairs[:count]


def hammer(base: str, pairs, clients: int, requests: int, deadline: float) -> dict:
    """``requests`` compares from ``clients`` threads, each on its own keep-alive connection (the
    bodies are made before the clock starts)."""
    host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
    lock, next_k, lat, errors, semantic = threading.Lock(), [0], [], [], []
    bodies = [pair_body(pairs, k) for k in range(requests)]
    end = time.monotonic() + deadline

    def client():
        conn = http.client.HTTPConnection(host, port, timeout=300)
        while time.monotonic() < end:
            with lock:
                k = next_k[0]
                next_k[0] += 1
            if k >= requests:
                break
            body = bodies[k]
            t0 = time.perf_counter()
            try:
                conn.request("POST", "/api/compare", body, {"Content-Type": "application/json",
                                                            "Authorization": f"Bearer {TOKEN}"})
                resp = conn.getresponse()
                data = resp.read()
                ok = resp.status == 201 and b'"reuse"' in data
                semantic.append(json.loads(data).get("semantic") if ok else None)
            except OSError as exc:
                ok, data = False, str(exc).encode()
                conn = http.client.HTTPConnection(host, port, timeout=300)
            ms = 1000 * (time.perf_counter() - t0)
            with lock:
                lat.append(ms)
                if not ok:
                    errors.append(data[:200].decode("utf-8", "replace"))
        conn.close()

    t0, cpu0 = time.perf_counter(), time.process_time()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    return {"clients": clients, "requests": len(lat), "asked": requests, "errors": len(errors),
            "client_cpu_ms_per_request": round(1000 * cpu / max(1, len(lat)), 2),
            "error_samples": errors[:3], "semantic": all(semantic) if semantic else None,
            "wall_s": round(wall, 1), "requests_per_s": round(len(lat) / wall, 2),
            **percentiles(lat)}


def lexical(_pairs, args, tmp: Path) -> dict:
    pairs = distinct_pairs(args.requests + 4)
    load_before, server = os.getloadavg(), {}
    with running_server(tmp / "lexical.db", repo=args.server_repo, info=server) as base:
        hammer(base, pairs[args.requests:], 2, 4, 600)  # warm: imports, first allocations
        stop = threading.Event()
        probe: list[float] = []
        prober = threading.Thread(target=probe_loop, args=(base, stop, probe))
        prober.start()
        cpu0 = tree_cpu_s(server["pid"])
        result = hammer(base, pairs, args.clients, args.requests, args.deadline)
        cpu1 = tree_cpu_s(server["pid"])
        stop.set()
        prober.join()
    if cpu0 is not None and cpu1 is not None:  # the pages the prober fetched meanwhile are in it too
        result["server_cpu_ms_per_request"] = round(1000 * (cpu1 - cpu0) / max(1, result["requests"]), 1)
    return {**result, "method": METHOD, "distinct_pairs": len(pairs) - 4,
            "pair_words_mean": mean_words(pairs[:args.requests]),
            "load_average_1min": {"before": round(load_before[0], 2), "after": round(os.getloadavg()[0], 2)},
            "machine_cpus": os.cpu_count(), "page_while_loaded": {"requests": len(probe), **percentiles(probe)}}


def mean_words(pairs) -> int:
    return int(np.mean([len(a.text.split()) for p in pairs for a in p]))


def probe_loop(base: str, stop: threading.Event, out: list[float]) -> None:
    """A page (the ingest form: a template rendered) fetched every 200 ms while the compares run:
    the event loop must keep answering."""
    u = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=300)
    while not stop.wait(0.2):
        t0 = time.perf_counter()
        conn.request("GET", "/ingest")
        conn.getresponse().read()
        out.append(1000 * (time.perf_counter() - t0))
    conn.close()


def semantic(pairs, args, tmp: Path) -> dict:
    import speed
    chosen = pairs[:args.semantic_pairs]
    with running_server(tmp / "semantic.db", "--semantic", start_timeout=300) as base:
        hammer(base, chosen, 1, 1, 600)  # loads the model once
        web = hammer(base, chosen, args.semantic_clients, len(chosen), args.deadline)
    batch = speed.batch_rate(chosen, 4, len(chosen), repeats=args.batch_repeats)
    ratio = web["requests_per_s"] / batch["pairs_per_s_steady"] if batch["pairs_per_s_steady"] else None
    return {"web": web, "batch": batch, "web_over_batch": round(ratio, 3) if ratio else None}


def search_corpus(n: int, tmp: Path, made: Path | None) -> tuple[Path, dict]:
    """The synthetic corpus: generated here, or (``made``) a folder bench/gen_corpus.py already wrote."""
    gen = made or tmp / "gen"
    t0 = time.perf_counter()
    if made is None:
        subprocess.run([sys.executable, str(REPO / "bench" / "gen_corpus.py"), "--articles", str(n), "--seed", "7",
                        "--out", str(gen)], check=True, capture_output=True)
    t1 = time.perf_counter()
    db = tmp / "search.db"
    subprocess.run([sys.executable, "-c", "from redline.cli import main; main()", "corpus", "add",
                    str(gen / "articles.jsonl"), "--db", str(db)], check=True, capture_output=True, cwd=REPO,
                   env={**__import__("os").environ, "PYTHONPATH": str(REPO / "src")})
    with open(gen / "articles.jsonl", encoding="utf-8") as fh:
        n = sum(1 for line in fh if line.strip())
    t2 = time.perf_counter()
    return db, {"articles": n, "generate_s": round(t1 - t0, 1) if made is None else None,
                "corpus_add_s": round(t2 - t1, 1),
                "db_mb": round(db.stat().st_size / 1e6, 1)}


def queries(db: Path, count: int) -> list[str]:
    import sqlite3
    rng = np.random.default_rng(0)
    con = sqlite3.connect(str(db))
    n = con.execute("SELECT MAX(doc) FROM articles").fetchone()[0]
    out = []
    while len(out) < count:
        doc = int(rng.integers(1, n + 1))
        row = con.execute("SELECT text, outlet, date FROM articles WHERE doc = ?", (doc,)).fetchone()
        if not row:
            continue
        words = [w for w in row[0].split()[3:40] if w.isalpha() and len(w) > 4]
        if len(words) < 2:
            continue
        k = int(rng.integers(0, len(words) - 1))
        params = {"q": f"{words[k]} {words[k + 1]}"}
        if len(out) % 3 == 1:
            params["outlet"] = row[1]
        elif len(out) % 3 == 2:
            params.update(date_from=row[2][:8] + "01", date_to=row[2])
        out.append("/api/articles?" + urllib.parse.urlencode(params))
    con.close()
    return out


def search(args, tmp: Path) -> dict:
    db, built = search_corpus(args.search_articles, tmp, args.search_made)
    urls = queries(db, args.search_queries)
    with running_server(db) as base:
        host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
        conn = http.client.HTTPConnection(host, port, timeout=120)
        lat, errors, found = [], 0, 0
        for k, url in enumerate(urls):
            t0 = time.perf_counter()
            conn.request("GET", url)
            resp = conn.getresponse()
            data = resp.read()
            ms = 1000 * (time.perf_counter() - t0)
            if k:  # the first query opens the connection and warms SQLite's page cache
                lat.append(ms)
            errors += resp.status != 200
            found += resp.status == 200 and json.loads(data)["total"] > 0
        conn.close()
    return {**built, "queries": len(lat), "errors": errors, "with_results": found, **percentiles(lat)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--deadline", type=float, default=900, help="seconds any one load phase may run")
    ap.add_argument("--pairs", type=int, default=24,
                    help="METER pairs of the semantic phase (the lexical phase makes --requests distinct ones)")
    ap.add_argument("--semantic-pairs", type=int, default=24)
    ap.add_argument("--batch-repeats", type=int, default=2,
                    help="whole-process --batch runs of each size; the shortest of each counts")
    ap.add_argument("--semantic-clients", type=int, default=4)
    ap.add_argument("--search-articles", type=int, default=100000)
    ap.add_argument("--search-queries", type=int, default=200)
    ap.add_argument("--search-made", type=Path, help="a folder bench/gen_corpus.py wrote (skips generating)")
    ap.add_argument("--server-repo", type=Path, default=REPO,
                    help="run the lexical phase's server from this checkout (a baseline side by side; "
                         "the results are then printed, not written)")
    ap.add_argument("--skip", nargs="*", default=[], choices=["lexical", "semantic", "search"])
    args = ap.parse_args()
    import speed
    pairs = speed.build_pairs(args.pairs)
    result = {"command": cmdline(), "pair_words_mean": mean_words(pairs), "pairs": len(pairs)}
    last = RESULTS / "web_load.json"
    if args.skip and last.exists():  # a phase not run keeps its last figures (each says when it ran)
        old = json.loads(last.read_text(encoding="utf-8"))
        result.update({k: old[k] for k in args.skip if k in old})
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for name, phase in (("lexical", lexical), ("semantic", semantic)):
            if name not in args.skip:
                result[name] = {"when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **phase(pairs, args, tmp)}
        if "search" not in args.skip:
            result["search"] = {"when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **search(args, tmp)}
    report(result)
    if args.server_repo.resolve() != REPO.resolve():
        result["lexical"]["server_repo"] = str(args.server_repo)
        print(json.dumps(result["lexical"]))
        return 0
    path = write_result("web_load", result)
    print(f"wrote {path.relative_to(REPO)}")
    return 0


def report(r: dict) -> None:
    rows = []
    if "lexical" in r:
        x = r["lexical"]
        rows.append(("lexical compares", f"{x['requests']} by {x['clients']} clients", x["errors"], x["requests_per_s"],
                     x["p50_ms"], x["p95_ms"], x["p99_ms"], x["max_ms"]))
        print(f"lexical: {x.get('distinct_pairs')} distinct pairs; CPU per request: server and its workers "
              f"{x.get('server_cpu_ms_per_request')} ms, load generator {x['client_cpu_ms_per_request']} ms; "
              f"load average {x.get('load_average_1min')} on {x.get('machine_cpus')} CPUs")
        y = x["page_while_loaded"]
        rows.append(("  a page meanwhile", f"{y['requests']} GET /ingest", 0, "", y["p50_ms"], y["p95_ms"],
                     y["p99_ms"], y["max_ms"]))
    if "semantic" in r:
        x = r["semantic"]["web"]
        rows.append(("compares with embeddings", f"{x['requests']} by {x['clients']} clients", x["errors"],
                     x["requests_per_s"], x["p50_ms"], x["p95_ms"], x["p99_ms"], x["max_ms"]))
        b = r["semantic"]["batch"]
        rows.append(("compare --batch, same pairs", f"{b['pairs_large']} pairs", 0, b["pairs_per_s_steady"],
                     "", "", "", ""))
    if "search" in r:
        x = r["search"]
        rows.append((f"search, {x['articles']:,} articles", f"{x['queries']} queries", x["errors"], "",
                     x["p50_ms"], x["p95_ms"], x["p99_ms"], x["max_ms"]))
    print(table(rows, ("phase", "load", "errors", "per s", "p50 ms", "p95 ms", "p99 ms", "max ms")))
    if "semantic" in r:
        print(f"with embeddings: web / --batch throughput = {r['semantic']['web_over_batch']}")


if __name__ == "__main__":
    raise SystemExit(main())
