"""The near misses of a wrong number: the sign flipped, ``n`` or 2 times off, rounded.

:func:`near_miss` tries each on every result of an answer and returns the message of the first
that explains them all, or None.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from nnbook.exercises._compare import close
from nnbook.messages import say


def _near_miss_message(kind: str) -> str:
    """The message of each near miss of :data:`_NEAR_MISSES`."""
    if kind == "sign":
        return say("check the sign: that is the expected value with its sign flipped.")
    if kind == "n times":
        return say(
            "every number is n times too big (n = the number of examples): the cost is a mean "
            "over the examples, so divide by n."
        )
    if kind == "1/n":
        return say("every number is n times too small (n = the number of examples).")
    if kind == "twice":
        return say(
            "twice too big: look for an extra factor 2 or a missing 1/2 (the 1/2 in front of "
            "a square cancels the 2 its derivative brings down)."
        )
    return say("half too small: look for a missing factor 2 or an extra 1/2.")


#: The near misses every numeric answer is tested for: ``(got from expected e and n, whether it
#: needs n, kind)``, where n is the number of examples (None if the exercise does not say).
_NEAR_MISSES: tuple[tuple[Callable[[np.ndarray, Any], np.ndarray], bool, str], ...] = (
    (lambda e, n: -e, False, "sign"),
    (lambda e, n: n * e, True, "n times"),
    (lambda e, n: e / n, True, "1/n"),
    (lambda e, n: 2 * e, False, "twice"),
    (lambda e, n: e / 2, False, "half"),
)


def near_miss(pairs: Sequence[tuple[Any, Any, int | None]], rtol: float, atol: float) -> str | None:
    """What a wrong numeric answer is close to, or None.

    ``pairs`` holds ``(got, expected, n)`` for every result (the right ones too), real numbers
    of equal shapes. In order: the sign flipped; ``n`` times too big or too small; twice too
    big or half; agreeing to two significant digits (rounded). Each must hold for every pair.
    """
    arrays = [(np.asarray(g, float), np.asarray(e, float), n) for g, e, n in pairs]
    for scaled, uses_n, kind in _NEAR_MISSES:
        if uses_n and any(n is None for _, _, n in arrays):
            continue
        if all(close(g, scaled(e, n), rtol, atol).all() for g, e, n in arrays):
            return _near_miss_message(kind)
    if all(_rounded(g, e, atol) for g, e, _ in arrays) and any(
        np.any(e != np.round(e)) for _, e, _ in arrays
    ):
        return say("close: keep more digits (don't round).")
    return None


def _rounded(got: np.ndarray, expected: np.ndarray, atol: float) -> bool:
    """Whether ``got`` agrees with ``expected`` to two significant digits, elementwise."""
    with np.errstate(divide="ignore"):
        half_unit = 0.5 * 10.0 ** (np.floor(np.log10(np.abs(expected))) - 1)  # of digit 2
    return bool(np.all(np.abs(got - expected) <= np.maximum(half_unit * (1 + 1e-9), atol)))
