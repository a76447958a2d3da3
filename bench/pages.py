"""Real pages (issue 12): metadata, chrome and body on the page fixtures in tests/fixtures/pages/, and
direction, licence verdicts and chrome in the alignment on its source/copy pairs.

Text pastes: redline beside a no-chrome baseline (every line is body, metadata only from a header).
HTML pages: redline beside trafilatura's own bare_extraction(with_metadata=True). Line units: on text,
every non-empty line; on HTML, the gold body paragraphs and chrome lines plus any other line of the
extracted text. A gold chrome line counts as found when it is kept out of the body (absent from the
extracted text, or inside a predicted chrome span; `chrome_R_in_text` counts only the gold chrome lines
that are in the extracted text, where cutting is up to the reader); a predicted chrome line is wrong only when it is
a gold body line. Fields the reader does not produce count as wrong, never as a crash.
HTML chrome recall: the headline figure is `chrome_R_in_text`, the share of gold chrome lines that
reach the extracted text and that the reader marks as chrome. A chrome line trafilatura already left
out of the text needs no marking, so `chrome_R` (which counts it as found) mostly measures the
extractor; on text pastes every line reaches the text and the two are equal.

Dev and unseen halves (`--split`): within each sorted list (text pages, HTML pages, pairs) the names at
even positions (0, 2, 4, ...) are the dev half, on which failures are looked at and rules tuned, and the
odd positions are the unseen half, reported but never tuned on. `--split all` (the default) scores both.
Writes bench/results/pages.json (for `--split all`; a half is printed only). Reads only
tests/fixtures/pages.

    python bench/pages.py [--semantic] [--no-pairs] [--split dev|unseen|all] [--failures]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from pathlib import Path

from common import REPO, cmdline, table, update_result

FIXTURES = REPO / "tests" / "fixtures" / "pages"
FIELDS = ("title", "byline", "outlet", "date", "dateline")
ROLE_WORDS = re.compile(r"\b(staff|writer|reporter|contributor|correspondent|editor|producer|news editor|"
                        r"fact check|posted|written|story|photographer|special to)\b", re.I)


# ------------------------------------------------------------------ normalising
def norm(s) -> str:
    s = unicodedata.normalize("NFKC", str(s or "")).casefold()
    s = re.sub(r"[^\w\s]", " ", s)
    return " ".join(s.split())


def line_key(s: str) -> str:
    return " ".join(str(s).split())


def names_of(byline, outlets: list[str]) -> set[str]:
    if not byline:
        return set()
    text = byline if isinstance(byline, str) else ", ".join(byline)
    text = re.sub(r"@\w+", " ", text)
    text = re.sub(r"\s+on\s+\w+\s+\d.*$", "", text)  # "Posted by X on March 2, 2019 ..."
    parts = re.split(r",|;|\||/|\s+and\s+|\s+&\s+|\s+\u2014\s+|\s+-\s+|\s+for\s+", text, flags=re.I)
    outs = {norm(o) for o in outlets if o} | {norm(re.sub(r"^the\s+", "", o or "", flags=re.I)) for o in outlets if o}
    names = set()
    for part in parts:
        part = re.sub(r"^\s*(by|written by|posted by|story by|fact check by)\s+", "", part, flags=re.I)
        part = re.sub(r"\s+(contributor|staff writer|reporter|news editor)$", "", part.strip(), flags=re.I)
        n = norm(part)
        if not n or n in outs or ROLE_WORDS.fullmatch(part.strip() or "x"):
            continue
        if ROLE_WORDS.search(part) and len(n.split()) <= 2 and n not in outs:
            continue
        names.add(n)
    return names


def field_ok(field: str, gold: dict, pred, pred_outlet) -> bool:
    if field == "byline":
        return names_of(pred, [gold["outlet"], pred_outlet]) == {norm(n) for n in gold["bylines"]}
    g = gold[field]
    if g is None:
        return not pred
    if not pred:
        return False
    if field == "date":
        p = str(pred).replace(" ", "T")
        return p[:len(g)] == g
    if field == "outlet":
        return re.sub(r"^the ", "", norm(pred)) == re.sub(r"^the ", "", norm(g))
    return norm(pred) == norm(g)


# ------------------------------------------------------------------ predictions
def lines_with_offsets(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for raw in text.split("\n"):
        s = raw.strip()
        if s:
            start = pos + raw.index(s)
            out.append((start, start + len(s), s))
        pos += len(raw) + 1
    return out


def redline_pred(path: Path) -> dict:
    from redline import load_article
    try:
        art = load_article(str(path))
    except Exception as exc:  # a page the reader cannot read scores as all wrong
        return {"error": f"{type(exc).__name__}: {exc}"}
    meta = dict(art.meta or {})
    chrome = [c for c in meta.get("chrome") or [] if isinstance(c, dict) and "start" in c and "end" in c]
    return {"text": art.text, "chrome": chrome,
            "fields": {"title": art.title, "byline": art.byline, "outlet": art.outlet, "date": art.date,
                       "dateline": meta.get("dateline")}}


def baseline_pred(path: Path) -> dict:
    """No chrome and no reading of the text: the body is everything after a `Key: value` header
    block, and the fields are only what that header says (none where the paste has no header)."""
    from redline.ingest.text import split_header
    header, body = split_header(path.read_text(encoding="utf-8"))
    return {"text": body, "chrome": [],
            "fields": {f: header.get(f) for f in ("title", "byline", "outlet", "date")} | {"dateline": None}}


def trafilatura_pred(path: Path) -> dict:
    import trafilatura
    doc = trafilatura.bare_extraction(path.read_text(encoding="utf-8"), with_metadata=True)
    d = doc.as_dict() if hasattr(doc, "as_dict") else (doc or {})
    return {"text": d.get("text") or "", "chrome": [],
            "fields": {"title": d.get("title"), "byline": d.get("author"), "outlet": d.get("sitename"),
                       "date": d.get("date"), "dateline": None}}


# ------------------------------------------------------------------ scoring one page
def score_page(gold: dict, pred: dict) -> dict:
    out = {"fields": {}, "chrome_gold": 0, "chrome_found": 0, "chrome_pred": 0, "chrome_pred_wrong": 0,
           "kind_checked": 0, "kind_ok": 0, "chrome_in_text": 0, "chrome_in_text_found": 0,
           "body_tp": 0, "body_fp": 0, "body_fn": 0, "missed": [], "cut": []}
    chrome_gold = {}
    for c in gold["chrome"]:
        chrome_gold.setdefault(line_key(c["text"]), set()).add(c["kind"])
    body_gold = {line_key(b) for b in gold.get("body") or []}
    if "error" in pred:
        out["fields"] = {f: False for f in FIELDS}
        out["chrome_gold"] = len(chrome_gold)
        out["body_fn"] = len(body_gold)
        out["error"] = pred["error"]
        return out
    out["fields"] = {f: field_ok(f, gold, pred["fields"].get(f), pred["fields"].get("outlet")) for f in FIELDS}
    spans = sorted((c["start"], c["end"], c.get("kind")) for c in pred["chrome"])
    text_lines = lines_with_offsets(pred["text"])
    in_text: dict[str, str | None] = {}   # line -> predicted kind ("" when body)
    for start, end, s in text_lines:
        kind = next((k or "other" for a, b, k in spans if a <= start and end <= b), "")
        key = line_key(s)
        if key not in in_text or kind:
            in_text[key] = kind
    for key, kinds in chrome_gold.items():
        out["chrome_gold"] += 1
        kind = in_text.get(key)
        if kind is not None:
            out["chrome_in_text"] += 1
            out["chrome_in_text_found"] += bool(kind)
        if kind is None or kind:
            out["chrome_found"] += 1
        else:
            out["missed"].append(key)
        if kind:
            out["kind_checked"] += 1
            out["kind_ok"] += kind in kinds
    for key, kind in in_text.items():  # lines of the extracted text
        if kind:
            out["chrome_pred"] += 1
            out["chrome_pred_wrong"] += key in body_gold
        elif key in body_gold:
            out["body_tp"] += 1
        else:
            out["body_fp"] += 1
    for key in set(chrome_gold) | body_gold:  # gold lines the extraction left out count as cut as chrome
        if key not in in_text:
            out["chrome_pred"] += 1
            out["chrome_pred_wrong"] += key in body_gold
    for key in body_gold:
        if in_text.get(key, "x"):
            out["body_fn"] += 1
            out["cut"].append(key)
    return out


def summarise(scores: list[dict]) -> dict:
    n = len(scores)
    res = {f: sum(s["fields"][f] for s in scores) / max(n, 1) for f in FIELDS}
    pred = sum(s["chrome_pred"] for s in scores)
    res["chrome_P"] = (pred - sum(s["chrome_pred_wrong"] for s in scores)) / pred if pred else 0.0
    res["chrome_R"] = sum(s["chrome_found"] for s in scores) / max(sum(s["chrome_gold"] for s in scores), 1)
    shown = sum(s["chrome_in_text"] for s in scores)
    res["chrome_R_in_text"] = sum(s["chrome_in_text_found"] for s in scores) / shown if shown else 0.0
    res["chrome_in_text"] = shown
    checked = sum(s["kind_checked"] for s in scores)
    res["kind_acc"] = sum(s["kind_ok"] for s in scores) / checked if checked else 0.0
    tp, fp, fn = (sum(s[k] for s in scores) for k in ("body_tp", "body_fp", "body_fn"))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    res.update(body_P=p, body_R=r, body_F1=2 * p * r / (p + r) if p + r else 0.0, pages=n,
               errors=sum("error" in s for s in scores))
    return res


def half(paths: list[Path], split: str) -> list[Path]:
    """The dev half (even positions of the sorted names), the unseen half (odd), or all."""
    paths = sorted(paths, key=lambda p: p.name)
    if split == "all":
        return paths
    return paths[0 if split == "dev" else 1::2]


def run_pages(fmt: str, systems: dict, split: str = "all") -> tuple[dict, dict]:
    ext = "txt" if fmt == "text" else "html"
    out, detail = {}, {}
    paths = half(list((FIXTURES / fmt).glob(f"*.{ext}")), split)
    for name, fn in systems.items():
        scores = []
        for path in paths:
            gold = json.loads(path.with_suffix(".gold.json").read_text(encoding="utf-8"))
            s = score_page(gold, fn(path))
            s["page"] = f"{fmt}/{path.name}"
            scores.append(s)
        out[name] = summarise(scores)
        detail[name] = [{"page": s["page"], "fields_wrong": [f for f, ok in s["fields"].items() if not ok],
                         "chrome_missed": s["missed"][:8], "body_cut": s["cut"][:4],
                         **({"error": s["error"]} if "error" in s else {})}
                        for s in scores]
    return out, detail


# ------------------------------------------------------------------ pairs
def chrome_spans(text: str, gold: dict) -> list[tuple[int, int, str]]:
    keys = {line_key(c["text"]) for c in gold["chrome"]}
    return [(a, b, s) for a, b, s in lines_with_offsets(text) if line_key(s) in keys]


def chrome_in_alignment(comp, golds: dict) -> list[str]:
    """Gold chrome lines that an added/dropped sentence or a finding's evidence lies on."""
    data = comp.to_dict()
    arts = {a.id: a for a in (*comp.sources, comp.derived)}
    spans = {aid: chrome_spans(a.text, golds[aid]) for aid, a in arts.items()}
    hits = set()

    def mark(aid, start, end):
        for a, b, s in spans.get(aid, []):
            if start < b and a < end:
                hits.add(f"{Path(aid).name}: {s}")
    for m in data["derived_sentences"]:
        if m["label"] == "added":
            mark(comp.derived.id, m["start"], m["end"])
    for s in data["source_sentences"]:
        if s["status"] == "dropped":
            mark(s["article"], s["start"], s["end"])
    for f in data["findings"]:
        for side in ("derived", "source"):
            for e in f.get(side) or []:
                mark(e.get("article"), e.get("start", 0), e.get("end", 0))
    return sorted(hits)


def run_pairs(comparer, split: str = "all") -> dict:
    rows = []
    for path in half(list((FIXTURES / "pairs").glob("*.json")), split):
        pair = json.loads(path.read_text(encoding="utf-8"))
        src, cpy = str(FIXTURES / pair["source"]), str(FIXTURES / pair["copy"])
        original = src if pair["expected_source"] == "source" else cpy
        golds = {src: json.loads(Path(src).with_suffix(".gold.json").read_text(encoding="utf-8")),
                 cpy: json.loads(Path(cpy).with_suffix(".gold.json").read_text(encoding="utf-8"))}
        row = {"pair": path.stem, "decided_by": pair["decided_by"], "expected_verdict": pair["expected_verdict"]}
        try:
            dirs = [comparer.compare(a, b).direction for a, b in ((src, cpy), (cpy, src))]
            row["direction_ok"] = all(d.source == original for d in dirs)
            row["confidence"] = min(d.confidence for d in dirs)
            given = comparer.compare(sources=[original], derived=cpy if original == src else src, policy=pair["policy"])
            row["verdict"] = (given.license or {}).get("verdict")
            row["chrome_in_alignment"] = chrome_in_alignment(given, golds)
        except Exception as exc:
            row.update(direction_ok=False, confidence=0.0, verdict=None, chrome_in_alignment=[],
                       error=f"{type(exc).__name__}: {exc}")
        rows.append(row)
    decided = [r for r in rows if r["decided_by"] != "none"]
    return {"pairs": len(rows),
            "direction_accuracy": sum(r["direction_ok"] for r in rows) / len(rows),
            "direction_ok_conf08_decided":
                sum(r["direction_ok"] and r["confidence"] >= 0.8 for r in decided) / max(len(decided), 1),
            "decided_pairs": len(decided),
            "licence_accuracy": sum(r["verdict"] == r["expected_verdict"] for r in rows) / len(rows),
            "compliant_on_breaking":
                sum(r["expected_verdict"] == "breach" and r["verdict"] == "compliant" for r in rows),
            "chrome_lines_in_alignment": sum(len(r["chrome_in_alignment"]) for r in rows),
            "rows": rows}


# ------------------------------------------------------------------ main
# chrome_R_in_text is the headline chrome recall (see the module docstring); chrome_R also credits
# the lines the HTML extractor left out by itself
ROWS = ("title", "byline", "outlet", "date", "dateline", "chrome_P", "chrome_R_in_text", "chrome_R",
        "chrome_in_text", "kind_acc", "body_P", "body_R", "body_F1")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--semantic", action="store_true", help="use sentence embeddings in the pair comparisons")
    ap.add_argument("--no-pairs", action="store_true", help="pages only")
    ap.add_argument("--split", choices=("dev", "unseen", "all"), default="all",
                    help="dev: even positions of the sorted names; unseen: odd positions (default all)")
    ap.add_argument("--failures", action="store_true", help="print each page's wrong fields and missed chrome")
    args = ap.parse_args()
    start = time.perf_counter()
    text, text_detail = run_pages("text", {"redline": redline_pred, "baseline": baseline_pred}, args.split)
    html, html_detail = run_pages("html", {"redline": redline_pred, "trafilatura": trafilatura_pred}, args.split)
    if args.failures:
        for d in text_detail["redline"] + html_detail["redline"]:
            if d["fields_wrong"] or d["chrome_missed"] or d["body_cut"] or d.get("error"):
                print(d["page"], json.dumps({k: v for k, v in d.items() if v and k != "page"}, ensure_ascii=False))
        print()
    print(f"split: {args.split}; pages: {text['redline']['pages']} text, {html['redline']['pages']} html "
          f"(read errors: text {text['redline']['errors']}, html {html['redline']['errors']})\n")
    label = {"chrome_R_in_text": "chrome_R (in text)", "chrome_R": "chrome_R (+ left out)"}
    rows = [(label.get(m, m), text["redline"][m], text["baseline"][m], html["redline"][m], html["trafilatura"][m])
            for m in ROWS]
    print(table(rows, ("measure", "text redline", "text no-chrome", "html redline", "html trafilatura")))
    out = {"command": cmdline(), "split": args.split, "text": text, "html": html,
           "detail": {"text": text_detail["redline"], "html": html_detail["redline"]}}
    if not args.no_pairs:
        from redline.pipeline import Comparer
        pairs = run_pairs(Comparer(semantic=bool(args.semantic)), args.split)
        print(f"\npairs: {pairs['pairs']}")
        print(table([("direction correct (both orders)", pairs["direction_accuracy"]),
                     (f"  correct with confidence >= 0.8 ({pairs['decided_pairs']} decided by credit/date)",
                      pairs["direction_ok_conf08_decided"]),
                     ("licence verdict accuracy", pairs["licence_accuracy"]),
                     ("compliant on a breaking copy", pairs["compliant_on_breaking"]),
                     ("chrome lines in added/dropped/findings", pairs["chrome_lines_in_alignment"])],
                    ("pairs measure", "value")))
        for r in pairs["rows"]:
            if r["verdict"] != r["expected_verdict"] or not r["direction_ok"] or r.get("error"):
                print(f"  {r['pair']}: verdict {r['verdict']} (expected {r['expected_verdict']}), direction "
                      f"{'ok' if r['direction_ok'] else 'wrong'} conf {r['confidence']:.2f}"
                      + (f", error {r['error']}" if r.get("error") else ""))
        out["pairs"] = pairs
    out["seconds"] = round(time.perf_counter() - start, 1)
    mode = "lexical+semantic" if args.semantic else "lexical"
    if args.split != "all":
        print(f"\n({args.split} half only, {out['seconds']} s; results file left as it is)")
    else:
        print(f"\nwrote {update_result('pages', mode, out)} ({mode}, {out['seconds']} s)")
    return _broken(out.get("pairs"))


def _broken(pairs: dict | None) -> int:
    """Non-zero when a breaking copy is called compliant or a chrome line is aligned: never allowed."""
    if not pairs:
        return 0
    checks = ((pairs["compliant_on_breaking"], "compliant verdict(s) on a breaking copy"),
              (pairs["chrome_lines_in_alignment"], "chrome line(s) in added/dropped/findings"))
    bad = [f"{n} {what}" for n, what in checks if n]
    if bad:
        print("pages: FAILED: " + "; ".join(bad), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    sys.exit(main())
