"""Show the package's own code in a notebook, so a lesson never shows a stale copy."""

from __future__ import annotations

import inspect
import textwrap
from typing import Any

from IPython.display import Code

from .messages import say


def show_source(obj: Any) -> Code:
    """The source code of ``obj``, syntax-highlighted, for display in a notebook.

    Parameters
    ----------
    obj : function, class, method, property or module
        For example ``show_source(nnbook.sigmoid)``, ``show_source(nnbook.Network.backprop)``
        or ``show_source(nnbook.costs)``.

    Returns
    -------
    IPython.display.Code
        Shown highlighted as a cell's last expression; ``.data`` holds the text.

    Raises
    ------
    TypeError
        If ``obj`` has no Python source to show: a built-in or C function (``len``,
        ``np.exp``), an instance, a number, or a function whose source file is gone (some
        lambdas and functions defined at an interactive prompt).
    """
    if isinstance(obj, str):
        raise TypeError(
            say(
                "show_source needs a function, class, method, property or module written in "
                "Python; got the string {text!r}. Pass the object itself, not its name: for "
                "example show_source(nnbook.sigmoid), without quotes.",
                text=obj,
            )
        )
    target = obj.fget if isinstance(obj, property) and obj.fget is not None else obj
    target = inspect.unwrap(target) if callable(target) else target
    if not (
        inspect.isfunction(target)
        or inspect.ismethod(target)
        or inspect.isclass(target)
        or inspect.ismodule(target)
    ):
        raise TypeError(
            say(
                "show_source needs a function, class, method, property or module written in "
                "Python; got {what} of type {kind}. Built-ins and numpy functions have no "
                "Python source to show; for an object, pass its class, e.g. "
                "show_source(type(net)).",
                what=_describe(obj),
                kind=type(obj).__name__,
            )
        )
    try:
        source = inspect.getsource(target)
    except (OSError, TypeError) as error:
        raise TypeError(
            say(
                "show_source cannot find the source of {what}: {error}. Only code saved in a "
                ".py file (such as nnbook's) can be shown.",
                what=_describe(obj),
                error=str(error),
            )
        ) from None
    return Code(textwrap.dedent(source), language="python")


def _describe(obj: Any) -> str:
    name = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None)
    return repr(name) if name else repr(obj)[:60]
