"""Build the JSON Schemas from the key tables of docs/json.md: ``python -m redline.schemas.build``.

The doc is written for people; this turns each ``### Heading`` table (key, type, meaning) into a
schema definition, so the doc and the shipped schemas cannot drift (a test rebuilds and compares).
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from . import KINDS, SCHEMA_VERSION

HERE = Path(__file__).resolve().parent
# kind -> the doc section of its top-level object
ROOTS = {"comparison": "Top level", "framing": "Framing result", "license": "License result", "trace": "Trace",
         "clusters": "Clusters", "lineage": "Lineage", "corpus-stats": "Corpus stats", "corpus-add": "Corpus add",
         "error": "Batch output line"}
OPEN = {"Finding"}  # objects that carry extra keys of their own kind (docs/framing.md)
_SIMPLE = {"integer": "integer", "integers": "integer", "string": "string", "strings": "string",
           "boolean": "boolean", "booleans": "boolean", "number": "number", "numbers": "number",
           "object": "object", "objects": "object"}


def tables(doc: str) -> dict[str, dict[str, tuple[str, bool]]]:
    """{heading: {key: (type, optional)}} of every ``###`` section with a key table."""
    out: dict[str, dict[str, tuple[str, bool]]] = {}
    heading = None
    for line in doc.splitlines():
        if line.startswith("### "):
            heading = line[4:].strip()
            continue
        m = re.match(r"\|\s*`([^`]+)`\s*\|([^|]*)\|", line)
        if heading and m:
            kind = m.group(2).replace("*(optional)*", "").strip()
            out.setdefault(heading, {})[m.group(1)] = (kind, "(optional)" in m.group(2))
    return out


def def_name(heading: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in heading.split())


def type_schema(text: str, names: set[str]) -> dict:
    text = text.strip()
    if ", or list of " in text:
        one = type_schema(text.split(",")[0], names)
        return {"oneOf": [one, {"type": "array", "items": one}]}
    if text.endswith(" or null"):
        base = type_schema(text[:-len(" or null")], names)
        return {"anyOf": [base, {"type": "null"}]}
    if text.startswith("list of "):
        return {"type": "array", "items": type_schema(text[len("list of "):], names)}
    if text.startswith("object of "):
        return {"type": "object", "additionalProperties": type_schema(text[len("object of "):], names)}
    word, _, rest = text.partition(" ")
    if word in _SIMPLE:
        schema: dict = {"type": _SIMPLE[word]}
        bounds = re.match(r"([\d.]+)–([\d.]+)", rest)
        if word == "number" and bounds:
            schema.update(minimum=float(bounds.group(1)), maximum=float(bounds.group(2)))
        return schema
    if def_name(text) in names:
        return {"$ref": f"#/$defs/{def_name(text)}"}
    return {}  # "path or article" and the like: any value


def object_schema(keys: dict[str, tuple[str, bool]], names: set[str], open_: bool) -> dict:
    return {"type": "object",
            "properties": {k: type_schema(t, names) for k, (t, _) in keys.items()},
            "required": [k for k, (_, optional) in keys.items() if not optional],
            "additionalProperties": open_}


def reachable(root: str, sections: dict, names: set[str]) -> list[str]:
    """The sections a root's table refers to, directly or through others."""
    seen, todo = [], [root]
    while todo:
        heading = todo.pop()
        if heading in seen:
            continue
        seen.append(heading)
        for kind, _ in sections[heading].values():
            todo += [h for h in sections if h != heading and def_name(h) in names
                     and re.search(rf"\b{re.escape(h)}\b", kind)]
    return seen


def kind_schema(kind: str, sections: dict) -> dict:
    names = {def_name(h) for h in sections}
    if kind == "batch-line":
        return _batch_line(sections, names)
    root = ROOTS[kind]
    defs = {def_name(h): object_schema(sections[h], names, def_name(h) in OPEN)
            for h in reachable(root, sections, names) if h != root}
    body = object_schema(sections[root], names, False)
    body["properties"]["redline"] = {"const": SCHEMA_VERSION}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://redline.invalid/schemas/{kind}.json",
            "title": f"redline {kind} output", "description": f"See docs/json.md, section '{root}'.",
            **body, **({"$defs": dict(sorted(defs.items()))} if defs else {})}


BATCH = (("error", "Batch output line"), ("comparison", "Top level"), ("framing", "FramingSentence"),
         ("trace", "Trace"))


def _batch_line(sections: dict, names: set[str]) -> dict:
    """One line of any --batch: an error line, or a result (with the job's id for compare and framing)."""
    options, defs = [], {}
    for kind, heading in BATCH:
        schema = kind_schema(kind, sections)
        defs.update(schema.pop("$defs", {}))
        root = object_schema(sections[heading], names, False)
        root["properties"] = {**root["properties"], "redline": {"const": SCHEMA_VERSION}}
        root["required"] = ["redline", *[k for k in root["required"] if k != "redline"]]
        if kind in ("comparison", "framing"):
            root["properties"] = {"id": {}, **root["properties"]}
            root["required"] = ["id", *root["required"]]
        name = f"{def_name(heading)}Line"
        defs[name] = root
        options.append({"$ref": f"#/$defs/{name}"})
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://redline.invalid/schemas/batch-line.json",
            "title": "redline --batch output line", "description": "See docs/json.md, section 'Batch lines'.",
            "anyOf": options, "$defs": dict(sorted(defs.items()))}


def build(doc_path: Path) -> dict[str, dict]:
    sections = tables(doc_path.read_text(encoding="utf-8"))
    return {kind: kind_schema(kind, sections) for kind in KINDS}


def main(argv: list[str]) -> int:
    doc = Path(argv[0]) if argv else Path("docs/json.md")
    for kind, schema in build(doc).items():
        (HERE / f"{kind}.json").write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {HERE / f'{kind}.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
