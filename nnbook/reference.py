r"""Backpropagation one example at a time, the way the blog posts write it.

The blog posts this series grew from (and Nielsen's ``network.py``) loop over the examples
of a mini-batch, run backpropagation on each one with vectors, and add the results up.
:class:`nnbook.Network` does the same arithmetic for the whole batch at once with matrices.
This module keeps the loop, in our row layout (``z = a W + b`` with ``a`` a 1-D row of one
example), for two uses in lesson 04:

* the measured comparison: :func:`loop_gradients` against ``Network.backprop`` on the same
  batch gives the same numbers, only slower;
* the reference that the deliberately broken copies in :mod:`nnbook.bugs` differ from, one
  line each.

Only what the posts use is supported: sigmoid layers throughout and the quadratic cost
:math:`C = \frac1n \sum_i \tfrac12 \lVert a^L_i - y_i \rVert^2`. The parameters are the
lists ``weights`` and ``biases`` of an :class:`nnbook.Network`; nothing here changes them in
place. Layers are numbered as in :mod:`nnbook.network` and lesson 04: :math:`l = 1, \dots, L`,
``weights[l - 1]`` is :math:`W^{(l)}`, of shape ``(n_{l-1}, n_l)``, and ``biases[l - 1]`` is
:math:`b^{(l)}`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validation import check_float, check_int
from .activations import sigmoid, sigmoid_prime
from .messages import say, shown
from .network import Network
from .network_checks import check_X, check_Y

__all__ = [
    "LoopNetwork",
    "backprop_example",
    "cost_derivative",
    "loop_gradients",
    "train_per_example",
    "update_mini_batch",
]

Arrays = list[NDArray[np.floating]]
#: ``gradients(weights, biases, X, Y) -> (dW, db)``, the mean-cost gradient of a batch.
GradientFunction = Callable[[Sequence[NDArray], Sequence[NDArray], NDArray, NDArray], tuple]


def cost_derivative(a: NDArray, y: NDArray) -> NDArray:
    r""":math:`\partial C_x/\partial a = a - y` for one example's quadratic cost
    :math:`C_x = \tfrac12 \lVert a - y \rVert^2`."""
    return a - y


def backprop_example(
    weights: Sequence[NDArray],
    biases: Sequence[NDArray],
    x: NDArray,
    y: NDArray,
    *,
    cost_derivative: Callable[[NDArray, NDArray], NDArray] = cost_derivative,
) -> tuple[Arrays, Arrays]:
    r"""Gradient of one example's cost :math:`\tfrac12 \lVert a^L - y \rVert^2`.

    Parameters
    ----------
    weights, biases : lists of ndarray
        ``weights[l - 1]`` is layer :math:`l`'s, of shape ``(n_{l-1}, n_l)``, and
        ``biases[l - 1]`` of shape ``(n_l,)``, for :math:`l = 1, \dots, L`.
    x : ndarray, shape (n_in,)
        One example, a 1-D row.
    y : ndarray, shape (n_out,)
        Its target.
    cost_derivative : callable, optional
        :math:`\partial C_x/\partial a^L`; lesson 04 swaps in a broken one.

    Returns
    -------
    dW, db : lists of ndarray
        Shaped like ``weights`` and ``biases``.
    """
    # Forward pass, keeping every z and every activation for the backward pass.
    activation = x
    activations = [x]  # activations[l] is a^(l), the output of layer l (activations[0] is x)
    zs = [None]  # zs[l] is z^(l) (the input layer has none)
    for W, b in zip(weights, biases, strict=True):
        z = activation @ W + b  # (n_{l-1},) @ (n_{l-1}, n_l) -> (n_l,)
        zs.append(z)
        activation = sigmoid(z)
        activations.append(activation)

    L = len(weights)
    dW = [np.zeros_like(W) for W in weights]
    db = [np.zeros_like(b) for b in biases]
    # Output layer: delta = dC/dz^(L) = dC/da^(L) * sigma'(z^(L)).
    delta = cost_derivative(activations[L], y) * sigmoid_prime(zs[L])  # (n_L,)
    dW[L - 1] = np.outer(activations[L - 1], delta)  # (n_{L-1}, n_L)
    db[L - 1] = delta
    # Back through the hidden layers l = L-1, ..., 1: delta becomes delta^(l).
    for l in range(L - 1, 0, -1):  # noqa: E741 (l: the layer, as in network.py)
        delta = (delta @ weights[l].T) * sigmoid_prime(zs[l])  # weights[l] is W^(l+1)
        dW[l - 1] = np.outer(activations[l - 1], delta)
        db[l - 1] = delta
    return dW, db


def loop_gradients(
    weights: Sequence[NDArray],
    biases: Sequence[NDArray],
    X: NDArray,
    Y: NDArray,
    *,
    backprop_example: Callable[..., tuple[Arrays, Arrays]] = backprop_example,
) -> tuple[Arrays, Arrays]:
    r"""Gradient of a batch's mean cost, one example at a time: add up
    :func:`backprop_example` over the rows of ``X`` and divide by their number.

    Parameters
    ----------
    weights, biases : lists of ndarray
        As for :func:`backprop_example`.
    X : ndarray, shape (n_samples, n_in)
    Y : ndarray, shape (n_samples, n_out)
    backprop_example : callable, optional
        The per-example gradient; lesson 04 swaps in a broken one.

    Returns
    -------
    dW, db : lists of ndarray
        The same numbers as ``Network.backprop(X, Y)`` (up to rounding).
    """
    dW_sum = [np.zeros_like(W) for W in weights]
    db_sum = [np.zeros_like(b) for b in biases]
    for x, y in zip(X, Y, strict=True):
        dW_x, db_x = backprop_example(weights, biases, x, y)
        dW_sum = [total + g for total, g in zip(dW_sum, dW_x, strict=True)]
        db_sum = [total + g for total, g in zip(db_sum, db_x, strict=True)]
    n = len(X)
    return [g / n for g in dW_sum], [g / n for g in db_sum]


def update_mini_batch(
    weights: Sequence[NDArray],
    biases: Sequence[NDArray],
    X: NDArray,
    Y: NDArray,
    learning_rate: float,
    *,
    gradients: GradientFunction = loop_gradients,
) -> tuple[Arrays, Arrays]:
    r"""One gradient-descent step on a mini-batch:
    :math:`W \leftarrow W - \eta\, \partial C/\partial W` (likewise ``b``).

    Returns new lists ``(weights, biases)``; the arguments are not changed.
    """
    dW, db = gradients(weights, biases, X, Y)
    new_weights = [W - learning_rate * g for W, g in zip(weights, dW, strict=True)]
    new_biases = [b - learning_rate * g for b, g in zip(biases, db, strict=True)]
    return new_weights, new_biases


def train_per_example(
    weights: Sequence[NDArray],
    biases: Sequence[NDArray],
    X: ArrayLike,
    Y: ArrayLike,
    *,
    learning_rate: float,
    epochs: int,
) -> tuple[Arrays, Arrays]:
    r"""Stochastic gradient descent with mini-batches of one example, in the given order
    (the training loop of one post's general n-layer network, without its bugs).

    Each step follows one example, so its gradient is divided by a batch size of 1.

    Parameters
    ----------
    weights, biases : lists of ndarray
        The starting parameters (not changed).
    X : array_like, shape (n_samples, n_in)
    Y : array_like, shape (n_samples, n_out)
    learning_rate : float
        :math:`\eta` > 0.
    epochs : int
        Passes over the data.

    Returns
    -------
    weights, biases : lists of ndarray
        The trained parameters.
    """
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    learning_rate = check_float(learning_rate, "learning_rate", strict=True)
    epochs = check_int(epochs, "epochs")
    weights = [np.array(W, dtype=np.float64) for W in weights]
    biases = [np.array(b, dtype=np.float64) for b in biases]
    for _ in range(epochs):
        for i in range(len(X)):
            dW, db = backprop_example(weights, biases, X[i], Y[i])
            batch_size = 1  # one example per step
            step = learning_rate / batch_size
            weights = [W - step * g for W, g in zip(weights, dW, strict=True)]
            biases = [b - step * g for b, g in zip(biases, db, strict=True)]
    return weights, biases


class LoopNetwork(Network):
    """A sigmoid, quadratic-cost :class:`nnbook.Network` whose ``backprop`` is a per-example
    loop (by default :func:`loop_gradients`) instead of the matrix version.

    Everything else (forward pass, cost) is ``Network``'s, so :func:`nnbook.check_gradients`
    can test the loop, or a broken copy of it from :mod:`nnbook.bugs`, against finite
    differences of the cost. Only ``backprop`` is replaced: ``fit`` and ``step`` still train
    with ``Network``'s matrix backward pass. To take a step with the loop, use
    :func:`update_mini_batch` with ``gradients=``.

    Parameters
    ----------
    sizes : sequence of int
        As for ``Network``.
    gradients : callable, optional
        ``gradients(weights, biases, X, Y) -> (dW, db)`` for a batch's mean cost.
    seed : int, numpy.random.Generator or None
        As for ``Network``.
    """

    def __init__(
        self,
        sizes: Sequence[int],
        *,
        gradients: GradientFunction = loop_gradients,
        seed: int | np.random.Generator | None = None,
    ) -> None:
        if not callable(gradients):
            raise TypeError(
                say(
                    "gradients must be a function gradients(weights, biases, X, Y) -> (dW, db); "
                    "got {gradients}.",
                    gradients=shown(gradients),
                )
            )
        super().__init__(sizes, hidden="sigmoid", output="sigmoid", cost="quadratic", seed=seed)
        self.gradients = gradients

    def backprop(self, X: ArrayLike, Y: ArrayLike, *, check: bool = True) -> tuple[Arrays, Arrays]:
        """``gradients(weights, biases, X, Y)``, after the same input checks as
        ``Network.backprop`` (``check=False`` skips them, as there)."""
        if check:
            X = check_X(self, X)
            Y = check_Y(self, Y, len(X))
        return self.gradients(self.weights, self.biases, X, Y)
