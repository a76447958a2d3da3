"""The index's files: segment folders of .npy arrays and the manifest that names the current ones.

A writer puts each new segment in a folder of its own (written under a temporary name, then
renamed) and replaces ``manifest.json`` atomically, so a reader sees the old manifest with its
segments or the new one with its own; superseded folders are removed after the switch.
"""
from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from pathlib import Path

import numpy as np

STALE_DIR_S = 600   # unreferenced segment folders older than this are left-overs of a killed writer


def read_manifest(folder: Path) -> dict:
    """The saved manifest; OSError or ValueError when there is none or it is not JSON."""
    return json.loads((folder / "manifest.json").read_text())


def load_arrays(folder: Path, names: tuple[str, ...]) -> dict[str, np.ndarray]:
    return {n: np.load(folder / f"{n}.npy", mmap_mode="r") for n in names}


def _check(ok: bool) -> None:
    if not ok:
        raise ValueError("index segment does not hold together")


def _check_runs(keys, offsets, postings) -> None:
    _check(len(offsets) == len(keys) + 1 and int(offsets[0]) == 0 and int(offsets[-1]) == len(postings))


def check_base(a: dict) -> None:
    _check_runs(a["keys"], a["offsets"], a["postings"])
    _check_runs(a["spare_keys"], a["spare_offsets"], a["spare_postings"])
    _check(len(a["weights"]) == len(a["keys"]) and len(a["pruned_counts"]) == len(a["pruned"]))
    _check(a["keys"].dtype == np.uint64 and a["postings"].dtype == np.int32 and a["offsets"].dtype == np.int64)


def check_delta(a: dict) -> None:
    _check_runs(a["keys"], a["offsets"], a["postings"])
    _check(len(a["doc_weight"]) == len(a["docs"]) and len(a["changed_df"]) == len(a["changed_keys"])
           and len(a["patch_weight"]) == len(a["patch_docs"]))


def write_segment(folder: Path, prefix: str, arrays: dict, names: tuple[str, ...]) -> str:
    name = f"{prefix}-{uuid.uuid4().hex[:12]}"
    tmp = folder / f".tmp-{name}"
    tmp.mkdir()
    try:
        for n in names:
            with open(tmp / f"{n}.npy", "wb") as fh:
                np.save(fh, np.asarray(arrays[n]))
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, folder / name)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return name


def write_manifest(folder: Path, manifest: dict) -> None:
    tmp = folder / f".manifest-{os.getpid()}-{uuid.uuid4().hex[:6]}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(manifest))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, folder / "manifest.json")
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def named(folder: Path) -> set[str]:
    """The segment folders the current manifest names."""
    try:
        m = read_manifest(folder)
        return {m["base"]["dir"], *([m["delta"]["dir"]] if m.get("delta") else [])}
    except (OSError, ValueError, KeyError, TypeError):
        return set()


def clean(folder: Path, keep: set[str], superseded: set[str]) -> None:
    """Remove the segments our manifest replaced and files of the old one-folder layout; other
    unreferenced segments may belong to a writer still at work, so only old ones go."""
    now = time.time()
    for entry in folder.iterdir():
        if entry.name in keep or entry.name == "manifest.json":
            continue
        try:
            if entry.is_file() and (entry.suffix == ".npy" or entry.name == "index.json"):
                entry.unlink()
            elif entry.name.startswith(("base-", "delta-", ".tmp-", ".manifest-")):
                if entry.name not in superseded and now - entry.stat().st_mtime < STALE_DIR_S:
                    continue
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        except OSError:
            pass
