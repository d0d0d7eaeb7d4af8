"""FunctionExplorer (lesson 01): sliders for a function's parameters, its curve and slope."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from nnbook._validation import check_float
from nnbook.plots import draw_function, new_figure
from nnbook.widgets._block import Block, event_handler
from nnbook.widgets.controls import plot_image, readout

__all__ = ["FunctionExplorer"]


def _interval(low: Any, high: Any, what: str) -> tuple[float, float]:
    """``(low, high)`` as finite floats with ``low < high``."""
    low = check_float(low, f"{what}: the low end", minimum=-math.inf)
    return low, check_float(high, f"{what}: the high end", minimum=low, strict=True)


def _slider(name: str, spec: Sequence[float]) -> widgets.FloatSlider:
    """A parameter's slider from ``(min, max, value)`` or ``(min, max, step, value)``."""
    if isinstance(spec, (str, bytes)) or not isinstance(spec, Sequence) or len(spec) not in (3, 4):
        raise ValueError(
            f"parameter {name!r} must be (min, max, value) or (min, max, step, value); "
            f"got {spec!r}."
        )
    low, high = _interval(spec[0], spec[1], f"parameter {name!r}")
    value = check_float(spec[-1], f"parameter {name!r}: value", minimum=-math.inf)
    step = (high - low) / 100 if len(spec) == 3 else spec[2]
    step = check_float(step, f"parameter {name!r}: step", minimum=-math.inf)
    if not low <= value <= high:  # a FloatSlider would silently move it to the nearest end
        raise ValueError(f"parameter {name!r}: value {value} is outside [{low}, {high}].")
    if not 0 < step <= high - low:
        raise ValueError(
            f"parameter {name!r}: step must be > 0 and at most max - min = {high - low}; "
            f"got {step}."
        )
    slider = widgets.FloatSlider(
        value=value, min=low, max=high, step=step, description=name, readout_format=".2f"
    )
    slider.add_class(f"nnbook-slider-{name}")
    return slider


class FunctionExplorer(Block):
    """Sliders for the parameters of ``f(z; w, b, ...)``; the plot and a readout follow them.

    The plot shows ``f`` and its derivative ``df/dz`` over ``z_range``, and the tangent at
    the point ``z`` chosen with its own slider; the readout gives the value and the slope there.

    Parameters
    ----------
    f : callable
        ``f(z, **parameters)``, vectorised over the array ``z``.
    df : callable, optional
        ``df(z, **parameters)``, the derivative with respect to ``z``. If omitted, the slope
        is estimated by central differences, :math:`(f(z+h) - f(z-h)) / 2h`, and the plot says so.
    parameters : mapping, optional
        ``{name: (min, max, value)}`` or ``{name: (min, max, step, value)}``; default
        ``{"w": (-5, 5, 1), "b": (-5, 5, 0)}``.
    z_range : (float, float)
        The plotted interval, finite, low < high.
    at : float
        Starting point where the slope is read, inside ``z_range``.
    label : str
        The function's name in the legend and readout.

    Attributes
    ----------
    point_value, slope : float
        ``f`` and its slope at the point ``z``, after the last update.

    CSS classes: ``nnbook-function-explorer``, ``nnbook-slider-<parameter>``,
    ``nnbook-slider-z``, ``nnbook-readout``, ``nnbook-plot``.
    """

    def __init__(
        self,
        f: Callable[..., Any],
        df: Callable[..., Any] | None = None,
        *,
        parameters: Mapping[str, Sequence[float]] | None = None,
        z_range: tuple[float, float] = (-6.0, 6.0),
        at: float = 0.0,
        label: str = "f",
    ) -> None:
        if not callable(f) or (df is not None and not callable(df)):
            raise TypeError("FunctionExplorer needs f (and df, if given) to be functions of z.")
        if len(z_range) != 2:
            raise ValueError(f"z_range must be (low, high); got {z_range!r}.")
        low, high = _interval(*z_range, "z_range")
        if parameters is None:
            parameters = {"w": (-5.0, 5.0, 1.0), "b": (-5.0, 5.0, 0.0)}
        if not isinstance(parameters, Mapping):
            raise TypeError(
                f"parameters must be a dict {{name: (min, max, value)}}; got {parameters!r}."
            )
        self.f, self.df, self.label = f, df, str(label)
        self.z = np.linspace(low, high, 241)
        self.sliders = {name: _slider(name, spec) for name, spec in parameters.items()}
        self.z_slider = _slider("z", (low, high, (high - low) / 120, at))
        self.readout = readout()
        self.plot = plot_image()
        for slider in [*self.sliders.values(), self.z_slider]:
            slider.observe(self._on_change, names="value")
        controls = [*self.sliders.values(), self.z_slider]
        super().__init__(
            [*controls, self.readout, self.plot], css="nnbook-function-explorer", controls=controls
        )
        self.update()

    @property
    def values(self) -> dict[str, float]:
        """The current parameter values, ``{name: value}``."""
        return {name: slider.value for name, slider in self.sliders.items()}

    @event_handler
    def _on_change(self, change: Mapping[str, Any]) -> None:
        self.update()

    def _curve(self, function: Callable[..., Any], z: np.ndarray) -> np.ndarray:
        return np.broadcast_to(np.asarray(function(z, **self.values), dtype=float), z.shape)

    def _derivative(self, z: np.ndarray) -> np.ndarray:
        if self.df is not None:
            return self._curve(self.df, z)
        h = 1e-5 * np.maximum(1.0, np.abs(z))
        return (self._curve(self.f, z + h) - self._curve(self.f, z - h)) / (2 * h)

    def update(self) -> None:
        """Recompute the curves, the readout and the plot from the sliders."""
        z0 = float(self.z_slider.value)
        self.error = None
        try:
            y, dy = self._curve(self.f, self.z), self._derivative(self.z)
            point = np.array([z0])
            y0 = float(self._curve(self.f, point)[0])
            slope = float(self._derivative(point)[0])
        except Exception as error:  # noqa: BLE001 - the learner's function: report, don't crash
            self.error = f"{self.label} raised {type(error).__name__}: {error}"
            self.show_readout("")
            return
        self.point_value, self.slope = y0, slope
        settings = ", ".join(f"{name} = {value:.2f}" for name, value in self.values.items())
        self.show_readout(
            f"{settings}{'; ' if settings else ''}at z = {z0:.2f}: "
            f"{self.label}(z) = {y0:.4f}, slope = {slope:.4f}"
        )
        derivative_label = f"{self.label}'(z)" + ("" if self.df else " (numerical)")

        def draw() -> Figure:
            figure, axes = new_figure(figsize=(5.0, 3.0))
            ax = axes[0, 0]
            draw_function(ax, self.z, y, dy, label=f"{self.label}(z)", df_label=derivative_label)
            span = (self.z[-1] - self.z[0]) / 8
            tangent_z = np.array([z0 - span, z0 + span])
            ax.plot(tangent_z, y0 + slope * (tangent_z - z0), color="black", lw=1, label="tangent")
            ax.plot([z0], [y0], "o", color="black")
            ax.legend(loc="upper left", fontsize=8)
            return figure

        self.show_plot(draw)
