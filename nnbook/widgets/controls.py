"""The controls the widgets are built from, each with its stable CSS class.

:func:`learning_rate_slider` and :func:`hidden_size_slider` are public (a lesson can build
its own widget with them); :func:`button`, :func:`readout` and :func:`plot_image` are the
pieces every widget uses. Values are checked here, before ipywidgets sees them: an ipywidgets
slider given a value outside its range silently moves it to the nearest end.
"""

from __future__ import annotations

import math

import ipywidgets as widgets

from nnbook._validation import check_float, check_int
from nnbook.messages import say

__all__ = [
    "button",
    "hidden_size_slider",
    "learning_rate_slider",
    "plot_image",
    "readout",
]


def learning_rate_slider(
    value: float = 0.1,
    *,
    min: float = 1e-3,  # noqa: A002 - the ipywidgets name
    max: float = 10.0,  # noqa: A002
    description: str | None = None,
) -> widgets.FloatLogSlider:
    """A logarithmic learning-rate slider (η in the notebooks), CSS class ``nnbook-lr``.

    ``min`` and ``max`` are learning rates (not exponents), finite with ``0 < min < max``;
    ``value`` must lie between them. ``description`` defaults to "η (rate)".
    """
    low = check_float(min, "min", strict=True)
    high = check_float(max, "max", minimum=low, strict=True)
    value = check_float(value, "value")
    if not low <= value <= high:
        raise ValueError(
            say(
                "learning_rate_slider value must lie in [{min!r}, {max!r}]; got {value!r}. "
                "Widen min/max or pick another value.",
                min=min,
                max=max,
                value=value,
            )
        )
    slider = widgets.FloatLogSlider(
        value=value,
        base=10,
        min=math.log10(low),
        max=math.log10(high),
        step=0.05,
        description=say("η (rate)") if description is None else description,
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
    description: str | None = None,
) -> widgets.IntSlider:
    """A slider for the number of hidden neurons, CSS class ``nnbook-hidden``;
    ``description`` defaults to "hidden neurons"."""
    low = check_int(min, "min")
    value = check_int(value, "value", minimum=low)
    high = check_int(max, "max", minimum=value)
    slider = widgets.IntSlider(
        value=value,
        min=low,
        max=high,
        description=say("hidden neurons") if description is None else description,
        continuous_update=False,
        style={"description_width": "initial"},
    )
    slider.add_class("nnbook-hidden")
    return slider


def button(description: str, css: str, icon: str = "") -> widgets.Button:
    """A button sized to its text (``description``, a ``say(...)``), with CSS class ``css``."""
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
