r"""Deliberately broken code, for the "find the bug" exercises of lesson 04.

**Everything in this module is wrong on purpose. Do not use it to train anything.**

Each function is a small copy of a correct function in :mod:`nnbook.reference`, with one
real bug from the blog posts this series grew from put back in. Lesson 04 asks the learner
to find each bug, and shows how a gradient check (:func:`nnbook.check_gradients`) or a small
test catches it; ``tests/test_bugs.py`` proves that it does, and that the correct version passes.

The bugs, one line each (spoilers: the lesson shows the functions, not this table):

=======================================  =============================================
function                                 bug
=======================================  =============================================
``backprop_example_uses_gradient``       MNIST post: the backward step multiplies delta by
                                         the next layer's *gradient* ``dW[l]`` instead
                                         of its weights ``weights[l]``.
``loop_gradients_adds_list_to_itself``   derivation post: the loop adds the weight-gradient sum
                                         to itself (``zip(dW_sum, dW_sum)``), so the
                                         examples' gradients are never added: ``dW`` stays
                                         0 and the weights never learn.
``cost_derivative_missing_y``            derivation post: the cost derivative returns the output
                                         ``a`` instead of ``a - y``.
``train_dividing_by_example_index``      n-layer post: the step is divided by the loop index
                                         ``i`` as if it were the batch size; ``i`` is 0 on
                                         the first example: ``ZeroDivisionError``.
=======================================  =============================================

:data:`BUGS` holds the same descriptions, and :func:`broken_network` wraps the first three
in a :class:`nnbook.reference.LoopNetwork` so that ``check_gradients`` can test them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validation import check_choice, check_float, check_int
from .activations import sigmoid, sigmoid_prime
from .messages import N_
from .reference import Arrays, LoopNetwork, backprop_example, cost_derivative, loop_gradients

__all__ = [
    "BUGS",
    "backprop_example_uses_gradient",
    "broken_network",
    "cost_derivative_missing_y",
    "loop_gradients_adds_list_to_itself",
    "train_dividing_by_example_index",
]

#: One line per broken function: which blog post it comes from and what is wrong.
BUGS: dict[str, str] = {
    "backprop_example_uses_gradient": (
        N_(
            "The MNIST post: the backward step multiplies delta by the next layer's gradient "
            "dW[l] instead of its weights weights[l]."
        )
    ),
    "loop_gradients_adds_list_to_itself": (
        N_(
            "The derivation post: zip(dW_sum, dW_sum) adds the running sum to itself, so the "
            "examples' weight gradients are never added and dW stays 0."
        )
    ),
    "cost_derivative_missing_y": (
        N_("The derivation post: the derivative of (a - y)^2 / 2 is a - y, but this returns a.")
    ),
    "train_dividing_by_example_index": (
        N_(
            "The n-layer post: the step is divided by the loop index i as a batch size; i is 0 "
            "on the first example (ZeroDivisionError)."
        )
    ),
}


def backprop_example_uses_gradient(
    weights: Sequence[NDArray], biases: Sequence[NDArray], x: NDArray, y: NDArray
) -> tuple[Arrays, Arrays]:
    """BROKEN ON PURPOSE (lesson 04; the bug is described in ``nnbook.bugs.BUGS``).

    Meant to compute one example's gradient, like ``nnbook.reference.backprop_example``.
    """
    activation = x
    activations = [x]
    zs = [None]
    for W, b in zip(weights, biases, strict=True):
        z = activation @ W + b
        zs.append(z)
        activation = sigmoid(z)
        activations.append(activation)

    L = len(weights)
    dW = [np.zeros_like(W) for W in weights]
    db = [np.zeros_like(b) for b in biases]
    delta = cost_derivative(activations[L], y) * sigmoid_prime(zs[L])
    dW[L - 1] = np.outer(activations[L - 1], delta)
    db[L - 1] = delta
    for l in range(L - 1, 0, -1):  # noqa: E741 (l: the layer, as in network.py)
        delta = (delta @ dW[l].T) * sigmoid_prime(zs[l])
        dW[l - 1] = np.outer(activations[l - 1], delta)
        db[l - 1] = delta
    return dW, db


def loop_gradients_adds_list_to_itself(
    weights: Sequence[NDArray], biases: Sequence[NDArray], X: NDArray, Y: NDArray
) -> tuple[Arrays, Arrays]:
    """BROKEN ON PURPOSE (lesson 04; the bug is described in ``nnbook.bugs.BUGS``).

    Meant to compute a batch's mean gradient, like ``nnbook.reference.loop_gradients``.
    """
    dW_sum = [np.zeros_like(W) for W in weights]
    db_sum = [np.zeros_like(b) for b in biases]
    for x, y in zip(X, Y, strict=True):
        dW_x, db_x = backprop_example(weights, biases, x, y)
        dW_sum = [total + g for total, g in zip(dW_sum, dW_sum, strict=True)]
        db_sum = [total + g for total, g in zip(db_sum, db_x, strict=True)]
    n = len(X)
    return [g / n for g in dW_sum], [g / n for g in db_sum]


def cost_derivative_missing_y(a: NDArray, y: NDArray) -> NDArray:
    """BROKEN ON PURPOSE (lesson 04; the bug is described in ``nnbook.bugs.BUGS``).

    Meant to be dC/da for the cost (a - y)^2 / 2, like ``nnbook.reference.cost_derivative``.
    """
    return a


def train_dividing_by_example_index(
    weights: Sequence[NDArray],
    biases: Sequence[NDArray],
    X: ArrayLike,
    Y: ArrayLike,
    *,
    learning_rate: float,
    epochs: int,
) -> tuple[Arrays, Arrays]:
    """BROKEN ON PURPOSE (lesson 04; the bug is described in ``nnbook.bugs.BUGS``).

    Meant to train one example at a time, like ``nnbook.reference.train_per_example``.
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
            batch_size = i
            step = learning_rate / batch_size
            weights = [W - step * g for W, g in zip(weights, dW, strict=True)]
            biases = [b - step * g for b, g in zip(biases, db, strict=True)]
    return weights, biases


_BROKEN_GRADIENTS = {
    "backprop_example_uses_gradient": partial(
        loop_gradients, backprop_example=backprop_example_uses_gradient
    ),
    "loop_gradients_adds_list_to_itself": loop_gradients_adds_list_to_itself,
    "cost_derivative_missing_y": partial(
        loop_gradients,
        backprop_example=partial(backprop_example, cost_derivative=cost_derivative_missing_y),
    ),
}


def broken_network(
    bug: str, sizes: Sequence[int], *, seed: int | np.random.Generator | None = None
) -> LoopNetwork:
    """A :class:`~nnbook.reference.LoopNetwork` whose ``backprop`` contains one of the bugs.

    Parameters
    ----------
    bug : str
        ``"backprop_example_uses_gradient"``, ``"loop_gradients_adds_list_to_itself"`` or
        ``"cost_derivative_missing_y"`` (the training bug,
        ``train_dividing_by_example_index``, has no gradient to check).
    sizes : sequence of int
        Layer sizes; the first bug needs at least one hidden layer to show.
    seed : int, numpy.random.Generator or None
        For the starting parameters, as in ``Network``.

    Examples
    --------
    >>> from nnbook.gradcheck import check_gradients
    >>> net = broken_network("cost_derivative_missing_y", [2, 3, 1], seed=0)
    >>> X, Y = np.array([[0.5, -1.0]]), np.array([[1.0]])
    >>> max(check_gradients(net, X, Y).values()) > 1e-2
    True
    """
    check_choice(bug, "bug", _BROKEN_GRADIENTS)
    return LoopNetwork(sizes, gradients=_BROKEN_GRADIENTS[bug], seed=seed)
