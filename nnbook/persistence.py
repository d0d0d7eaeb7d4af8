"""Saving a trained :class:`~nnbook.Network` to a file, and loading it back.

The file is a numpy ``.npz`` archive (no pickle, so loading a file cannot run code): the
network's options and one array per weight matrix and bias vector.
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np

from ._validation import check_parameters

__all__ = ["load", "save"]

FILE_FORMAT = "nnbook.Network"
FILE_VERSION = 1


def npz_path(path: str | PathLike[str]) -> Path:
    """``path`` with ``.npz`` appended unless it ends so already (as ``numpy.savez`` does)."""
    path = Path(path)
    return path if path.suffix == ".npz" else path.with_name(path.name + ".npz")


def save(net: Any, path: str | PathLike[str]) -> Path:
    """Save ``net``'s parameters and options to a ``.npz`` file; returns the file written.

    ``.npz`` is appended to ``path`` unless it ends so. The momentum velocities, the random
    generator's state and the history are not saved.
    """
    check_parameters(net)
    path = npz_path(path)
    arrays = {f"W{k}": W for k, W in enumerate(net.weights)}
    arrays |= {f"b{k}": b for k, b in enumerate(net.biases)}
    np.savez(
        path,
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
    return path


def load(path: str | PathLike[str]) -> Any:
    """Load a network written by :func:`save`: same options, bit-identical parameters."""
    from .network import Network

    path = Path(path)
    if not path.exists() and npz_path(path).exists():
        path = npz_path(path)
    with np.load(path, allow_pickle=False) as data:
        if "format" not in data.files or str(data["format"]) != FILE_FORMAT:
            raise ValueError(f"{path} is not a file written by nnbook's Network.save.")
        options = {key: str(data[key]) for key in ("hidden", "output", "cost", "init")}
        net = Network([int(s) for s in data["sizes"]], dtype=str(data["dtype"]), **options)
        for k in range(len(net.weights)):
            for params, key in ((net.weights, f"W{k}"), (net.biases, f"b{k}")):
                saved = data[key]
                if saved.shape != params[k].shape:
                    raise ValueError(
                        f"{path}: {key} has shape {saved.shape}, but sizes "
                        f"{net.sizes} need {params[k].shape}; the file is damaged."
                    )
                params[k] = saved.astype(net.dtype)
    return net
