"""Input checks shared by the public functions of nnbook.

Every check runs once, at the public boundary, and raises ``ValueError`` or ``TypeError``
with a message that says what was expected, what came, and how to fix it. The math inside
the package can then stay free of checks.

These helpers are private (the leading underscore), but every nnbook module may use them.
"""

from __future__ import annotations

import numbers
import os
import sys
import warnings
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from .messages import say, translated

FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def check_choice(value: Any, name: str, choices: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``choices``; otherwise raise ``ValueError``."""
    choices = tuple(choices)
    if not isinstance(value, str) or value not in choices:
        options = ", ".join(repr(c) for c in choices)
        raise ValueError(
            say(
                "Unknown {name}={value!r}; expected one of {options}.",
                name=name,
                value=value,
                options=options,
            )
        )
    return value


#: Names that start with this are never registered (activations, costs, initializations), so
#: that error tests can name something that cannot exist.
UNREGISTRABLE_PREFIX = "no_such_"


def check_new_name(name: Any, registry: Mapping[str, Any], registry_name: str, example: str) -> str:
    """``name`` for a new entry of ``registry`` (called ``registry_name`` in the messages, such
    as ``"ACTIVATIONS"``): a Python identifier such as ``example``, not registered yet, not
    starting with :data:`UNREGISTRABLE_PREFIX`. The one rule of every registry."""
    if (
        not isinstance(name, str)
        or not name.isidentifier()
        or name.startswith(UNREGISTRABLE_PREFIX)
    ):
        raise ValueError(
            say(
                "A name in {registry} must be a Python identifier such as {example!r}, not "
                "starting with {prefix!r}; got {name!r}. Choose a name like that.",
                registry=registry_name,
                example=example,
                prefix=UNREGISTRABLE_PREFIX,
                name=name,
            )
        )
    if name in registry:
        raise ValueError(
            say(
                "{registry} has an entry named {name!r} already; choose another name, or remove "
                "the old one first with del {registry}[{name!r}].",
                registry=registry_name,
                name=name,
            )
        )
    return name


def check_int(value: Any, name: str, *, minimum: int = 1, maximum: int | None = None) -> int:
    """Return ``value`` as an ``int`` if it is an integer ``>= minimum`` (and ``<= maximum``)."""
    wrong_type = isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral)
    if not wrong_type and minimum <= value and (maximum is None or value <= maximum):
        return int(value)
    values = {"name": name, "minimum": minimum, "value": value}
    if wrong_type and maximum is None:
        message = say(
            "{name} must be an integer >= {minimum}; got {value!r} of type {kind}.",
            kind=type(value).__name__,
            **values,
        )
    elif wrong_type:
        message = say(
            "{name} must be an integer from {minimum} to {maximum}; got {value!r} of type {kind}.",
            kind=type(value).__name__,
            maximum=maximum,
            **values,
        )
    elif maximum is None:
        message = say("{name} must be an integer >= {minimum}; got {value}.", **values)
    else:
        message = say(
            "{name} must be an integer from {minimum} to {maximum}; got {value}.",
            maximum=maximum,
            **values,
        )
    raise (TypeError if wrong_type else ValueError)(message)


def check_bool(value: Any, name: str) -> bool:
    """Return ``value`` if it is ``True`` or ``False`` (a numpy bool too); a string such as
    ``"False"`` is refused, since it would count as true."""
    if not isinstance(value, (bool, np.bool_)):
        if isinstance(value, str):
            raise TypeError(
                say(
                    "{name} must be True or False (without quotes); got {value!r}.",
                    name=name,
                    value=value,
                )
            )
        raise TypeError(say("{name} must be True or False; got {value!r}.", name=name, value=value))
    return bool(value)


def check_real(value: Any, name: str) -> float:
    """``value`` as a float if it is a real number (an int or a float, numpy's too); a bool, a
    string or a complex number is a ``TypeError`` (a complex one says to drop its imaginary
    part). No range: :func:`check_float` adds one."""
    if isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real):
        raise TypeError(
            say(
                "{name} must be a real number; got the complex number {value}. Drop the "
                "imaginary part ({name}={real}) if it is meant to be 0.",
                name=name,
                value=value,
                real=value.real,
            )
        )
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise TypeError(
            say(
                "{name} must be a number; got {value!r} of type {kind}.",
                name=name,
                value=value,
                kind=type(value).__name__,
            )
        )
    return float(value)


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
    value = check_real(value, name)
    low_ok = value > minimum if strict else value >= minimum
    high_ok = maximum is None or value < maximum
    if not (np.isfinite(value) and low_ok and high_ok):
        values = {"name": name, "minimum": minimum, "value": value}
        if maximum is None and strict:
            message = say("{name} must be a finite number > {minimum!r}; got {value!r}.", **values)
        elif maximum is None:
            message = say("{name} must be a finite number >= {minimum!r}; got {value!r}.", **values)
        elif strict:
            message = say(
                "{name} must be a finite number > {minimum!r} and < {maximum!r}; got {value!r}.",
                maximum=maximum,
                **values,
            )
        else:
            message = say(
                "{name} must be a finite number >= {minimum!r} and < {maximum!r}; got {value!r}.",
                maximum=maximum,
                **values,
            )
        raise ValueError(message)
    return value


def make_rng(seed: Any, name: str = "seed", *, allow_none: bool = True) -> np.random.Generator:
    """The one way nnbook turns a seed into a random generator.

    ``seed`` is a non-negative integer, a ``numpy.random.Generator`` (returned as it is, so
    that several calls can share one generator) or, where ``allow_none``, ``None`` for fresh
    randomness. A wrong type raises ``TypeError``, a negative integer ``ValueError``.
    """
    if isinstance(seed, np.random.Generator) or (seed is None and allow_none):
        return np.random.default_rng(seed) if seed is None else seed
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral):
        values = {"name": name, "seed": seed, "kind": type(seed).__name__}
        if allow_none:
            raise TypeError(
                say(
                    "{name} must be None, a non-negative integer or a numpy.random.Generator; "
                    "got {seed!r} of type {kind}. Pass {name}=0 (any non-negative integer) for "
                    "results you can reproduce.",
                    **values,
                )
            )
        raise TypeError(
            say(
                "{name} must be a non-negative integer or a numpy.random.Generator; got {seed!r} "
                "of type {kind}. Pass {name}=0 (any non-negative integer) for results you can "
                "reproduce.",
                **values,
            )
        )
    if seed < 0:
        raise ValueError(
            say("{name} must be a non-negative integer; got {seed}.", name=name, seed=seed)
        )
    return np.random.default_rng(int(seed))


def check_dtype(dtype: Any) -> np.dtype:
    """Return ``np.dtype(dtype)`` if it is float32 or float64."""
    try:
        result = np.dtype(dtype)
    except TypeError:
        result = None
    if result is None or result not in FLOAT_DTYPES:  # (dtype == None is True for float64)
        raise ValueError(say("dtype must be np.float32 or np.float64; got {dtype!r}.", dtype=dtype))
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
    layout: str = "(n_samples, n_features)",
    columns_hint: str = "",
    n_rows: int | None = None,
) -> np.ndarray:
    """Return ``X`` as a finite 2-D array of ``dtype``, shape ``(n_rows, n_columns)``.

    ``layout`` is the shape the messages show, in code (``"(n_samples, n_outputs)"``);
    ``columns_hint``, a whole sentence made by ``say``, ends the message about a wrong number of
    columns. No copy is made when ``X`` already is such an array.
    """
    if isinstance(X, np.ndarray):
        array = X
    else:
        try:
            array = np.asarray(X)
        except ValueError as error:  # ragged nested lists
            raise ValueError(
                say(
                    "{name} must be a rectangular 2-D array {layout}; could not convert it: "
                    "{error}",
                    name=name,
                    layout=layout,
                    error=str(error),
                )
            ) from None
    shape = str(array.shape)
    if array.dtype.kind not in "biuf":
        raise TypeError(
            say(
                "{name} must hold numbers; got an array of dtype {dtype}. Convert it with "
                "np.asarray({name}, dtype=float).",
                name=name,
                dtype=str(array.dtype),
            )
        )
    if array.ndim == 1:
        raise ValueError(
            say(
                "{name} must be 2-D {layout}; got shape {shape}. Use {name}.reshape(1, -1) for "
                "a single example.",
                name=name,
                layout=layout,
                shape=shape,
            )
        )
    if array.ndim > 2:
        raise ValueError(
            say(
                "{name} must be 2-D {layout}; got shape {shape}. Use "
                "{name}.reshape(len({name}), -1) to flatten each example.",
                name=name,
                layout=layout,
                shape=shape,
            )
        )
    if array.ndim != 2:
        raise ValueError(
            say(
                "{name} must be 2-D {layout}; got shape {shape}.",
                name=name,
                layout=layout,
                shape=shape,
            )
        )
    if n_rows is not None and array.shape[0] != n_rows:
        raise ValueError(
            say(
                "{name} must have {n_rows} rows (one per example), like X; got shape {shape}.",
                name=name,
                n_rows=n_rows,
                shape=shape,
            )
        )
    if n_columns is not None and array.shape[1] != n_columns:
        values = {"name": name, "n_columns": n_columns, "layout": layout, "shape": shape}
        if columns_hint:
            raise ValueError(
                say(
                    "{name} must have {n_columns} columns {layout}; got shape {shape}. {hint}",
                    hint=columns_hint,
                    **values,
                )
            )
        raise ValueError(
            say("{name} must have {n_columns} columns {layout}; got shape {shape}.", **values)
        )
    if array.shape[0] == 0:
        raise ValueError(
            say("{name} must hold at least one example; got shape {shape}.", name=name, shape=shape)
        )
    array = np.asarray(array, dtype=dtype)
    if not all_finite(array):
        raise ValueError(
            say(
                "{name} contains NaN or infinite values; find them with "
                "np.argwhere(~np.isfinite({name})) and fix or drop those rows.",
                name=name,
            )
        )
    return array


def check_labels(
    labels: Any, name: str, *, n_classes: int, n_rows: int | None = None
) -> np.ndarray:
    """Return ``labels`` as a 1-D ``int64`` array of values in ``[0, n_classes)``."""
    array = np.asarray(labels)
    shape = str(array.shape)
    if array.ndim == 2:
        raise ValueError(
            say(
                "{name} must be 1-D (n_samples,); got shape {shape}. If these are one-hot "
                "targets, use {name}.argmax(axis=1).",
                name=name,
                shape=shape,
            )
        )
    if array.ndim != 1:
        raise ValueError(
            say("{name} must be 1-D (n_samples,); got shape {shape}.", name=name, shape=shape)
        )
    if array.dtype.kind not in "iu":  # bool (kind "b") is refused too
        dtype = str(array.dtype)
        if array.dtype.kind == "f" and np.all(np.mod(array, 1) == 0):
            raise TypeError(
                say(
                    "{name} must be integers; got dtype {dtype}. They look whole: use "
                    "{name}.astype(int).",
                    name=name,
                    dtype=dtype,
                )
            )
        raise TypeError(
            say(
                "{name} must be integers; got dtype {dtype}. Labels are class numbers 0, 1, "
                "2, ...; targets are matrices (see one_hot).",
                name=name,
                dtype=dtype,
            )
        )
    if n_rows is not None and array.shape[0] != n_rows:
        raise ValueError(
            say(
                "{name} must have one label per example ({n_rows}); got {count}.",
                name=name,
                n_rows=n_rows,
                count=array.shape[0],
            )
        )
    if array.size and (array.min() < 0 or array.max() >= n_classes):
        bad = array[(array < 0) | (array >= n_classes)][0]
        raise ValueError(
            say(
                "{name} must lie in [0, {last}] ({n_classes} classes); got {bad}.",
                name=name,
                last=n_classes - 1,
                n_classes=n_classes,
                bad=bad,
            )
        )
    return array.astype(np.int64, copy=False)


# ----------------------------------------------------------------------------- costs


def real_array(X: Any, name: str, *, domain: str) -> np.ndarray:
    """``X`` as an array of real numbers; integers and booleans become float64, floats keep
    their precision. A string, ``None``, complex numbers or objects are refused; ``domain`` is
    the whole sentence, made by ``say``, that tells why ("A cost compares real outputs with real
    targets.")."""
    if X is None:
        raise TypeError(
            say(
                "{name} must be a number or an array of numbers; got None. Did a function you "
                "wrote forget its return statement?",
                name=name,
            )
        )
    if isinstance(X, (str, bytes)):
        raise TypeError(
            say(
                "{name} must be a number or an array of numbers; got the string {X!r}. Write the "
                "number itself (3.0, not '3'), or convert text with float(...).",
                name=name,
                X=X,
            )
        )
    try:
        array = np.asarray(X)
    except ValueError as error:  # ragged nested lists
        raise ValueError(
            say(
                "{name} must be a rectangular array; could not convert it: {error}",
                name=name,
                error=str(error),
            )
        ) from None
    if array.dtype.kind == "c":
        raise TypeError(
            say(
                "{name} must hold real numbers; got complex numbers (dtype {dtype}). {domain} "
                "Use {name}.real if the imaginary parts are meant to be 0.",
                name=name,
                dtype=str(array.dtype),
                domain=domain,
            )
        )
    if array.dtype.kind not in "biuf":
        raise TypeError(
            say(
                "{name} must be a number or an array of numbers; got {kind} with dtype {dtype}. "
                "Convert it with np.asarray({name}, dtype=float).",
                name=name,
                kind=type(X).__name__,
                dtype=str(array.dtype),
            )
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
    cost = translated(cost)  # its name, marked with N_ where it is written (costs.py)
    domain = say("A cost compares real outputs with real targets.")
    P = real_array(P, p_name, domain=domain)
    Y = real_array(Y, "Y", domain=domain)
    if P.ndim != 2:
        raise ValueError(
            say(
                "{p_name} must be 2-D (n_samples, n_outputs), one row per example; got shape "
                "{shape}. For one example with several outputs use {p_name}.reshape(1, -1) (and "
                "the same for Y); for several examples of one output neuron, "
                "{p_name}.reshape(-1, 1).",
                p_name=p_name,
                shape=str(P.shape),
            )
        )
    if Y.shape != P.shape:
        n, k = P.shape
        values = {"p_name": p_name, "p_shape": str(P.shape), "y_shape": str(Y.shape)}
        if Y.ndim == 1 and len(Y) == n and k == 1:
            message = say(
                "{p_name} and Y must have the same shape (n_samples, n_outputs); Y has shape "
                "{y_shape} but {p_name} has shape {p_shape}: they would broadcast to ({n}, {n}) "
                "and give a wrong {cost}. Use Y.reshape(-1, 1).",
                n=n,
                cost=cost,
                **values,
            )
        elif Y.ndim == 1 and len(Y) == n or Y.ndim == 2 and Y.shape == (n, 1) and k > 1:
            message = say(
                "{p_name} and Y must have the same shape (n_samples, n_outputs); Y has shape "
                "{y_shape} but {p_name} has shape {p_shape}. If Y holds class labels, turn them "
                "into one-hot targets with nnbook.one_hot(labels, {k}).",
                k=k,
                **values,
            )
        elif Y.ndim == 2 and len(Y) != n:
            message = say(
                "{p_name} and Y must have the same shape (n_samples, n_outputs); {p_name} has "
                "{n} rows but Y has {n_y}: give one row of targets per example, in the same "
                "order.",
                p_name=p_name,
                n=n,
                n_y=len(Y),
            )
        else:
            message = say(
                "{p_name} and Y must have the same shape (n_samples, n_outputs); got {p_name} "
                "of shape {p_shape} and Y of shape {y_shape}.",
                **values,
            )
        raise ValueError(message)
    if P.size == 0:
        raise ValueError(
            say(
                "{p_name} and Y hold no numbers (shape {shape}): the mean {cost} of no examples "
                "is undefined. Pass at least one example with at least one output.",
                p_name=p_name,
                shape=str(P.shape),
                cost=cost,
            )
        )
    check_targets(Y, cost, unit_interval=unit_targets, rows_sum_to_1=rows_sum_to_1)
    return P, Y


def check_targets(Y: np.ndarray, cost: str, *, unit_interval: bool, rows_sum_to_1: bool) -> None:
    """The cross-entropies' rules for a target matrix ``Y`` ``(n, k)``: every target in
    [0, 1] (they are probabilities), and for the softmax one every row summing to 1."""
    k = Y.shape[1]
    if unit_interval and (Y.min() < 0 or Y.max() > 1):
        values = {"cost": cost, "low": float(Y.min()), "high": float(Y.max())}
        if k > 1:
            raise ValueError(
                say(
                    "Y must lie in [0, 1] for the {cost}: every target is a probability; got "
                    "values from {low:g} to {high:g}. For class labels use "
                    "nnbook.one_hot(labels, {k}).",
                    k=k,
                    **values,
                )
            )
        raise ValueError(
            say(
                "Y must lie in [0, 1] for the {cost}: every target is a probability; got values "
                "from {low:g} to {high:g}. One output neuron's target is 0 or 1 (or in between).",
                **values,
            )
        )
    if rows_sum_to_1:
        sums = Y.sum(axis=1)
        tolerance = 1e-4 if Y.dtype == np.float32 else 1e-8
        if not np.allclose(sums, 1.0, rtol=0.0, atol=tolerance):
            bad = int(np.argmax(np.abs(sums - 1.0)))
            raise ValueError(
                say(
                    "Every row of Y must sum to 1 for the softmax {cost} (one-hot rows, or "
                    "probabilities); row {bad} sums to {total:g}. For class labels use "
                    "nnbook.one_hot(labels, {k}).",
                    cost=cost,
                    bad=bad,
                    total=float(sums[bad]),
                    k=k,
                )
            )


# -------------------------------------------------------------------------- warnings


def warn_learner(message: str, category: type[Warning]) -> None:
    """``warnings.warn(message, category)``, pointing at the learner's own line: the first
    caller outside the nnbook package, however deep inside it the warning was raised."""
    package = os.path.dirname(os.path.abspath(__file__)) + os.sep
    frame, stacklevel = sys._getframe(1), 2
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(package):
        frame, stacklevel = frame.f_back, stacklevel + 1
    warnings.warn(message, category, stacklevel=stacklevel)
