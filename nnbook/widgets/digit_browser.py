"""DigitBrowser (lesson 05): browse digits with what the network makes of them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from nnbook._validation import check_int, check_labels
from nnbook.labels import predicted_labels
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
    prediction : int
        The prediction for the digit shown.

    CSS classes: ``nnbook-digit-browser``, ``nnbook-index``, ``nnbook-prev``, ``nnbook-next``,
    ``nnbook-next-mistake``, ``nnbook-readout``, ``nnbook-plot``.
    """

    stopped = "Could not show the digit"

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
                    f"X must hold images of {sizes[0]} pixels, the size of the network's input "
                    f"layer: (n_samples, {sizes[0]}); got shape {np.shape(X)}."
                )
            n_classes = None if sizes is None else max(sizes[-1], 2)
            self._outputs_of = network.feedforward
        elif callable(network):
            self._outputs_of = network
        else:
            outputs = np.asarray(network, dtype=float)
            if outputs.ndim != 2 or len(outputs) != n:
                raise ValueError(
                    f"precomputed outputs must have shape ({n}, n_classes); got {outputs.shape}."
                )
            self._all_outputs, n_classes = outputs, max(outputs.shape[1], 2)
        if n_classes is None:  # a function: ask it about the first digit
            n_classes = max(self._outputs(slice(0, 1)).shape[1], 2)
        self.labels = check_labels(labels, "labels", n_classes=n_classes, n_rows=n)
        index = check_int(index, "index", minimum=0)
        if index >= n:
            raise ValueError(f"index must be a digit's number, 0 to {n - 1}; got {index}.")
        self.index = widgets.IntSlider(
            value=index, min=0, max=n - 1, description="digit", continuous_update=False
        )
        self.index.add_class("nnbook-index")
        self.prev_button = button("Previous", "nnbook-prev", "arrow-left")
        self.next_button = button("Next", "nnbook-next", "arrow-right")
        self.mistake_button = button("Next mistake", "nnbook-next-mistake", "search")
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
                f"the network must give one row of outputs per digit, ({expected}, n_classes); "
                f"got shape {outputs.shape}."
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
            self.show_readout("no mistakes: every digit is predicted correctly")
            return
        later = wrong[wrong > self.index.value]
        self.index.value = int(later[0] if len(later) else wrong[0])

    def update(self) -> None:
        """Show the current digit, its outputs and the readout."""
        self.error = None
        i = int(self.index.value)
        outputs = self._outputs(slice(i, i + 1))
        prediction, label = int(predicted_labels(outputs)[0]), int(self.labels[i])
        outputs = outputs[0]
        self.prediction = prediction
        shown = outputs[0] if len(outputs) == 1 else outputs[prediction]  # one neuron: its a
        verdict = "✔ right" if prediction == label else "✘ wrong"
        self.show_readout(
            f"digit {i} of {len(self.X)}: label {label}, prediction {prediction} "
            f"(output {shown:.3f}), {verdict}"
        )

        def draw() -> Figure:
            figure, axes = new_figure(1, 2, figsize=(6.0, 2.6), width_ratios=[1, 1.6])
            image_ax, bars_ax = axes[0]
            draw_digit(image_ax, self.images[i], f"label {label}")
            colours = [TRAIN_COLOUR] * len(outputs)
            if len(outputs) > 1:
                colours[prediction] = RIGHT_COLOUR if prediction == label else DERIVATIVE_COLOUR
            bars_ax.bar(range(len(outputs)), outputs, color=colours)
            bars_ax.set_xticks(range(len(outputs)))
            bars_ax.set_xlabel("output neuron (digit)")
            bars_ax.set_title(f"outputs: prediction {prediction}")
            return figure

        self.show_plot(draw)
