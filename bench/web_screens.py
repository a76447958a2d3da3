"""Screenshots of each page of `redline serve` over the example corpus, for people to look at.

    python bench/web_screens.py      -> bench/results/web/*.png

Starts the server on a free loopback port over a fresh copy of examples/corpus.jsonl and drives
Debian's chromium with Playwright (no browser download)."""
from __future__ import annotations

import json
import os
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

from web_server import REPO, running_server

sys.path.insert(0, str(REPO / "src"))
OUT = REPO / "bench" / "results" / "web"
CHROMIUM = os.environ.get("REDLINE_CHROMIUM") or "/usr/bin/chromium"


def main() -> int:
    from playwright.sync_api import sync_playwright

    from redline.corpus import Corpus
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "corpus.db"
        with Corpus(db, semantic=False) as corpus:
            corpus.add([REPO / "examples" / "corpus.jsonl"])
        with running_server(db, "--outlet", "Lakeshore Wire") as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            written = shoot_all(page, base, Path(tmp))
            browser.close()
    for path in written:
        print(path.relative_to(REPO))
    return 0


def shoot_all(page, base: str, tmp: Path) -> list[Path]:
    shots = []

    def shot(name: str) -> None:
        path = OUT / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        shots.append(path)

    story = json.loads(urllib.request.urlopen(base + "/api/stories").read())["clusters"][0]["cluster"]
    for name, url in (("home", "/"), ("search", "/search?q=federal+agents"), ("stories", "/stories"),
                      ("story", f"/story?id={story}"), ("desk", "/desk"),
                      ("article", "/article?id=metro-digest-911-calls"),
                      ("pair", "/pair?" + urllib.parse.urlencode({"source": "lakeshore-2026-06-20-911-calls",
                                                                  "derived": "patriot-ledger-911-calls"}))):
        page.goto(base + url)
        shot(name)
    page.goto(base + "/compare")
    shot("compare-form")
    page.fill("#text_a", (REPO / "examples" / "wire.txt").read_text(encoding="utf-8"))
    page.fill("#text_b", (REPO / "examples" / "rewrite.txt").read_text(encoding="utf-8"))
    page.click("#compare-submit")
    page.wait_for_url(f"{base}/r/**")
    shot("compare-report")
    page.goto(base + "/compare")
    page.click("#compare-submit")
    shot("compare-error")
    feed = tmp / "feed.jsonl"
    feed.write_text("\n".join(json.dumps({"id": f"n{k}", "outlet": "Harbour Post",
                                          "text": f"The harbour board met on Monday about berth {k} and its fees."})
                              for k in range(20)) + "\n{broken line\n", encoding="utf-8")
    page.goto(base + "/ingest")
    shot("ingest-form")
    page.set_input_files("#files", str(feed))
    page.click("#ingest-submit")
    page.wait_for_selector("#job[data-status=done]", timeout=120000)
    shot("ingest-job")
    return shots


if __name__ == "__main__":
    raise SystemExit(main())
