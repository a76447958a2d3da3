"""The JSON contract: one JSON Schema per output kind, shipped with the package.

Every JSON output carries ``"redline": SCHEMA_VERSION``; ``redline schema KIND`` prints a kind's
schema and docs/json.md describes them."""
from __future__ import annotations

import json
from functools import cache
from importlib import resources

SCHEMA_VERSION = 1
KINDS = ("comparison", "framing", "license", "trace", "clusters", "lineage", "corpus-stats", "corpus-add",
         "batch-line", "error")


def stamped(data: dict) -> dict:
    """``data`` carrying the schema version (first, unless it already has it)."""
    return data if data.get("redline") == SCHEMA_VERSION else {"redline": SCHEMA_VERSION, **data}


@cache
def schema(kind: str) -> dict:
    """The JSON Schema of one output kind; KeyError for an unknown kind."""
    if kind not in KINDS:
        raise KeyError(kind)
    return json.loads(resources.files(__name__).joinpath(f"{kind}.json").read_text(encoding="utf-8"))


def validate(data, kind: str) -> None:
    """Raise jsonschema's ValidationError when ``data`` does not follow the ``kind`` schema."""
    import jsonschema  # type: ignore[import-untyped]
    jsonschema.Draft202012Validator(schema(kind)).validate(data)
