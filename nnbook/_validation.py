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


def check_int(value: Any, name: str, *, minimum: int = 1, maximum: int | None = None) -> int:
    """Return ``value`` as an ``int`` if it is an integer ``>= minimum`` (and ``<= maximum``)."""
    rule = f">= {minimum}" if maximum is None else f"from {minimum} to {maximum}"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{name} must be an integer {rule}; got {value!r} of type {type(value).__name__}."
        )
    if value < minimum or (maximum is not None and value > maximum):
        raise ValueError(f"{name} must be an integer {rule}; got {value}.")
    return int(value)


def check_bool(value: Any, name: str) -> bool:
    """Return ``value`` if it is ``True`` or ``False`` (a numpy bool too); a string such as
    ``"False"`` is refused, since it would count as true."""
    if not isinstance(value, (bool, np.bool_)):
        quotes = " (without quotes)" if isinstance(value, str) else ""
        raise TypeError(f"{name} must be True or False{quotes}; got {value!r}.")
    return bool(value)


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


def make_rng(seed: Any, name: str = "seed", *, allow_none: bool = True) -> np.random.Generator:
    """The one way nnbook turns a seed into a random generator.

    ``seed`` is a non-negative integer, a ``numpy.random.Generator`` (returned as it is, so
    that several calls can share one generator) or, where ``allow_none``, ``None`` for fresh
    randomness. A wrong type raises ``TypeError``, a negative integer ``ValueError``.
    """
    if isinstance(seed, np.random.Generator) or (seed is None and allow_none):
        return np.random.default_rng(seed) if seed is None else seed
    expected = "a non-negative integer or a numpy.random.Generator"
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral):
        expected = ("None, " if allow_none else "") + expected
        raise TypeError(
            f"{name} must be {expected}; got {seed!r} of type {type(seed).__name__}. "
            f"Pass {name}=0 (any non-negative integer) for results you can reproduce."
        )
    if seed < 0:
        raise ValueError(f"{name} must be a non-negative integer; got {seed}.")
    return np.random.default_rng(int(seed))


def check_dtype(dtype: Any) -> np.dtype:
    """Return ``np.dtype(dtype)`` if it is float32 or float64."""
    try:
        result = np.dtype(dtype)
    except TypeError:
        result = None
    if result is None or result not in FLOAT_DTYPES:  # (dtype == None is True for float64)
        raise ValueError(f"dtype must be np.float32 or np.float64; got {dtype!r}.")
    return result


def all_finite(A: np.ndarray) -> bool:
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
    if not all_finite(array):
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


# ----------------------------------------------------------------------------- costs


def real_array(X: Any, name: str, *, domain: str) -> np.ndarray:
    """``X`` as an array of real numbers; integers and booleans become float64, floats keep
    their precision. A string, ``None``, complex numbers or objects are refused, the message
    saying why with ``domain`` ("a cost compares real outputs with real targets")."""
    if X is None:
        raise TypeError(
            f"{name} must be a number or an array of numbers; got None. Did a function you "
            "wrote forget its return statement?"
        )
    if isinstance(X, (str, bytes)):
        raise TypeError(
            f"{name} must be a number or an array of numbers; got the string {X!r}. Write the "
            "number itself (3.0, not '3'), or convert text with float(...)."
        )
    try:
        array = np.asarray(X)
    except ValueError as error:  # ragged nested lists
        raise ValueError(
            f"{name} must be a rectangular array; could not convert it: {error}"
        ) from None
    if array.dtype.kind == "c":
        raise TypeError(
            f"{name} must hold real numbers; got complex numbers (dtype {array.dtype}). "
            f"{domain}: use {name}.real if the imaginary parts are meant to be 0."
        )
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"{name} must be a number or an array of numbers; got {type(X).__name__} with "
            f"dtype {array.dtype}. Convert it with np.asarray({name}, dtype=float)."
        )
    return array if array.dtype.kind == "f" else array.astype(np.float64)


def check_cost_inputs(
    P: Any,
    Y: Any,
    p_name: str,
    *,
    cost: str,
    unit_targets: bool = False,
    rows_sum_to_1: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Check the two arguments of a cost or its gradient: outputs (or weighted inputs) ``P``
    and targets ``Y``, both 2-D ``(n_samples, n_outputs)`` of the same shape, real numbers.

    ``unit_targets``: every target must lie in [0, 1] (the cross-entropies); ``rows_sum_to_1``:
    every row of ``Y`` must sum to 1 (the softmax cross-entropy).
    """
    domain = "A cost compares real outputs with real targets"
    P = real_array(P, p_name, domain=domain)
    Y = real_array(Y, "Y", domain=domain)
    if P.ndim != 2:
        raise ValueError(
            f"{p_name} must be 2-D (n_samples, n_outputs), one row per example; got shape "
            f"{P.shape}. For one example with several outputs use {p_name}.reshape(1, -1) (and "
            f"the same for Y); for several examples of one output neuron, {p_name}.reshape(-1, 1)."
        )
    if Y.shape != P.shape:
        n, k = P.shape
        if Y.ndim == 1 and len(Y) == n and k == 1:
            fix = (
                f"Y has shape {Y.shape} but {p_name} has shape {P.shape}: they would broadcast "
                f"to ({n}, {n}) and give a wrong {cost}. Use Y.reshape(-1, 1)."
            )
        elif Y.ndim == 1 and len(Y) == n or Y.ndim == 2 and Y.shape == (n, 1) and k > 1:
            fix = (
                f"Y has shape {Y.shape} but {p_name} has shape {P.shape}. If Y holds class "
                f"labels, turn them into one-hot targets with nnbook.one_hot(labels, {k})."
            )
        elif Y.ndim == 2 and len(Y) != n:
            fix = (
                f"{p_name} has {n} rows but Y has {len(Y)}: give one row of targets per "
                "example, in the same order."
            )
        else:
            fix = f"got {p_name} of shape {P.shape} and Y of shape {Y.shape}."
        raise ValueError(f"{p_name} and Y must have the same shape (n_samples, n_outputs); {fix}")
    if P.size == 0:
        raise ValueError(
            f"{p_name} and Y hold no numbers (shape {P.shape}): the mean {cost} of no examples "
            "is undefined. Pass at least one example with at least one output."
        )
    check_targets(Y, cost, unit_interval=unit_targets, rows_sum_to_1=rows_sum_to_1)
    return P, Y


def check_targets(Y: np.ndarray, cost: str, *, unit_interval: bool, rows_sum_to_1: bool) -> None:
    """The cross-entropies' rules for a target matrix ``Y`` ``(n, k)``: every target in
    [0, 1] (they are probabilities), and for the softmax one every row summing to 1."""
    k = Y.shape[1]
    labels_fix = f"For class labels use nnbook.one_hot(labels, {k})."
    if unit_interval and (Y.min() < 0 or Y.max() > 1):
        fix = labels_fix if k > 1 else "One output neuron's target is 0 or 1 (or in between)."
        raise ValueError(
            f"Y must lie in [0, 1] for the {cost}: every target is a probability; got values "
            f"from {Y.min():g} to {Y.max():g}. {fix}"
        )
    if rows_sum_to_1:
        sums = Y.sum(axis=1)
        tolerance = 1e-4 if Y.dtype == np.float32 else 1e-8
        if not np.allclose(sums, 1.0, rtol=0.0, atol=tolerance):
            bad = int(np.argmax(np.abs(sums - 1.0)))
            raise ValueError(
                f"Every row of Y must sum to 1 for the softmax {cost} (one-hot rows, or "
                f"probabilities); row {bad} sums to {sums[bad]:g}. {labels_fix}"
            )
