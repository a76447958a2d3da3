"""Helpers of the web tests: the web app over the example corpus (examples/corpus.jsonl): a wire service, copies of its stories
(one of each desk verdict) and an unrelated article."""
from __future__ import annotations

import json
from pathlib import Path

from redline.model import Article

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
OURS = "Lakeshore Wire"
TOKEN = "test-token-123"
XSS = '<script>window.__xss=1</script>"><img src=x onerror="window.__xss=1">'


def example_articles() -> list[dict]:
    return [json.loads(line) for line in (EXAMPLES / "corpus.jsonl").read_text(encoding="utf-8").splitlines() if line]


def make_app(db: Path, tmp_path: Path, **changes):
    from redline.web.app import create_app
    from redline.web.config import WebConfig
    settings = {"token": TOKEN, "outlets": (OURS,), "state": tmp_path / "state.sqlite", **changes}
    return create_app(WebConfig(db=db, **settings), compare_workers=2)


def csrf_of(client) -> str:
    """The CSRF token a form page carries (the cookie is set by the same response)."""
    import re
    page = client.get("/compare").text
    return re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)


def hostile_articles() -> list[Article]:
    """Every field of every article carries markup and script."""
    body = ("The council voted to close the ferry terminal after years of losses. " + XSS +
            " Commuters will take a bus across the bridge instead. Workers asked for a review of the decision.")
    arts = []
    for k, outlet in enumerate(("Wire " + XSS, "Copy " + XSS)):
        arts.append(Article(id=f"x{k}{XSS}", text=body + (" A new closing line." if k else ""),
                            title=f"Title {k} {XSS}", byline=f"By {XSS}", outlet=outlet, date=f"2026-01-0{k + 1}",
                            url=f"javascript:window.__xss=1//{XSS}"))
    return arts
