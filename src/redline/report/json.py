"""JSON output of comparisons (schema: docs/json.md)."""
from __future__ import annotations

import json
from typing import Any


def dumps(data: Any, pretty: bool = True) -> str:
    if hasattr(data, "to_dict"):
        data = data.to_dict()
    return json.dumps(data, ensure_ascii=False, indent=2 if pretty else None,
                      sort_keys=False, separators=None if pretty else (",", ":"))
