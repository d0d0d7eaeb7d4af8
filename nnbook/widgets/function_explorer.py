"""FunctionExplorer (lesson 01): sliders for a function's parameters, its curve and slope."""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from nnbook.messages import say, say_on_figure
from nnbook.plots import draw_function, new_figure
from nnbook.widgets._block import Block, event_handler
from nnbook.widgets.controls import plot_image, readout

__all__ = ["FunctionExplorer"]


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _slider(name: str, spec: Sequence[float]) -> widgets.FloatSlider:
    """A parameter's slider from ``(min, max, value)`` or ``(min, max, step, value)``."""
    if isinstance(spec, (str, bytes)) or not isinstance(spec, Sequence) or len(spec) not in (3, 4):
        raise ValueError(
            say(
                "parameter {name!r} must be (min, max, value) or (min, max, step, value); "
                "got {spec!r}.",
                name=name,
                spec=spec,
            )
        )
    if not all(_is_number(v) for v in spec):
        raise TypeError(
            say(
                "parameter {name!r}: min, max, step and value must be numbers, such as "
                "(-5, 5, 1); got {spec!r}.",
                name=name,
                spec=spec,
            )
        )
    low, high, value = float(spec[0]), float(spec[1]), float(spec[-1])
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise ValueError(
            say(
                "parameter {name!r}: the high end must be a finite number > {low!r}, the low "
                "end; got {high!r}.",
                name=name,
                low=low,
                high=high,
            )
        )
    if not low <= value <= high:  # a FloatSlider would silently move it to the nearest end
        raise ValueError(
            say(
                "parameter {name!r}: value {value!r} is outside [{low!r}, {high!r}]. Choose "
                "a value inside, or widen the range.",
                name=name,
                value=value,
                low=low,
                high=high,
            )
        )
    step = (high - low) / 100 if len(spec) == 3 else float(spec[2])
    if not 0 < step <= high - low:
        raise ValueError(
            say(
                "parameter {name!r}: step must be > 0 and at most max - min = {span!r}; "
                "got {step!r}.",
                name=name,
                span=high - low,
                step=step,
            )
        )
    return _float_slider(name, low, high, step, value)


def _float_slider(
    name: str, low: float, high: float, step: float, value: float
) -> widgets.FloatSlider:
    slider = widgets.FloatSlider(
        value=value, min=low, max=high, step=step, description=name, readout_format=".2f"
    )
    slider.add_class(f"nnbook-slider-{name}")  # not a message: a CSS class
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
            raise TypeError(
                say(
                    "FunctionExplorer needs f (and df, if given) to be functions of z, such as "
                    "nnbook.sigmoid; got f={f!r}, df={df!r}.",
                    f=f,
                    df=df,
                )
            )
        if (
            isinstance(z_range, (str, bytes))
            or not isinstance(z_range, Sequence)
            or len(z_range) != 2
            or not all(_is_number(v) for v in z_range)
        ):
            raise ValueError(
                say("z_range must be (low, high), two numbers; got {z_range!r}.", z_range=z_range)
            )
        low, high = float(z_range[0]), float(z_range[1])
        if not (math.isfinite(low) and math.isfinite(high) and low < high):
            raise ValueError(
                say(
                    "z_range: the high end must be a finite number > {low!r}, the low end; got "
                    "{high!r}. Give two finite numbers, low < high, such as (-6, 6).",
                    low=low,
                    high=high,
                )
            )
        if not _is_number(at) or not low <= at <= high:
            raise ValueError(
                say(
                    "at = {at!r} is outside z_range [{low!r}, {high!r}]: choose a point inside it.",
                    at=at,
                    low=low,
                    high=high,
                )
            )
        if parameters is None:
            parameters = {"w": (-5.0, 5.0, 1.0), "b": (-5.0, 5.0, 0.0)}
        if not isinstance(parameters, Mapping):
            raise TypeError(
                say(
                    "parameters must be a dict {{name: (min, max, value)}}; got {parameters!r}.",
                    parameters=parameters,
                )
            )
        self.f, self.df, self.label = f, df, str(label)
        self.z = np.linspace(low, high, 241)
        self.sliders = {name: _slider(name, spec) for name, spec in parameters.items()}
        self.z_slider = _float_slider("z", low, high, (high - low) / 120, float(at))
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
        sliders = {**self.values, "z": z0}
        not_numbers = [name for name, value in sliders.items() if not math.isfinite(value)]
        if not_numbers:  # a slider set to NaN (from code or the browser): nothing to compute
            name = not_numbers[0]
            self.error = say(
                "The slider {name} is set to {value}, not a number: move it to a number.",
                name=name,
                value=sliders[name],
            )
            self.show_readout("")
            return
        try:
            y, dy = self._curve(self.f, self.z), self._derivative(self.z)
            point = np.array([z0])
            y0 = float(self._curve(self.f, point)[0])
            slope = float(self._derivative(point)[0])
        except Exception as error:  # noqa: BLE001 - the learner's function: report, don't crash
            self.error = say(
                "{label} raised {kind}: {error}",
                label=self.label,
                kind=type(error).__name__,
                error=str(error),
            )
            self.show_readout("")
            return
        self.point_value, self.slope = y0, slope
        point_text = say(
            "at z = {z:.2f}: {label}(z) = {value:.4f}, slope = {slope:.4f}",
            z=z0,
            label=self.label,
            value=y0,
            slope=slope,
        )
        settings = [say("{name} = {value:.2f}", name=n, value=v) for n, v in self.values.items()]
        self.show_readout(
            "; ".join([", ".join(settings), point_text] if settings else [point_text])
        )
        function_label = say_on_figure("{label}(z)", label=self.label)
        if self.df:
            derivative_label = say_on_figure("{label}'(z)", label=self.label)
        else:
            derivative_label = say_on_figure("{label}'(z) (numerical)", label=self.label)

        def draw() -> Figure:
            figure, axes = new_figure(figsize=(5.0, 3.0))
            ax = axes[0, 0]
            draw_function(ax, self.z, y, dy, label=function_label, df_label=derivative_label)
            span = (self.z[-1] - self.z[0]) / 8
            tangent_z = np.array([z0 - span, z0 + span])
            tangent = y0 + slope * (tangent_z - z0)
            ax.plot(tangent_z, tangent, color="black", lw=1, label=say_on_figure("tangent"))
            ax.plot([z0], [y0], "o", color="black")
            ax.legend(loc="upper left", fontsize=8)
            return figure

        self.show_plot(draw)
