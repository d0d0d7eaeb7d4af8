"""The controls the widgets are built from, each with its stable CSS class.

:func:`learning_rate_slider` and :func:`hidden_size_slider` are public (a lesson can build
its own widget with them); :func:`button`, :func:`readout` and :func:`plot_image` are the
pieces every widget uses. Values are checked here, before ipywidgets sees them: an ipywidgets
slider given a value outside its range silently moves it to the nearest end.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import ipywidgets as widgets

from nnbook._validation import check_int

__all__ = [
    "button",
    "hidden_size_slider",
    "learning_rate_slider",
    "plot_image",
    "readout",
]


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number; got {value!r} of type {type(value).__name__}.")
    return float(value)


def learning_rate_slider(
    value: float = 0.1,
    *,
    min: float = 1e-3,  # noqa: A002 - the ipywidgets name
    max: float = 10.0,  # noqa: A002
    description: str = "η (rate)",
) -> widgets.FloatLogSlider:
    """A logarithmic learning-rate slider (η in the notebooks), CSS class ``nnbook-lr``.

    ``min`` and ``max`` are learning rates (not exponents), finite with ``0 < min < max``;
    ``value`` must lie between them.
    """
    value, low, high = (_number(v, n) for v, n in ((value, "value"), (min, "min"), (max, "max")))
    if not (math.isfinite(high) and 0 < low < high):
        raise ValueError(
            f"learning_rate_slider needs finite 0 < min < max; got min={min}, max={max}."
        )
    if not low <= value <= high:
        raise ValueError(
            f"learning_rate_slider value must lie in [{min}, {max}]; got {value}. "
            "Widen min/max or pick another value."
        )
    slider = widgets.FloatLogSlider(
        value=value,
        base=10,
        min=math.log10(low),
        max=math.log10(high),
        step=0.05,
        description=description,
        readout_format=".3g",
        continuous_update=False,
        style={"description_width": "initial"},
    )
    slider.add_class("nnbook-lr")
    return slider


def hidden_size_slider(
    value: int = 8,
    *,
    min: int = 1,  # noqa: A002 - the ipywidgets name
    max: int = 64,  # noqa: A002
    description: str = "hidden neurons",
) -> widgets.IntSlider:
    """A slider for the number of hidden neurons, CSS class ``nnbook-hidden``."""
    value, low, high = (
        check_int(v, n, minimum=0) for v, n in ((value, "value"), (min, "min"), (max, "max"))
    )
    if not 1 <= low <= value <= high:
        raise ValueError(
            f"hidden_size_slider needs 1 <= min <= value <= max; got min={min}, "
            f"value={value}, max={max}."
        )
    slider = widgets.IntSlider(
        value=value,
        min=low,
        max=high,
        description=description,
        continuous_update=False,
        style={"description_width": "initial"},
    )
    slider.add_class("nnbook-hidden")
    return slider


def button(description: str, css: str, icon: str = "") -> widgets.Button:
    """A button sized to its text, with CSS class ``css``."""
    widget = widgets.Button(description=description, icon=icon, layout={"width": "auto"})
    widget.add_class(css)
    return widget


def readout() -> widgets.HTML:
    """The line of numbers that changes with each update, CSS class ``nnbook-readout``."""
    widget = widgets.HTML(value="")
    widget.add_class("nnbook-readout")
    return widget


def plot_image() -> widgets.Image:
    """The ``Image`` a widget's figure is shown in as PNG, CSS class ``nnbook-plot``.

    The PNG is replaced as a whole on every redraw, which works the same in JupyterLab, on
    Binder and in a browser test (the ``<img>``'s ``src`` changes).
    """
    widget = widgets.Image(format="png")
    widget.add_class("nnbook-plot")
    return widget
