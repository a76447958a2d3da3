"""What a permanent link keeps so that its report can be drawn when it is first opened: the
articles exactly as they were handed to the comparer, and whether the direction was inferred.

Plain JSON (never pickle): the state file may be read by a later server, another version of it,
or a person."""
from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

from ..model import Article

_FIELDS = tuple(f.name for f in fields(Article))


def inputs_json(sources: list[Article], derived: Article, infer: bool) -> str:
    return json.dumps({"infer": infer, "sources": [_article(a) for a in sources], "derived": _article(derived)},
                      ensure_ascii=False, separators=(",", ":"))


def inputs_from_json(text: str) -> tuple[list[Article], Article, bool]:
    data = json.loads(text)
    return [Article(**a) for a in data["sources"]], Article(**data["derived"]), bool(data["infer"])


def _article(art: Article) -> dict[str, Any]:
    data = {name: getattr(art, name) for name in _FIELDS}
    data["meta"] = dict(art.meta)
    return data
