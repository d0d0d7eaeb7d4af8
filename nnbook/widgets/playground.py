"""Playground (lesson 03): pick a 2-D dataset and a hidden layer, train, watch the boundary."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from nnbook import datasets
from nnbook._validation import check_choice, check_int, make_rng
from nnbook.activations import HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS
from nnbook.costs import COSTS
from nnbook.labels import one_hot
from nnbook.network import INITIALIZATIONS, Network
from nnbook.plots import new_figure, plot_decision_boundary
from nnbook.widgets._block import Block, count_of, event_handler
from nnbook.widgets.controls import (
    button,
    hidden_size_slider,
    learning_rate_slider,
    plot_image,
    readout,
)

__all__ = ["PLAYGROUND_DATASETS", "Playground"]

PLAYGROUND_DATASETS = ("moons", "circles", "spirals", "xor")


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
    dataset : {"moons", "circles", "spirals", "xor"}
    hidden : int
        Hidden neurons, >= 1.
    activation : str
        The hidden activation, one of :data:`nnbook.activations.HIDDEN_ACTIVATIONS` (the
        dropdown offers them all).
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
        ``"softmax"``: one output neuron per class; ``"sigmoid"``: a single output neuron.
    cost : {"cross_entropy", "quadratic"}
    init : {"scaled", "normal", "he"}
        Passed to :class:`~nnbook.network.Network`.
    show_activation : bool
        Show the hidden activation dropdown. If False it is left out of the widget and the
        hidden layer uses ``activation``.

    CSS classes: ``nnbook-playground``, ``nnbook-dataset``, ``nnbook-hidden``,
    ``nnbook-activation``, ``nnbook-lr``, ``nnbook-epochs``, ``nnbook-train``,
    ``nnbook-reset``, ``nnbook-readout``, ``nnbook-plot``.
    """

    stopped = "Training stopped"

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
        if output not in ("softmax", "sigmoid") or output not in OUTPUT_ACTIVATIONS:
            raise ValueError(f'output must be "softmax" or "sigmoid"; got {output!r}.')
        self.output = output
        self.cost_name = check_choice(cost, "cost", COSTS)
        self.init = check_choice(init, "init", INITIALIZATIONS)
        activation = check_choice(activation, "activation", HIDDEN_ACTIVATIONS)
        self.show_activation = bool(show_activation)
        self.batch_size = check_int(batch_size, "batch_size")
        self.n_samples = check_int(n_samples, "n_samples", minimum=4)
        self.seed = check_int(seed, "seed", minimum=0)  # an int: Reset must repeat it
        self.resolution = check_int(resolution, "resolution", minimum=2)
        epochs = check_int(epochs, "epochs")
        self.dataset = widgets.Dropdown(
            options=list(PLAYGROUND_DATASETS), value=dataset, description="data"
        )
        self.dataset.add_class("nnbook-dataset")
        self.hidden = hidden_size_slider(hidden, max=max(64, hidden))
        # From the registry: a new hidden activation appears here without touching this file.
        self.activation = widgets.Dropdown(
            options=list(HIDDEN_ACTIVATIONS), value=activation, description="activation"
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
        self.train_button = button("Train", "nnbook-train", "play")
        self.reset_button = button("Reset", "nnbook-reset", "undo")
        self.readout = readout()
        self.plot = plot_image()

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
            ],
            css="nnbook-playground",
            controls=[*setup, self.train_button, self.reset_button],
        )
        self.reset()

    @event_handler
    def _on_setup_change(self, change: Mapping[str, Any]) -> None:
        self.reset()

    @event_handler
    def _on_train_click(self, button: widgets.Button | None = None) -> None:
        self.train()

    @event_handler
    def _on_reset_click(self, button: widgets.Button | None = None) -> None:
        self.reset()

    def reset(self) -> None:
        """Load the chosen dataset and make a fresh network; redraw."""
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
        self.error = None
        self.redraw()

    def train(self) -> None:
        """Train ``epochs`` more epochs, redrawing about five times on the way.

        If training fails (e.g. the cost diverges), the readout says why.
        """
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
        except Exception as error:  # noqa: BLE001 - e.g. TrainingDivergedError: say so
            self.stop(error)
        self.redraw()

    def redraw(self) -> None:
        """Update the readout and the decision-boundary plot."""
        self.accuracy = self.network.accuracy(self.X, self.labels)
        text = (
            f"{self.dataset.value}: {count_of(len(self.X), 'point')}; hidden layer of "
            f"{count_of(int(self.hidden.value), f'{self.activation.value} neuron')}; "
            f"{self.output} output, {self.cost_name.replace('_', '-')} cost; "
            f"{count_of(self.epochs_trained, 'epoch')} trained; "
            f"training accuracy {self.accuracy:.1%}"
        )
        if self.cost is not None:
            text += f", cost {self.cost:.4g}"
        self.show_readout(text)

        def draw() -> Figure:
            figure, axes = new_figure(figsize=(4.0, 3.8))
            plot_decision_boundary(
                self.network, self.X, self.labels, ax=axes[0, 0], resolution=self.resolution
            )
            return figure

        self.show_plot(draw)
