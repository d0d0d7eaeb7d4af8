"""Comparing an answer with the expected value: whether it differs, and how.

:func:`form_problem` says why two values cannot be compared number by number (None, a string,
complex numbers, another shape); :func:`differs` and :func:`mismatch` also compare the numbers,
within tolerances. Each message returns None when there is nothing to say (the usual slips of a
wrong number are in ``_near_miss``). A message is about a *subject*: a call, which
"gave" its result (``sigmoid_prime(0) gave 0.5, expected 0.25``), or a named value, which "is"
(```W` is an array of shape (2, 3)``); each wording is a whole template of its own.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnbook.messages import N_, dtype_kind, say, shown


def is_number_in_quotes(value: Any) -> bool:
    """Whether ``value`` is a string that reads as a number, such as ``"784"``."""
    if not isinstance(value, str):
        return False
    try:
        float(value)
    except ValueError:
        return False
    return True


def _form_kind(got: Any, expected: Any) -> tuple[str, dict[str, Any]] | None:
    """Why ``got`` is not real numbers of ``expected``'s shape, as a kind and the values its
    message shows; None if it is. One decision, said by a call or by a named value below."""
    shape, got_shape = np.shape(expected), np.shape(got)
    if got is None:
        return "none", {}
    if dtype_kind(got) == "c":
        return ("complex number" if got_shape == () else "complex numbers"), {"got": shown(got)}
    if is_number_in_quotes(got):
        return "quoted", {"got": shown(got), "number": got.strip()}
    if dtype_kind(got) not in "biuf":
        if shape == ():
            return "not real", {"got": shown(got)}
        return "not real array", {"got": shown(got), "shape": shape}
    if got_shape == shape:
        return None
    if got_shape == ():
        return "number for array", {"shape": shape}
    if shape == ():
        return "array for number", {"got_shape": got_shape}
    if len(got_shape) == 2 and got_shape == shape[::-1]:
        return "transposed", {"got_shape": got_shape, "shape": shape}
    return "other shape", {"got_shape": got_shape, "shape": shape}


#: Each kind of :func:`_form_kind`, said of a call's result: a clause, to be continued.
SAID_OF_A_CALL = {
    "none": N_("{call} gave None: did you forget the `return`?"),
    "complex number": N_(
        "{call} gave a complex number ({got}), expected a real number: drop the `j` part"
    ),
    "complex numbers": N_(
        "{call} gave complex numbers ({got}), expected real numbers: drop the `j` part"
    ),
    "quoted": N_(
        "{call} gave the text {got}, expected a number: return {number} itself, without quotes"
    ),
    "not real": N_("{call} gave {got}, expected a real number"),
    "not real array": N_("{call} gave {got}, expected an array of real numbers of shape {shape}"),
    "number for array": N_("{call} gave a single number, expected an array of shape {shape}"),
    "array for number": N_("{call} gave an array of shape {got_shape}, expected a single number"),
    "transposed": N_(
        "{call} gave an array of shape {got_shape}, expected an array of shape {shape} "
        "(transposed?)"
    ),
    "other shape": N_(
        "{call} gave an array of shape {got_shape}, expected an array of shape {shape}"
    ),
}

#: Each kind of :func:`_form_kind`, said of a named value: a sentence.
SAID_OF_A_VALUE = {
    "none": N_("`{name}` is None: give it a value (a function without `return` gives None)."),
    "complex number": N_(
        "`{name}` is a complex number ({got}), expected a real number: drop the `j` part."
    ),
    "complex numbers": N_(
        "`{name}` is complex numbers ({got}), expected real numbers: drop the `j` part."
    ),
    "quoted": N_(
        "`{name}` is the text {got}, expected a number: write {number} without the quotes."
    ),
    "not real": N_("`{name}` is {got}, expected a real number."),
    "not real array": N_("`{name}` is {got}, expected an array of real numbers of shape {shape}."),
    "number for array": N_("`{name}` is a single number, expected an array of shape {shape}."),
    "array for number": N_("`{name}` is an array of shape {got_shape}, expected a single number."),
    "transposed": N_(
        "`{name}` is an array of shape {got_shape}, expected an array of shape {shape} "
        "(transposed?)."
    ),
    "other shape": N_(
        "`{name}` is an array of shape {got_shape}, expected an array of shape {shape}."
    ),
}


def _equal(got: Any, expected: Any) -> bool:
    """Strings ignoring case and surrounding spaces, anything else with ``==``."""
    if isinstance(expected, str) and isinstance(got, str):
        got, expected = got.strip().lower(), expected.strip().lower()
    try:
        return bool(got == expected)
    except Exception:
        return False


def form_problem(got: Any, expected: Any, *, call: str = "", name: str = "") -> str | None:
    """Why ``got`` cannot be compared with ``expected`` number by number (None if it can).

    Where ``expected`` is real numbers, ``got`` must be real numbers (not None, a string,
    complex numbers or objects) of its shape. Otherwise strings compare ignoring case and
    surrounding spaces, anything else with ``==``. The message is about ``call`` (a call
    shown as ``f(0.5)``: "... gave ...", a clause without a full stop, to be continued) or
    ``name`` (a value's name, "... is ...", a sentence); give one of them.
    """
    if dtype_kind(expected) not in "biuf":
        if _equal(got, expected):
            return None
        if call:
            return say(
                "{call} gave {got}, expected {expected}",
                call=call,
                got=shown(got),
                expected=shown(expected),
            )
        return say(
            "`{name}` is {got}, expected {expected}.",
            name=name,
            got=shown(got),
            expected=shown(expected),
        )
    found = _form_kind(got, expected)
    if found is None:
        return None
    kind, values = found
    if call:
        return say(SAID_OF_A_CALL[kind], call=call, **values)
    return say(SAID_OF_A_VALUE[kind], name=name, **values)


def comparable(got: Any, expected: Any) -> bool:
    """Whether ``got`` is real numbers of the shape of ``expected`` (real numbers too): the
    case where :func:`form_problem` has nothing to say."""
    return got is not None and dtype_kind(got) in "biuf" and np.shape(got) == np.shape(expected)


def close(got: Any, expected: Any, rtol: float, atol: float) -> np.ndarray:
    """Elementwise ``|got - expected| <= atol + rtol * |expected|``; nan equals nan."""
    with np.errstate(invalid="ignore", over="ignore"):
        return np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)


def differs(got: Any, expected: Any, rtol: float, atol: float) -> bool:
    """Whether ``got`` differs from ``expected``: a :func:`form_problem`, or numbers that do
    not agree within ``|got - expected| <= atol + rtol * |expected|`` element by element (nan
    only where nan is expected)."""
    if dtype_kind(expected) not in "biuf":
        return not _equal(got, expected)
    return not (comparable(got, expected) and close(got, expected, rtol, atol).all())


def mismatch(got: Any, expected: Any, rtol: float, atol: float, call: str) -> str | None:
    """Why the result ``got`` of ``call`` differs from ``expected`` (None if it matches), as
    a clause to be continued: ``sigmoid_prime(0) gave 0.5, expected 0.25``."""
    problem = form_problem(got, expected, call=call)
    if problem is not None or dtype_kind(expected) not in "biuf":
        return problem
    agrees = close(got, expected, rtol, atol)
    if agrees.all():
        return None
    got_array, expected_array = np.asarray(got), np.asarray(expected)
    index = tuple(int(i) for i in np.argwhere(~agrees)[0])
    got_there, expected_there = got_array[index], expected_array[index]
    if got_array.size <= 4 and got_array.ndim <= 1:
        if np.isnan(got_there):
            return say(
                "{call} gave {got}, expected {expected} (nan: an overflow, or 0/0 somewhere?)",
                call=call,
                got=shown(got),
                expected=shown(expected),
            )
        return say(
            "{call} gave {got}, expected {expected}",
            call=call,
            got=shown(got),
            expected=shown(expected),
        )
    if np.isnan(got_there):
        return say(
            "{call} gave nan at index {index}, expected {expected} (an overflow, or 0/0 "
            "somewhere?)",
            call=call,
            index=index,
            expected=expected_there,
        )
    return say(
        "{call} gave {got} at index {index}, expected {expected}",
        call=call,
        got=got_there,
        index=index,
        expected=expected_there,
    )
