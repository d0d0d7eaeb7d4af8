"""DigitBrowser (lesson 05): browse digits with what the network makes of them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from nnbook._validation import check_int, check_labels
from nnbook.labels import predicted_labels
from nnbook.messages import say, say_on_figure
from nnbook.plots import DERIVATIVE_COLOUR, TRAIN_COLOUR, as_images, draw_digit, new_figure
from nnbook.widgets._block import Block, event_handler
from nnbook.widgets.controls import button, plot_image, readout

__all__ = ["DigitBrowser"]

RIGHT_COLOUR = "#2ca02c"


class DigitBrowser(Block):
    """Browse digits with what the network makes of them: the image and the outputs.

    Parameters
    ----------
    network : Network or callable or array
        A Network (its ``feedforward`` gives the outputs), a function ``X -> outputs
        (n, n_classes)``, or the outputs already computed, shape ``(n_samples, n_classes)``.
        The prediction is read from the outputs by :func:`nnbook.predicted_labels`.
    X : array_like, shape (n_samples, 784) or (n_samples, 28, 28)
    labels : array_like of int, shape (n_samples,)
    index : int
        The digit shown first, in ``[0, n_samples)``.

    Attributes
    ----------
    prediction : int or None
        The prediction for the digit shown; None when the network's outputs for it are NaN
        or infinite (its training diverged): the readout then says so.

    CSS classes: ``nnbook-digit-browser``, ``nnbook-index``, ``nnbook-prev``, ``nnbook-next``,
    ``nnbook-next-mistake``, ``nnbook-readout``, ``nnbook-plot``.
    """

    def stopped(self, reason: str) -> str:
        return say("Could not show the digit: {reason}", reason=reason)

    def __init__(self, network: Any, X: Any, labels: Any, *, index: int = 0) -> None:
        self.images = as_images(X)  # (n, height, width); float32 stays float32
        self.X = self.images.reshape(len(self.images), -1)  # rows, as the network reads them
        n = len(self.X)
        self._all_outputs: np.ndarray | None = None
        self._outputs_of: Callable[[np.ndarray], Any] | None = None
        n_classes = None
        if hasattr(network, "feedforward"):
            sizes = getattr(network, "sizes", None)
            if sizes is not None and sizes[0] != self.X.shape[1]:
                raise ValueError(
                    say(
                        "X must hold images of {pixels} pixels, the size of the network's "
                        "input layer: (n_samples, {pixels}); got shape {shape}.",
                        pixels=sizes[0],
                        shape=str(np.shape(X)),
                    )
                )
            n_classes = None if sizes is None else max(sizes[-1], 2)
            self._outputs_of = network.feedforward
        elif callable(network):
            self._outputs_of = network
        else:
            outputs = np.asarray(network, dtype=float)
            if outputs.ndim != 2 or len(outputs) != n:
                raise ValueError(
                    say(
                        "precomputed outputs must have shape ({n}, n_classes); got {shape}.",
                        n=n,
                        shape=str(outputs.shape),
                    )
                )
            self._all_outputs, n_classes = outputs, max(outputs.shape[1], 2)
        if n_classes is None:  # a function: ask it about the first digit
            n_classes = max(self._outputs(slice(0, 1)).shape[1], 2)
        self.labels = check_labels(labels, "labels", n_classes=n_classes, n_rows=n)
        index = check_int(index, "index", minimum=0)
        if index >= n:
            raise ValueError(
                say(
                    "index must be a digit's number, 0 to {last}; got {index}.",
                    last=n - 1,
                    index=index,
                )
            )
        self.index = widgets.IntSlider(
            value=index, min=0, max=n - 1, description=say("digit"), continuous_update=False
        )
        self.index.add_class("nnbook-index")
        self.prev_button = button(say("Previous"), "nnbook-prev", "arrow-left")
        self.next_button = button(say("Next"), "nnbook-next", "arrow-right")
        self.mistake_button = button(say("Next mistake"), "nnbook-next-mistake", "search")
        self.readout = readout()
        self.plot = plot_image()
        self.index.observe(self._on_index_change, names="value")
        self.prev_button.on_click(self._on_prev_click)
        self.next_button.on_click(self._on_next_click)
        self.mistake_button.on_click(self._on_mistake_click)
        self._predictions: np.ndarray | None = None
        controls = [self.prev_button, self.index, self.next_button, self.mistake_button]
        super().__init__(
            [widgets.HBox(controls), self.readout, self.plot],
            css="nnbook-digit-browser",
            controls=controls,
        )
        self.update()

    def _outputs(self, rows: slice) -> np.ndarray:
        """Output activations of ``X[rows]``, shape (n_rows, n_classes)."""
        if self._outputs_of is None:
            return self._all_outputs[rows]
        outputs = np.asarray(self._outputs_of(self.X[rows]), dtype=float)
        expected = len(self.X[rows])
        if outputs.ndim != 2 or len(outputs) != expected:
            raise ValueError(
                say(
                    "the network must give one row of outputs per digit, ({n}, n_classes); "
                    "got shape {shape}.",
                    n=expected,
                    shape=str(outputs.shape),
                )
            )
        return outputs

    @event_handler
    def _on_index_change(self, change: Mapping[str, Any]) -> None:
        self.update()

    @event_handler
    def _on_prev_click(self, button: widgets.Button | None = None) -> None:
        self.move(-1)

    @event_handler
    def _on_next_click(self, button: widgets.Button | None = None) -> None:
        self.move(+1)

    @event_handler
    def _on_mistake_click(self, button: widgets.Button | None = None) -> None:
        self.next_mistake()

    def move(self, delta: int) -> None:
        """Show the digit ``delta`` places further (wrapping around)."""
        self.index.value = (self.index.value + delta) % len(self.X)

    def next_mistake(self) -> None:
        """Jump to the next digit (after the current one) whose prediction is wrong."""
        if self._predictions is None:
            self._predictions = predicted_labels(self._outputs(slice(None)))
        wrong = np.flatnonzero(self._predictions != self.labels)
        if len(wrong) == 0:
            self.show_readout(say("no mistakes: every digit is predicted correctly"))
            return
        later = wrong[wrong > self.index.value]
        self.index.value = int(later[0] if len(later) else wrong[0])

    def update(self) -> None:
        """Show the current digit, its outputs and the readout."""
        self.error = None
        i = int(self.index.value)
        outputs = self._outputs(slice(i, i + 1))[0]
        label = int(self.labels[i])
        if not np.isfinite(outputs).all():  # NaN weights: no prediction to show or draw
            self.prediction = None
            self.show_readout(
                say(
                    "digit {i} of {n}: label {label}; the network's outputs are NaN or "
                    "infinite (its training diverged), so it has no prediction. Train it "
                    "again with a smaller learning rate.",
                    i=i,
                    n=len(self.X),
                    label=label,
                )
            )
        else:
            self.prediction = int(predicted_labels(outputs[None, :])[0])
            shown = outputs[0] if len(outputs) == 1 else outputs[self.prediction]  # one neuron
            values = {"i": i, "n": len(self.X), "label": label, "prediction": self.prediction,
                      "output": float(shown)}  # fmt: skip
            if self.prediction == label:
                text = say(
                    "digit {i} of {n}: label {label}, prediction {prediction} "
                    "(output {output:.3f}), ✔ right",
                    **values,
                )
            else:
                text = say(
                    "digit {i} of {n}: label {label}, prediction {prediction} "
                    "(output {output:.3f}), ✘ wrong",
                    **values,
                )
            self.show_readout(text)
        prediction = self.prediction

        def draw() -> Figure:
            figure, axes = new_figure(1, 2, figsize=(6.0, 2.6), width_ratios=[1, 1.6])
            image_ax, bars_ax = axes[0]
            draw_digit(image_ax, self.images[i], say_on_figure("label {label}", label=label))
            bars_ax.set_xticks(range(len(outputs)))
            bars_ax.set_xlabel(say_on_figure("output neuron (digit)"))
            if prediction is None:
                bars_ax.set_title(say_on_figure("outputs: NaN (training diverged)"))
                return figure
            colours = [TRAIN_COLOUR] * len(outputs)
            if len(outputs) > 1:
                colours[prediction] = RIGHT_COLOUR if prediction == label else DERIVATIVE_COLOUR
            bars_ax.bar(range(len(outputs)), outputs, color=colours)
            bars_ax.set_title(
                say_on_figure("outputs: prediction {prediction}", prediction=prediction)
            )
            return figure

        self.show_plot(draw)
