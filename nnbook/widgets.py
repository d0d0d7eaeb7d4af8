"""Interactive building blocks for the lessons (ipywidgets 8).

Each block is an ``ipywidgets.VBox`` subclass (its ``.widget`` is itself), so a notebook cell
ending in ``FunctionExplorer(...)`` shows it. Its handlers are ordinary methods (``update``,
``step``, ``reset``, ``train``, ``_on_play_tick``...) that tests call without a browser.
Constructing a block draws it once and raises nothing, even with no front end (headless
execution).

Plots are drawn with matplotlib into PNG bytes shown by an ``ipywidgets.Image``: the image
is replaced as a whole on every redraw, which works the same in JupyterLab, on Binder and in
a browser test (the ``<img>``'s ``src`` changes). Figures are small (dpi 80) so redraws stay
cheap.

Every control and readout has a stable CSS class (``add_class``) for browser tests:

==========================  ==============================================================
class                       element
==========================  ==============================================================
``nnbook-function-explorer``, ``nnbook-training-stepper``, ``nnbook-live-training``,
``nnbook-playground``, ``nnbook-digit-browser``  the block itself
``nnbook-main-widget``      also on every block: the browser test (``tests/test_browser.py``)
                            operates its first ``nnbook-control`` and expects a readout or
                            plot to change
``nnbook-control``          the controls a learner operates, in that order
``nnbook-plot``             the ``Image`` holding the figure
``nnbook-readout``          the ``HTML`` line of numbers that changes with each update
``nnbook-slider-<name>``    a function parameter's slider (``nnbook-slider-w``, ``-b``,
                            ``-z`` for the point where the slope is read)
``nnbook-play``             the ``Play`` widget (play / pause, ticks from the browser)
``nnbook-step``             the Step button
``nnbook-reset``            the Reset button
``nnbook-lr``               the learning-rate slider (``FloatLogSlider``)
``nnbook-hidden``           the hidden-layer-size slider
``nnbook-activation``       the hidden activation dropdown
``nnbook-dataset``          the dataset dropdown
``nnbook-epochs``           the epochs slider
``nnbook-train``            the Train button
``nnbook-index``            the digit index slider
``nnbook-prev``, ``nnbook-next``, ``nnbook-next-mistake``   the digit browser's buttons
==========================  ==============================================================
"""

from __future__ import annotations

import copy
import html
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as widgets
import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator, PercentFormatter

from nnbook.plots import (
    CLASS_COLOURS,
    DERIVATIVE_COLOUR,
    STYLE,
    TRAIN_COLOUR,
    VALIDATION_COLOUR,
    figure_png,
    new_figure,
    plot_decision_boundary,
)

__all__ = [
    "DigitBrowser",
    "FunctionExplorer",
    "LiveTraining",
    "Playground",
    "TrainingStepper",
    "hidden_size_slider",
    "learning_rate_slider",
]


# --------------------------------------------------------------------------------------------
# Small factories and helpers
# --------------------------------------------------------------------------------------------


def learning_rate_slider(
    value: float = 0.1,
    *,
    min: float = 1e-3,  # noqa: A002 - the ipywidgets name
    max: float = 10.0,  # noqa: A002
    description: str = "η (rate)",
) -> widgets.FloatLogSlider:
    """A logarithmic learning-rate slider (η in the notebooks), CSS class ``nnbook-lr``.

    ``min`` and ``max`` are learning rates (not exponents); ``value`` must lie between them.
    """
    if not 0 < min < max:
        raise ValueError(f"learning_rate_slider needs 0 < min < max; got min={min}, max={max}.")
    if not min <= value <= max:
        raise ValueError(
            f"learning_rate_slider value must lie in [{min}, {max}]; got {value}. "
            "Widen min/max or pick another value."
        )
    slider = widgets.FloatLogSlider(
        value=value,
        base=10,
        min=math.log10(min),
        max=math.log10(max),
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
    if not 1 <= min <= value <= max:
        raise ValueError(
            f"hidden_size_slider needs 1 <= min <= value <= max; got min={min}, "
            f"value={value}, max={max}."
        )
    slider = widgets.IntSlider(
        value=value,
        min=min,
        max=max,
        description=description,
        continuous_update=False,
        style={"description_width": "initial"},
    )
    slider.add_class("nnbook-hidden")
    return slider


def _button(description: str, css: str, icon: str = "") -> widgets.Button:
    button = widgets.Button(description=description, icon=icon, layout={"width": "auto"})
    button.add_class(css)
    return button


def _mark(block: widgets.Widget, css: str, controls: Sequence[widgets.Widget]) -> None:
    """Give a block its CSS classes, and its controls ``nnbook-control`` (first = main one)."""
    block.add_class(css)
    block.add_class("nnbook-main-widget")
    for control in controls:
        control.add_class("nnbook-control")


def _readout() -> widgets.HTML:
    readout = widgets.HTML(value="")
    readout.add_class("nnbook-readout")
    return readout


def _plot_image() -> widgets.Image:
    image = widgets.Image(format="png")
    image.add_class("nnbook-plot")
    return image


def _show(image: widgets.Image, draw: Callable[[], Any]) -> None:
    """Draw a figure with the nnbook style and put it into ``image`` as PNG."""
    with mpl.rc_context(STYLE):
        figure = draw()
        image.value = figure_png(figure)
    # Show the PNG at its own size (the front end would otherwise stretch it to the cell).
    width = round(figure.get_figwidth() * figure.dpi)
    if image.layout.width != f"{width}px":
        image.layout.width = f"{width}px"


def _error_html(text: str) -> str:
    return f'<span style="color: {DERIVATIVE_COLOUR}">{html.escape(text)}</span>'


def _format_metric(name: str, value: float) -> str:
    label = name.replace("_", " ")
    if "accuracy" in name:
        return f"{label} {value:.1%}"
    return f"{label} {value:.4g}"


# --------------------------------------------------------------------------------------------
# FunctionExplorer
# --------------------------------------------------------------------------------------------


class FunctionExplorer(widgets.VBox):
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
        The plotted interval.
    at : float
        Starting point where the slope is read.
    label : str
        The function's name in the legend and readout.

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
        low, high = (float(v) for v in z_range)
        if not low < high:
            raise ValueError(f"z_range must be (low, high) with low < high; got {z_range}.")
        if parameters is None:
            parameters = {"w": (-5.0, 5.0, 1.0), "b": (-5.0, 5.0, 0.0)}
        self.f, self.df, self.label = f, df, label
        self.z = np.linspace(low, high, 241)
        self.sliders: dict[str, widgets.FloatSlider] = {}
        for name, spec in parameters.items():
            self.sliders[name] = self._slider(name, spec)
        self.z_slider = self._slider("z", (low, high, (high - low) / 120, float(at)))
        self.readout = _readout()
        self.plot = _plot_image()
        for slider in [*self.sliders.values(), self.z_slider]:
            slider.observe(self._on_change, names="value")
        super().__init__([*self.sliders.values(), self.z_slider, self.readout, self.plot])
        _mark(self, "nnbook-function-explorer", [*self.sliders.values(), self.z_slider])
        self.update()

    @property
    def widget(self) -> widgets.VBox:
        return self

    @staticmethod
    def _slider(name: str, spec: Sequence[float]) -> widgets.FloatSlider:
        if len(spec) == 3:
            low, high, value = spec
            step = (high - low) / 100
        elif len(spec) == 4:
            low, high, step, value = spec
        else:
            raise ValueError(
                f"parameter {name!r} must be (min, max, value) or (min, max, step, value); "
                f"got {spec!r}."
            )
        if not low <= value <= high:
            raise ValueError(f"parameter {name!r}: value {value} is outside [{low}, {high}].")
        slider = widgets.FloatSlider(
            value=value, min=low, max=high, step=step, description=name, readout_format=".2f"
        )
        slider.add_class(f"nnbook-slider-{name}")
        return slider

    @property
    def values(self) -> dict[str, float]:
        """The current parameter values, ``{name: value}``."""
        return {name: slider.value for name, slider in self.sliders.items()}

    def _on_change(self, change: Mapping[str, Any]) -> None:
        self.update()

    def _derivative(self, z: np.ndarray, parameters: dict[str, float]) -> np.ndarray:
        if self.df is not None:
            return np.broadcast_to(np.asarray(self.df(z, **parameters), dtype=float), z.shape)
        h = 1e-5 * np.maximum(1.0, np.abs(z))
        return (self.f(z + h, **parameters) - self.f(z - h, **parameters)) / (2 * h)

    def update(self) -> None:
        """Recompute the curves, the readout and the plot from the sliders."""
        parameters = self.values
        z0 = float(self.z_slider.value)
        try:
            y = np.broadcast_to(np.asarray(self.f(self.z, **parameters), dtype=float), self.z.shape)
            dy = self._derivative(self.z, parameters)
            point = np.array([z0])
            y0 = float(np.asarray(self.f(point, **parameters), dtype=float).ravel()[0])
            slope = float(self._derivative(point, parameters).ravel()[0])
        except Exception as error:  # the learner's function: report, don't crash the widget
            self.readout.value = _error_html(f"{self.label} raised {type(error).__name__}: {error}")
            return
        self.point_value, self.slope = y0, slope
        settings = ", ".join(f"{name} = {value:.2f}" for name, value in parameters.items())
        self.readout.value = (
            f"{settings}{'; ' if settings else ''}at z = {z0:.2f}: "
            f"{self.label}(z) = {y0:.4f}, slope = {slope:.4f}"
        )
        derivative_label = f"{self.label}'(z)" + ("" if self.df else " (numerical)")

        def draw() -> Any:
            figure, axes = new_figure(figsize=(5.0, 3.0))
            ax = axes[0, 0]
            ax.plot(self.z, y, color=TRAIN_COLOUR, label=f"{self.label}(z)")
            ax.plot(self.z, dy, color=DERIVATIVE_COLOUR, ls="--", label=derivative_label)
            span = (self.z[-1] - self.z[0]) / 8
            tangent_z = np.array([z0 - span, z0 + span])
            ax.plot(tangent_z, y0 + slope * (tangent_z - z0), color="black", lw=1, label="tangent")
            ax.plot([z0], [y0], "o", color="black")
            ax.axhline(0.0, color="grey", lw=0.6)
            ax.set_xlabel("z")
            ax.legend(loc="upper left", fontsize=8)
            return figure

        _show(self.plot, draw)


# --------------------------------------------------------------------------------------------
# TrainingStepper
# --------------------------------------------------------------------------------------------


class TrainingStepper(widgets.VBox):
    """Play / pause / step / reset for any training loop, with live curves and a readout.

    Parameters
    ----------
    step_fn : callable
        ``step_fn(learning_rate) -> dict`` of metrics after one step, e.g.
        ``{"cost": 0.12, "train_accuracy": 0.9}``. Keys containing "accuracy" are shown as
        percentages in a second panel; the others (costs) in the first.
    reset_fn : callable, optional
        ``reset_fn()`` puts the model back to its starting state.
    learning_rate : float
        Starting value of the learning-rate slider (η); ``lr_range`` its bounds.
    draw_fn : callable, optional
        ``draw_fn(ax)`` draws a custom panel (weights, a decision boundary) after each redraw.
    steps_per_tick : int
        Steps taken per tick of the Play widget and per click of Step.
    interval : int
        Milliseconds between the Play widget's ticks.
    max_steps : int
        The Play widget stops there.
    step_label : str
        What one step is called in the readout and on the x axis ("step", "epoch").

    Attributes
    ----------
    history : dict of list
        Every metric after every step.
    steps : int
        Steps taken since the last reset.
    error : str or None
        Why training stopped (``step_fn`` raised: e.g. the cost diverged), else None.

    CSS classes: ``nnbook-training-stepper``, ``nnbook-play``, ``nnbook-step``,
    ``nnbook-reset``, ``nnbook-lr``, ``nnbook-readout``, ``nnbook-plot``.
    """

    def __init__(
        self,
        step_fn: Callable[[float], Mapping[str, float]],
        reset_fn: Callable[[], Any] | None = None,
        *,
        learning_rate: float = 0.1,
        lr_range: tuple[float, float] = (1e-3, 10.0),
        draw_fn: Callable[[Axes], Any] | None = None,
        steps_per_tick: int = 1,
        interval: int = 300,
        max_steps: int = 100_000,
        step_label: str = "step",
    ) -> None:
        if not callable(step_fn) or (reset_fn is not None and not callable(reset_fn)):
            raise TypeError("TrainingStepper needs step_fn(learning_rate) -> dict, and reset_fn().")
        if int(steps_per_tick) < 1:
            raise ValueError(f"steps_per_tick must be at least 1; got {steps_per_tick}.")
        self.step_fn, self.reset_fn, self.draw_fn = step_fn, reset_fn, draw_fn
        self.steps_per_tick = int(steps_per_tick)
        self.step_label = step_label
        self.history: dict[str, list[float]] = {}
        self.steps = 0
        self.error: str | None = None
        self._resetting = False

        self.play = widgets.Play(
            value=0, min=0, max=max_steps, step=1, interval=interval, show_repeat=False
        )
        self.play.add_class("nnbook-play")
        self.step_button = _button("Step", "nnbook-step", "step-forward")
        self.reset_button = _button("Reset", "nnbook-reset", "undo")
        self.learning_rate = learning_rate_slider(learning_rate, min=lr_range[0], max=lr_range[1])
        self.readout = _readout()
        self.plot = _plot_image()

        self.play.observe(self._on_play_tick, names="value")
        self.step_button.on_click(self._on_step_click)
        self.reset_button.on_click(self._on_reset_click)
        controls = widgets.HBox(
            [self.play, self.step_button, self.reset_button, self.learning_rate]
        )
        super().__init__([controls, self.readout, self.plot])
        _mark(self, "nnbook-training-stepper", [self.step_button, self.reset_button])
        self.redraw()

    @property
    def widget(self) -> widgets.VBox:
        return self

    # ---------------------------------------------------------------- handlers

    def _on_play_tick(self, change: Mapping[str, Any]) -> None:
        """The Play widget's value went up: take ``steps_per_tick`` steps."""
        if self._resetting or change["new"] <= change["old"]:
            return
        self.step(self.steps_per_tick)

    def _on_step_click(self, button: widgets.Button | None = None) -> None:
        self.step(self.steps_per_tick)

    def _on_reset_click(self, button: widgets.Button | None = None) -> None:
        self.reset()

    # ---------------------------------------------------------------- actions

    def step(self, n: int = 1) -> None:
        """Take ``n`` steps at the slider's learning rate, then redraw."""
        for _ in range(n):
            try:
                metrics = self.step_fn(float(self.learning_rate.value))
                if not isinstance(metrics, Mapping):
                    raise TypeError(
                        f"step_fn must return a dict of metrics; got {type(metrics).__name__}"
                    )
            except Exception as error:
                self.error = f"training stopped: {type(error).__name__}: {error}"
                self.play.playing = False
                break
            self.steps += 1
            for key, value in metrics.items():
                self.history.setdefault(key, []).append(float(value))
        self.redraw()

    def reset(self) -> None:
        """Stop playing, call ``reset_fn``, forget the history, redraw."""
        self._resetting = True
        try:
            self.play.playing = False
            self.play.value = 0
        finally:
            self._resetting = False
        if self.reset_fn is not None:
            self.reset_fn()
        self.history = {}
        self.steps = 0
        self.error = None
        self.redraw()

    # ---------------------------------------------------------------- drawing

    def readout_text(self) -> str:
        """``"step 12, cost 0.1234, train accuracy 91.0%"`` (text of the readout)."""
        parts = [f"{self.step_label} {self.steps}"]
        parts += [_format_metric(key, values[-1]) for key, values in self.history.items() if values]
        return ", ".join(parts)

    def redraw(self) -> None:
        """Update the readout and the curves."""
        text = html.escape(self.readout_text())
        self.readout.value = text + (f"<br>{_error_html(self.error)}" if self.error else "")
        costs = [key for key in self.history if "accuracy" not in key]
        accuracies = [key for key in self.history if "accuracy" in key]
        n_panels = 1 + bool(accuracies) + (self.draw_fn is not None)

        def draw() -> Any:
            figure, axes = new_figure(1, n_panels, figsize=(3.3 * n_panels, 2.8))
            panels = list(axes[0])
            cost_ax = panels.pop(0)
            colours = [TRAIN_COLOUR, VALIDATION_COLOUR, *CLASS_COLOURS[2:]]
            for key, colour in zip(costs, colours, strict=False):  # more keys than colours: cut
                values = self.history[key]
                marker = "o" if len(values) < 30 else ""
                cost_ax.plot(
                    range(1, len(values) + 1), values, color=colour, label=key, marker=marker
                )
            cost_ax.set_xlabel(self.step_label)
            cost_ax.set_title("cost")
            if accuracies:
                accuracy_ax = panels.pop(0)
                for key, colour in zip(accuracies, colours, strict=False):
                    values = self.history[key]
                    label = key.replace("_accuracy", "").replace("_", " ")
                    marker = "o" if len(values) < 30 else ""
                    accuracy_ax.plot(
                        range(1, len(values) + 1), values, color=colour, label=label, marker=marker
                    )
                accuracy_ax.set_xlabel(self.step_label)
                accuracy_ax.set_title("accuracy")
                accuracy_ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0))
            for ax in axes[0][: n_panels - (self.draw_fn is not None)]:
                ax.xaxis.set_major_locator(MaxNLocator(integer=True))
                if ax.lines:
                    ax.legend(fontsize=8)
            if self.draw_fn is not None:
                self.draw_fn(panels.pop(0))
            return figure

        try:
            _show(self.plot, draw)
        except Exception as error:  # a learner's draw_fn: report, don't crash the widget
            self.readout.value = (
                text + "<br>" + _error_html(f"drawing failed: {type(error).__name__}: {error}")
            )


# --------------------------------------------------------------------------------------------
# LiveTraining
# --------------------------------------------------------------------------------------------


class LiveTraining(TrainingStepper):
    """Train a :class:`~nnbook.Network` step by step, with live cost and accuracy curves.

    One step is one epoch (``Network.fit(..., epochs=1)``) or ``batches_per_step``
    mini-batches (``Network.step``); the learning rate can be changed while it plays. Reset
    puts the network's weights and biases back to what they were when the widget was made
    (in place: ``network`` keeps referring to the same object).

    Parameters
    ----------
    network : Network
    X : array_like, shape (n_samples, n_in)
    Y : array_like, shape (n_samples, n_out)
        Training targets as for ``Network.fit`` (one-hot rows: ``nnbook.one_hot``).
    validation : (X_val, labels_val), optional
        Inputs and integer labels; their accuracy is measured after each step.
    learning_rate, batch_size, l2, momentum
        As for ``Network.fit``.
    batches_per_step : int, optional
        None (default): one step is one epoch. An int k: one step is k mini-batches.
    seed : int
        Seeds the shuffling; Reset restarts it.
    draw_fn : callable, optional
        ``draw_fn(ax)`` draws a custom panel (e.g. ``plot_decision_boundary(net, X, y, ax=ax)``).

    CSS classes: ``nnbook-live-training`` and those of :class:`TrainingStepper`.
    """

    def __init__(
        self,
        network: Any,
        X: Any,
        Y: Any,
        *,
        validation: tuple[Any, Any] | None = None,
        learning_rate: float = 0.5,
        batch_size: int = 10,
        l2: float = 0.0,
        momentum: float = 0.0,
        batches_per_step: int | None = None,
        seed: int = 0,
        draw_fn: Callable[[Axes], Any] | None = None,
        lr_range: tuple[float, float] = (1e-3, 10.0),
        interval: int = 300,
    ) -> None:
        for attribute in ("fit", "step", "weights", "biases", "accuracy"):
            if not hasattr(network, attribute):
                raise TypeError(
                    f"LiveTraining needs an nnbook Network; got {type(network).__name__} "
                    f"(no .{attribute})."
                )
        self.network = network
        # In the network's own precision, so that no batch is converted again while training.
        dtype = getattr(network, "dtype", np.float64)
        self.X = np.asarray(X, dtype=dtype)
        self.Y = np.asarray(Y, dtype=dtype)
        if self.Y.ndim != 2 or len(self.Y) != len(self.X):
            raise ValueError(
                f"Y must be a target matrix (n_samples, n_out) with one row per row of X "
                f"({len(self.X)}); got shape {self.Y.shape}. Use nnbook.one_hot(labels, n)."
            )
        self.validation = validation
        self.batch_size, self.l2, self.momentum = int(batch_size), float(l2), float(momentum)
        if batches_per_step is not None and int(batches_per_step) < 1:
            raise ValueError(f"batches_per_step must be None or >= 1; got {batches_per_step}.")
        self.batches_per_step = batches_per_step
        self.seed = seed
        self._start = (copy.deepcopy(network.weights), copy.deepcopy(network.biases))
        self._restart_shuffling()
        # The training accuracy in batch mode is measured on a fixed sample, to keep it cheap.
        self._labels = self.Y.argmax(axis=1) if self.Y.shape[1] > 1 else (self.Y[:, 0] >= 0.5)
        self._sample = np.arange(min(len(self.X), 1000))
        super().__init__(
            self._train_step,
            self._reset_network,
            learning_rate=learning_rate,
            lr_range=lr_range,
            draw_fn=draw_fn,
            interval=interval,
            step_label="epoch" if batches_per_step is None else "step",
        )
        self.add_class("nnbook-live-training")

    def _restart_shuffling(self) -> None:
        self._rng = np.random.default_rng(self.seed)
        self._order = np.empty(0, dtype=int)

    def _next_batch(self) -> np.ndarray:
        if len(self._order) == 0:
            self._order = self._rng.permutation(len(self.X))
        batch, self._order = self._order[: self.batch_size], self._order[self.batch_size :]
        return batch

    def _train_step(self, learning_rate: float) -> dict[str, float]:
        net = self.network
        if self.batches_per_step is None:
            history = net.fit(
                self.X,
                self.Y,
                epochs=1,
                batch_size=self.batch_size,
                learning_rate=learning_rate,
                l2=self.l2,
                momentum=self.momentum,
                validation=self.validation,
                seed=self._rng,
                progress=False,
            )
            metrics = {"cost": history.cost[-1], "train_accuracy": history.train_accuracy[-1]}
            if history.validation_accuracy:
                metrics["validation_accuracy"] = history.validation_accuracy[-1]
            return metrics
        costs = []
        for _ in range(int(self.batches_per_step)):
            batch = self._next_batch()
            costs.append(
                net.step(
                    self.X[batch],
                    self.Y[batch],
                    learning_rate=learning_rate,
                    l2=self.l2,
                    momentum=self.momentum,
                    n_train=len(self.X),
                )
            )
        metrics = {
            "cost": float(np.mean(costs)),
            "train_accuracy": net.accuracy(self.X[self._sample], self._labels[self._sample]),
        }
        if self.validation is not None:
            metrics["validation_accuracy"] = net.accuracy(*self.validation)
        return metrics

    def _reset_network(self) -> None:
        weights, biases = self._start
        for W, W0 in zip(self.network.weights, weights, strict=True):
            W[...] = W0
        for b, b0 in zip(self.network.biases, biases, strict=True):
            b[...] = b0
        if hasattr(self.network, "reset_momentum"):
            self.network.reset_momentum()
        self._restart_shuffling()


# --------------------------------------------------------------------------------------------
# Playground
# --------------------------------------------------------------------------------------------


def _xor_cloud(n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """XOR's four corners, each the centre of a small cloud of points."""
    from nnbook.datasets import xor

    corners, Y = xor()
    rng = np.random.default_rng(seed)
    which = rng.integers(0, 4, size=n)
    X = corners[which] + rng.normal(0.0, noise, size=(n, 2))
    return X, Y[which, 0].astype(np.int64)


def _playground_data(name: str, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    from nnbook import datasets

    if name == "moons":
        return datasets.moons(n, noise=0.15, seed=seed)
    if name == "circles":
        return datasets.circles(n, noise=0.08, seed=seed)
    if name == "spirals":
        return datasets.spirals(n, noise=0.1, seed=seed)
    if name == "xor":
        return _xor_cloud(n, 0.15, seed)
    raise ValueError(f"unknown dataset {name!r}; choose from {PLAYGROUND_DATASETS}.")


PLAYGROUND_DATASETS = ("moons", "circles", "spirals", "xor")


class Playground(widgets.VBox):
    """A 2-D playground: pick a dataset and a hidden layer, train, watch the boundary move.

    By default the network is ``Network([2, hidden, n_classes], hidden=activation,
    output="softmax", cost="cross_entropy", init="scaled", seed=seed)``, trained by ``fit`` on
    one-hot targets. With ``output="sigmoid"`` it is ``Network([2, hidden, 1], ...)``, one
    output neuron trained on targets 0 or 1 (the datasets have two classes), with ``cost`` and
    ``init`` as given; ``Playground(output="sigmoid", cost="quadratic", init="normal",
    show_activation=False)`` is the network of lessons 02 and 03. Train adds ``epochs`` epochs
    to the network as it is; Reset (and changing the dataset, hidden size or activation)
    starts from a fresh network. The plot shows the decision regions and the data; the
    readout the epochs so far, cost and training accuracy.

    Parameters
    ----------
    output : {"softmax", "sigmoid"}
        ``"softmax"``: one output neuron per class; ``"sigmoid"``: a single output neuron.
    cost : {"cross_entropy", "quadratic"}
    init : {"scaled", "normal", "he"}
        Passed to :class:`~nnbook.network.Network`.
    show_activation : bool
        Show the hidden activation dropdown (sigmoid/relu). If False it is left out of the
        widget and the hidden layer uses ``activation``.

    CSS classes: ``nnbook-playground``, ``nnbook-dataset``, ``nnbook-hidden``,
    ``nnbook-activation``, ``nnbook-lr``, ``nnbook-epochs``, ``nnbook-train``,
    ``nnbook-reset``, ``nnbook-readout``, ``nnbook-plot``.
    """

    def __init__(
        self,
        *,
        dataset: str = "moons",
        hidden: int = 8,
        activation: str = "sigmoid",
        learning_rate: float = 1.0,
        epochs: int = 100,
        batch_size: int = 16,
        n_samples: int = 200,
        seed: int = 0,
        resolution: int = 80,
        output: str = "softmax",
        cost: str = "cross_entropy",
        init: str = "scaled",
        show_activation: bool = True,
    ) -> None:
        if dataset not in PLAYGROUND_DATASETS:
            raise ValueError(f"dataset must be one of {PLAYGROUND_DATASETS}; got {dataset!r}.")
        if output not in ("softmax", "sigmoid"):
            raise ValueError(f'output must be "softmax" or "sigmoid"; got {output!r}.')
        self.output, self.cost_name, self.init = output, cost, init
        self.show_activation = bool(show_activation)
        self.batch_size, self.n_samples = int(batch_size), int(n_samples)
        self.seed, self.resolution = seed, int(resolution)
        self.dataset = widgets.Dropdown(
            options=list(PLAYGROUND_DATASETS), value=dataset, description="data"
        )
        self.dataset.add_class("nnbook-dataset")
        self.hidden = hidden_size_slider(hidden, max=max(64, hidden))
        self.activation = widgets.Dropdown(
            options=["sigmoid", "relu"], value=activation, description="activation"
        )
        self.activation.add_class("nnbook-activation")
        self.learning_rate = learning_rate_slider(learning_rate)
        self.epochs = widgets.IntSlider(
            value=epochs,
            min=1,
            max=max(1000, epochs),
            step=10,
            description="epochs",
            continuous_update=False,
        )
        self.epochs.add_class("nnbook-epochs")
        self.train_button = _button("Train", "nnbook-train", "play")
        self.reset_button = _button("Reset", "nnbook-reset", "undo")
        self.readout = _readout()
        self.plot = _plot_image()

        for control in (self.dataset, self.hidden, self.activation):
            control.observe(self._on_setup_change, names="value")
        self.train_button.on_click(self._on_train_click)
        self.reset_button.on_click(self._on_reset_click)
        setup = [self.dataset, self.activation, self.hidden]
        if not self.show_activation:
            setup.remove(self.activation)  # kept as an attribute, not shown
        super().__init__(
            [
                widgets.HBox(setup),
                widgets.HBox([self.learning_rate, self.epochs]),
                widgets.HBox([self.train_button, self.reset_button]),
                self.readout,
                self.plot,
            ]
        )
        _mark(self, "nnbook-playground", [*setup, self.train_button, self.reset_button])
        self.reset()

    @property
    def widget(self) -> widgets.VBox:
        return self

    def _on_setup_change(self, change: Mapping[str, Any]) -> None:
        self.reset()

    def _on_train_click(self, button: widgets.Button | None = None) -> None:
        self.train()

    def _on_reset_click(self, button: widgets.Button | None = None) -> None:
        self.reset()

    def reset(self) -> None:
        """Load the chosen dataset and make a fresh network; redraw."""
        from nnbook.network import Network, one_hot

        self.X, self.labels = _playground_data(self.dataset.value, self.n_samples, self.seed)
        n_classes = int(self.labels.max()) + 1
        if self.output == "sigmoid":  # one output neuron, target 0 or 1
            self.Y = self.labels[:, None].astype(float)
            n_outputs = 1
        else:
            self.Y = one_hot(self.labels, n_classes)
            n_outputs = n_classes
        self.network = Network(
            [2, int(self.hidden.value), n_outputs],
            hidden=self.activation.value,
            output=self.output,
            cost=self.cost_name,
            init=self.init,
            seed=self.seed,
        )
        self.epochs_trained = 0
        self.cost: float | None = None
        self.error: str | None = None
        self.redraw()

    def train(self) -> None:
        """Train ``epochs`` more epochs, redrawing about five times on the way."""
        total = int(self.epochs.value)
        every = max(1, total // 5)

        def callback(epoch: int, history: Any) -> None:
            self.epochs_trained += 1
            self.cost = history.cost[-1]
            if (epoch + 1) % every == 0 and epoch + 1 < total:
                self.redraw()

        try:
            self.network.fit(
                self.X,
                self.Y,
                epochs=total,
                batch_size=self.batch_size,
                learning_rate=float(self.learning_rate.value),
                progress=False,
                callback=callback,
            )
        except Exception as error:  # e.g. TrainingDivergedError: say so in the readout
            self.error = f"{type(error).__name__}: {error}"
        self.redraw()

    def redraw(self) -> None:
        """Update the readout and the decision-boundary plot."""
        accuracy = self.network.accuracy(self.X, self.labels)
        text = (
            f"{self.dataset.value}: {len(self.X)} points; hidden layer of "
            f"{self.hidden.value} {self.activation.value} neurons; "
            f"{self.output} output, {self.cost_name.replace('_', '-')} cost; "
            f"{self.epochs_trained} epochs trained; training accuracy {accuracy:.1%}"
        )
        if self.cost is not None:
            text += f", cost {self.cost:.4g}"
        self.accuracy = accuracy
        self.readout.value = html.escape(text) + (
            f"<br>{_error_html(self.error)}" if self.error else ""
        )

        def draw() -> Any:
            figure, axes = new_figure(figsize=(4.0, 3.8))
            plot_decision_boundary(
                self.network, self.X, self.labels, ax=axes[0, 0], resolution=self.resolution
            )
            return figure

        _show(self.plot, draw)


# --------------------------------------------------------------------------------------------
# DigitBrowser
# --------------------------------------------------------------------------------------------


class DigitBrowser(widgets.VBox):
    """Browse digits with what the network makes of them: the image and the ten outputs.

    Parameters
    ----------
    network : Network or callable or array
        A Network (its ``feedforward`` gives the outputs), a function ``X -> outputs
        (n, 10)``, or the outputs already computed, shape ``(n_samples, 10)``.
    X : array_like, shape (n_samples, 784) or (n_samples, 28, 28)
    labels : array_like of int, shape (n_samples,)
    index : int
        The digit shown first.

    CSS classes: ``nnbook-digit-browser``, ``nnbook-index``, ``nnbook-prev``, ``nnbook-next``,
    ``nnbook-next-mistake``, ``nnbook-readout``, ``nnbook-plot``.
    """

    def __init__(self, network: Any, X: Any, labels: Any, *, index: int = 0) -> None:
        X = np.asarray(X)
        if not np.issubdtype(X.dtype, np.floating):  # keep float32 images float32 (no copy)
            X = X.astype(float)
        if X.ndim == 3:
            X = X.reshape(len(X), -1)
        side = int(round(math.sqrt(X.shape[1]))) if X.ndim == 2 else 0
        if X.ndim != 2 or side * side != X.shape[1] or len(X) == 0:
            raise ValueError(
                f"X must hold square images as rows, (n_samples, 784); got shape {X.shape}."
            )
        labels = np.asarray(labels)
        if labels.shape != (len(X),):
            raise ValueError(
                f"labels must be integers of shape ({len(X)},); got shape {labels.shape}. "
                "For one-hot rows use Y.argmax(axis=1)."
            )
        self.X, self.labels, self.side = X, labels.astype(int), side
        self._all_outputs: np.ndarray | None = None
        if hasattr(network, "feedforward"):
            self._outputs_of: Callable[[np.ndarray], Any] | None = network.feedforward
        elif callable(network):
            self._outputs_of = network
        else:
            outputs = np.asarray(network, dtype=float)
            if outputs.ndim != 2 or len(outputs) != len(X):
                raise ValueError(
                    f"precomputed outputs must have shape ({len(X)}, n_classes); "
                    f"got {outputs.shape}."
                )
            self._outputs_of, self._all_outputs = None, outputs
        self.index = widgets.IntSlider(
            value=index, min=0, max=len(X) - 1, description="digit", continuous_update=False
        )
        self.index.add_class("nnbook-index")
        self.prev_button = _button("Previous", "nnbook-prev", "arrow-left")
        self.next_button = _button("Next", "nnbook-next", "arrow-right")
        self.mistake_button = _button("Next mistake", "nnbook-next-mistake", "search")
        self.readout = _readout()
        self.plot = _plot_image()
        self.index.observe(self._on_index_change, names="value")
        self.prev_button.on_click(lambda _: self.move(-1))
        self.next_button.on_click(lambda _: self.move(+1))
        self.mistake_button.on_click(lambda _: self.next_mistake())
        self._predictions: np.ndarray | None = None
        super().__init__(
            [
                widgets.HBox([self.prev_button, self.index, self.next_button, self.mistake_button]),
                self.readout,
                self.plot,
            ]
        )
        _mark(
            self,
            "nnbook-digit-browser",
            [self.prev_button, self.index, self.next_button, self.mistake_button],
        )
        self.update()

    @property
    def widget(self) -> widgets.VBox:
        return self

    def _outputs(self, rows: slice) -> np.ndarray:
        """Output activations of ``X[rows]``, shape (n_rows, n_classes)."""
        if self._outputs_of is None:
            return self._all_outputs[rows]
        return np.asarray(self._outputs_of(self.X[rows]), dtype=float)

    def _on_index_change(self, change: Mapping[str, Any]) -> None:
        self.update()

    def move(self, delta: int) -> None:
        """Show the digit ``delta`` places further (wrapping around)."""
        self.index.value = (self.index.value + delta) % len(self.X)

    def next_mistake(self) -> None:
        """Jump to the next digit (after the current one) whose prediction is wrong."""
        if self._predictions is None:
            self._predictions = self._outputs(slice(None)).argmax(axis=1)
        wrong = np.flatnonzero(self._predictions != self.labels)
        if len(wrong) == 0:
            self.readout.value = "no mistakes: every digit is predicted correctly"
            return
        later = wrong[wrong > self.index.value]
        self.index.value = int(later[0] if len(later) else wrong[0])

    def update(self) -> None:
        """Show the current digit, its outputs and the readout."""
        i = int(self.index.value)
        outputs = self._outputs(slice(i, i + 1)).ravel()
        prediction, label = int(outputs.argmax()), int(self.labels[i])
        self.prediction = prediction
        verdict = "✔ right" if prediction == label else "✘ wrong"
        self.readout.value = (
            f"digit {i} of {len(self.X)}: label {label}, prediction {prediction} "
            f"(output {outputs[prediction]:.3f}), {verdict}"
        )

        def draw() -> Any:
            figure, axes = new_figure(1, 2, figsize=(6.0, 2.6), width_ratios=[1, 1.6])
            image_ax, bars_ax = axes[0]
            image_ax.imshow(self.X[i].reshape(self.side, self.side), cmap="gray_r")
            image_ax.set_xticks([])
            image_ax.set_yticks([])
            image_ax.grid(False)
            image_ax.set_title(f"label {label}")
            colours = [TRAIN_COLOUR] * len(outputs)
            colours[prediction] = DERIVATIVE_COLOUR if prediction != label else "#2ca02c"
            bars_ax.bar(range(len(outputs)), outputs, color=colours)
            bars_ax.set_xticks(range(len(outputs)))
            bars_ax.set_xlabel("output neuron (digit)")
            bars_ax.set_title(f"outputs: prediction {prediction}")
            return figure

        _show(self.plot, draw)
