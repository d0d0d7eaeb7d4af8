"""Tests of nnbook.persistence: Network.save and Network.load on bad files and bad paths.

The round trip itself (same options, bit-identical parameters) is in test_network.py. Here:
every way a file or a path can be wrong gives an error that names the file and says what is
wrong, and saving never leaves a broken or temporary file behind.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import numpy as np
import pytest

from nnbook import Network, persistence


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


def write_variant(tmp_path: Path, arrays: dict, name: str, **changes) -> Path:
    """A copy of a saved file with some arrays changed (value) or removed (None)."""
    arrays = dict(arrays)
    for key, value in changes.items():
        if value is None:
            del arrays[key]
        else:
            arrays[key] = value
    path = tmp_path / f"{name}.npz"
    np.savez(path, **arrays)
    return path


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- load: damaged and foreign files ----------------------------------------------------


def test_truncated_file(saved, tmp_path):
    path, _ = saved
    cut = tmp_path / "cut.npz"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(ValueError, match=r"cut\.npz.*damaged") as info:
        Network.load(cut)
    assert "save the network again" in str(info.value)
    assert not isinstance(info.value, zipfile.BadZipFile)


def test_corrupt_member_inside_a_valid_zip(saved, tmp_path):
    path, _ = saved
    data = bytearray(path.read_bytes())
    # Damage the compressed bytes of the first member but keep the zip structure.
    start = data.index(b"PK\x03\x04") + 30 + len("format.npy") + 20
    data[start : start + 40] = b"\x00" * 40
    bad = tmp_path / "bad.npz"
    bad.write_bytes(bytes(data))
    with pytest.raises(ValueError, match=r"bad\.npz.*damaged"):
        Network.load(bad)


def test_random_bytes(tmp_path):
    path = tmp_path / "random.npz"
    path.write_bytes(np.random.default_rng(0).integers(0, 256, 500, dtype=np.uint8).tobytes())
    with pytest.raises(ValueError, match=r"random\.npz is not an \.npz archive") as info:
        Network.load(path)
    assert "pickle" not in str(info.value)  # not numpy's "load it unsafely" advice


def test_random_bytes_that_look_like_a_pickle(tmp_path):
    path = tmp_path / "pickled.npz"
    path.write_bytes(b"\x80\x04" + b"\x00" * 100)
    with pytest.raises(ValueError, match=r"pickled\.npz is not an \.npz archive"):
        Network.load(path)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.npz"
    path.write_bytes(b"")
    with pytest.raises(ValueError, match=r"empty\.npz is empty \(0 bytes\)"):
        Network.load(path)


def test_foreign_npz(tmp_path):
    np.savez(tmp_path / "other.npz", x=np.zeros(3), y=np.ones(2))
    with pytest.raises(ValueError, match="not a file written by nnbook's Network.save") as info:
        Network.load(tmp_path / "other.npz")
    message = str(info.value)
    assert "other.npz" in message and "'x'" in message and "'y'" in message


def test_npy_file(tmp_path):
    np.save(tmp_path / "weights.npy", np.zeros((3, 4)))
    with pytest.raises(ValueError, match=r"weights\.npy holds a single array \(\.npy") as info:
        Network.load(tmp_path / "weights.npy")
    assert "Network.save" in str(info.value)


def test_pickled_object_array_is_refused_without_unpickling(saved, tmp_path):
    _, arrays = saved
    path = tmp_path / "objects.npz"
    arrays = dict(arrays, W0=np.array([{"a": 1}], dtype=object))
    np.savez(path, **arrays)  # np.savez pickles object arrays
    with pytest.raises(ValueError, match=r"objects\.npz: W0 is an array of Python objects") as info:
        Network.load(path)
    assert "stored with pickle" in str(info.value) and "allow_pickle" not in str(info.value)


@pytest.mark.parametrize("key", ["W1", "b0", "sizes", "hidden", "dtype", "version"])
def test_missing_key(saved, tmp_path, key):
    _, arrays = saved
    path = write_variant(tmp_path, arrays, "missing", **{key: None})
    with pytest.raises(ValueError, match=rf"missing\.npz.*lacks {key}") as info:
        Network.load(path)
    assert "save the network again" in str(info.value)


def test_extra_layer_in_the_file(saved, tmp_path):
    _, arrays = saved
    path = write_variant(tmp_path, arrays, "extra", W2=np.zeros((2, 2)))
    with pytest.raises(ValueError, match=r"extra\.npz.*unexpected arrays W2"):
        Network.load(path)


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"hidden": np.array("banana")}, r"Unknown hidden='banana'"),
        ({"cost": np.array("l1")}, r"Unknown cost='l1'"),
        ({"hidden": np.array(["relu", "relu"])}, r"hidden must be one string.*shape \(2,\)"),
        ({"hidden": np.array(3)}, r"hidden must be one string.*int64"),
        ({"dtype": np.array("float16")}, r"dtype must be np.float32 or np.float64"),
        ({"sizes": np.array([3, -4, 2])}, r"every layer needs at least 1 neuron"),
        ({"sizes": np.array([3.0, 4.5, 2.0])}, r"sizes must be a 1-D array of integers"),
        ({"sizes": np.array(3)}, r"sizes must be a 1-D array of integers"),
        ({"version": np.array(99)}, r"format version 99.*newer nnbook"),
        ({"version": np.array("one")}, r"version must be one integer"),
        ({"W0": np.zeros((4, 3))}, r"W0 has shape \(4, 3\), but sizes \[3, 4, 2\] need \(3, 4\)"),
        ({"b1": np.zeros(3)}, r"b1 has shape \(3,\), but sizes \[3, 4, 2\] need \(2,\)"),
        (
            {"W1": np.array([["a", "b"]] * 4)},
            r"W1 must hold floating-point numbers; got .*dtype <U1",
        ),
        ({"W1": np.full((4, 2), np.nan)}, r"weights\[1\] contains NaN"),
    ],
)
def test_bad_values_in_the_file(saved, tmp_path, changes, match):
    _, arrays = saved
    path = write_variant(tmp_path, arrays, "changed", **changes)
    with pytest.raises(ValueError, match=match) as info:
        Network.load(path)
    assert str(path) in str(info.value), "the message must name the file"


def test_missing_file(tmp_path):
    (tmp_path / "model.npz").write_bytes(b"")
    with pytest.raises(FileNotFoundError, match=r"no file named .*modle\.npz") as info:
        Network.load(tmp_path / "modle.npz")
    assert "model.npz" in str(info.value), "the message lists the .npz files that are there"


def test_missing_file_without_suffix_names_both_candidates(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"no file named .*model or .*model\.npz"):
        Network.load(tmp_path / "model")


def test_missing_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"the folder .*nowhere does not exist"):
        Network.load(tmp_path / "nowhere" / "model.npz")


def test_directory(tmp_path):
    (tmp_path / "models").mkdir()
    with pytest.raises(IsADirectoryError, match=r"models is a folder, not a network file"):
        Network.load(tmp_path / "models")


@pytest.mark.parametrize("path", [123, None, b"model.npz"])
def test_load_path_of_the_wrong_type(path):
    with pytest.raises(TypeError, match="path must be a file name"):
        Network.load(path)


def test_load_still_finds_the_file_without_its_suffix(saved, tmp_path):
    path, _ = saved
    assert Network.load(tmp_path / "good").sizes == [3, 4, 2]
    assert Network.load(str(path)).sizes == [3, 4, 2]


# --- save: bad paths, no broken file left behind ----------------------------------------


def test_save_into_a_missing_folder(net, tmp_path):
    target = tmp_path / "runs" / "today" / "model.npz"
    with pytest.raises(FileNotFoundError, match=r"the folder .*today does not exist") as info:
        net.save(target)
    assert f"Path({str(target.parent)!r}).mkdir(parents=True)" in str(info.value)
    assert not (tmp_path / "runs").exists()
    # The fix in the message works.
    Path(target.parent).mkdir(parents=True)
    assert net.save(target) == target


def test_save_to_a_folder_name_with_a_slash(net, tmp_path):
    with pytest.raises(IsADirectoryError, match=r"is a folder; give a file name such as"):
        net.save(str(tmp_path) + os.sep)
    with pytest.raises(ValueError, match=r"new/ ends with '/', so it names a folder; give a file"):
        net.save(f"{tmp_path}/new/")
    assert files_in(tmp_path) == []


def test_save_to_an_existing_folder(net, tmp_path):
    (tmp_path / "models").mkdir()
    with pytest.raises(IsADirectoryError, match=r"models is a folder; give a file name") as info:
        net.save(tmp_path / "models")
    assert str(tmp_path / "models" / "network.npz") in str(info.value)
    (tmp_path / "taken.npz").mkdir()
    with pytest.raises(IsADirectoryError, match=r"taken\.npz is a folder"):
        net.save(tmp_path / "taken")
    assert files_in(tmp_path) == ["models", "taken.npz"]
    assert files_in(tmp_path / "models") == []


def test_save_under_a_file(net, tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(NotADirectoryError, match=r"notes\.txt is a file, not a folder"):
        net.save(tmp_path / "notes.txt" / "model.npz")


@pytest.mark.parametrize("path", [123, None])
def test_save_path_of_the_wrong_type(net, path):
    with pytest.raises(TypeError, match="path must be a file name"):
        net.save(path)


def test_save_refuses_nan_weights_and_writes_nothing(net, tmp_path):
    net.weights[0][1, 2] = np.nan
    with pytest.raises(ValueError, match=r"weights\[0\] contains NaN"):
        net.save(tmp_path / "model.npz")
    assert files_in(tmp_path) == []


def test_a_failed_save_keeps_the_old_file_and_leaves_no_temporary_file(net, tmp_path, monkeypatch):
    path = net.save(tmp_path / "model.npz")
    before = path.read_bytes()

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np, "savez", disk_full)
    with pytest.raises(OSError, match=r"Could not write .*model\.npz.*No space left on device"):
        net.save(path)
    assert files_in(tmp_path) == ["model.npz"], "the temporary file must be removed"
    assert path.read_bytes() == before, "the old file must stay as it was"


def test_an_interrupted_save_leaves_no_temporary_file(net, tmp_path, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(np, "savez", interrupted)
    with pytest.raises(KeyboardInterrupt):
        net.save(tmp_path / "model.npz")
    assert files_in(tmp_path) == []


def test_save_overwrites_and_writes_a_normal_file(net, tmp_path):
    path = net.save(tmp_path / "model.npz")
    net.weights[0][0, 0] += 1.0
    assert net.save(path) == path
    assert Network.load(path).weights[0][0, 0] == net.weights[0][0, 0]
    assert files_in(tmp_path) == ["model.npz"]
    if os.name == "posix":  # the permissions of a file np.savez would create (umask applies)
        umask = os.umask(0)
        os.umask(umask)
        assert path.stat().st_mode & 0o777 == 0o666 & ~umask


def test_save_checks_net():
    with pytest.raises(TypeError, match="net must be an nnbook Network"):
        persistence.save("net", "model.npz")
