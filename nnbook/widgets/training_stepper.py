"""TrainingStepper (lesson 02): play, pause, step and reset any training loop, live curves."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from nnbook._validation import check_int
from nnbook.plots import draw_curves, new_figure
from nnbook.widgets._block import Block, event_handler
from nnbook.widgets.controls import button, learning_rate_slider, plot_image, readout

__all__ = ["TrainingStepper", "format_metric"]


def format_metric(name: str, value: float) -> str:
    """``"train accuracy 91.0%"`` or ``"cost 0.1234"``: a metric as the readout shows it."""
    label = name.replace("_", " ")
    if "accuracy" in name:
        return f"{label} {value:.1%}"
    return f"{label} {value:.4g}"


class TrainingStepper(Block):
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
        Starting value of the learning-rate slider (η), inside ``lr_range``, its bounds.
    draw_fn : callable, optional
        ``draw_fn(ax)`` draws a custom panel (weights, a decision boundary) after each redraw.
    steps_per_tick : int
        Steps taken per tick of the Play widget and per click of Step, >= 1.
    interval : int
        Milliseconds between the Play widget's ticks, >= 1.
    max_steps : int
        The Play widget stops there, >= 1.
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

    stopped = "Training stopped"

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
        if draw_fn is not None and not callable(draw_fn):
            raise TypeError(f"draw_fn must be a function draw_fn(ax) or None; got {draw_fn!r}.")
        if len(lr_range) != 2:
            raise ValueError(f"lr_range must be (lowest, highest) learning rate; got {lr_range!r}.")
        self.step_fn, self.reset_fn, self.draw_fn = step_fn, reset_fn, draw_fn
        self.steps_per_tick = check_int(steps_per_tick, "steps_per_tick")
        self.step_label = str(step_label)
        self.history: dict[str, list[float]] = {}
        self.steps = 0
        self._resetting = False

        self.play = widgets.Play(
            value=0,
            min=0,
            max=check_int(max_steps, "max_steps"),
            step=1,
            interval=check_int(interval, "interval (milliseconds between ticks)"),
            show_repeat=False,
        )
        self.play.add_class("nnbook-play")
        self.step_button = button("Step", "nnbook-step", "step-forward")
        self.reset_button = button("Reset", "nnbook-reset", "undo")
        self.learning_rate = learning_rate_slider(learning_rate, min=lr_range[0], max=lr_range[1])
        self.readout = readout()
        self.plot = plot_image()

        self.play.observe(self._on_play_tick, names="value")
        self.step_button.on_click(self._on_step_click)
        self.reset_button.on_click(self._on_reset_click)
        controls = widgets.HBox(
            [self.play, self.step_button, self.reset_button, self.learning_rate]
        )
        super().__init__(
            [controls, self.readout, self.plot],
            css="nnbook-training-stepper",
            controls=[self.step_button, self.reset_button],
        )
        self.redraw()

    # ---------------------------------------------------------------- handlers

    @event_handler
    def _on_play_tick(self, change: Mapping[str, Any]) -> None:
        """The Play widget's value went up: take ``steps_per_tick`` steps."""
        if self._resetting or change["new"] <= change["old"]:
            return
        self.step(self.steps_per_tick)

    @event_handler
    def _on_step_click(self, button: widgets.Button | None = None) -> None:
        self.step(self.steps_per_tick)

    @event_handler
    def _on_reset_click(self, button: widgets.Button | None = None) -> None:
        self.reset()

    # ---------------------------------------------------------------- actions

    def step(self, n: int = 1) -> None:
        """Take ``n`` steps at the slider's learning rate, then redraw.

        If ``step_fn`` raises, training stops there (and the Play widget with it); the
        readout says why.
        """
        for _ in range(n):
            try:
                metrics = self.step_fn(float(self.learning_rate.value))
                if not isinstance(metrics, Mapping):
                    raise TypeError(
                        f"step_fn must return a dict of metrics; got {type(metrics).__name__}"
                    )
                values = {key: float(value) for key, value in metrics.items()}
            except Exception as error:  # noqa: BLE001 - e.g. TrainingDivergedError: say so
                self.stop(error)
                break
            self.steps += 1
            for key, value in values.items():
                self.history.setdefault(key, []).append(value)
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
        parts += [format_metric(key, values[-1]) for key, values in self.history.items() if values]
        return ", ".join(parts)

    def redraw(self) -> None:
        """Update the readout and the curves (:func:`nnbook.plots.draw_curves`)."""
        self.show_readout(self.readout_text())
        costs = {key: v for key, v in self.history.items() if "accuracy" not in key}
        accuracies = {
            key.replace("_accuracy", "").replace("_", " "): v
            for key, v in self.history.items()
            if "accuracy" in key
        }
        n_panels = 1 + bool(accuracies) + (self.draw_fn is not None)

        def draw() -> Figure:
            figure, axes = new_figure(1, n_panels, figsize=(3.3 * n_panels, 2.8))
            panels = list(axes[0])
            draw_curves(
                panels.pop(0), costs, title="cost", xlabel=self.step_label, legend_fontsize=8
            )
            if accuracies:
                draw_curves(
                    panels.pop(0),
                    accuracies,
                    title="accuracy",
                    xlabel=self.step_label,
                    percent=True,
                    legend_fontsize=8,
                )
            if self.draw_fn is not None:
                self.draw_fn(panels.pop(0))
            return figure

        try:
            self.show_plot(draw)
        except Exception as error:  # noqa: BLE001 - a learner's draw_fn: report, don't crash
            self.stop(error, "Drawing failed")
