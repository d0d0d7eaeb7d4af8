"""The checks of a network's inputs: its sizes, its weights and biases, and the X and Y it gets.

Every public method of :class:`~nnbook.network.Network` that takes data comes through
:func:`check_X` (and :func:`check_Y` for targets), and so do ``fit``, ``check_gradients`` and
the widgets that train a network: the data is checked once, at the public boundary, against the
network's sizes, dtype and cost. The general checks they use live in :mod:`nnbook._validation`.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from ._validation import all_finite, check_labels, check_matrix, check_targets, warn_learner
from .costs import COSTS
from .messages import say


def check_parameters(net: Any) -> None:
    """Check a network's weights and biases (a lesson may set them by hand): one array per
    layer, of the right shape and of the network's dtype, finite. Like every check, it changes
    nothing: a list or an array of another dtype is refused with the line that converts it."""
    n_layers = len(net.sizes) - 1
    for name, params in (("weights", net.weights), ("biases", net.biases)):
        if not isinstance(params, list) or len(params) != n_layers:
            values = {
                "name": name,
                "n": n_layers,
                "sizes": net.sizes,
                "kind": type(params).__name__,
            }
            if hasattr(params, "__len__"):
                raise ValueError(
                    say(
                        "{name} must be a list of {n} arrays, one per layer, for sizes {sizes}; "
                        "got {kind} of length {length}.",
                        length=len(params),
                        **values,
                    )
                )
            raise ValueError(
                say(
                    "{name} must be a list of {n} arrays, one per layer, for sizes {sizes}; got "
                    "{kind} of no length.",
                    **values,
                )
            )
    for k in range(n_layers):
        for name, params, shape in (
            ("weights", net.weights, (net.sizes[k], net.sizes[k + 1])),
            ("biases", net.biases, (net.sizes[k + 1],)),
        ):
            if np.shape(params[k]) != shape:
                raise ValueError(
                    say(
                        "{name}[{k}] must have shape {shape} for sizes {sizes}; got {got}. "
                        "(weights[k] is (n_in, n_out), biases[k] is (n_out,).)",
                        name=name,
                        k=k,
                        shape=str(shape),
                        sizes=net.sizes,
                        got=str(np.shape(params[k])),
                    )
                )
            _check_parameter_type(net, name, k, params[k])
            if not all_finite(params[k]):
                raise ValueError(
                    say(
                        "{name}[{k}] contains NaN or infinite values, so every output would be "
                        "NaN. Training probably diverged earlier: build the network again (or "
                        "load a saved one) and train with a smaller learning rate.",
                        name=name,
                        k=k,
                    )
                )


def _check_parameter_type(net: Any, name: str, k: int, value: Any) -> None:
    """One weight matrix or bias vector must be an array of the network's dtype: training
    changes it in place (``W -= ...``), which a list or a copy of another dtype would not."""
    if not isinstance(value, np.ndarray):
        raise TypeError(
            say(
                "{name}[{k}] must be a numpy array, which training can change in place; got a "
                "{kind}. Set it with net.{name}[{k}] = np.array(values, dtype=net.dtype).",
                name=name,
                k=k,
                kind=type(value).__name__,
            )
        )
    if value.dtype != net.dtype:
        raise TypeError(
            say(
                "{name}[{k}] must hold numbers of the network's dtype {dtype}; got an array of "
                "{got}. Set it with net.{name}[{k}] = net.{name}[{k}].astype(net.dtype).",
                name=name,
                k=k,
                dtype=net.dtype.name,
                got=value.dtype.name,
            )
        )


def check_X(net: Any, X: Any, name: str = "X") -> np.ndarray:
    """``X`` as the network's input matrix ``(n_samples, sizes[0])``; checks the parameters
    too, since every public method that takes ``X`` comes through here."""
    check_parameters(net)
    X = check_matrix(
        X,
        name,
        dtype=net.dtype,
        n_columns=net.sizes[0],
        columns_hint=say("The network's input layer has sizes[0] = {n} neurons.", n=net.sizes[0]),
    )
    warn_if_raw_pixels(X, name)
    return X


class RawPixelsWarning(UserWarning):
    """Inputs that look like raw pixel values 0-255, where a network expects them in [0, 1]."""


#: Rows :func:`warn_if_raw_pixels` looks at: raw pixels are raw in every row, and a sample
#: keeps the check's cost off a training run (a pass over MNIST costs a tenth of an epoch).
RAW_PIXEL_ROWS = 2048


def warn_if_raw_pixels(X: np.ndarray, name: str) -> None:
    """Warn if ``X`` looks like images of raw pixel values: many columns, whole numbers from 0
    up to at most 255 and above 1, in its first :data:`RAW_PIXEL_ROWS` rows. A network's
    inputs belong in [0, 1]; raw pixels saturate its sigmoids and it learns little."""
    if X.shape[1] < 64:  # too few columns for an image: toy data may hold any numbers
        return
    sample = X[:RAW_PIXEL_ROWS]
    high = float(sample.max())
    if (
        not 1 < high <= 255
        or float(sample.min()) < 0
        or not np.array_equal(sample, np.round(sample))
    ):
        return
    message = say(
        "{name} holds whole numbers from 0 to {high:g}: raw pixel values, it seems, but a "
        "network's inputs belong in [0, 1] (large inputs saturate its neurons, and it learns "
        "little). Scale them first: {name} = {name} / 255.",
        name=name,
        high=high,
    )
    warn_learner(message, RawPixelsWarning)


def check_Y(net: Any, Y: Any, n_rows: int) -> np.ndarray:
    """``Y`` as the network's target matrix ``(n_rows, sizes[-1])``."""
    n_out = net.sizes[-1]
    if np.ndim(Y) == 1 and n_out == 1:
        raise ValueError(
            say(
                "Y must be a 2-D target matrix (n_samples, 1); got shape {shape}. Use "
                "Y.reshape(-1, 1).",
                shape=str(np.shape(Y)),
            )
        )
    if np.ndim(Y) == 1:
        raise ValueError(
            say(
                "Y must be a 2-D target matrix (n_samples, {n_out}); got shape {shape}. Use "
                "nnbook.one_hot(labels, {n_out}) to turn integer labels into one.",
                n_out=n_out,
                shape=str(np.shape(Y)),
            )
        )
    Y = check_matrix(
        Y,
        "Y",
        dtype=net.dtype,
        n_columns=n_out,
        layout="(n_samples, n_outputs)",
        columns_hint=say("The network's output layer has sizes[-1] = {n} neurons.", n=n_out),
        n_rows=n_rows,
    )
    if COSTS[net.cost].unit_targets:  # a cross-entropy's targets are probabilities
        softmax = net.output == "softmax"
        check_targets(Y, net.cost.replace("_", "-"), unit_interval=True, rows_sum_to_1=softmax)
    return Y


def check_validation(net: Any, validation: Any) -> tuple[np.ndarray, np.ndarray]:
    """Check a validation set ``(X_val, labels_val)`` for ``net``: inputs as :func:`check_X`
    wants them, and one integer label per row; return both, converted."""
    if not isinstance(validation, (tuple, list)) or len(validation) != 2:
        raise TypeError(
            say(
                "validation must be a pair (X_val, labels_val) of inputs and integer labels; "
                "got {kind}.",
                kind=type(validation).__name__,
            )
        )
    X_val = check_X(net, validation[0], "X_val")
    labels_val = check_labels(
        validation[1], "labels_val", n_classes=classes_of(net), n_rows=len(X_val)
    )
    return X_val, labels_val


def classes_of(net: Any) -> int:
    """How many classes a network's outputs separate: one output neuron still makes two."""
    return max(net.sizes[-1], 2)


def layer_sizes(sizes: Any, output: str = "sigmoid") -> list[int]:
    """``sizes`` as a list of at least two positive ints (a softmax output needs two)."""
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, (Sequence, np.ndarray)):
        raise TypeError(
            say(
                "sizes must be a list of layer sizes such as [784, 30, 10]; got {sizes!r}.",
                sizes=sizes,
            )
        )
    if len(sizes) < 2:
        raise ValueError(
            say(
                "sizes needs at least 2 layers (inputs and outputs), such as [784, 30, 10]; "
                "got {sizes!r}.",
                sizes=list(sizes),
            )
        )
    for size in sizes:
        if isinstance(size, (bool, np.bool_)) or not isinstance(size, numbers.Integral):
            raise TypeError(
                say(
                    "sizes must hold integers; got {size!r} in {sizes!r}.",
                    size=size,
                    sizes=list(sizes),
                )
            )
        if size < 1:
            raise ValueError(
                say(
                    "every layer needs at least 1 neuron; got sizes={sizes!r}.",
                    sizes=list(sizes),
                )
            )
    if output == "softmax" and sizes[-1] < 2:
        raise ValueError(
            say(
                "output='softmax' needs at least 2 output neurons (a softmax over one neuron "
                "is always 1); use output='sigmoid' for a single output neuron."
            )
        )
    return [int(size) for size in sizes]
