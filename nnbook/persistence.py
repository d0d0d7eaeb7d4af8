"""Saving a trained :class:`~nnbook.Network` to a file, and loading it back.

The file is a numpy ``.npz`` archive (no pickle, so loading a file cannot run code): the
network's options and one array per weight matrix and bias vector.

Both directions check what they are given and say what is wrong and what to do: a damaged
file, a file that another program wrote, a folder where a file was meant. Saving writes a
temporary file in the same folder and renames it into place only when it is complete, so a
failed save (a full disk, Ctrl-C) never leaves a broken file behind, nor destroys the file
that was there before.
"""

from __future__ import annotations

import os
import secrets
import zipfile
import zlib
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np

from ._validation import check_parameters, layer_sizes

__all__ = ["load", "save"]

FILE_FORMAT = "nnbook.Network"
FILE_VERSION = 1
OPTIONS = ("hidden", "output", "cost", "init", "dtype")  # one string each in the file

_ZIP_SIGNATURE = b"PK\x03\x04"
_NPY_SIGNATURE = b"\x93NUMPY"
_SAVE_AGAIN = "Load the network from another copy, or train it and save the network again."


def npz_path(path: str | PathLike[str]) -> Path:
    """``path`` with ``.npz`` appended unless it ends so already (as ``numpy.savez`` does)."""
    path = Path(path)
    return path if path.suffix == ".npz" else path.with_name(path.name + ".npz")


def _check_path_type(path: Any) -> None:
    if not isinstance(path, str | PathLike):
        raise TypeError(
            f"path must be a file name (str or pathlib.Path), such as 'network.npz'; got "
            f"{path!r} of type {type(path).__name__}."
        )


# ------------------------------------------------------------------------------------ save


def save(net: Any, path: str | PathLike[str]) -> Path:
    """Save ``net``'s parameters and options to a ``.npz`` file; returns the file written.

    ``.npz`` is appended to ``path`` unless it ends so. The momentum velocities, the random
    generator's state and the history are not saved.

    The folder must exist already. The file is written under a temporary name in that folder
    and renamed to ``path`` only once complete, so an existing file is replaced in one step
    and a failed save leaves no partial file.

    Raises
    ------
    ValueError
        The parameters hold NaN or infinite values (training diverged), or ``path`` ends
        with a ``/``.
    FileNotFoundError, NotADirectoryError, IsADirectoryError
        The folder does not exist, a part of it is a file, or ``path`` is a folder.
    OSError
        The file cannot be written (no permission, disk full); no file is left behind.
    """
    from .network import Network  # here, not at the top: network imports this module

    if not isinstance(net, Network):
        raise TypeError(f"net must be an nnbook Network; got {type(net).__name__}.")
    _check_path_type(path)
    check_parameters(net)
    target = _save_target(path)
    arrays = {f"W{k}": W for k, W in enumerate(net.weights)}
    arrays |= {f"b{k}": b for k, b in enumerate(net.biases)}
    temp = _create_temporary_file(target)
    try:
        with open(temp, "wb") as out:  # a file object: savez appends no ".npz" to its name
            np.savez(
                out,
                format=np.array(FILE_FORMAT),
                version=np.array(FILE_VERSION),
                sizes=np.array(net.sizes, dtype=np.int64),
                hidden=np.array(net.hidden),
                output=np.array(net.output),
                cost=np.array(net.cost),
                init=np.array(net.init),
                dtype=np.array(net.dtype.name),
                **arrays,
            )
        os.replace(temp, target)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise _os_error(
            error,
            f"Could not write {target} ({error.strerror or error}). Nothing was written; "
            "the file that was there before, if any, is unchanged. Free some space or choose "
            "a folder you can write to.",
        ) from error
    except BaseException:  # Ctrl-C included: never leave the temporary file behind
        temp.unlink(missing_ok=True)
        raise
    return target


def _save_target(path: str | PathLike[str]) -> Path:
    """The file ``save`` writes: checks that ``path`` names a file in an existing folder."""
    raw = os.fspath(path)
    separators = tuple(s for s in (os.sep, os.altsep) if s)
    if isinstance(raw, str) and raw.endswith(separators) and not Path(raw).is_dir():
        raise ValueError(
            f"{raw} ends with {raw[-1]!r}, so it names a folder; give a file name such as "
            f"{raw}network.npz."
        )
    for candidate in (Path(path), npz_path(path)):
        if candidate.is_dir():
            raise IsADirectoryError(
                f"{candidate} is a folder; give a file name such as {candidate / 'network.npz'}."
            )
    target = npz_path(path)
    folder = target.parent
    if not folder.is_dir():
        existing = next((p for p in folder.parents if p.exists()), None)
        blocker = next((p for p in (folder, *folder.parents) if p.is_file()), None)
        if blocker is not None:
            raise NotADirectoryError(
                f"Cannot save to {target}: {blocker} is a file, not a folder. Choose another "
                "file name."
            )
        raise FileNotFoundError(
            f"Cannot save to {target}: the folder {folder} does not exist"
            + (
                f" (the nearest folder that does is {existing})"
                if existing is not None and str(existing) != "."
                else ""
            )
            + f". Create it first with Path({str(folder)!r}).mkdir(parents=True), or save "
            "somewhere else."
        )
    return target


def _create_temporary_file(target: Path) -> Path:
    """A new empty file next to ``target``, with the permissions a new file gets (umask)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            os.close(os.open(temp, flags, 0o666))
            return temp
        except FileExistsError:
            continue
        except OSError as error:
            raise _os_error(
                error,
                f"Could not write {target} ({error.strerror or error}). Choose a folder you "
                "can write to.",
            ) from error


def _os_error(error: OSError, message: str) -> OSError:
    """An error of the same built-in class as ``error`` (PermissionError, ...), ``message``."""
    cls = type(error) if type(error).__module__ == "builtins" else OSError
    return cls(message)


# ------------------------------------------------------------------------------------ load


def load(path: str | PathLike[str]) -> Any:
    """Load a network written by :func:`save`: same options, bit-identical parameters.

    ``path`` may leave out the ``.npz`` that :func:`save` appended.

    Raises
    ------
    FileNotFoundError, IsADirectoryError
        No such file, or ``path`` is a folder.
    ValueError
        The file is empty, damaged, was not written by :func:`save` (another ``.npz``, a
        ``.npy``), lacks an array, or holds values a network cannot have; the message names
        the file and says what is wrong.
    """
    from .network import Network

    _check_path_type(path)
    path = _load_source(Path(path))
    arrays = _read_archive(path)
    files = set(arrays)

    def missing(keys: list[str]) -> ValueError:
        return ValueError(
            f"{path} lacks {', '.join(keys)}: the file is damaged or was changed after "
            f"Network.save wrote it (it holds {', '.join(sorted(files))}). {_SAVE_AGAIN}"
        )

    absent = [key for key in ("version", "sizes", *OPTIONS) if key not in files]
    if absent:
        raise missing(absent)
    version = arrays["version"]
    if version.shape != () or version.dtype.kind not in "iu":
        raise ValueError(
            f"{path}: version must be one integer; got {_describe(version)}. {_SAVE_AGAIN}"
        )
    if int(version) > FILE_VERSION:
        raise ValueError(
            f"{path} has format version {int(version)}, written by a newer nnbook; this one "
            f"reads version {FILE_VERSION}. Update nnbook to load it."
        )
    options = {}
    for key in OPTIONS:
        value = arrays[key]
        if value.shape != () or value.dtype.kind != "U":
            raise ValueError(
                f"{path}: {key} must be one string, such as 'sigmoid'; got {_describe(value)}. "
                f"{_SAVE_AGAIN}"
            )
        options[key] = str(value)
    sizes = arrays["sizes"]
    if sizes.ndim != 1 or sizes.dtype.kind not in "iu":
        raise ValueError(
            f"{path}: sizes must be a 1-D array of integers, such as [784, 30, 10]; got "
            f"{_describe(sizes)}. {_SAVE_AGAIN}"
        )
    try:
        sizes = layer_sizes([int(s) for s in sizes], options["output"])
    except (TypeError, ValueError) as error:
        raise _bad_option(path, error) from None
    n_layers = len(sizes) - 1
    parameter_keys = [f"{p}{k}" for k in range(n_layers) for p in ("W", "b")]
    absent = [key for key in parameter_keys if key not in files]
    if absent:
        raise missing(absent)
    extra = sorted(files - {"format", "version", "sizes", *OPTIONS, *parameter_keys})
    if extra:
        raise ValueError(
            f"{path} holds unexpected arrays {', '.join(extra)}: sizes {sizes} have "
            f"{n_layers} layers (W0-W{n_layers - 1}, b0-b{n_layers - 1}). The file is damaged "
            f"or was changed after Network.save wrote it. {_SAVE_AGAIN}"
        )
    # Shapes first: a damaged sizes must not make the constructor allocate a huge network.
    for k in range(n_layers):
        for key, shape in ((f"W{k}", (sizes[k], sizes[k + 1])), (f"b{k}", (sizes[k + 1],))):
            saved = arrays[key]
            if saved.dtype.kind != "f":
                raise ValueError(
                    f"{path}: {key} must hold floating-point numbers; got {_describe(saved)}. "
                    f"{_SAVE_AGAIN}"
                )
            if saved.shape != shape:
                raise ValueError(
                    f"{path}: {key} has shape {saved.shape}, but sizes {sizes} need {shape}; "
                    f"the file is damaged. {_SAVE_AGAIN}"
                )
    try:
        net = Network(sizes, **options)
    except (TypeError, ValueError) as error:
        raise _bad_option(path, error) from None
    net.weights = [arrays[f"W{k}"].astype(net.dtype) for k in range(n_layers)]
    net.biases = [arrays[f"b{k}"].astype(net.dtype) for k in range(n_layers)]
    try:
        check_parameters(net)
    except ValueError as error:
        raise ValueError(f"{path}: {error}") from None
    return net


def _bad_option(path: Path, error: BaseException) -> ValueError:
    return ValueError(f"{path} holds options no network can have: {error} {_SAVE_AGAIN}")


def _load_source(path: Path) -> Path:
    """The file to read for ``path``; clear errors for a missing file or a folder."""
    if not path.is_file() and npz_path(path).is_file():
        return npz_path(path)
    if path.is_dir():
        raise IsADirectoryError(
            f"{path} is a folder, not a network file; give the file's name, such as "
            f"{path / 'network.npz'}." + _npz_files_in(path)
        )
    if path.is_file():
        return path
    if path.exists():  # a pipe, a device, ...: reading it could wait for ever
        raise ValueError(
            f"{path} is not a regular file; give the name of a file saved by Network.save."
        )
    names = f"{path}" if path == npz_path(path) else f"{path} or {npz_path(path)}"
    folder = path.parent
    if not folder.is_dir():
        raise FileNotFoundError(
            f"Cannot load {path}: the folder {folder} does not exist. Check the path "
            f"(the current folder is {Path.cwd()})."
        )
    raise FileNotFoundError(
        f"Cannot load the network: there is no file named {names}. Check the name (the "
        f"current folder is {Path.cwd()})." + _npz_files_in(folder)
    )


def _npz_files_in(folder: Path, limit: int = 8) -> str:
    """`` The .npz files in <folder>: a.npz, b.npz.`` (empty when there are none)."""
    try:
        names = sorted(p.name for p in folder.iterdir() if p.suffix == ".npz")
    except OSError:
        return ""
    if not names:
        return ""
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    where = "the current folder" if str(folder) == "." else str(folder)
    return f" The .npz files in {where}: {', '.join(names[:limit])}{more}."


def _read_archive(path: Path) -> dict[str, np.ndarray]:
    """Every array in the ``.npz`` file ``path``, or a ``ValueError`` that says what it is."""
    try:
        with open(path, "rb") as file:
            start = file.read(len(_NPY_SIGNATURE))
    except OSError as error:
        raise _os_error(
            error, f"Cannot read {path} ({error.strerror or error}); check its permissions."
        ) from error
    if not start:
        raise ValueError(
            f"{path} is empty (0 bytes): saving it was interrupted, or it is not the file "
            f"you meant. {_SAVE_AGAIN}"
        )
    if start.startswith(_NPY_SIGNATURE):
        raise ValueError(
            f"{path} holds a single array (.npy, written by np.save), not a network. "
            "Network.load reads the .npz files that Network.save writes; load a single array "
            "with np.load."
        )
    if not start.startswith(_ZIP_SIGNATURE):
        raise ValueError(
            f"{path} is not an .npz archive (it starts with {start!r}, not with the bytes of a "
            "zip file), so it is not a file written by nnbook's Network.save, or it is "
            f"damaged. {_SAVE_AGAIN}"
        )
    key = None
    try:
        with np.load(path, allow_pickle=False) as archive:
            key = "format"
            if "format" not in archive.files or _text(archive["format"]) != FILE_FORMAT:
                names = ", ".join(repr(name) for name in archive.files[:10])
                raise _ForeignFileError(
                    f"{path} is not a file written by nnbook's Network.save: it holds the "
                    f"arrays {names or 'none'}. Load it with np.load, or load a file that "
                    "Network.save wrote."
                )
            arrays = {}
            for key in archive.files:
                arrays[key] = archive[key]
    except _ForeignFileError as error:
        raise ValueError(str(error)) from None
    except ValueError as error:
        if "pickle" in str(error) and key is not None:
            raise ValueError(
                f"{path}: {key} is an array of Python objects (stored with pickle). "
                "Network.save never writes those, and Network.load does not unpickle them, "
                "since unpickling a file can run any code it contains. The file was not "
                f"written by Network.save, or was changed afterwards. {_SAVE_AGAIN}"
            ) from None
        raise _damaged(path, key, error) from None
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error, KeyError) as error:
        raise _damaged(path, key, error) from None
    return arrays


class _ForeignFileError(Exception):
    """An intact ``.npz`` that nnbook did not write."""


def _damaged(path: Path, key: str | None, error: BaseException) -> ValueError:
    where = f" (reading {key}: {error})" if key else f" as a zip archive ({error})"
    return ValueError(
        f"{path} is damaged: it starts like an .npz archive but cannot be read{where}. It was "
        f"probably cut short (an interrupted copy or download). {_SAVE_AGAIN}"
    )


def _text(value: np.ndarray) -> str | None:
    """``value`` as a string if it is one 0-d string array, else ``None``."""
    return str(value) if value.shape == () and value.dtype.kind == "U" else None


def _describe(value: np.ndarray) -> str:
    if value.shape == ():
        return f"{value.item()!r} (dtype {value.dtype})"
    return f"an array of shape {value.shape} and dtype {value.dtype}"
