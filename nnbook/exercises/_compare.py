"""Comparing an answer with the expected value, and naming how a wrong number is wrong.

:func:`form_problem` says why two values cannot be compared number by number (None, a string,
complex numbers, another shape); :func:`mismatch` also compares the numbers, within tolerances;
:func:`near_miss` recognises the usual slips (the sign, ``n`` or 2 times off, rounding).
Each returns None when there is nothing to say.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from nnbook.exercises._describe import describe, dtype_kind, number


def _shape_words(array: Any) -> str:
    return "a single number" if np.shape(array) == () else f"an array of shape {np.shape(array)}"


def form_problem(got: Any, expected: Any) -> str | None:
    """Why ``got`` cannot be compared with ``expected`` number by number (None if it can).

    Where ``expected`` is real numbers, ``got`` must be real numbers (not None, a string,
    complex numbers or objects) of its shape. Otherwise strings compare ignoring case and
    surrounding spaces, anything else with ``==``. The message starts with "gave".
    """
    if dtype_kind(expected) not in "biuf":
        if isinstance(expected, str) and isinstance(got, str):
            got, expected = got.strip().lower(), expected.strip().lower()
        try:
            equal = bool(got == expected)
        except Exception:
            equal = False
        return None if equal else f"gave {describe(got)}, expected {describe(expected)}"
    wanted = f"{_shape_words(expected)} of real numbers"
    if got is None:
        return "gave None: did you forget the `return`?"
    if dtype_kind(got) == "c":
        return f"gave complex numbers ({describe(got)}), expected {wanted}: drop the `j` part"
    if dtype_kind(got) not in "biuf":
        return f"gave {describe(got)}, expected {wanted}"
    if np.shape(got) != np.shape(expected):
        flipped = np.ndim(got) == 2 and np.shape(got) == np.shape(expected)[::-1]
        transposed = " (transposed?)" if flipped else ""
        return f"gave {_shape_words(got)}, expected {_shape_words(expected)}{transposed}"
    return None


def _close(got: Any, expected: Any, rtol: float, atol: float) -> np.ndarray:
    with np.errstate(invalid="ignore", over="ignore"):
        return np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)


def mismatch(got: Any, expected: Any, rtol: float, atol: float) -> str | None:
    """Why ``got`` differs from ``expected`` (None if it matches), starting with "gave".

    Beyond :func:`form_problem`, numbers must agree within ``|got - expected| <= atol + rtol *
    |expected|`` element by element (nan only where nan is expected).
    """
    problem = form_problem(got, expected)
    if problem is not None or dtype_kind(expected) not in "biuf":
        return problem
    close = _close(got, expected, rtol, atol)
    if close.all():
        return None
    got_array, expected_array = np.asarray(got), np.asarray(expected)
    index = tuple(int(i) for i in np.argwhere(~close)[0])
    text = f"gave {describe(got)}, expected {describe(expected)}"
    if got_array.size > 4 or got_array.ndim > 1:
        text = (
            f"gave {number(got_array[index])} at index {index}, "
            f"expected {number(expected_array[index])}"
        )
    return text + (" (nan: an overflow, or 0/0 somewhere?)" if np.isnan(got_array[index]) else "")


#: The near misses every numeric answer is tested for: ``(got from expected e and n, whether it
#: needs n, message)``, where n is the number of examples (None if the exercise does not say).
_NEAR_MISSES: tuple[tuple[Callable[[np.ndarray, Any], np.ndarray], bool, str], ...] = (
    (lambda e, n: -e, False, "check the sign: that is the expected value with its sign flipped."),
    (
        lambda e, n: n * e,
        True,
        "every number is n times too big (n = the number of examples): the cost is a mean "
        "over the examples, so divide by n.",
    ),
    (lambda e, n: e / n, True, "every number is n times too small (n = the number of examples)."),
    (
        lambda e, n: 2 * e,
        False,
        "twice too big: look for an extra factor 2 or a missing 1/2 (the 1/2 in front of a "
        "square cancels the 2 its derivative brings down).",
    ),
    (lambda e, n: e / 2, False, "half too small: look for a missing factor 2 or an extra 1/2."),
)


def near_miss(pairs: Sequence[tuple[Any, Any, int | None]], rtol: float, atol: float) -> str | None:
    """What a wrong numeric answer is close to, or None.

    ``pairs`` holds ``(got, expected, n)`` for every result (the right ones too), real numbers
    of equal shapes. In order: the sign flipped; ``n`` times too big or too small; twice too
    big or half; agreeing to two significant digits (rounded). Each must hold for every pair.
    """
    arrays = [(np.asarray(g, float), np.asarray(e, float), n) for g, e, n in pairs]
    for scaled, uses_n, message in _NEAR_MISSES:
        if uses_n and any(n is None for _, _, n in arrays):
            continue
        if all(_close(g, scaled(e, n), rtol, atol).all() for g, e, n in arrays):
            return message
    if all(_rounded(g, e, atol) for g, e, _ in arrays) and any(
        np.any(e != np.round(e)) for _, e, _ in arrays
    ):
        return "close: keep more digits (don't round)."
    return None


def _rounded(got: np.ndarray, expected: np.ndarray, atol: float) -> bool:
    """Whether ``got`` agrees with ``expected`` to two significant digits, elementwise."""
    with np.errstate(divide="ignore"):
        half_unit = 0.5 * 10.0 ** (np.floor(np.log10(np.abs(expected))) - 1)  # of digit 2
    return bool(np.all(np.abs(got - expected) <= np.maximum(half_unit * (1 + 1e-9), atol)))
