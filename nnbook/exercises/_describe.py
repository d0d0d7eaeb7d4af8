"""Describing a value in a message: ``0.25``, ``[1, 2.5]``, ``an array of shape (100, 2)``.

Feedback quotes what an answer gave and what was expected; these functions write both the same
short, stable way (no ids or addresses, numbers to six significant digits), so a notebook's
saved output compares equal when it is run again.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np


def dtype_kind(value: Any) -> str:
    """numpy's dtype kind of ``value`` as an array: ``"f"``, ``"c"``, ``"U"``, ``"O"`` ..."""
    if value is None or isinstance(value, (str, bytes)):
        return "U"
    try:
        return np.asarray(value).dtype.kind
    except Exception:  # ragged lists and the like
        return "O"


def number(value: Any) -> str:
    """One number: a bool or an integer as it is, a real or complex number to 6 digits."""
    if isinstance(value, (bool, np.bool_, numbers.Integral)):
        return str(value if isinstance(value, (bool, np.bool_)) else int(value))
    return f"{float(value):.6g}" if isinstance(value, numbers.Real) else f"{complex(value):.6g}"


def describe(value: Any, *, max_size: int = 8) -> str:
    """A short, stable description of a value for a message: ``0.25``, ``[1, 2.5]``, ``an
    array of shape (100, 2)``, ``'abc'``, ``a function (f)``."""
    if value is Ellipsis or value is None:
        return repr(value).replace("Ellipsis", "...")
    if isinstance(value, (numbers.Number, np.generic)):
        return number(value)
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else repr(value[:37] + "...")
    if isinstance(value, (list, tuple, np.ndarray)):
        kind = dtype_kind(value)
        if kind not in "biufc":
            return f"a {type(value).__name__} of length {len(value)}"
        array = np.asarray(value)
        if array.ndim > 2 or array.size > max_size:
            return f"an array of shape {array.shape}"
        if array.ndim == 0:
            return number(array.item())
        rows = array.tolist() if array.ndim == 2 else [array.tolist()]
        text = "; ".join(", ".join(number(v) for v in row) for row in rows)
        return f"[{text}]" + ("" if array.ndim == 1 else f" (shape {array.shape})")
    if callable(value):
        return f"a function ({getattr(value, '__name__', type(value).__name__)})"
    return f"a {type(value).__name__}"


def describe_call(name: str, args: tuple[Any, ...]) -> str:
    """A call as a message shows it: ``f(0.5, [1, 2])``."""
    return f"{name}({', '.join(describe(a, max_size=4) for a in args)})"
