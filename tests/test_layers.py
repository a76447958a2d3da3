"""Layers import downward only: a module may import its own layer or a lower one, never a higher one.

Imports inside functions and under ``if TYPE_CHECKING:`` count too: a lazy import is still a dependency.
"""
import ast
from pathlib import Path

# Lowest first. Each entry names the top-level modules or packages of ``redline`` in one layer;
# "" is the package itself (redline/__init__.py, the public API), which sits on top.
LAYERS = [
    ("model", "models", "errors", "limits", "_version", "schemas"),
    ("text",),
    ("ingest",),
    ("align",),
    ("embed",),
    ("explain", "license"),
    ("pipeline",),
    ("report",),
    ("engines",),  # generic executors: they import nothing of the corpus, whose Corpus picks one
    ("corpus",),
    ("commands", "web"),
    ("cli", ""),
]
# Packages of one layer that stay independent of each other: neither imports the other.
SIBLINGS = [("explain", "license")]
LAYER_OF = {part: rank for rank, parts in enumerate(LAYERS) for part in parts}
SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "redline"


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported_names(name: str, path: Path) -> set[str]:
    """The ``redline`` modules that module ``name`` imports (absolute, relative, lazy or for typing)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            base = ".".join(filter(None, (base, node.module)))
            # "from . import limits" imports the module redline.limits, not the package.
            found.update(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names)
        elif isinstance(node, ast.Call) and _called(node) in ("import_module", "__import__") and node.args:
            found.add(_constant_prefix(node.args[0]))
    return {module for module in found if module == "redline" or module.startswith("redline.")}


def _called(call: ast.Call) -> str:
    return getattr(call.func, "attr", None) or getattr(call.func, "id", "")


def _constant_prefix(arg: ast.expr) -> str:
    """The module a dynamic import names: its constant text, or for an f-string the dotted
    name before the first placeholder ("redline.commands" for f"redline.commands.{name}")."""
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return arg.value
    if isinstance(arg, ast.JoinedStr) and arg.values and isinstance(arg.values[0], ast.Constant):
        return str(arg.values[0].value).rstrip(".")
    return ""


def part_of(module: str) -> str:
    return module.split(".")[1] if "." in module else ""


def layer(module: str) -> int:
    part = part_of(module)
    assert part in LAYER_OF, f"{module} is in no layer: add {part!r} to LAYERS in {Path(__file__).name}"
    return LAYER_OF[part]


def layer_name(rank: int) -> str:
    return "/".join(part or "redline" for part in LAYERS[rank])


def violations() -> list[str]:
    found = []
    for name, path in MODULES.items():
        for target in sorted(imported_names(name, path)):
            if layer(target) > layer(name):
                found.append(f"{name} -> {target} (layer {layer_name(layer(target))} "
                             f"above layer {layer_name(layer(name))})")
    return found


def test_every_module_has_a_layer():
    for name in MODULES:
        layer(name)


def test_relative_imports_resolve_to_modules():
    assert imported_names("redline.ingest.fetch", MODULES["redline.ingest.fetch"]) >= {"redline.limits",
                                                                                       "redline.errors"}


def test_dynamic_imports_are_seen():
    assert "redline.commands" in imported_names("redline.cli", MODULES["redline.cli"])


def test_benches_use_no_private_names():
    """Benches measure the package as callers use it: no ``_name`` imported from redline."""
    found = []
    for path in sorted((SRC.parent / "bench").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("redline"):
                found += [f"{path.name}: {node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
                found += [f"{path.name}: {node.module}"] if "._" in node.module else []
    assert not found, found


def test_siblings_do_not_import_each_other():
    found = [f"{name} -> {target}" for name, path in MODULES.items() for target in sorted(imported_names(name, path))
             if {part_of(name), part_of(target)} in [set(pair) for pair in SIBLINGS]]
    assert not found, found


def test_layers_import_downward_only():
    found = violations()
    assert not found, f"{len(found)} upward import(s):\n" + "\n".join(found)
