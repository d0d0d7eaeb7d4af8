"""Input checks shared by the public functions of nnbook.

Every check runs once, at the public boundary, and raises ``ValueError`` or ``TypeError``
with a message that says what was expected, what came, and how to fix it. The math inside
the package can then stay free of checks.

These helpers are private (the leading underscore), but every nnbook module may use them.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from typing import Any

import numpy as np

FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def check_choice(value: Any, name: str, choices: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``choices``; otherwise raise ``ValueError``."""
    choices = tuple(choices)
    if not isinstance(value, str) or value not in choices:
        options = ", ".join(repr(c) for c in choices)
        raise ValueError(f"Unknown {name}={value!r}; expected one of {options}.")
    return value


def check_int(value: Any, name: str, *, minimum: int = 1) -> int:
    """Return ``value`` as an ``int`` if it is an integer ``>= minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{name} must be an integer >= {minimum}; got {value!r} of type {type(value).__name__}."
        )
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}; got {value}.")
    return int(value)


def check_float(
    value: Any,
    name: str,
    *,
    minimum: float = 0.0,
    strict: bool = False,
    maximum: float | None = None,
) -> float:
    """Return ``value`` as a finite ``float`` with ``value >= minimum`` (``>`` if ``strict``).

    ``maximum``, when given, is an exclusive upper bound.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number; got {value!r} of type {type(value).__name__}.")
    value = float(value)
    low_ok = value > minimum if strict else value >= minimum
    high_ok = maximum is None or value < maximum
    if not (np.isfinite(value) and low_ok and high_ok):
        rule = f"> {minimum}" if strict else f">= {minimum}"
        if maximum is not None:
            rule += f" and < {maximum}"
        raise ValueError(f"{name} must be a finite number {rule}; got {value}.")
    return value


def check_dtype(dtype: Any) -> np.dtype:
    """Return ``np.dtype(dtype)`` if it is float32 or float64."""
    try:
        result = np.dtype(dtype)
    except TypeError:
        result = None
    if result not in FLOAT_DTYPES:
        raise ValueError(f"dtype must be np.float32 or np.float64; got {dtype!r}.")
    return result


def _all_finite(A: np.ndarray) -> bool:
    # A finite sum proves every entry is finite (NaN and inf both spread through a sum) and
    # costs no temporary array. Only if the sum is not finite (a NaN/inf, or an overflow of
    # huge but finite values) do we look entry by entry; the overflow is then expected.
    with np.errstate(over="ignore", invalid="ignore"):
        if np.isfinite(np.sum(A)):
            return True
    return bool(np.isfinite(A).all())


def check_matrix(
    X: Any,
    name: str,
    *,
    dtype: np.dtype,
    n_columns: int | None = None,
    columns: str = "features",
    columns_hint: str = "",
    n_rows: int | None = None,
) -> np.ndarray:
    """Return ``X`` as a finite 2-D array of ``dtype``, shape ``(n_rows, n_columns)``.

    ``columns`` names what the columns are (the message says ``(n_samples, n_<columns>)``);
    ``columns_hint`` is appended to the message about a wrong number of columns. No copy is
    made when ``X`` already is such an array.
    """
    if isinstance(X, np.ndarray):
        array = X
    else:
        try:
            array = np.asarray(X)
        except ValueError as error:  # ragged nested lists
            raise ValueError(
                f"{name} must be a rectangular 2-D array (n_samples, n_{columns}); "
                f"could not convert it: {error}"
            ) from None
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"{name} must hold numbers; got an array of dtype {array.dtype}. "
            f"Convert it with np.asarray({name}, dtype=float)."
        )
    if array.ndim != 2:
        hint = (
            f" Use {name}.reshape(1, -1) for a single example."
            if array.ndim == 1
            else f" Use {name}.reshape(len({name}), -1) to flatten each example."
            if array.ndim > 2
            else ""
        )
        raise ValueError(
            f"{name} must be 2-D (n_samples, n_{columns}); got shape {array.shape}.{hint}"
        )
    if n_rows is not None and array.shape[0] != n_rows:
        raise ValueError(
            f"{name} must have {n_rows} rows (one per example), like X; got shape {array.shape}."
        )
    if n_columns is not None and array.shape[1] != n_columns:
        raise ValueError(
            f"{name} must have {n_columns} columns ({columns}); got shape {array.shape}."
            f"{columns_hint}"
        )
    if array.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one example; got shape {array.shape}.")
    array = np.asarray(array, dtype=dtype)
    if not _all_finite(array):
        raise ValueError(
            f"{name} contains NaN or infinite values; "
            f"find them with np.argwhere(~np.isfinite({name})) and fix or drop those rows."
        )
    return array


def check_labels(
    labels: Any, name: str, *, n_classes: int, n_rows: int | None = None
) -> np.ndarray:
    """Return ``labels`` as a 1-D ``int64`` array of values in ``[0, n_classes)``."""
    array = np.asarray(labels)
    if array.ndim != 1:
        hint = (
            f" If these are one-hot targets, use {name}.argmax(axis=1)." if array.ndim == 2 else ""
        )
        raise ValueError(f"{name} must be 1-D (n_samples,); got shape {array.shape}.{hint}")
    if array.dtype.kind not in "iu":  # bool (kind "b") is refused too
        if array.dtype.kind == "f" and np.all(np.mod(array, 1) == 0):
            hint = f" They look whole: use {name}.astype(int)."
        else:
            hint = " Labels are class numbers 0, 1, 2, ...; targets are matrices (see one_hot)."
        raise TypeError(f"{name} must be integers; got dtype {array.dtype}.{hint}")
    if n_rows is not None and array.shape[0] != n_rows:
        raise ValueError(
            f"{name} must have one label per example ({n_rows}); got {array.shape[0]}."
        )
    if array.size and (array.min() < 0 or array.max() >= n_classes):
        bad = array[(array < 0) | (array >= n_classes)][0]
        raise ValueError(
            f"{name} must lie in [0, {n_classes - 1}] ({n_classes} classes); got {bad}."
        )
    return array.astype(np.int64, copy=False)
