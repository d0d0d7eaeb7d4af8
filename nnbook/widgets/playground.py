"""Playground (lesson 03): pick a 2-D dataset and a hidden layer, add points by clicking on
the plot, train, watch the boundary. The plot is a small anywidget, :class:`ClickablePlot`: it
shows the PNG and sends each click as fractions of the image's size, which the Playground turns
into data coordinates with the axes' position and limits in the last drawing.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any

import anywidget
import ipywidgets as widgets
import numpy as np
import traitlets
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from nnbook import datasets
from nnbook._validation import check_choice, check_int, make_rng
from nnbook.activations import hidden_activations
from nnbook.costs import COSTS
from nnbook.labels import one_hot
from nnbook.messages import say, say_n, say_on_figure
from nnbook.network import INITIALIZATIONS, Network
from nnbook.plots import CLASS_COLOURS, new_figure, plot_decision_boundary
from nnbook.widgets._block import Block, event_handler
from nnbook.widgets.controls import (
    button,
    hidden_size_slider,
    learning_rate_slider,
    readout,
)

__all__ = ["PLAYGROUND_DATASETS", "ClickablePlot", "Playground"]

PLAYGROUND_DATASETS = ("moons", "circles", "spirals", "xor")
N_CLASSES = 2  # every dataset, and the points a learner adds, are of class 0 or 1
PADDING = 0.5  # the plot shows the dataset and this much around it

_CLICK_ESM = r"""
function render({ model, el }) {
  const img = document.createElement("img");
  img.style.cssText = "cursor: crosshair; display: block; max-width: 100%";
  el.appendChild(img);
  let url = null;
  function show() {
    try {
      if (url) URL.revokeObjectURL(url);
      url = URL.createObjectURL(new Blob([model.get("value")], { type: "image/png" }));
      img.src = url;
    } catch (error) { img.alt = model.get("texts").not_shown.replace("{error}", error); }
  }
  img.addEventListener("click", (event) => {
    try {
      const box = img.getBoundingClientRect();
      const n = (model.get("click")[2] || 0) + 1;  // a new value even for the same spot
      model.set("click", [(event.clientX - box.left) / box.width,
                          (event.clientY - box.top) / box.height, n]);
      model.save_changes();
    } catch (error) { img.alt = model.get("texts").not_sent.replace("{error}", error); }
  });
  model.on("change:value", show);
  show();
}
export default { render };
"""


class ClickablePlot(anywidget.AnyWidget):
    """A PNG plot that reports clicks: ``value`` is the PNG's bytes (as in ``ipywidgets.Image``),
    ``click`` is set by the browser to ``[x, y, n]``: the click's position as fractions of the
    image's width and height (from its top left corner) and a running count. ``texts`` holds
    what the browser says when it fails, :func:`~nnbook.messages.say` templates whose
    ``{error}`` it fills in."""

    _esm = _CLICK_ESM
    value = traitlets.Bytes(b"").tag(sync=True)
    click = traitlets.List([0.0, 0.0, 0]).tag(sync=True)
    texts = traitlets.Dict().tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        texts = {
            "not_shown": say("The plot could not be shown: {error}", error="{error}"),
            "not_sent": say("The click could not be sent: {error}", error="{error}"),
        }
        super().__init__(texts=texts, **kwargs)


def _xor_cloud(n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """XOR's four corners, each the centre of a small cloud of points."""
    corners, Y = datasets.xor()
    rng = make_rng(seed, allow_none=False)
    which = rng.integers(0, 4, size=n)
    X = corners[which] + rng.normal(0.0, noise, size=(n, 2))
    return X, Y[which, 0].astype(np.int64)


def _playground_data(name: str, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    if name == "moons":
        return datasets.moons(n, noise=0.15, seed=seed)
    if name == "circles":
        return datasets.circles(n, noise=0.08, seed=seed)
    if name == "spirals":
        return datasets.spirals(n, noise=0.1, seed=seed)
    return _xor_cloud(n, 0.15, seed)


class Playground(Block):
    """A 2-D playground: pick a dataset and a hidden layer, add your own points, train.

    By default the network is ``Network([2, hidden_neurons, 2], hidden=activation,
    output="softmax", cost="cross_entropy", init="scaled", seed=seed)``, trained by ``fit`` on
    one-hot targets; with ``output="sigmoid"``, ``Network([2, hidden_neurons, 1], ...)`` on
    targets 0 or 1, with ``cost`` and ``init`` as given (``output="sigmoid", cost="quadratic",
    init="normal", show_activation=False`` is lessons 02 and 03's network). Train adds
    ``epochs`` epochs;
    Reset (and a new hidden size or activation) starts from a fresh network on the same points;
    a dataset replaces the points. A click on the plot adds a point of the chosen class where
    it lands, Clear removes them all (and starts from a fresh network: nothing is left to have
    trained on). The readout counts the points of each class and shows the epochs, cost and
    training accuracy; with one class only, Train says so instead of training. A learning rate
    that is not a number is refused with a message; a network whose weights became NaN is
    said to have diverged, and no regions are drawn from it.

    Parameters
    ----------
    dataset : {"moons", "circles", "spirals", "xor"}
    hidden_neurons : int
        Hidden neurons, >= 1 (the slider ``hidden_neurons``).
    activation : str
        The hidden activation, one of :func:`nnbook.activations.hidden_activations` (the
        dropdown offers them all, a newly registered one included).
    learning_rate : float
        In [0.001, 10], the slider's range.
    epochs, batch_size : int
        Epochs per click of Train (1 to 1000 or more) and examples per mini-batch, >= 1.
    n_samples : int
        Points in the dataset, >= 4.
    seed : int
        Seeds the data and the network; Reset starts again from the same network.
    resolution : int
        Grid points per side of the decision-region plot, >= 2.
    output : {"softmax", "sigmoid"}
        ``"softmax"``: one output neuron per class; ``"sigmoid"``: a single output neuron. (The
        labels are encoded for one of these two, so other output activations are not offered.)
    cost : {"cross_entropy", "quadratic"}
    init : {"scaled", "normal", "he"}
        Passed to :class:`~nnbook.network.Network`.
    show_activation : bool
        Show the hidden activation dropdown. If False it is left out of the widget and the
        hidden layer uses ``activation``.

    Attributes
    ----------
    latest_cost : float or None
        The training cost of the last epoch trained, None before training (and after Reset,
        Clear or a new dataset).

    CSS classes: ``nnbook-playground``, ``nnbook-dataset``, ``nnbook-hidden``,
    ``nnbook-activation``, ``nnbook-lr``, ``nnbook-epochs``, ``nnbook-train``,
    ``nnbook-reset``, ``nnbook-point-class`` (the class of the next point), ``nnbook-clear``,
    ``nnbook-readout``, ``nnbook-plot`` (the :class:`ClickablePlot`).
    """

    def stopped(self, reason: str) -> str:
        return say("Training stopped: {reason}", reason=reason)

    def __init__(
        self,
        *,
        dataset: str = "moons",
        hidden_neurons: int = 8,
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
        check_choice(dataset, "dataset", PLAYGROUND_DATASETS)
        self.output = check_choice(output, "output", ("softmax", "sigmoid"))
        hidden_neurons = check_int(hidden_neurons, "hidden_neurons")
        self.cost_name = check_choice(cost, "cost", COSTS)
        self.init = check_choice(init, "init", INITIALIZATIONS)
        activation = check_choice(activation, "activation", hidden_activations())
        self.show_activation = bool(show_activation)
        self.batch_size = check_int(batch_size, "batch_size")
        self.n_samples = check_int(n_samples, "n_samples", minimum=4)
        self.seed = check_int(seed, "seed", minimum=0)  # an int: Reset must repeat it
        self.resolution = check_int(resolution, "resolution", minimum=2)
        epochs = check_int(epochs, "epochs")
        self.dataset = widgets.Dropdown(
            options=list(PLAYGROUND_DATASETS), value=dataset, description=say("data")
        )
        self.dataset.add_class("nnbook-dataset")
        self.hidden_neurons = hidden_size_slider(hidden_neurons, max=max(64, hidden_neurons))
        # From the registry: a new hidden activation appears here without touching this file.
        self.activation = widgets.Dropdown(
            options=list(hidden_activations()),
            value=activation,
            description=say("activation"),
        )
        self.activation.add_class("nnbook-activation")
        self.learning_rate = learning_rate_slider(learning_rate)
        self.epochs = widgets.IntSlider(
            value=epochs,
            min=1,
            max=max(1000, epochs),
            step=10,
            description=say("epochs"),
            continuous_update=False,
        )
        self.epochs.add_class("nnbook-epochs")
        self.train_button = button(say("Train"), "nnbook-train", "play")
        self.reset_button = button(say("Reset"), "nnbook-reset", "undo")
        self.point_class = widgets.ToggleButtons(
            options=[(say("class 0 (blue)"), 0), (say("class 1 (orange)"), 1)],
            value=0,
            description=say("a click adds"),
            style={"button_width": "auto", "description_width": "initial"},
        )
        self.point_class.add_class("nnbook-point-class")
        self.clear_button = button(say("Clear"), "nnbook-clear", "trash")
        self.readout = readout()
        self.plot = ClickablePlot()  # type: ignore[assignment]  (an Image that reports clicks)
        self.plot.add_class("nnbook-plot")
        self.axes: Axes | None = None
        self.dataset.observe(self._on_dataset_change, names="value")
        for control in (self.hidden_neurons, self.activation):
            control.observe(self._on_setup_change, names="value")
        self.train_button.on_click(self._on_train_click)
        self.reset_button.on_click(self._on_reset_or_clear_click)
        self.clear_button.on_click(self._on_reset_or_clear_click)
        self.plot.observe(self._on_plot_click, names="click")
        setup = [self.dataset, self.activation, self.hidden_neurons]
        if not self.show_activation:
            setup.remove(self.activation)  # kept as an attribute, not shown
        super().__init__(
            [
                widgets.HBox(setup),
                widgets.HBox([self.learning_rate, self.epochs]),
                widgets.HBox([self.train_button, self.reset_button]),
                widgets.HBox([self.point_class, self.clear_button]),
                self.readout,
                self.plot,
            ],
            css="nnbook-playground",
            controls=[*setup, self.train_button, self.reset_button, self.point_class,
                      self.clear_button],
        )  # fmt: skip
        self.load()

    @event_handler
    def _on_dataset_change(self, change: Mapping[str, Any]) -> None:
        self.load()

    @event_handler
    def _on_setup_change(self, change: Mapping[str, Any]) -> None:
        self.reset()

    @event_handler
    def _on_train_click(self, button: widgets.Button | None = None) -> None:
        self.train()

    @event_handler
    def _on_reset_or_clear_click(self, button: widgets.Button) -> None:
        (self.reset if button is self.reset_button else self.clear)()

    @event_handler
    def _on_plot_click(self, change: Mapping[str, Any]) -> None:
        self.click(*change["new"][:2])

    def load(self) -> None:
        """Load the chosen dataset (its points replace any you added) and reset."""
        self.X, self.labels = _playground_data(self.dataset.value, self.n_samples, self.seed)
        self.source = self.dataset.value
        low, high = self.X.min(axis=0) - PADDING, self.X.max(axis=0) + PADDING
        self.view = np.array([low, high])  # the plot's limits, [[x1, x2] min, [x1, x2] max]
        self.reset()

    def reset(self) -> None:
        """Make a fresh network (the points stay); redraw."""
        n_outputs = 1 if self.output == "sigmoid" else N_CLASSES
        self.network = Network(
            [2, int(self.hidden_neurons.value), n_outputs],
            hidden=self.activation.value,
            output=self.output,
            cost=self.cost_name,
            init=self.init,
            seed=self.seed,
        )
        self.epochs_trained = 0
        self.latest_cost: float | None = None
        self.error = None
        self.redraw()

    @property
    def Y(self) -> np.ndarray:
        """The training targets: ``labels`` as a column of 0 and 1 (one sigmoid output) or
        one-hot rows (softmax)."""
        if self.output == "sigmoid":
            return self.labels[:, None].astype(float)
        return one_hot(self.labels, N_CLASSES)

    def add_point(self, x1: float, x2: float, label: int | None = None) -> None:
        """Add the point ``(x1, x2)`` of class ``label`` (default: the chosen class); redraw."""
        label = int(self.point_class.value if label is None else label)
        if label not in range(N_CLASSES):
            raise ValueError(say("label must be 0 or 1; got {label}.", label=label))
        coordinates = (x1, x2)
        if not all(isinstance(v, numbers.Real) and np.isfinite(v) for v in coordinates):
            raise ValueError(  # NaN or inf in the data would break every later Train
                say(
                    "A point needs two finite numbers (x1, x2); got {coordinates!r}. Click "
                    "inside the plot, or call add_point(0.5, -1.0) with numbers like these.",
                    coordinates=coordinates,
                )
            )
        point = np.array([[float(x1), float(x2)]])
        self.X = np.concatenate([self.X, point])
        self.labels = np.concatenate([self.labels, [label]]).astype(np.int64)
        self.view = np.array(
            [np.minimum(self.view[0], point[0]), np.maximum(self.view[1], point[0])]
        )
        if self.source in PLAYGROUND_DATASETS:
            self.source = say("{dataset} and your points", dataset=self.source)
        self.error = None
        self.redraw()

    def clear(self) -> None:
        """Remove every point, so that the learner can place their own, and start from a fresh
        network (what it learnt was about the points removed); redraw."""
        self.X, self.labels = np.empty((0, 2)), np.empty(0, dtype=np.int64)
        self.source = say("your points")
        self.reset()

    def click(self, x: float, y: float) -> None:
        """A click on the plot at ``(x, y)``, fractions of the image's width and height from its
        top left corner: add a point there, if it is inside the axes."""
        if self.axes is None:
            return
        box = self.axes.get_position()  # in fractions of the figure, from its bottom left
        fx, fy = (x - box.x0) / box.width, (1 - y - box.y0) / box.height  # within the axes
        if not (0 <= fx <= 1 and 0 <= fy <= 1):
            self.error = say("Click inside the axes (the shaded area) to add a point.")
            self.show_readout(self._readout_text)
            return
        (x_min, y_min), (x_max, y_max) = self.view
        self.add_point(x_min + fx * (x_max - x_min), y_min + fy * (y_max - y_min))

    def train(self) -> None:
        """Train ``epochs`` more epochs, redrawing about five times on the way.

        With points of one class only, say so instead; if training fails (e.g. the cost
        diverges), the readout says why.
        """
        self.error = None  # a message from an earlier Train no longer applies
        counts = np.bincount(self.labels, minlength=N_CLASSES)
        if (counts == 0).any():
            missing = int(np.flatnonzero(counts == 0)[0])
            if not len(self.X):
                reason = say(
                    "training needs points of both classes, and there are no points. Choose "
                    "class {missing} and click on the plot to add some.",
                    missing=missing,
                )
            else:
                reason = say(
                    "training needs points of both classes, and there are only points of "
                    "class {present}. Choose class {missing} and click on the plot to add some.",
                    present=int(counts.argmax()),
                    missing=missing,
                )
            self.stop(reason)
            return
        learning_rate = float(self.learning_rate.value)
        if not np.isfinite(learning_rate):
            self.stop(
                say(
                    "the learning rate η is {value}, not a number. Move the η slider to a "
                    "number, then press Train.",
                    value=learning_rate,
                )
            )
            return
        total = int(self.epochs.value)
        every = max(1, total // 5)

        def callback(epoch: int, history: Any) -> None:
            self.epochs_trained += 1
            self.latest_cost = history.costs[-1]
            if (epoch + 1) % every == 0 and epoch + 1 < total:
                self.redraw()

        try:
            self.network.fit(
                self.X,
                self.Y,
                epochs=total,
                batch_size=self.batch_size,
                learning_rate=learning_rate,
                progress=False,
                callback=callback,
            )
        except Exception as error:  # noqa: BLE001 - e.g. TrainingDivergedError: say so
            self.stop(error)
        self.redraw()

    def diverged(self) -> bool:
        """Whether a weight or bias of the network is NaN or infinite (training diverged)."""
        parameters = [*self.network.weights, *self.network.biases]
        return not all(np.isfinite(p).all() for p in parameters)

    def _readout_values(self) -> dict[str, Any]:
        """The placeholders every variant of the readout shares: the points, the network, the
        epochs trained (counts through say_n, for their grammar)."""
        counts = np.bincount(self.labels, minlength=N_CLASSES)
        n_neurons = int(self.hidden_neurons.value)
        return {
            "source": self.source,
            "points": say_n("{n} point", "{n} points", len(self.X)),
            "class_0": int(counts[0]),
            "class_1": int(counts[1]),
            "neurons": say_n(
                "{n} {activation} neuron",
                "{n} {activation} neurons",
                n_neurons,
                activation=self.activation.value,
            ),
            "output": self.output,
            "cost": self.cost_name.replace("_", "-"),
            "epochs": say_n("{n} epoch", "{n} epochs", self.epochs_trained),
        }

    def readout_text(self) -> str:
        """The readout, one whole template per variant: no points; trained to NaN weights;
        with the training accuracy; with the accuracy and the latest cost."""
        values = self._readout_values()
        self.accuracy = None
        if not len(self.X):
            return say(
                "{source}: {points} ({class_0} of class 0, {class_1} of class 1); hidden layer "
                "of {neurons}; {output} output, {cost} cost; {epochs} trained",
                **values,
            )
        if self.diverged():
            return say(
                "{source}: {points} ({class_0} of class 0, {class_1} of class 1); hidden layer "
                "of {neurons}; {output} output, {cost} cost; {epochs} trained; the network's "
                "weights are NaN or infinite: training diverged, so it has no boundary to "
                "draw. Press Reset, and try a smaller learning rate.",
                **values,
            )
        self.accuracy = self.network.accuracy(self.X, self.labels)
        if self.latest_cost is None:
            return say(
                "{source}: {points} ({class_0} of class 0, {class_1} of class 1); hidden layer "
                "of {neurons}; {output} output, {cost} cost; {epochs} trained; training "
                "accuracy {accuracy:.1%}",
                accuracy=self.accuracy,
                **values,
            )
        return say(
            "{source}: {points} ({class_0} of class 0, {class_1} of class 1); hidden layer of "
            "{neurons}; {output} output, {cost} cost; {epochs} trained; training accuracy "
            "{accuracy:.1%}, cost {latest_cost:.4g}",
            accuracy=self.accuracy,
            latest_cost=self.latest_cost,
            **values,
        )

    def redraw(self) -> None:
        """Update the readout and the decision-boundary plot."""
        self.show_readout(self.readout_text())

        def draw() -> Figure:
            figure, axes = new_figure(figsize=(4.0, 3.8))
            self.axes = axes[0, 0]
            (x_min, y_min), (x_max, y_max) = self.view
            if len(self.X) and not self.diverged():
                # the regions must cover the whole view, whichever points there are
                padding = max(PADDING, *(self.X.min(axis=0) - self.view[0]),
                              *(self.view[1] - self.X.max(axis=0)))  # fmt: skip
                plot_decision_boundary(
                    self.network, self.X, self.labels, ax=self.axes,
                    resolution=self.resolution, padding=padding,
                )  # fmt: skip
            elif len(self.X):  # NaN weights: the points, without regions
                for label, colour in enumerate(CLASS_COLOURS[:N_CLASSES]):
                    self.axes.scatter(*self.X[self.labels == label].T, s=12, color=colour)
                self.axes.set_title(say_on_figure("training diverged: no regions"), fontsize=9)
            else:
                self.axes.text(0.5, 0.5, say_on_figure("no points: click to add some"), ha="center",
                               transform=self.axes.transAxes, color=CLASS_COLOURS[0])  # fmt: skip
                self.axes.grid(False)
            self.axes.set_xlim(x_min, x_max)
            self.axes.set_ylim(y_min, y_max)
            return figure

        self.show_plot(draw)
