"""LiveTraining (lesson 06): train a Network step by step, with live cost and accuracy."""

from __future__ import annotations

import copy
import itertools
import math
from collections.abc import Callable
from typing import Any

import numpy as np
from matplotlib.axes import Axes

from nnbook import _validation, network_checks
from nnbook.labels import predicted_labels
from nnbook.messages import say
from nnbook.network import Network
from nnbook.training import minibatches
from nnbook.widgets.training_stepper import TrainingStepper

__all__ = ["LiveTraining"]

#: How many steps in a row the cost must sit at ln(n_classes) before the readout warns.
STUCK_STEPS = 3


class LiveTraining(TrainingStepper):
    r"""Train a :class:`~nnbook.Network` step by step, with live cost and accuracy curves.

    One step is one epoch (``Network.fit(..., epochs=1)``) or ``batches_per_step``
    mini-batches (``Network.step`` on the next batches of
    :func:`nnbook.training.minibatches`, epoch after epoch): the training loop is ``fit``'s,
    one piece at a time. The learning rate can be changed while it plays. Reset
    puts the network's weights and biases back to what they were when the widget was made
    (in place: ``network`` keeps referring to the same object) and forgets the momentum.

    With ReLU hidden neurons, the readout says when they have died: when every neuron of a
    hidden layer outputs 0 for every example of the training sample, training stops (nothing
    can bring them back); when the cost sits at :math:`\ln(\text{classes})` (the cost of
    answering every input the same), it warns. Reset helps in both cases.

    Parameters
    ----------
    network : Network
    X : array_like, shape (n_samples, n_in)
    Y : array_like, shape (n_samples, n_out)
        Training targets as for ``Network.fit`` (one-hot rows: ``nnbook.one_hot``).
    validation : (X_val, labels_val), optional
        Inputs and integer labels; their accuracy is measured after each step.
    learning_rate, batch_size, l2, momentum
        As for ``Network.fit``; ``learning_rate`` inside ``lr_range``.
    batches_per_step : int, optional
        None (default): one step is one epoch. An int k >= 1: one step is k mini-batches.
    seed : int
        Seeds the shuffling; Reset restarts it.
    draw_fn : callable, optional
        ``draw_fn(ax)`` draws a custom panel (e.g. ``plot_decision_boundary(net, X, y, ax=ax)``).
    lr_range : (float, float)
        The learning-rate slider's bounds.
    interval : int
        Milliseconds between the Play widget's ticks.

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
        if not isinstance(network, Network):
            raise TypeError(
                say(
                    "LiveTraining needs an nnbook Network, such as Network([2, 8, 2], "
                    "output='softmax', cost='cross_entropy'); got {kind}.",
                    kind=type(network).__name__,
                )
            )
        self.network = network
        # In the network's own precision, so that no batch is converted again while training.
        self.X = network_checks.check_X(network, X)
        self.Y = network_checks.check_Y(network, Y, len(self.X))
        self.validation = (
            None if validation is None else network_checks.check_validation(network, validation)
        )
        self.batch_size = _validation.check_int(batch_size, "batch_size")
        self.l2 = _validation.check_float(l2, "l2")
        self.momentum = _validation.check_float(momentum, "momentum", maximum=1.0)
        if batches_per_step is not None:
            batches_per_step = _validation.check_int(batches_per_step, "batches_per_step")
        self.batches_per_step = batches_per_step
        self.seed = seed
        self._start = (copy.deepcopy(network.weights), copy.deepcopy(network.biases))
        self._restart_shuffling()
        # The training accuracy in batch mode is measured on a fixed sample, to keep it cheap.
        self._labels = predicted_labels(self.Y)
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
        self._rng = _validation.make_rng(self.seed, allow_none=False)
        epochs = (minibatches(len(self.X), self.batch_size, self._rng) for _ in itertools.count())
        self._batches = itertools.chain.from_iterable(epochs)  # one epoch after another

    def _train_step(self, learning_rate: float) -> dict[str, float]:
        net = self.network
        options = {"learning_rate": learning_rate, "l2": self.l2, "momentum": self.momentum}
        if self.batches_per_step is None:
            history = net.fit(
                self.X,
                self.Y,
                epochs=1,
                batch_size=self.batch_size,
                validation=self.validation,
                seed=self._rng,
                progress=False,
                **options,
            )
            metrics = {"cost": history.costs[-1], "train_accuracy": history.train_accuracy[-1]}
            if history.validation_accuracy:
                metrics["validation_accuracy"] = history.validation_accuracy[-1]
            return metrics
        costs = []
        for _ in range(self.batches_per_step):
            batch = next(self._batches)
            costs.append(net.step(self.X[batch], self.Y[batch], n_train=len(self.X), **options))
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
        self.network.reset_momentum()
        self._restart_shuffling()

    # ---------------------------------------------------------------- dead ReLUs

    def step(self, n: int = 1) -> None:
        """Take ``n`` steps (see :meth:`TrainingStepper.step`); stop if the ReLUs have died
        (for good: Step then does nothing until Reset)."""
        super().step(n)
        if self.error is None and (dead := self.dead_layer()) is not None:
            self.halt(
                say(
                    "every ReLU of hidden layer {layer} outputs 0 for every training example: "
                    "the neurons have died, so no gradient reaches the weights below them and "
                    "training cannot revive them. Press Reset to start again (perhaps with a "
                    "smaller learning rate).",
                    layer=dead,
                )
            )

    def dead_layer(self) -> int | None:
        """The first hidden layer (from 1) whose ReLUs all output 0 on the training sample."""
        if self.network.hidden != "relu":
            return None
        As = self.network.forward(self.X[self._sample])[1]  # As[l]: layer l's outputs
        for layer in range(1, len(As) - 1):
            if not np.any(As[layer] > 0):
                return layer
        return None

    def readout_text(self) -> str:
        """The stepper's readout, plus a warning when the cost is stuck at ln(classes)."""
        text = super().readout_text()
        costs = self.history.get("cost", [])[-STUCK_STEPS:]
        n_classes = network_checks.classes_of(self.network)
        stuck = math.log(n_classes)
        if (
            self.network.hidden == "relu"
            and self.network.cost == "cross_entropy"
            and len(costs) == STUCK_STEPS
            and all(abs(cost - stuck) < 1e-3 for cost in costs)
        ):
            text = say(
                "{readout}. The cost has stayed at ln {n_classes} ≈ {stuck:.3f}, the cost of "
                "giving every input the same answer: the ReLUs have probably died. Reset helps.",
                readout=text,
                n_classes=n_classes,
                stuck=stuck,
            )
        return text
