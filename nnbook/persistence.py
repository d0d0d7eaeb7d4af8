"""Saving a trained :class:`~nnbook.Network` to a file, and loading it back.

The file is a numpy ``.npz`` archive: the network's options, as strings, and one array per
weight matrix and bias vector. Loading never unpickles (``allow_pickle=False``), so opening a
file cannot run code hidden in it.

Saving writes a temporary file in the same folder and renames it into place only once it is
complete, so a failed save (a full disk, Ctrl-C) never leaves a broken file behind, nor
destroys the file that was there before.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .messages import say
from .network_checks import check_parameters, layer_sizes

if TYPE_CHECKING:  # for the annotations only: network.py imports this module
    from .network import Network

__all__ = ["load", "save"]

FILE_FORMAT = "nnbook.Network"
FILE_VERSION = 1
OPTIONS = ("hidden", "output", "cost", "init", "dtype")  # one string each in the file


def _save_again() -> str:
    """The fix every message about an unreadable network file ends with."""
    return say("Load the network from another copy, or train it and save the network again.")


def npz_path(path: str | PathLike[str]) -> Path:
    """``path`` with ``.npz`` appended unless it ends so already (as ``numpy.savez`` does)."""
    path = Path(path)
    name = path.name + ".npz"  # not a message: a file name
    return path if path.suffix == ".npz" else path.with_name(name)


# ------------------------------------------------------------------------------------ save


def save(net: Network, path: str | PathLike[str]) -> Path:
    """Save ``net``'s parameters and options to a ``.npz`` file; returns the file written.

    ``.npz`` is appended to ``path`` unless it ends so. The momentum velocities, the random
    generator's state and the history are not saved. The folder must exist already.

    Raises
    ------
    ValueError
        The parameters hold NaN or infinite values (training diverged).
    IsADirectoryError, FileNotFoundError
        ``path`` names a folder, or its folder does not exist.
    OSError
        The file cannot be written (no permission, disk full); no file is left behind, and
        the file that was there before, if any, is unchanged.
    """
    check_parameters(net)
    if str(path).endswith(("/", os.sep)) or Path(path).is_dir():
        raise IsADirectoryError(
            say(
                "{path} names a folder; give a file name such as {example}.",
                path=str(path),
                example=str(Path(path) / "network.npz"),
            )
        )
    target = npz_path(path)
    if not target.parent.is_dir():
        raise FileNotFoundError(
            say(
                "Cannot save to {target}: there is no folder {folder}. Create it first with "
                "Path({folder!r}).mkdir(parents=True), or save somewhere else.",
                target=str(target),
                folder=str(target.parent),
            )
        )
    # same folder: os.replace is one step
    temp = target.with_name(f".{target.name}.tmp")  # not a message: a file name
    try:
        with open(temp, "wb") as out:  # a file object: savez appends no ".npz" to its name
            np.savez(
                out,
                format=np.array(FILE_FORMAT),
                version=np.array(FILE_VERSION),
                sizes=np.array(net.sizes, dtype=np.int64),
                **{key: np.array(str(getattr(net, key))) for key in OPTIONS},
                **{f"W{k}": W for k, W in enumerate(net.weights)},
                **{f"b{k}": b for k, b in enumerate(net.biases)},
            )
        os.replace(temp, target)
    finally:  # after a failure (Ctrl-C included) the temporary file must not stay behind
        temp.unlink(missing_ok=True)
    return target


# ------------------------------------------------------------------------------------ load


def load(cls: type[Network], path: str | PathLike[str]) -> Network:
    """Load a network written by :func:`save`: same options, bit-identical parameters.

    It is the class method ``Network.load(path)``: ``cls`` is the class to build, given by
    Python, so that this module needs no import of :mod:`nnbook.network`. ``path`` may leave
    out the ``.npz`` that :func:`save` appended.

    Raises
    ------
    FileNotFoundError, IsADirectoryError
        No such file, or ``path`` is a folder.
    ValueError
        The file is empty, damaged, was not written by :func:`save` (another ``.npz``, a
        ``.npy``), lacks an array, or holds values a network cannot have; the message names
        the file and says what is wrong.
    """
    path = Path(path)
    if not path.is_file() and npz_path(path).is_file():
        path = npz_path(path)
    if path.is_dir():
        raise IsADirectoryError(
            say(
                "{path} is a folder, not a network file; give the file's name, such as {example}.",
                path=str(path),
                example=str(path / "network.npz"),
            )
        )
    if not path.is_file():
        raise FileNotFoundError(
            say(
                "Cannot load {path}: there is no such file. Check the name (the current folder "
                "is {cwd}).",
                path=str(path),
                cwd=str(Path.cwd()),
            )
        )
    arrays = _read_arrays(path)
    if str(arrays.get("format")) != FILE_FORMAT:
        if arrays:
            raise ValueError(
                say(
                    "{path} is not a file written by nnbook's Network.save: it holds the "
                    "arrays {names}. Load it with np.load instead.",
                    path=str(path),
                    names=", ".join(map(repr, arrays)),
                )
            )
        raise ValueError(
            say(
                "{path} is not a file written by nnbook's Network.save: it holds no arrays. "
                "Load it with np.load instead.",
                path=str(path),
            )
        )
    try:
        if int(arrays["version"]) > FILE_VERSION:
            raise ValueError(
                say(
                    "It has format version {version}, written by a newer nnbook; update "
                    "nnbook to load it.",
                    version=int(arrays["version"]),
                )
            )
        sizes = layer_sizes(arrays["sizes"].tolist(), str(arrays["output"]))
        L = len(sizes) - 1
        # Shapes first: a damaged sizes must not make Network(...) allocate a huge network.
        for k in range(L):
            for key, shape in ((f"W{k}", (sizes[k], sizes[k + 1])), (f"b{k}", (sizes[k + 1],))):
                if arrays[key].shape != shape:
                    raise ValueError(
                        say(
                            "{key} has shape {got}, but sizes {sizes} need {shape}.",
                            key=key,
                            got=str(arrays[key].shape),
                            sizes=sizes,
                            shape=str(shape),
                        )
                    )
        net = cls(sizes, **{key: str(arrays[key]) for key in OPTIONS})
        net.weights = [arrays[f"W{k}"].astype(net.dtype) for k in range(L)]
        net.biases = [arrays[f"b{k}"].astype(net.dtype) for k in range(L)]
        check_parameters(net)
    except KeyError as error:
        raise ValueError(
            say(
                "{path} lacks {key}: the file is damaged or was changed after Network.save "
                "wrote it. {fix}",
                path=str(path),
                key=str(error.args[0]),
                fix=_save_again(),
            )
        ) from None
    except (TypeError, ValueError) as error:
        raise ValueError(
            say(
                "{path} holds no valid network: {error} {fix}",
                path=str(path),
                error=str(error),
                fix=_save_again(),
            )
        ) from None
    return net


def _read_arrays(path: Path) -> dict[str, np.ndarray]:
    """Every array in the ``.npz`` file ``path``, or a ``ValueError`` that says what it is."""
    with open(path, "rb") as file:
        start = file.read(6)
    if not start:
        raise ValueError(
            say(
                "{path} is empty (0 bytes): saving it was interrupted, or it is not the file "
                "you meant. {fix}",
                path=str(path),
                fix=_save_again(),
            )
        )
    if start == b"\x93NUMPY":
        raise ValueError(
            say(
                "{path} holds a single array (.npy, written by np.save), not a network saved "
                "by Network.save; load a single array with np.load.",
                path=str(path),
            )
        )
    if not start.startswith(b"PK\x03\x04"):  # every zip file, so every .npz, starts so
        raise ValueError(
            say(
                "{path} is not an .npz archive, so it is not a file written by Network.save, "
                "or it is damaged. {fix}",
                path=str(path),
                fix=_save_again(),
            )
        )
    try:
        with np.load(path, allow_pickle=False) as archive:
            return {key: archive[key] for key in archive.files}
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as error:
        raise ValueError(
            say(
                "{path} is damaged: it starts like an .npz archive but cannot be read "
                "({error}). It was probably cut short (an interrupted copy or download). {fix}",
                path=str(path),
                error=str(error),
                fix=_save_again(),
            )
        ) from None
