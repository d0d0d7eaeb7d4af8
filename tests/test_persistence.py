"""Tests of nnbook.persistence: Network.save and Network.load on bad files and bad paths.

The round trip itself (same options, bit-identical parameters) is in test_network.py. Here:
every way a file or a path can be wrong gives an error that names the file and says what is
wrong, and saving never leaves a broken or temporary file behind.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from nnbook import Network


@pytest.fixture
def net():
    return Network([3, 4, 2], hidden="relu", output="softmax", cost="cross_entropy", seed=0)


@pytest.fixture
def saved(net, tmp_path):
    """A good file written by Network.save, and its arrays."""
    path = net.save(tmp_path / "good.npz")
    with np.load(path, allow_pickle=False) as data:
        arrays = {key: data[key] for key in data.files}
    return path, arrays


def write_variant(tmp_path: Path, arrays: dict, **changes) -> Path:
    """A copy of a saved file with some arrays changed (value) or removed (None)."""
    arrays = dict(arrays)
    for key, value in changes.items():
        if value is None:
            del arrays[key]
        else:
            arrays[key] = value
    path = tmp_path / "changed.npz"
    np.savez(path, **arrays)
    return path


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- load: damaged and foreign files ----------------------------------------------------


def test_truncated_file(saved, tmp_path):
    path, _ = saved
    cut = tmp_path / "cut.npz"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(ValueError, match=r"cut\.npz is damaged.*save the network again"):
        Network.load(cut)


def test_corrupt_member_inside_a_valid_zip(saved, tmp_path):
    path, _ = saved
    data = bytearray(path.read_bytes())
    # Damage the bytes of the first member but keep the zip structure.
    start = data.index(b"PK\x03\x04") + 30 + len("format.npy") + 20
    data[start : start + 40] = b"\x00" * 40
    bad = tmp_path / "bad.npz"
    bad.write_bytes(bytes(data))
    with pytest.raises(ValueError, match=r"bad\.npz is damaged"):
        Network.load(bad)


def test_random_bytes(tmp_path):
    path = tmp_path / "random.npz"
    path.write_bytes(b"\x80\x04" + bytes(range(256)))  # starts like a pickle: never unpickled
    with pytest.raises(ValueError, match=r"random\.npz is not an \.npz archive"):
        Network.load(path)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.npz"
    path.write_bytes(b"")
    with pytest.raises(ValueError, match=r"empty\.npz is empty \(0 bytes\)"):
        Network.load(path)


def test_foreign_npz(tmp_path):
    np.savez(tmp_path / "other.npz", x=np.zeros(3), y=np.ones(2))
    with pytest.raises(
        ValueError, match=r"other\.npz is not a file written by nnbook's Network.save.*'x', 'y'"
    ):
        Network.load(tmp_path / "other.npz")


def test_npy_file(tmp_path):
    np.save(tmp_path / "weights.npy", np.zeros((3, 4)))
    with pytest.raises(ValueError, match=r"weights\.npy holds a single array \(\.npy"):
        Network.load(tmp_path / "weights.npy")


def test_pickled_object_array_is_refused_without_unpickling(saved, tmp_path):
    _, arrays = saved
    path = write_variant(tmp_path, arrays, W0=np.array([{"a": 1}], dtype=object))
    with pytest.raises(ValueError, match=r"changed\.npz is damaged.*Object arrays cannot be"):
        Network.load(path)


@pytest.mark.parametrize("key", ["W1", "b0", "sizes", "hidden", "version"])
def test_missing_key(saved, tmp_path, key):
    _, arrays = saved
    path = write_variant(tmp_path, arrays, **{key: None})
    with pytest.raises(ValueError, match=rf"changed\.npz lacks {key}: .*save the network again"):
        Network.load(path)


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"hidden": np.array("banana")}, r"Unknown hidden='banana'"),
        ({"dtype": np.array("float16")}, r"dtype must be np.float32 or np.float64"),
        ({"sizes": np.array([3.0, 4.5, 2.0])}, r"sizes must hold integers"),
        ({"version": np.array(99)}, r"format version 99.*newer nnbook"),
        ({"W1": np.full((4, 2), np.nan)}, r"weights\[1\] contains NaN"),
    ],
)
def test_bad_values_in_the_file(saved, tmp_path, changes, match):
    _, arrays = saved
    path = write_variant(tmp_path, arrays, **changes)
    with pytest.raises(ValueError, match=rf"changed\.npz holds no valid network: .*{match}"):
        Network.load(path)


def test_damaged_sizes_are_checked_before_building_the_network(saved, tmp_path):
    _, arrays = saved
    path = write_variant(tmp_path, arrays, sizes=np.array([3, 10**12, 2]))
    with pytest.raises(ValueError, match=r"W0 has shape \(3, 4\), but sizes .* need"):
        Network.load(path)  # a MemoryError if Network(sizes) were built first


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"Cannot load .*modle\.npz: there is no such"):
        Network.load(tmp_path / "modle.npz")


def test_directory(tmp_path):
    (tmp_path / "models").mkdir()
    with pytest.raises(IsADirectoryError, match=r"models is a folder, not a network file"):
        Network.load(tmp_path / "models")


def test_load_finds_the_file_without_its_suffix(saved, tmp_path):
    path, _ = saved
    assert Network.load(tmp_path / "good").sizes == [3, 4, 2]
    assert Network.load(str(path)).sizes == [3, 4, 2]


# --- save: bad paths, no broken file left behind ----------------------------------------


def test_save_into_a_missing_folder(net, tmp_path):
    target = tmp_path / "runs" / "today" / "model.npz"
    fix = f"Path({str(target.parent)!r}).mkdir(parents=True)"
    with pytest.raises(FileNotFoundError, match=r"there is no folder .*today") as info:
        net.save(target)
    assert fix in str(info.value)
    assert not (tmp_path / "runs").exists()
    target.parent.mkdir(parents=True)  # the fix in the message works
    assert net.save(target) == target


@pytest.mark.parametrize("name", ["new/", "models", "models/"])
def test_save_to_a_folder(net, tmp_path, name):
    (tmp_path / "models").mkdir()
    path = f"{tmp_path}{os.sep}{name}"
    with pytest.raises(IsADirectoryError, match=r"names a folder; give a file name such as"):
        net.save(path)
    assert files_in(tmp_path) == ["models"] and files_in(tmp_path / "models") == []


def test_save_refuses_nan_weights_and_writes_nothing(net, tmp_path):
    net.weights[0][1, 2] = np.nan
    with pytest.raises(ValueError, match=r"weights\[0\] contains NaN"):
        net.save(tmp_path / "model.npz")
    assert files_in(tmp_path) == []


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt])
def test_a_failed_save_keeps_the_old_file_and_leaves_no_temporary_file(
    net, tmp_path, monkeypatch, error
):
    path = net.save(tmp_path / "model.npz")
    before = path.read_bytes()

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(np, "savez", fail)
    with pytest.raises((OSError, KeyboardInterrupt)):
        net.save(path)
    assert files_in(tmp_path) == ["model.npz"], "the temporary file must be removed"
    assert path.read_bytes() == before, "the old file must stay as it was"


def test_save_overwrites(net, tmp_path):
    path = net.save(tmp_path / "model.npz")
    net.weights[0][0, 0] += 1.0
    assert net.save(path) == path
    assert Network.load(path).weights[0][0, 0] == net.weights[0][0, 0]
    assert files_in(tmp_path) == ["model.npz"]
