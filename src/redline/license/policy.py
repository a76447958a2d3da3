"""Republication policies: the schema, validation, built-in policies and loading (docs/license.md)."""
from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import InputError

ELEMENTS = ("byline", "credit", "link", "logo", "notice", "affiliation")
EDITS = ("none", "style-only", "any")
# What each element table may hold besides `required`, and the type of each list.
ELEMENT_FIELDS = {"byline": ("names",), "credit": ("names",), "link": ("urls",),
                  "logo": ("match",), "notice": ("text", "urls"), "affiliation": ("names",)}
TOP_FIELDS = ("name", "title", "description", "edits", "commercial", "headline") + ELEMENTS


@dataclass(frozen=True)
class Element:
    """One required (or not) element; lists are accepted values, empty means 'take it from the source'."""

    required: bool = False
    names: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    match: tuple[str, ...] = ()
    text: tuple[str, ...] = ()


@dataclass(frozen=True)
class Policy:
    name: str
    origin: str = "builtin"          # builtin | file | source-terms
    title: str = ""
    description: str = ""
    edits: str = "any"
    commercial: bool = True
    headline: bool = True
    elements: Mapping[str, Element] = field(default_factory=dict, hash=False)
    evidence: tuple[Mapping[str, Any], ...] = ()
    path: str | None = None

    def element(self, name: str) -> Element:
        return self.elements.get(name) or Element()

    def required(self) -> list[str]:
        return [n for n in ELEMENTS if self.element(n).required]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "origin": self.origin, "title": self.title,
                               "edits": self.edits, "commercial": self.commercial,
                               "headline": self.headline, "requires": self.required()}
        if self.path:
            out["path"] = self.path
        out["evidence"] = [dict(e) for e in self.evidence]
        return out


class _Auto:
    """Marker: build the policy from the terms the source states itself."""

    name = "auto"

    def __repr__(self) -> str:
        return "AUTO"


AUTO = _Auto()


def builtin_names() -> list[str]:
    folder = resources.files("redline.license") / "policies"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def load_policy(name_or_path: str | Path) -> Policy | _Auto:
    """A built-in policy by name, ``auto`` (terms from the source), or a TOML file."""
    text_name = str(name_or_path).strip()
    if text_name.lower() in ("auto", "source"):
        return AUTO
    if text_name in builtin_names():
        data = (resources.files("redline.license") / "policies" / f"{text_name}.toml").read_text("utf-8")
        return parse_policy(data, f"policy {text_name}", origin="builtin")
    path = Path(text_name)
    if path.suffix.lower() != ".toml" and not path.exists():
        raise InputError(f"policy {text_name}",
                         f"no such built-in policy or file (built-in: {', '.join(builtin_names())})")
    from ..ingest import read_text
    return parse_policy(read_text(path), str(path), origin="file", path=str(path))


def parse_policy(text: str, where: str, origin: str = "file", path: str | None = None) -> Policy:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(where, _toml_problem(str(exc))) from None
    return policy_from_dict(data, where, origin, path, text)


def _toml_problem(message: str) -> str:
    m = re.search(r"\(at line (\d+), column (\d+)\)", message)
    what = re.sub(r"\s*\(at .*\)$", "", message).strip() or "syntax error"
    if m:
        return f"line {m.group(1)}: invalid TOML ({what}, column {m.group(2)})"
    return f"invalid TOML ({what})"


def policy_from_dict(data: Mapping[str, Any], where: str, origin: str = "file",
                     path: str | None = None, raw: str = "") -> Policy:
    check = _Checker(where, raw)
    for key in data:
        if key not in TOP_FIELDS:
            check.fail(key, f"unknown field (allowed: {', '.join(TOP_FIELDS)})")
    name = check.string(data, "name", Path(path).stem if path else "custom")
    edits = check.string(data, "edits", "any")
    if edits not in EDITS:
        check.fail("edits", f"must be one of {', '.join(EDITS)}, got {edits!r}")
    elements = {n: check.element(data, n) for n in ELEMENTS if n in data}
    return Policy(name=name, origin=origin, title=check.string(data, "title", name),
                  description=check.string(data, "description", ""), edits=edits,
                  commercial=check.boolean(data, "commercial", True),
                  headline=check.boolean(data, "headline", edits != "none"),
                  elements=elements, path=path)


class _Checker:
    """Type checks that fail with one line naming the file, the field and, when found, its line."""

    def __init__(self, where: str, raw: str):
        self.where, self.raw = where, raw

    def fail(self, field_name: str, problem: str):
        line = self._line_of(field_name)
        at = f"line {line}: " if line else ""
        raise InputError(self.where, f"{at}field '{field_name}': {problem}")

    def _line_of(self, field_name: str) -> int | None:
        parts = field_name.split(".")
        section = None
        for n, line in enumerate(self.raw.splitlines(), 1):
            stripped = line.strip()
            if stripped.startswith("["):
                section = stripped.strip("[] ")
                if len(parts) == 1 and section == parts[0]:
                    return n
                continue
            key = re.match(r"([A-Za-z0-9_-]+)\s*=", stripped)
            if not key:
                continue
            if section is None and key.group(1) == parts[0]:
                return n
            if len(parts) == 2 and section == parts[0] and key.group(1) == parts[1]:
                return n
        return None

    def string(self, data, key, default):
        value = data.get(key, default)
        if value is None:
            self.fail(key, "is required (a string)")
        if not isinstance(value, str):
            self.fail(key, f"must be a string, got {_type(value)}")
        return value

    def boolean(self, data, key, default):
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.fail(key, f"must be true or false, got {_type(value)}")
        return value

    def element(self, data, name) -> Element:
        value = data[name]
        if isinstance(value, bool):
            return Element(required=value)
        if not isinstance(value, dict):
            self.fail(name, f"must be true, false or a table, got {_type(value)}")
        allowed = ("required",) + ELEMENT_FIELDS[name]
        for key in value:
            if key not in allowed:
                self.fail(f"{name}.{key}", f"unknown field (allowed: {', '.join(allowed)})")
        lists = {key: self.strings(value, name, key) for key in ELEMENT_FIELDS[name]}
        return Element(required=self.boolean_in(value, name), **lists)

    def boolean_in(self, table, name) -> bool:
        value = table.get("required", True)
        if not isinstance(value, bool):
            self.fail(f"{name}.required", f"must be true or false, got {_type(value)}")
        return value

    def strings(self, table, name, key) -> tuple[str, ...]:
        value = table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(f"{name}.{key}", f"must be a string or a list of non-empty strings, got {_type(value)}")
        return tuple(v.strip() for v in value)


def _type(value) -> str:
    return {bool: "a boolean", int: "an integer", float: "a number", str: "a string",
            list: "a list", dict: "a table"}.get(type(value), type(value).__name__)
