"""JSON objects and JSON Lines: ``{"id", "title", "text", "byline", "date", "outlet", "url"}``."""
from __future__ import annotations

import json
from typing import Any, Iterator

from ..errors import InputError
from ..model import Article

FIELDS = ("title", "byline", "date", "outlet", "url")


def article_from_object(obj: Any, name: str) -> Article:
    if not isinstance(obj, dict):
        raise InputError(name, "JSON value is not an object")
    text = obj.get("text")
    html = obj.get("html")
    art_id = str(obj["id"]) if obj.get("id") not in (None, "") else name
    if (not isinstance(text, str) or not text.strip()) and isinstance(html, str) and html.strip():
        from .html import parse_html
        art = parse_html(html, art_id, url=obj.get("url"))
        return _with_fields(art, obj)
    if not isinstance(text, str) or not text.strip():
        raise InputError(name, 'JSON object has no "text"')
    return _with_fields(Article(id=art_id, text=text.replace("\r\n", "\n")), obj)


def _with_fields(art: Article, obj: dict) -> Article:
    from dataclasses import replace
    extra = {k: str(obj[k]) for k in FIELDS if isinstance(obj.get(k), (str, int, float)) and str(obj[k]).strip()}
    return replace(art, **extra)


def parse_json(text: str, name: str) -> list[Article]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(name, f"malformed JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise InputError(name, "JSON is nested too deeply") from None
    items = data if isinstance(data, list) else [data]
    if not items:
        raise InputError(name, "JSON list is empty")
    return [article_from_object(o, f"{name}[{i}]" if isinstance(data, list) else name)
            for i, o in enumerate(items)]


def json_lines(text: str, name: str) -> Iterator[tuple[str, object]]:
    """(``name:line``, the parsed value or its InputError) for each non-blank line."""
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{name}:{n}"
        try:
            yield where, json.loads(line)
        except json.JSONDecodeError as exc:
            yield where, InputError(where, f"malformed JSON ({exc.msg})")
        except RecursionError:
            yield where, InputError(where, "JSON is nested too deeply")


def iter_jsonl(text: str, name: str) -> Iterator[Article | InputError]:
    """Yield an Article or the InputError for each non-blank line, so callers can skip and count."""
    for where, obj in json_lines(text, name):
        if isinstance(obj, InputError):
            yield obj
            continue
        try:
            yield article_from_object(obj, where)
        except InputError as err:
            yield err
