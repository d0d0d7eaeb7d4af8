"""The figures the lessons draw, in one style.

Every function returns a :class:`matplotlib.figure.Figure` and calls no ``plt.show()``. The
figures are made with ``Figure()`` directly, not through pyplot, so a notebook displays each
one once (when it is the cell's last expression) and nothing is left open to leak memory. The
style lives in :data:`STYLE` and is applied inside each function only (``rc_context``); the
global matplotlib settings are left alone.

Data layout as everywhere in nnbook: rows are examples. Images are rows of 784 pixels
(``X (n_samples, 784)``) or arrays ``(n_samples, 28, 28)``; labels are integers.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

#: Colours: training, validation, then the classes of a 2-D dataset.
TRAIN_COLOUR = "#1f77b4"
VALIDATION_COLOUR = "#ff7f0e"
DERIVATIVE_COLOUR = "#d62728"
CLASS_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b")

#: The rcParams every plotting function uses (inside ``matplotlib.rc_context``).
STYLE: dict[str, Any] = {
    "figure.dpi": 80,
    "savefig.dpi": 80,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "lines.linewidth": 2.0,
    "legend.frameon": False,
    "image.interpolation": "nearest",
}

F = TypeVar("F", bound=Callable[..., Any])


class NotebookFigure(Figure):
    """A ``Figure`` that shows itself as a PNG in a notebook, with or without pyplot.

    Jupyter only knows how to display a plain ``Figure`` once pyplot's inline backend has
    started; ``_repr_png_`` makes the figure display itself in any case. It is still a
    ``matplotlib.figure.Figure`` in every other way.
    """

    def _repr_png_(self) -> bytes:
        return figure_png(self, bbox_inches="tight")


def figure_png(figure: Figure, **savefig_kwargs: Any) -> bytes:
    """The figure rendered as PNG bytes (for ``ipywidgets.Image`` or a notebook)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", **savefig_kwargs)
    return buffer.getvalue()


def styled(function: F) -> F:
    """Run ``function`` with :data:`STYLE` applied (matplotlib reads it as artists are made)."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with mpl.rc_context(STYLE):
            return function(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def new_figure(
    nrows: int = 1, ncols: int = 1, *, figsize: tuple[float, float] = (5.0, 3.5), **kwargs: Any
) -> tuple[Figure, np.ndarray]:
    """A fresh :class:`NotebookFigure` and its ``(nrows, ncols)`` array of axes."""
    figure = NotebookFigure(figsize=figsize, layout="constrained")
    axes = figure.subplots(nrows, ncols, squeeze=False, **kwargs)
    return figure, axes


# --------------------------------------------------------------------------------------------
# Validation helpers
# --------------------------------------------------------------------------------------------


def _images(X: Any, name: str = "X") -> np.ndarray:
    """``X`` as ``(n_samples, height, width)``: accepts rows of 784 pixels or square images."""
    X = np.asarray(X, dtype=float)
    if X.ndim == 3:
        return X
    if X.ndim == 2:
        side = int(round(np.sqrt(X.shape[1])))
        if side * side == X.shape[1]:
            return X.reshape(len(X), side, side)
    raise ValueError(
        f"{name} must hold images as rows of pixels (n_samples, 784) or as "
        f"(n_samples, 28, 28); got shape {X.shape}. For one image use X.reshape(1, -1)."
    )


def _labels(labels: Any, n: int, name: str = "labels") -> np.ndarray:
    labels = np.asarray(labels)
    if labels.ndim != 1 or len(labels) != n:
        raise ValueError(
            f"{name} must be integer class labels of shape ({n},), one per example; got shape "
            f"{labels.shape}. If you have one-hot rows, use Y.argmax(axis=1)."
        )
    return labels.astype(int)


def _hide_ticks(ax: Axes) -> None:
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)


# --------------------------------------------------------------------------------------------
# Functions and training curves
# --------------------------------------------------------------------------------------------


@styled
def plot_function(
    f: Callable[[np.ndarray], np.ndarray],
    df: Callable[[np.ndarray], np.ndarray] | None = None,
    *,
    z: Any = None,
    label: str = "f(z)",
    df_label: str = "f'(z)",
    title: str | None = None,
) -> Figure:
    """Plot a function and (if given) its derivative on one axes.

    Parameters
    ----------
    f, df : callable
        Vectorised functions of ``z``; ``df`` is the derivative ``df/dz``.
    z : array_like, optional
        Where to evaluate them; default 400 points in ``[-6, 6]``.
    label, df_label, title : str
        Legend entries and title.
    """
    z = np.linspace(-6.0, 6.0, 400) if z is None else np.asarray(z, dtype=float)
    if z.ndim != 1:
        raise ValueError(f"z must be a 1-D array of points; got shape {z.shape}.")
    figure, axes = new_figure(figsize=(5.0, 3.2))
    ax = axes[0, 0]
    ax.plot(z, np.broadcast_to(f(z), z.shape), color=TRAIN_COLOUR, label=label)
    if df is not None:
        ax.plot(
            z, np.broadcast_to(df(z), z.shape), color=DERIVATIVE_COLOUR, ls="--", label=df_label
        )
    ax.axhline(0.0, color="black", lw=0.8)
    ax.axvline(0.0, color="black", lw=0.8)
    ax.set_xlabel("z")
    ax.legend()
    if title:
        ax.set_title(title)
    return figure


def _history_lists(history: Any) -> dict[str, list[float]]:
    keys = ("cost", "validation_cost", "train_accuracy", "validation_accuracy")
    if isinstance(history, Mapping):
        source = history
    else:
        source = {key: getattr(history, key) for key in keys if hasattr(history, key)}
    if not any(key in source for key in keys):
        raise TypeError(
            "plot_history expects a History (from Network.fit) or a dict with some of "
            f"{', '.join(keys)}; got {type(history).__name__}."
        )
    return {key: [float(v) for v in source[key]] for key in keys if source.get(key) is not None}


@styled
def plot_history(history: Any, *, title: str | None = None) -> Figure:
    """Cost and accuracy per epoch, training and validation, side by side.

    Parameters
    ----------
    history : History or dict
        ``Network.fit``'s History, or a dict of per-epoch lists with keys among ``cost``,
        ``validation_cost``, ``train_accuracy``, ``validation_accuracy``. Accuracies are
        fractions in [0, 1] (shown as percentages). Missing or empty lists are left out.
    """
    lists = _history_lists(history)
    figure, axes = new_figure(1, 2, figsize=(8.0, 3.2))
    cost_ax, accuracy_ax = axes[0]
    for key, label, colour, ax in [
        ("cost", "training", TRAIN_COLOUR, cost_ax),
        ("validation_cost", "validation", VALIDATION_COLOUR, cost_ax),
        ("train_accuracy", "training", TRAIN_COLOUR, accuracy_ax),
        ("validation_accuracy", "validation", VALIDATION_COLOUR, accuracy_ax),
    ]:
        values = lists.get(key, [])
        if values:
            epochs = np.arange(1, len(values) + 1)
            ax.plot(
                epochs, values, color=colour, label=label, marker="o" if len(values) < 30 else ""
            )
    cost_ax.set_title("cost")
    accuracy_ax.set_title("accuracy")
    accuracy_ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0))
    for ax in (cost_ax, accuracy_ax):
        ax.set_xlabel("epoch")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        if ax.lines:
            ax.legend()
    if title:
        figure.suptitle(title)
    return figure


@styled
def plot_cost_curve(
    costs: Sequence[float], *, xlabel: str = "step", log: bool = False, title: str | None = None
) -> Figure:
    """One cost curve: the cost after each step (or epoch); ``log=True`` for a log y axis."""
    costs = np.asarray(costs, dtype=float)
    if costs.ndim != 1:
        raise ValueError(f"costs must be a 1-D sequence of numbers; got shape {costs.shape}.")
    figure, axes = new_figure(figsize=(5.0, 3.2))
    ax = axes[0, 0]
    ax.plot(np.arange(1, len(costs) + 1), costs, color=TRAIN_COLOUR, label="cost")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("cost")
    if log:
        ax.set_yscale("log")
    if title:
        ax.set_title(title)
    return figure


# --------------------------------------------------------------------------------------------
# 2-D classifiers
# --------------------------------------------------------------------------------------------


def _predict_labels(predict_or_net: Any, points: np.ndarray) -> np.ndarray:
    predict = getattr(predict_or_net, "predict", predict_or_net)
    if not callable(predict):
        raise TypeError(
            "plot_decision_boundary expects a Network (anything with .predict) or a function "
            f"X -> labels; got {type(predict_or_net).__name__}."
        )
    output = np.asarray(predict(points))
    if output.ndim == 2 and output.shape[1] > 1:  # class scores: take the best class
        output = output.argmax(axis=1)
    elif output.ndim == 2:  # one output unit: its activation is P(class 1)
        output = (output[:, 0] > 0.5).astype(int)
    if output.shape != (len(points),):
        raise ValueError(
            f"the prediction for {len(points)} points must have shape ({len(points)},) or "
            f"({len(points)}, n_classes); got {output.shape}."
        )
    return output.astype(int)


@styled
def plot_decision_boundary(
    predict_or_net: Any,
    X: Any,
    labels: Any,
    *,
    ax: Axes | None = None,
    resolution: int = 200,
    padding: float = 0.5,
    title: str | None = None,
) -> Figure:
    """The regions a 2-D classifier assigns to each class, with the data on top.

    Parameters
    ----------
    predict_or_net : Network or callable
        Anything with ``.predict(X) -> labels``, or a function ``X -> labels`` (or class
        scores ``(n, n_classes)``, or one output ``(n, 1)`` read as P(class 1)).
    X : array_like, shape (n_samples, 2)
    labels : array_like of int, shape (n_samples,)
    ax : Axes, optional
        Draw into this axes (e.g. a widget's panel) instead of a new figure.
    resolution : int
        Grid points per side; the classifier is evaluated ``resolution**2`` times.
    padding : float
        Margin around the data, in data units.

    Returns
    -------
    Figure
        The new figure, or ``ax.figure`` when ``ax`` was given.
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (n_samples, 2) for a 2-D plot; got {X.shape}.")
    labels = _labels(labels, len(X))
    if ax is None:
        figure, axes = new_figure(figsize=(4.2, 4.0))
        ax = axes[0, 0]
    else:
        figure = ax.figure
    (x_min, y_min), (x_max, y_max) = X.min(axis=0) - padding, X.max(axis=0) + padding
    xs, ys = np.linspace(x_min, x_max, resolution), np.linspace(y_min, y_max, resolution)
    grid_x, grid_y = np.meshgrid(xs, ys)
    grid = np.column_stack([grid_x.ravel(), grid_y.ravel()])  # (resolution**2, 2)
    regions = _predict_labels(predict_or_net, grid).reshape(grid_x.shape)
    n_classes = int(max(labels.max(), regions.max())) + 1
    colours = ListedColormap(list(CLASS_COLOURS[:n_classes]) or [CLASS_COLOURS[0]])
    ax.contourf(
        grid_x, grid_y, regions, levels=np.arange(n_classes + 1) - 0.5, cmap=colours, alpha=0.25
    )
    ax.scatter(
        X[:, 0],
        X[:, 1],
        c=labels,
        cmap=colours,
        vmin=-0.5,
        vmax=n_classes - 0.5,
        s=18,
        edgecolors="white",
        linewidths=0.5,
    )
    ax.set_xlim(x_min, x_max)
    ax.set_ylim(y_min, y_max)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.grid(False)
    if title:
        ax.set_title(title)
    return figure


# --------------------------------------------------------------------------------------------
# Images: weights, digits, mistakes
# --------------------------------------------------------------------------------------------


@styled
def plot_weights(
    W: Any, shape: tuple[int, int] = (28, 28), *, n: int | None = None, ncols: int = 10
) -> Figure:
    """Each unit's incoming weights as an image: red positive, blue negative, white zero.

    Parameters
    ----------
    W : array_like, shape (n_in, n_out)
        A layer's weights; column ``j`` holds the weights into unit ``j``.
    shape : (int, int)
        The image shape of the layer's input; ``shape[0] * shape[1]`` must equal ``n_in``.
    n : int, optional
        Show only the first ``n`` units (default all).
    ncols : int
        Images per row.
    """
    W = np.asarray(W, dtype=float)
    if W.ndim != 2 or W.shape[0] != shape[0] * shape[1]:
        raise ValueError(
            f"W must have shape (n_in, n_out) with n_in = {shape[0]}*{shape[1]} = "
            f"{shape[0] * shape[1]} to show as {shape} images; got {W.shape}. "
            "Pass shape= to match your input, or W.T if you have (n_out, n_in)."
        )
    count = W.shape[1] if n is None else min(n, W.shape[1])
    ncols = max(1, min(ncols, count))
    nrows = -(-count // ncols)
    figure, axes = new_figure(nrows, ncols, figsize=(1.1 * ncols, 1.2 * nrows + 0.2))
    for index, ax in enumerate(axes.ravel()):
        _hide_ticks(ax)
        if index >= count:
            ax.set_axis_off()
            continue
        image = W[:, index].reshape(shape)
        limit = float(np.abs(image).max()) or 1.0  # symmetric colour scale: 0 is white
        ax.imshow(image, cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_title(f"unit {index}", fontsize=8)
    return figure


@styled
def plot_digits(
    X: Any, labels: Any, predictions: Any = None, *, n: int = 20, ncols: int = 10
) -> Figure:
    """A grid of the first ``n`` digits with their labels (and predictions: red when wrong).

    Parameters
    ----------
    X : array_like, shape (n_samples, 784) or (n_samples, 28, 28)
    labels : array_like of int, shape (n_samples,)
    predictions : array_like of int, shape (n_samples,), optional
    """
    images = _images(X)
    labels = _labels(labels, len(images))
    if predictions is not None:
        predictions = _labels(predictions, len(images), "predictions")
    count = min(n, len(images))
    ncols = max(1, min(ncols, count))
    nrows = max(1, -(-count // ncols))
    figure, axes = new_figure(nrows, ncols, figsize=(1.1 * ncols, 1.25 * nrows + 0.2))
    for index, ax in enumerate(axes.ravel()):
        _hide_ticks(ax)
        if index >= count:
            ax.set_axis_off()
            continue
        ax.imshow(images[index], cmap="gray_r")
        if predictions is None:
            ax.set_title(f"{labels[index]}", fontsize=9)
        else:
            wrong = predictions[index] != labels[index]
            ax.set_title(
                f"{labels[index]} → {predictions[index]}",
                fontsize=9,
                color=DERIVATIVE_COLOUR if wrong else "black",
            )
    if predictions is not None:
        figure.suptitle("label → prediction (red: wrong)", fontsize=9)
    return figure


@styled
def plot_confusion_matrix(
    labels: Any, predictions: Any, *, n_classes: int | None = None, title: str | None = None
) -> Figure:
    """Counts of (true label, prediction) pairs, with the count written in each cell.

    Row ``i``, column ``j`` counts the examples of class ``i`` predicted as ``j``; the
    diagonal holds the correct ones.
    """
    labels = np.asarray(labels)
    labels = _labels(labels, labels.shape[0] if labels.ndim else 0)
    predictions = _labels(predictions, len(labels), "predictions")
    if n_classes is None:
        n_classes = int(max(labels.max(initial=0), predictions.max(initial=0))) + 1
    counts = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(counts, (labels, predictions), 1)
    size = 1.0 + 0.42 * n_classes
    figure, axes = new_figure(figsize=(size + 0.8, size))
    ax = axes[0, 0]
    image = ax.imshow(counts, cmap="Blues")
    threshold = counts.max() / 2
    for i in range(n_classes):
        for j in range(n_classes):
            ax.text(
                j,
                i,
                str(counts[i, j]),
                ha="center",
                va="center",
                fontsize=8,
                color="white" if counts[i, j] > threshold else "black",
            )
    ax.set_xticks(range(n_classes))
    ax.set_yticks(range(n_classes))
    ax.set_xlabel("predicted")
    ax.set_ylabel("true label")
    ax.grid(False)
    figure.colorbar(image, ax=ax, shrink=0.8)
    accuracy = np.trace(counts) / max(counts.sum(), 1)
    ax.set_title(title or f"confusion matrix (accuracy {accuracy:.1%})")
    return figure


@styled
def plot_confident_mistakes(
    X: Any, labels: Any, probabilities: Any, *, n: int = 10, ncols: int = 5
) -> Figure:
    """The ``n`` wrong predictions the network was most sure of.

    Parameters
    ----------
    X : array_like, shape (n_samples, 784) or (n_samples, 28, 28)
    labels : array_like of int, shape (n_samples,)
    probabilities : array_like, shape (n_samples, n_classes)
        The output activations (e.g. ``net.feedforward(X)``); the prediction is the argmax
        and its activation is the confidence.
    """
    images = _images(X)
    labels = _labels(labels, len(images))
    probabilities = np.asarray(probabilities, dtype=float)
    if probabilities.ndim != 2 or len(probabilities) != len(images):
        raise ValueError(
            f"probabilities must have shape ({len(images)}, n_classes), one row of output "
            f"activations per image; got {probabilities.shape}."
        )
    predictions = probabilities.argmax(axis=1)
    confidence = probabilities.max(axis=1)
    wrong = np.flatnonzero(predictions != labels)
    chosen = wrong[np.argsort(-confidence[wrong], kind="stable")][:n]
    count = len(chosen)
    ncols = max(1, min(ncols, count))
    nrows = max(1, -(-count // ncols))
    figure, axes = new_figure(nrows, ncols, figsize=(1.5 * ncols, 1.6 * nrows + 0.3))
    for slot, ax in enumerate(axes.ravel()):
        _hide_ticks(ax)
        if slot >= count:
            ax.set_axis_off()
            continue
        index = chosen[slot]
        ax.imshow(images[index], cmap="gray_r")
        ax.set_title(
            f"#{index}: {labels[index]} → {predictions[index]}\n({confidence[index]:.0%})",
            fontsize=8,
        )
    if count == 0:
        axes[0, 0].set_axis_on()
        axes[0, 0].text(0.5, 0.5, "no mistakes", ha="center", va="center")
        figure.suptitle("no mistakes")
    else:
        figure.suptitle("most confident mistakes: #index: label → prediction (confidence)")
    return figure
