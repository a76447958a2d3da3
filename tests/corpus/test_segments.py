"""The index's files: segments written whole, the manifest switched atomically, old ones cleaned."""
import numpy as np

from redline.corpus import segments


def test_segment_round_trip_and_clean(tmp_path):
    arrays = {"keys": np.array([3, 9], np.uint64), "offsets": np.array([0, 1, 2], np.int64)}
    old = segments.write_segment(tmp_path, "base", arrays, ("keys", "offsets"))
    segments.write_manifest(tmp_path, {"base": {"dir": old}, "delta": None})
    assert segments.named(tmp_path) == {old}
    new = segments.write_segment(tmp_path, "base", arrays, ("keys", "offsets"))
    busy = segments.write_segment(tmp_path, "delta", arrays, ("keys",))  # another writer's, fresh
    segments.write_manifest(tmp_path, {"base": {"dir": new}, "delta": None})
    segments.clean(tmp_path, {new}, {old})
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([new, busy, "manifest.json"])
    loaded = segments.load_arrays(tmp_path / new, ("keys", "offsets"))
    assert isinstance(loaded["keys"], np.memmap) and loaded["keys"].tolist() == [3, 9]
    assert segments.read_manifest(tmp_path)["base"]["dir"] == new


def test_no_manifest_names_nothing(tmp_path):
    assert segments.named(tmp_path) == set()
    (tmp_path / "manifest.json").write_text("{not json")
    assert segments.named(tmp_path) == set()
