"""The figures the lessons draw, in one style.

Every ``plot_*`` function returns a :class:`matplotlib.figure.Figure` and calls no
``plt.show()``. The figures are made with ``Figure()`` directly, not through pyplot, so a
notebook displays each one once (when it is the cell's last expression) and nothing is left
open to leak memory. The style lives in :data:`STYLE` and is applied inside each function only
(``rc_context``); the global matplotlib settings are left alone.

The ``draw_*`` functions draw into an axes someone else made. They are the one place where
training curves (:func:`draw_curves`) and digit images (:func:`draw_digit`) are drawn: the
``plot_*`` figures here and the widgets of :mod:`nnbook.widgets` both call them, so a curve or a
digit looks the same everywhere.

Data layout as everywhere in nnbook: rows are examples. Images are rows of 784 pixels
(``X (n_samples, 784)``) or arrays ``(n_samples, 28, 28)``; labels are integers. Bad input
raises ``ValueError`` or ``TypeError`` with what was expected, what came and the fix, before
anything is drawn. Numbers that are NaN or infinite, the mark of a training that diverged, are
never drawn as a silent gap: weights and outputs that cannot be drawn raise an error that says
so, and a cost curve or a classifier's regions that stop say it on the figure. Every text a
learner reads here (titles, labels, legends, notes, errors) is a template of
:func:`nnbook.messages.say`.
"""

from __future__ import annotations

import functools
import io
import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator, PercentFormatter

from nnbook._validation import check_float, check_int, check_labels
from nnbook.labels import predicted_labels
from nnbook.messages import say, say_on_figure

__all__ = [
    "CLASS_COLOURS",
    "DERIVATIVE_COLOUR",
    "STYLE",
    "TRAIN_COLOUR",
    "VALIDATION_COLOUR",
    "NotebookFigure",
    "as_images",
    "draw_function",
    "draw_curves",
    "draw_digit",
    "figure_png",
    "new_figure",
    "plot_confident_mistakes",
    "plot_confusion_matrix",
    "plot_cost_curve",
    "plot_decision_boundary",
    "plot_digits",
    "plot_function",
    "plot_history",
    "plot_preparation",
    "plot_weights",
    "styled",
]

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


def as_images(X: Any, name: str = "X") -> np.ndarray:
    """``X`` as ``(n_samples, height, width)``: accepts rows of 784 pixels or square images.

    Float images keep their dtype (a float32 MNIST is not copied to float64).
    """
    X = np.asarray(X)
    if X.dtype.kind not in "biuf":
        raise TypeError(
            say(
                "{name} must hold pixel values (numbers); got dtype {dtype}.",
                name=name,
                dtype=str(X.dtype),
            )
        )
    if X.dtype.kind != "f":
        X = X.astype(float)
    if X.ndim == 2:
        side = math.isqrt(X.shape[1])
        if side * side == X.shape[1] and side > 0:
            X = X.reshape(len(X), side, side)
    if X.ndim != 3 or len(X) == 0 or 0 in X.shape:
        raise ValueError(
            say(
                "{name} must hold images as rows of pixels (n_samples, 784) or as "
                "(n_samples, 28, 28), at least one; got shape {shape}. For one image use "
                "X.reshape(1, -1).",
                name=name,
                shape=X.shape,
            )
        )
    return X


def _labels(
    labels: Any, n: int, name: str = "labels", *, n_classes: int | None = None
) -> np.ndarray:
    """``labels`` as ``n`` integer class numbers in ``[0, n_classes)`` (or ``>= 0``)."""
    array = np.asarray(labels)
    if array.ndim != 1 or len(array) != n:
        raise ValueError(
            say(
                "{name} must be integer class labels of shape ({n},), one per example; got "
                "shape {shape}. If you have one-hot rows, use Y.argmax(axis=1).",
                name=name,
                n=n,
                shape=array.shape,
            )
        )
    if n_classes is None:  # any class number will do, but not a negative one
        if array.dtype.kind in "iu" and array.size and array.min() < 0:
            raise ValueError(
                say(
                    "{name} must be class numbers 0, 1, 2, ...; got {value}. Relabel the "
                    "classes from 0.",
                    name=name,
                    value=array.min(),
                )
            )
        n_classes = int(array.max()) + 1 if array.dtype.kind in "iu" and array.size else 1
    return check_labels(array, name, n_classes=n_classes)


def _hide_ticks(ax: Axes) -> None:
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)


# --------------------------------------------------------------------------------------------
# Drawing into an axes: shared by the figures below and by nnbook.widgets
# --------------------------------------------------------------------------------------------

#: Curve colours in order: the first series (training) blue, the second (validation) orange.
CURVE_COLOURS = (TRAIN_COLOUR, VALIDATION_COLOUR, *CLASS_COLOURS[2:])


def draw_curves(
    ax: Axes,
    curves: Mapping[str, Sequence[float]],
    *,
    title: str,
    xlabel: str | None = None,
    percent: bool = False,
    legend_fontsize: float | None = None,
) -> None:
    """Draw each named series as a curve over steps 1, 2, 3, ...: nnbook's training curves.

    Used by :func:`plot_history` and by the widgets' live curves, so both look the same. A
    value that is NaN or infinite (the training diverged) leaves a gap that says nothing, so
    the axes then say it in words (:func:`_note_divergence`).

    Parameters
    ----------
    ax : Axes
    curves : mapping of str to sequence of float
        ``{legend label: values}``; the k-th series gets the k-th colour of
        :data:`CURVE_COLOURS` (blue, orange, ...), even when an earlier one is empty, so a
        validation curve is always orange. Empty series are left out.
    title, xlabel : str
        ``xlabel`` defaults to "epoch".
    percent : bool
        The values are fractions in [0, 1] (accuracies), shown as percentages.
    legend_fontsize : float, optional
        Default: matplotlib's.
    """
    for (label, values), colour in zip(
        curves.items(), itertools.cycle(CURVE_COLOURS), strict=False
    ):
        if len(values):
            steps = np.arange(1, len(values) + 1)
            marker = "o" if len(values) < 30 else ""  # single points visible, long runs clean
            ax.plot(steps, values, color=colour, label=label, marker=marker)
    xlabel = say_on_figure("epoch") if xlabel is None else xlabel
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if percent:
        ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0))
    if ax.lines:
        ax.legend(fontsize=legend_fontsize)
    _note_divergence(ax, curves, xlabel)


def _note_divergence(ax: Axes, curves: Mapping[str, Sequence[float]], xlabel: str) -> str | None:
    """If a curve holds NaN or infinity, say on ``ax`` where and why; return what it says.

    Matplotlib draws nothing for a NaN and cannot place an infinity, so a diverged training
    would otherwise show a curve that just ends. The note names the first such value, the
    cause and the fix. Returns None (and draws nothing) when every value is finite.
    """
    for label, values in curves.items():
        values = np.asarray(values, dtype=float)
        bad = np.flatnonzero(~np.isfinite(values))
        if len(bad):
            note = say_on_figure(
                "The {label} curve reaches {value} at {xlabel} {step}: the training diverged "
                "there. Train again with a smaller learning rate.",
                label=label,
                value=str(values[bad[0]]),
                xlabel=xlabel,
                step=int(bad[0]) + 1,
            )
            ax.text(
                0.5, 0.5, note, transform=ax.transAxes, ha="center", va="center", wrap=True,
                fontsize=8, color=DERIVATIVE_COLOUR,
                bbox={"facecolor": "white", "edgecolor": DERIVATIVE_COLOUR, "alpha": 0.9},
            )  # fmt: skip
            return note
    return None


def draw_digit(
    ax: Axes,
    image: Any,
    title: str = "",
    *,
    colour: str = "black",
    fontsize: float | None = None,
) -> None:
    """Draw one image ``(height, width)`` in grey, dark ink on white, without ticks.

    Used by :func:`plot_digits`, :func:`plot_confident_mistakes` and the ``DigitBrowser``.
    """
    ax.imshow(image, cmap="gray_r")
    _hide_ticks(ax)
    if title:
        ax.set_title(title, color=colour, fontsize=fontsize)


def draw_function(
    ax: Axes,
    z: np.ndarray,
    y: np.ndarray,
    dy: np.ndarray | None = None,
    *,
    label: str = "f(z)",
    df_label: str = "f'(z)",
) -> None:
    """Draw a function's values ``y`` over ``z`` and (if given) its derivative ``dy``, with
    the axes through 0. Used by :func:`plot_function` and the ``FunctionExplorer``."""
    ax.plot(z, y, color=TRAIN_COLOUR, label=label)
    if dy is not None:
        ax.plot(z, dy, color=DERIVATIVE_COLOUR, ls="--", label=df_label)
    ax.axhline(0.0, color="black", lw=0.8)
    ax.axvline(0.0, color="black", lw=0.8)
    ax.set_xlabel("z")


def _image_grid(
    count: int, ncols: int, cell: tuple[float, float], extra_height: float = 0.2
) -> tuple[Figure, list[Axes]]:
    """A figure with a grid of ``count`` small panels, ``ncols`` per row, ticks hidden.

    Returns the figure and the ``count`` panels to draw into; the grid's spare panels are
    switched off. ``cell`` is one panel's (width, height) in inches.
    """
    ncols = max(1, min(ncols, count))
    nrows = max(1, -(-count // ncols))
    figure, axes = new_figure(
        nrows, ncols, figsize=(cell[0] * ncols, cell[1] * nrows + extra_height)
    )
    panels = list(axes.ravel())
    for ax in panels:
        _hide_ticks(ax)
    for ax in panels[count:]:
        ax.set_axis_off()
    return figure, panels[:count]


# --------------------------------------------------------------------------------------------
# Functions and training curves
# --------------------------------------------------------------------------------------------


def _curve(f: Callable[[np.ndarray], Any], z: np.ndarray, name: str) -> np.ndarray:
    """``f(z)`` as an array shaped like ``z``, or an error that says what ``f`` returned."""
    if not callable(f):
        raise TypeError(
            say("{name} must be a function of z, such as nnbook.sigmoid; got {f}.", name=name, f=f)
        )
    values = np.asarray(f(z), dtype=float)
    try:
        return np.broadcast_to(values, z.shape)
    except ValueError:
        raise ValueError(
            say(
                "{name}(z) must return one value per point of z, shape {shape}; got shape "
                "{got}. Write {name} with numpy operations so it works on arrays.",
                name=name,
                shape=z.shape,
                got=values.shape,
            )
        ) from None


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
        Where to evaluate them (1-D, finite); default 400 points in ``[-6, 6]``.
    label, df_label, title : str
        Legend entries and title.
    """
    z = np.linspace(-6.0, 6.0, 400) if z is None else np.asarray(z, dtype=float)
    if z.ndim != 1 or len(z) == 0:
        raise ValueError(say("z must be a 1-D array of points; got shape {shape}.", shape=z.shape))
    if not np.isfinite(z).all():
        raise ValueError(say("z must be finite; it contains NaN or infinite values."))
    y = _curve(f, z, "f")
    dy = None if df is None else _curve(df, z, "df")
    figure, axes = new_figure(figsize=(5.0, 3.2))
    ax = axes[0, 0]
    draw_function(ax, z, y, dy, label=label, df_label=df_label)
    ax.legend()
    if title:
        ax.set_title(title)
    return figure


HISTORY_KEYS = ("costs", "validation_costs", "train_accuracy", "validation_accuracy")
#: The names the costs had before ``History.cost`` became ``History.costs``: still read.
_OLD_HISTORY_KEYS = {"cost": "costs", "validation_cost": "validation_costs"}


def _history_lists(history: Any) -> dict[str, list[float]]:
    keys = (*HISTORY_KEYS, *_OLD_HISTORY_KEYS)
    if isinstance(history, Mapping):
        source = dict(history)
    else:
        source = {key: getattr(history, key) for key in keys if hasattr(history, key)}
    for old, new in _OLD_HISTORY_KEYS.items():
        if source.get(new) is None and old in source:
            source[new] = source[old]
    if not any(key in source for key in HISTORY_KEYS):
        raise TypeError(
            say(
                "plot_history expects a History (from Network.fit) or a dict with some of "
                "{keys}; got {kind}.",
                keys=", ".join(HISTORY_KEYS),
                kind=type(history).__name__,
            )
        )
    lists = {}
    for key in HISTORY_KEYS:
        if source.get(key) is None:
            continue
        values = np.asarray(source[key])
        if values.ndim != 1 or values.dtype.kind not in "biuf":
            raise ValueError(
                say(
                    "history[{key!r}] must be a list of numbers, one per epoch; got {got}.",
                    key=key,
                    got=repr(source[key])[:80],
                )
            )
        lists[key] = [float(v) for v in values]
    return lists


@styled
def plot_history(history: Any, *, title: str | None = None) -> Figure:
    """Cost and accuracy per epoch, training and validation, side by side.

    Parameters
    ----------
    history : History or dict
        ``Network.fit``'s History, or a dict of per-epoch lists with keys among ``costs``,
        ``validation_costs``, ``train_accuracy``, ``validation_accuracy`` (``cost`` and
        ``validation_cost``, the older names, are read too). Accuracies are fractions in
        [0, 1] (shown as percentages). Missing or empty lists are left out. A cost that is
        NaN or infinite (the training diverged) is said in words on the cost axes.
    """
    lists = _history_lists(history)
    figure, axes = new_figure(1, 2, figsize=(8.0, 3.2))
    cost_ax, accuracy_ax = axes[0]
    training, validation = say_on_figure("training"), say_on_figure("validation")
    costs = {training: lists.get("costs", []), validation: lists.get("validation_costs", [])}
    accuracies = {
        training: lists.get("train_accuracy", []),
        validation: lists.get("validation_accuracy", []),
    }
    draw_curves(cost_ax, costs, title=say_on_figure("cost"))
    draw_curves(accuracy_ax, accuracies, title=say_on_figure("accuracy"), percent=True)
    if title:
        figure.suptitle(title)
    return figure


@styled
def plot_cost_curve(
    costs: Sequence[float],
    *,
    xlabel: str | None = None,
    log: bool = False,
    title: str | None = None,
) -> Figure:
    """One cost curve: the cost after each step (or epoch); ``log=True`` for a log y axis.

    ``xlabel`` defaults to "step". A cost that is NaN or infinite (the training diverged) is
    said in words on the axes: where it happened, and the fix.
    """
    costs = np.asarray(costs, dtype=float)
    if costs.ndim != 1 or len(costs) == 0:
        raise ValueError(
            say(
                "costs must be a 1-D sequence of numbers, at least one; got shape {shape}.",
                shape=costs.shape,
            )
        )
    if log and np.any(costs <= 0):
        raise ValueError(
            say(
                "log=True needs positive costs (a log axis cannot show {value:g}); use log=False.",
                value=costs[costs <= 0][0],
            )
        )
    xlabel = say_on_figure("step") if xlabel is None else xlabel
    cost = say_on_figure("cost")
    figure, axes = new_figure(figsize=(5.0, 3.2))
    ax = axes[0, 0]
    ax.plot(np.arange(1, len(costs) + 1), costs, color=TRAIN_COLOUR, label=cost)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(cost)
    if log:
        ax.set_yscale("log")
    if title:
        ax.set_title(title)
    _note_divergence(ax, {cost: costs}, xlabel)
    return figure


# --------------------------------------------------------------------------------------------
# 2-D classifiers
# --------------------------------------------------------------------------------------------


def _parameters_finite(predict_or_net: Any) -> bool:
    """Whether a network's weights and biases (if it has them) are all finite numbers."""
    owner = getattr(predict_or_net, "__self__", predict_or_net)  # net.feedforward: its net
    arrays = [*getattr(owner, "weights", ()), *getattr(owner, "biases", ())]
    return all(np.isfinite(np.asarray(a, dtype=float)).all() for a in arrays)


def _predict_labels(predict_or_net: Any, points: np.ndarray) -> np.ndarray | None:
    """The class of each point, or None when the classifier's outputs are NaN or infinite
    (a network whose training diverged: its classes would mean nothing)."""
    predict = getattr(predict_or_net, "predict", predict_or_net)
    if not callable(predict):
        raise TypeError(
            say(
                "plot_decision_boundary expects a Network (anything with .predict) or a "
                "function X -> labels; got {kind}.",
                kind=type(predict_or_net).__name__,
            )
        )
    if not _parameters_finite(predict_or_net):
        return None
    output = np.asarray(predict(points))
    n = len(points)
    if output.dtype.kind in "fc" and not np.isfinite(output).all():
        return None
    if output.ndim == 2 and output.shape[0] == n:  # outputs: the rule of nnbook.labels
        return predicted_labels(output)
    if output.shape != (n,):
        raise ValueError(
            say(
                "the prediction for {n} points must have shape ({n},) or ({n}, n_classes); "
                "got {shape}.",
                n=n,
                shape=output.shape,
            )
        )
    if output.dtype.kind == "b":  # a yes/no answer per point
        return output.astype(int)
    if output.dtype.kind not in "iu":
        raise TypeError(
            say(
                "the prediction for {n} points, shape ({n},), must be integer labels; got "
                "dtype {dtype}. Return labels (e.g. (a >= 0.5).astype(int)), or the outputs "
                "as shape ({n}, 1) or ({n}, n_classes).",
                n=n,
                dtype=str(output.dtype),
            )
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
        Anything with ``.predict(X) -> labels``, or a function ``X -> labels`` (or outputs
        ``(n, n_classes)`` or ``(n, 1)``, read by :func:`nnbook.predicted_labels`).
    X : array_like, shape (n_samples, 2)
    labels : array_like of int, shape (n_samples,)
        Class numbers from 0; at most ``len(CLASS_COLOURS)`` classes.
    ax : Axes, optional
        Draw into this axes (e.g. a widget's panel) instead of a new figure.
    resolution : int
        Grid points per side, >= 2; the classifier is evaluated ``resolution**2`` times.
    padding : float
        Margin around the data, in data units, >= 0.

    Returns
    -------
    Figure
        The new figure, or ``ax.figure`` when ``ax`` was given. If the classifier's weights or
        outputs are NaN or infinite (its training diverged), it has no regions to draw: the
        figure shows the data and says so in words.
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2 or len(X) == 0:
        raise ValueError(
            say("X must have shape (n_samples, 2) for a 2-D plot; got {shape}.", shape=X.shape)
        )
    if not np.isfinite(X).all():
        raise ValueError(say("X contains NaN or infinite values; drop those rows to plot."))
    labels = _labels(labels, len(X))
    resolution = check_int(resolution, "resolution", minimum=2)
    padding = check_float(padding, "padding")
    if ax is None:
        figure, axes = new_figure(figsize=(4.2, 4.0))
        ax = axes[0, 0]
    else:
        figure = ax.figure
    (x_min, y_min), (x_max, y_max) = X.min(axis=0) - padding, X.max(axis=0) + padding
    if x_min == x_max or y_min == y_max:  # all points on one line and no padding
        raise ValueError(say("the points span no area; give padding > 0."))
    xs, ys = np.linspace(x_min, x_max, resolution), np.linspace(y_min, y_max, resolution)
    grid_x, grid_y = np.meshgrid(xs, ys)
    grid = np.column_stack([grid_x.ravel(), grid_y.ravel()])  # (resolution**2, 2)
    regions = _predict_labels(predict_or_net, grid)
    seen = labels if regions is None else np.concatenate([labels, regions])
    n_classes = int(seen.max()) + 1
    if seen.min() < 0 or n_classes > len(CLASS_COLOURS):
        raise ValueError(
            say(
                "plot_decision_boundary colours classes 0 to {last}; the labels or predictions "
                "range over [{low}, {high}].",
                last=len(CLASS_COLOURS) - 1,
                low=seen.min(),
                high=n_classes - 1,
            )
        )
    colours = ListedColormap(list(CLASS_COLOURS[:n_classes]))
    if regions is None:  # NaN outputs: the network's training diverged
        ax.text(
            0.5, 0.5,
            say_on_figure(
                "The network's weights or outputs are NaN or infinite, so it has no regions "
                "to show: its training diverged. Build the network again and train it with a "
                "smaller learning rate."
            ),
            transform=ax.transAxes, ha="center", va="center", wrap=True, fontsize=8,
            color=DERIVATIVE_COLOUR,
            bbox={"facecolor": "white", "edgecolor": DERIVATIVE_COLOUR, "alpha": 0.9},
        )  # fmt: skip
    else:
        ax.contourf(
            grid_x, grid_y, regions.reshape(grid_x.shape),
            levels=np.arange(n_classes + 1) - 0.5, cmap=colours, alpha=0.25,
        )  # fmt: skip
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
        Show only the first ``n`` units (default all), ``n >= 1``.
    ncols : int
        Images per row, >= 1.

    Weights that are NaN or infinite (the training diverged) have no colour: they raise
    ``ValueError``, which says so, instead of drawing blank squares.
    """
    if len(shape) != 2:
        raise ValueError(say("shape must be (height, width); got {shape!r}.", shape=shape))
    height, width = (check_int(side, "shape[i]") for side in shape)
    W = np.asarray(W, dtype=float)
    if W.ndim != 2 or W.shape[0] != height * width or W.shape[1] == 0:
        raise ValueError(
            say(
                "W must have shape (n_in, n_out) with n_in = {height}*{width} = {n_in} to show "
                "as {shape} images; got {got}. Pass shape= to match your input, or W.T if you "
                "have (n_out, n_in).",
                height=height,
                width=width,
                n_in=height * width,
                shape=tuple(shape),
                got=W.shape,
            )
        )
    count = W.shape[1] if n is None else min(check_int(n, "n"), W.shape[1])
    finite = np.isfinite(W[:, :count]).all(axis=0)
    if not finite.all():
        raise ValueError(
            say(
                "W holds NaN or infinite weights (the first in unit {unit}), which no colour "
                "can show: the training that made them diverged. Train again with a smaller "
                "learning rate (its cost curve shows where it went wrong), then plot the new "
                "weights.",
                unit=int(np.argmin(finite)),
            )
        )
    figure, panels = _image_grid(count, check_int(ncols, "ncols"), cell=(1.1, 1.2))
    for index, ax in enumerate(panels):
        image = W[:, index].reshape(height, width)
        limit = float(np.abs(image).max()) or 1.0  # symmetric colour scale: 0 is white
        ax.imshow(image, cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_title(say_on_figure("unit {index}", index=index), fontsize=8)
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
    n, ncols : int
        How many digits (at most ``n_samples``), and how many per row; both >= 1.
    """
    images = as_images(X)
    labels = _labels(labels, len(images))
    if predictions is not None:
        predictions = _labels(predictions, len(images), "predictions")
    count = min(check_int(n, "n"), len(images))
    figure, panels = _image_grid(count, check_int(ncols, "ncols"), cell=(1.1, 1.25))
    for index, ax in enumerate(panels):
        if predictions is None:
            draw_digit(ax, images[index], str(labels[index]), fontsize=9)
        else:
            wrong = predictions[index] != labels[index]
            title = say_on_figure(
                "{label} → {prediction}", label=labels[index], prediction=predictions[index]
            )
            colour = DERIVATIVE_COLOUR if wrong else "black"
            draw_digit(ax, images[index], title, colour=colour, fontsize=9)
    if predictions is not None:
        figure.suptitle(say_on_figure("label → prediction (red: wrong)"), fontsize=9)
    return figure


@styled
def plot_confusion_matrix(
    labels: Any, predictions: Any, *, n_classes: int | None = None, title: str | None = None
) -> Figure:
    """Counts of (true label, prediction) pairs, with the count written in each cell.

    Row ``i``, column ``j`` counts the examples of class ``i`` predicted as ``j``; the
    diagonal holds the correct ones. ``n_classes`` (default: the largest class seen, plus 1)
    must be larger than every label and prediction.
    """
    labels = np.asarray(labels)
    if labels.ndim != 1 or len(labels) == 0:
        raise ValueError(
            say(
                "labels must be a 1-D array of class numbers, at least one; got shape {shape}. "
                "If you have one-hot rows, use Y.argmax(axis=1).",
                shape=labels.shape,
            )
        )
    if n_classes is not None:
        n_classes = check_int(n_classes, "n_classes")
    labels = _labels(labels, len(labels), n_classes=n_classes)
    predictions = _labels(predictions, len(labels), "predictions", n_classes=n_classes)
    if n_classes is None:
        n_classes = int(max(labels.max(), predictions.max())) + 1
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
    ax.set_xlabel(say_on_figure("predicted"))
    ax.set_ylabel(say_on_figure("true label"))
    ax.grid(False)
    figure.colorbar(image, ax=ax, shrink=0.8)
    accuracy = np.trace(counts) / counts.sum()
    ax.set_title(
        title or say_on_figure("confusion matrix (accuracy {accuracy:.1%})", accuracy=accuracy)
    )
    return figure


@styled
def plot_confident_mistakes(
    X: Any,
    labels: Any,
    probabilities: Any,
    *,
    n: int = 10,
    ncols: int = 5,
    percent: bool | None = None,
) -> Figure:
    """The ``n`` wrong predictions the network was most sure of.

    Parameters
    ----------
    X : array_like, shape (n_samples, 784) or (n_samples, 28, 28)
    labels : array_like of int, shape (n_samples,)
    probabilities : array_like, shape (n_samples, n_classes)
        The output activations (e.g. ``net.feedforward(X)``); the prediction is the argmax
        and its activation is the confidence.
    n, ncols : int
        At most how many mistakes, and how many per row; both >= 1.
    percent : bool or None
        Label the winning output as a percentage ("(97%)") or as the output's value ("(output
        0.97)"). ``None`` (the default) uses percentages only when every row adds up to 1, as
        softmax outputs do: ten sigmoid outputs are not probabilities, so they are not
        written as percentages.

    Outputs that are NaN or infinite (the training diverged) raise ``ValueError``, which says
    so: their argmax would be a meaningless class.
    """
    images = as_images(X)
    probabilities = np.asarray(probabilities, dtype=float)
    if probabilities.ndim != 2 or len(probabilities) != len(images) or probabilities.shape[1] < 2:
        raise ValueError(
            say(
                "probabilities must have shape ({n}, n_classes), one row of output activations "
                "per image; got {shape}.",
                n=len(images),
                shape=probabilities.shape,
            )
        )
    finite = np.isfinite(probabilities).all(axis=1)
    if not finite.all():
        raise ValueError(
            say(
                "probabilities holds NaN or infinite outputs (the first in row {row}), so they "
                "name no class: the network's training diverged. Train it again with a "
                "smaller learning rate, then compute its outputs again.",
                row=int(np.argmin(finite)),
            )
        )
    if percent is None:
        percent = bool(np.allclose(probabilities.sum(axis=1), 1.0, rtol=0.0, atol=1e-4))
    elif not isinstance(percent, (bool, np.bool_)):
        raise TypeError(
            say("percent must be True, False or None; got {percent!r}.", percent=percent)
        )
    labels = _labels(labels, len(images), n_classes=probabilities.shape[1])
    predictions = predicted_labels(probabilities)
    confidence = probabilities.max(axis=1)
    wrong = np.flatnonzero(predictions != labels)
    chosen = wrong[np.argsort(-confidence[wrong], kind="stable")][: check_int(n, "n")]
    figure, panels = _image_grid(
        len(chosen), check_int(ncols, "ncols"), cell=(1.5, 1.6), extra_height=0.3
    )
    for index, ax in zip(chosen, panels, strict=True):
        values = {
            "index": index,
            "label": labels[index],
            "prediction": predictions[index],
            "confidence": confidence[index],
        }
        if percent:
            title = say_on_figure("#{index}: {label} → {prediction}\n({confidence:.0%})", **values)
        else:
            title = say_on_figure(
                "#{index}: {label} → {prediction}\n(output {confidence:.2f})", **values
            )
        draw_digit(ax, images[index], title, fontsize=8)
    if len(chosen) == 0:
        figure.axes[0].set_axis_on()
        figure.axes[0].text(0.5, 0.5, say_on_figure("no mistakes"), ha="center", va="center")
        figure.suptitle(say_on_figure("no mistakes"))
    elif percent:
        figure.suptitle(
            say_on_figure("most confident mistakes: #index: label → prediction (probability)")
        )
    else:
        figure.suptitle(
            say_on_figure("most confident mistakes: #index: label → prediction (winning output)")
        )
    return figure


@styled
def plot_preparation(
    drawing: Any, steps: Mapping[str, Any], *, drawing_title: str | None = None
) -> Figure:
    """A drawing and the images of its preparation, side by side, each step at its own size.

    Drawn to fill a panel each, a crop of 60 x 48 pixels and the same crop scaled to 20 x 16
    look alike: only the number of pixels changed. So the steps share one scale here, in
    pixels: each image is drawn at its size (the crop three times as tall as its scaled copy),
    centred and framed, with its size under its title. The first panel is the whole drawing,
    with the rectangle its ink fills outlined in red: what cropping keeps.

    Parameters
    ----------
    drawing : array_like, shape (height, width)
        The image before any step (e.g. a drawing pad's 280 x 280 pixels).
    steps : mapping of str to array_like (height, width)
        ``{title: image}`` for each step, in order (e.g. ``{"1. cropped": cropped, ...}``).
    drawing_title : str, optional
        Default: "drawn".
    """
    images = {drawing_title or say_on_figure("drawn"): drawing, **steps}
    for title, image in images.items():
        image = np.asarray(image)
        if image.ndim != 2 or 0 in image.shape or image.dtype.kind not in "biuf":
            raise ValueError(
                say(
                    "each image must be a 2-D array of pixel values (height, width); {title!r} "
                    "has shape {shape} and dtype {dtype}.",
                    title=title,
                    shape=image.shape,
                    dtype=str(image.dtype),
                )
            )
        images[title] = image.astype(float)
    figure, axes = new_figure(1, len(images), figsize=(2.25 * len(images), 2.8))
    (drawing_ax, *step_axes), pictures = axes[0], list(images.items())
    title, picture = pictures[0]
    sized = say_on_figure(
        "{title}\n{height} x {width} pixels",
        title=title,
        height=picture.shape[0],
        width=picture.shape[1],
    )
    draw_digit(drawing_ax, picture, sized)
    for spine in drawing_ax.spines.values():  # the whole pad's edge, all four sides
        spine.set_visible(True)
    rows, cols = np.flatnonzero(picture.max(axis=1) > 0), np.flatnonzero(picture.max(axis=0) > 0)
    if len(rows):  # the ink's bounding box, in pixel coordinates (pixel centres at integers)
        drawing_ax.add_patch(
            Rectangle((cols[0] - 0.5, rows[0] - 0.5), cols[-1] - cols[0] + 1,
                      rows[-1] - rows[0] + 1, fill=False, edgecolor=DERIVATIVE_COLOUR, lw=1.2)
        )  # fmt: skip
    side = max(max(image.shape) for _, image in pictures[1:]) if step_axes else 0
    for ax, (title, image) in zip(step_axes, pictures[1:], strict=True):
        height, width = image.shape
        top, left = (side - height) / 2, (side - width) / 2  # centred in a side x side field
        ax.imshow(
            image, cmap="gray_r",
            extent=(left - 0.5, left + width - 0.5, top + height - 0.5, top - 0.5),
        )  # fmt: skip
        ax.add_patch(
            Rectangle((left - 0.5, top - 0.5), width, height, fill=False, edgecolor="0.6",
                      lw=0.8, clip_on=False)
        )  # fmt: skip
        ax.set_xlim(-0.5, side - 0.5)
        ax.set_ylim(side - 0.5, -0.5)
        ax.set_aspect("equal")
        ax.set_frame_on(False)
        _hide_ticks(ax)
        ax.set_title(
            say_on_figure(
                "{title}\n{height} x {width} pixels", title=title, height=height, width=width
            )
        )
    return figure
