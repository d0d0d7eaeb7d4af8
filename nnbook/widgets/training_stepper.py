"""TrainingStepper (lesson 02): play, pause, step and reset any training loop, live curves."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from nnbook._validation import check_int
from nnbook.messages import say, say_on_figure
from nnbook.plots import draw_curves, new_figure
from nnbook.widgets._block import Block, describe, event_handler
from nnbook.widgets.controls import button, learning_rate_slider, plot_image, readout

__all__ = ["TrainingStepper", "format_metric"]


def format_metric(name: str, value: float) -> str:
    """``"train accuracy 91.0%"`` or ``"cost 0.1234"``: a metric as the readout shows it (one
    template per metric the package's steppers report; another metric by its key)."""
    if name == "cost":
        return say("cost {value:.4g}", value=value)
    if name == "train_accuracy":
        return say("train accuracy {value:.1%}", value=value)
    if name == "validation_accuracy":
        return say("validation accuracy {value:.1%}", value=value)
    if name == "accuracy":
        return say("accuracy {value:.1%}", value=value)
    if "accuracy" in name:
        return say("{name} {value:.1%}", name=name.replace("_", " "), value=value)
    return say("{name} {value:.4g}", name=name.replace("_", " "), value=value)


def curve_name(key: str) -> str:
    """A curve's name in the legend: ``"cost"``, ``"train"``, ``"validation"`` or the key."""
    names = {"cost": say("cost"), "train": say("train"), "validation": say("validation")}
    return names.get(key, key.replace("_", " "))


def count_label(label: str, n: int) -> str:
    """``"epoch 12"``, ``"step 3"``: the readout's count of steps (``label`` is a step's name)."""
    if label == "epoch":
        return say("epoch {n}", n=n)
    if label == "step":
        return say("step {n}", n=n)
    return say("{label} {n}", label=label, n=n)


def axis_label(label: str) -> str:
    """The x axis: ``"epoch"``, ``"step"`` or the step's own name."""
    return {"epoch": say("epoch"), "step": say("step")}.get(label, label)


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
    halted : bool
        Whether training has stopped for good (``step_fn`` raised or gave a NaN metric):
        Step and Play then do nothing until Reset, so the step count stays where it stopped.

    CSS classes: ``nnbook-training-stepper``, ``nnbook-play``, ``nnbook-step``,
    ``nnbook-reset``, ``nnbook-lr``, ``nnbook-readout``, ``nnbook-plot``.
    """

    def stopped(self, reason: str) -> str:
        return say("Training stopped: {reason}", reason=reason)

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
            raise TypeError(
                say(
                    "TrainingStepper needs step_fn(learning_rate) -> dict, and reset_fn(); got "
                    "step_fn={step_fn!r}, reset_fn={reset_fn!r}.",
                    step_fn=step_fn,
                    reset_fn=reset_fn,
                )
            )
        if draw_fn is not None and not callable(draw_fn):
            raise TypeError(
                say(
                    "draw_fn must be a function draw_fn(ax) or None; got {draw_fn!r}.",
                    draw_fn=draw_fn,
                )
            )
        if len(lr_range) != 2:
            raise ValueError(
                say(
                    "lr_range must be (lowest, highest) learning rate; got {lr_range!r}.",
                    lr_range=lr_range,
                )
            )
        self.step_fn, self.reset_fn, self.draw_fn = step_fn, reset_fn, draw_fn
        self.steps_per_tick = check_int(steps_per_tick, "steps_per_tick")
        self.step_label = str(step_label)
        self.history: dict[str, list[float]] = {}
        self.steps = 0
        self.halted = False
        self._resetting = False

        self.play = widgets.Play(
            value=0,
            min=0,
            max=check_int(max_steps, "max_steps"),
            step=1,
            interval=check_int(interval, "interval"),
            show_repeat=False,
        )
        self.play.add_class("nnbook-play")
        self.step_button = button(say("Step"), "nnbook-step", "step-forward")
        self.reset_button = button(say("Reset"), "nnbook-reset", "undo")
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

        If ``step_fn`` raises, or gives a metric that is NaN or infinite, training stops there
        (and the Play widget with it), the readout says why, and Step does nothing more until
        Reset. A learning rate that is not a number (the slider set to NaN) is refused with a
        message, and nothing is trained.
        """
        if self.halted:  # stopped for good: the count stays where training stopped
            self.play.playing = False
            return
        learning_rate = float(self.learning_rate.value)
        if not math.isfinite(learning_rate):
            self.stop(
                say(
                    "the learning rate η is {value}, not a number. Move the η slider to a "
                    "number, then press Step or Play again.",
                    value=learning_rate,
                )
            )
            return
        self.error = None
        for _ in range(n):
            try:
                metrics = self.step_fn(learning_rate)
                if not isinstance(metrics, Mapping):
                    raise TypeError(
                        say(
                            "step_fn must return a dict of metrics; got {kind}",
                            kind=type(metrics).__name__,
                        )
                    )
                values = {key: float(value) for key, value in metrics.items()}
            except Exception as error:  # noqa: BLE001 - e.g. TrainingDivergedError: say so
                self.halt(error)
                break
            self.steps += 1
            for key, value in values.items():
                self.history.setdefault(key, []).append(value)
            diverged = [key for key, value in values.items() if not math.isfinite(value)]
            if diverged:
                self.halt(
                    say(
                        "{name} became {value}: the network's numbers are NaN or infinite, "
                        "training diverged. Press Reset, and try a smaller learning rate.",
                        name=diverged[0].replace("_", " "),
                        value=values[diverged[0]],
                    )
                )
                break
        self.redraw()

    def halt(self, error: BaseException | str) -> None:
        """Stop training for good (until Reset), saying why: :meth:`Block.stop`."""
        self.halted = True
        self.stop(error)

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
        self.error, self.halted = None, False
        self.redraw()

    # ---------------------------------------------------------------- drawing

    def readout_text(self) -> str:
        """``"step 12, cost 0.1234, train accuracy 91.0%"`` (text of the readout): the count
        and each metric, each a template, in a list."""
        parts = [count_label(self.step_label, self.steps)]
        parts += [format_metric(key, values[-1]) for key, values in self.history.items() if values]
        return ", ".join(parts)

    def redraw(self) -> None:
        """Update the readout and the curves (:func:`nnbook.plots.draw_curves`)."""
        self.show_readout(self.readout_text())
        costs = {curve_name(key): v for key, v in self.history.items() if "accuracy" not in key}
        accuracies = {
            curve_name(key.replace("_accuracy", "")): v
            for key, v in self.history.items()
            if "accuracy" in key
        }
        n_panels = 1 + bool(accuracies) + (self.draw_fn is not None)
        xlabel = axis_label(self.step_label)

        def draw() -> Figure:
            figure, axes = new_figure(1, n_panels, figsize=(3.3 * n_panels, 2.8))
            panels = list(axes[0])
            draw_curves(
                panels.pop(0), costs, title=say_on_figure("cost"), xlabel=xlabel, legend_fontsize=8
            )
            if accuracies:
                draw_curves(
                    panels.pop(0),
                    accuracies,
                    title=say_on_figure("accuracy"),
                    xlabel=xlabel,
                    percent=True,
                    legend_fontsize=8,
                )
            if self.draw_fn is not None:
                self.draw_fn(panels.pop(0))
            return figure

        try:
            self.show_plot(draw)
        except Exception as error:  # noqa: BLE001 - a learner's draw_fn: report, don't crash
            self.stop(error, line=say("Drawing failed: {reason}", reason=describe(error)))
