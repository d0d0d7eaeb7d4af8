r"""The 2-2-1 network of lesson 03, written with one Python number per parameter.

Two inputs :math:`x_1, x_2`, two hidden sigmoid neurons :math:`h_1, h_2` and one sigmoid
output :math:`o`, with nine parameters :math:`w_1 \dots w_6, b_1, b_2, b_3`:

.. math::
    z_{h1} = w_1 x_1 + w_2 x_2 + b_1, \qquad h_1 = \sigma(z_{h1}) \\
    z_{h2} = w_3 x_1 + w_4 x_2 + b_2, \qquad h_2 = \sigma(z_{h2}) \\
    z_o = w_5 h_1 + w_6 h_2 + b_3, \qquad o = \sigma(z_o)

and the cost of one example :math:`C = \tfrac12 (o - y)^2`. This is the network of the
weight-and-height example that a learner asks about in one of the blog posts (the article
it learned from uses :math:`(y - o)^2` without the :math:`\tfrac12`, which only doubles
every gradient; we keep the :math:`\tfrac12` so the numbers match
:class:`nnbook.Network`'s quadratic cost).

Every partial derivative is written out by hand in :meth:`ScalarNetwork.gradients`, one line
per factor of the chain rule. The point of lesson 03 is that this does not scale: nine
parameters need nine formulas, and MNIST's ``[784, 30, 10]`` would need 23,860. The same
network in matrix form is :class:`nnbook.Network` ``([2, 2, 1])``; :meth:`to_matrices` and
:meth:`from_matrices` translate between the two, in the row layout ``Z = X W + b``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validation import check_float, check_int, check_matrix, make_rng
from .activations import sigmoid
from .messages import say

__all__ = ["PARAMETER_NAMES", "ForwardValues", "ScalarNetwork"]

#: The nine parameters, in the order :meth:`ScalarNetwork.gradients` returns them.
PARAMETER_NAMES = ("w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3")


class ForwardValues(NamedTuple):
    """Everything the forward pass computes for one example (the backward pass needs it)."""

    z_h1: float
    h1: float
    z_h2: float
    h2: float
    z_o: float
    o: float


def _sigma(z: float) -> float:
    return float(sigmoid(z))  # the package's sigmoid, which cannot overflow


@dataclass
class ScalarNetwork:
    r"""A 2-2-1 sigmoid network whose nine parameters are plain Python floats.

    ``w1, w2`` feed :math:`h_1` (from :math:`x_1, x_2`), ``w3, w4`` feed :math:`h_2`,
    ``w5, w6`` feed the output from :math:`h_1, h_2`; ``b1, b2, b3`` are the biases of
    :math:`h_1, h_2, o`.

    Examples
    --------
    >>> net = ScalarNetwork.random(seed=0)
    >>> round(net.forward(0.0, 0.0).o, 4) == round(net.predict([[0.0, 0.0]])[0], 4)
    True
    """

    w1: float
    w2: float
    w3: float
    w4: float
    w5: float
    w6: float
    b1: float
    b2: float
    b3: float

    # ------------------------------------------------------------------ set-up

    @classmethod
    def random(cls, seed: int | np.random.Generator = 0) -> ScalarNetwork:
        """Nine parameters drawn from the standard normal distribution, in the order of
        :data:`PARAMETER_NAMES`, from the generator ``seed`` makes (the package's one seed rule,
        as ``Network``'s)."""
        rng = make_rng(seed)
        return cls(*(float(v) for v in rng.standard_normal(len(PARAMETER_NAMES))))

    def parameters(self) -> dict[str, float]:
        """The nine parameters by name, ``{"w1": ..., ..., "b3": ...}``."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def copy(self) -> ScalarNetwork:
        """An independent copy (training one does not change the other)."""
        return ScalarNetwork(**self.parameters())

    # ------------------------------------------------------------------ forward

    def forward(self, x1: float, x2: float) -> ForwardValues:
        """The forward pass for one example, keeping every intermediate value."""
        z_h1 = self.w1 * x1 + self.w2 * x2 + self.b1
        h1 = _sigma(z_h1)
        z_h2 = self.w3 * x1 + self.w4 * x2 + self.b2
        h2 = _sigma(z_h2)
        z_o = self.w5 * h1 + self.w6 * h2 + self.b3
        o = _sigma(z_o)
        return ForwardValues(z_h1, h1, z_h2, h2, z_o, o)

    def predict(self, X: ArrayLike) -> NDArray[np.float64]:
        """The output :math:`o` for each row of ``X`` (shape ``(n_samples, 2)``), shape
        ``(n_samples,)``."""
        X = _check_X(X)
        return np.array([self.forward(x1, x2).o for x1, x2 in X])

    def cost_of(self, X: ArrayLike, Y: ArrayLike) -> float:
        r"""Mean cost over the examples, :math:`\frac1n \sum_i \tfrac12 (o_i - y_i)^2`."""
        X = _check_X(X)
        y = _check_y(Y, len(X))
        return float(np.mean(0.5 * (self.predict(X) - y) ** 2))

    # ------------------------------------------------------------------ backward

    def gradients(self, x1: float, x2: float, y: float) -> dict[str, float]:
        r"""Every partial derivative of :math:`C = \tfrac12 (o - y)^2` for one example.

        The chain rule, one factor per line. Two factors come back again and again, so they
        get names: :math:`\delta_o = \partial C/\partial z_o` and
        :math:`\delta_{h1} = \partial C/\partial z_{h1}`, :math:`\delta_{h2}`. The sigmoid's
        derivative is taken from its output, :math:`\sigma'(z) = \sigma(z)(1 - \sigma(z))`.

        Returns
        -------
        dict
            ``{"w1": dC/dw1, ..., "b3": dC/db3}``, in the order of :data:`PARAMETER_NAMES`.
        """
        z_h1, h1, z_h2, h2, z_o, o = self.forward(x1, x2)

        # Output neuron: C depends on z_o through o.
        dC_do = o - y  # d/do of (o - y)^2 / 2
        do_dzo = o * (1 - o)  # sigma'(z_o)
        delta_o = dC_do * do_dzo  # dC/dz_o
        # z_o = w5 h1 + w6 h2 + b3
        dC_dw5 = delta_o * h1
        dC_dw6 = delta_o * h2
        dC_db3 = delta_o * 1.0

        # Hidden neuron h1: C depends on h1 only through z_o (dz_o/dh1 = w5).
        dC_dh1 = delta_o * self.w5
        delta_h1 = dC_dh1 * h1 * (1 - h1)  # dC/dz_h1
        # z_h1 = w1 x1 + w2 x2 + b1
        dC_dw1 = delta_h1 * x1
        dC_dw2 = delta_h1 * x2
        dC_db1 = delta_h1 * 1.0

        # Hidden neuron h2: the same, through w6.
        dC_dh2 = delta_o * self.w6
        delta_h2 = dC_dh2 * h2 * (1 - h2)  # dC/dz_h2
        # z_h2 = w3 x1 + w4 x2 + b2
        dC_dw3 = delta_h2 * x1
        dC_dw4 = delta_h2 * x2
        dC_db2 = delta_h2 * 1.0

        return {
            "w1": dC_dw1,
            "w2": dC_dw2,
            "w3": dC_dw3,
            "w4": dC_dw4,
            "w5": dC_dw5,
            "w6": dC_dw6,
            "b1": dC_db1,
            "b2": dC_db2,
            "b3": dC_db3,
        }

    def mean_gradients(self, X: ArrayLike, Y: ArrayLike) -> dict[str, float]:
        """The gradient of the mean cost over several examples: the mean of
        :meth:`gradients` over the rows of ``X`` (shape ``(n_samples, 2)``)."""
        X = _check_X(X)
        y = _check_y(Y, len(X))
        per_example = [self.gradients(x1, x2, t) for (x1, x2), t in zip(X, y, strict=True)]
        return {name: float(np.mean([g[name] for g in per_example])) for name in PARAMETER_NAMES}

    # ------------------------------------------------------------------ training

    def step(self, x1: float, x2: float, y: float, learning_rate: float) -> None:
        r"""One gradient-descent step on one example: every parameter
        :math:`p \leftarrow p - \eta\, \partial C/\partial p`."""
        for name, derivative in self.gradients(x1, x2, y).items():
            setattr(self, name, getattr(self, name) - learning_rate * derivative)

    def train(
        self,
        X: ArrayLike,
        Y: ArrayLike,
        *,
        epochs: int = 1000,
        learning_rate: float = 0.1,
    ) -> list[float]:
        """Stochastic gradient descent, one example at a time, in the given order.

        Parameters
        ----------
        X : array_like, shape (n_samples, 2)
        Y : array_like, shape (n_samples, 1) or (n_samples,)
            Targets in [0, 1].
        epochs : int
            Passes over the data (each makes ``n_samples`` steps).
        learning_rate : float
            :math:`\\eta` > 0.

        Returns
        -------
        list of float
            The mean cost on ``(X, Y)`` after each epoch.
        """
        X = _check_X(X)
        y = _check_y(Y, len(X))
        epochs = check_int(epochs, "epochs")
        learning_rate = check_float(learning_rate, "learning_rate", strict=True)
        costs = []
        for _ in range(epochs):
            for (x1, x2), t in zip(X, y, strict=True):
                self.step(float(x1), float(x2), float(t), learning_rate)
            costs.append(self.cost_of(X, y))
        return costs

    # ------------------------------------------------------------------ matrices

    def to_matrices(self) -> tuple[list[NDArray], list[NDArray]]:
        r"""The same parameters as the lists ``weights, biases`` of
        :class:`nnbook.Network` ``([2, 2, 1])``.

        Row layout: ``W[i, j]`` connects input ``i`` to neuron ``j``, so

        .. math::
            W^{(1)} = \begin{pmatrix} w_1 & w_3 \\ w_2 & w_4 \end{pmatrix}, \quad
            b^{(1)} = (b_1, b_2), \quad
            W^{(2)} = \begin{pmatrix} w_5 \\ w_6 \end{pmatrix}, \quad b^{(2)} = (b_3).

        Returns
        -------
        weights : list of ndarray
            ``[W1, W2]`` of shapes ``(2, 2)`` and ``(2, 1)`` (``net.weights[0]`` and ``[1]``).
        biases : list of ndarray
            ``[b1, b2]`` of shapes ``(2,)`` and ``(1,)``.
        """
        weights = [
            np.array([[self.w1, self.w3], [self.w2, self.w4]]),
            np.array([[self.w5], [self.w6]]),
        ]
        biases = [np.array([self.b1, self.b2]), np.array([self.b3])]
        return weights, biases

    @classmethod
    def from_matrices(cls, weights: list[ArrayLike], biases: list[ArrayLike]) -> ScalarNetwork:
        """The inverse of :meth:`to_matrices`: ``weights`` of shapes ``(2, 2), (2, 1)`` and
        ``biases`` of shapes ``(2,), (1,)``, such as a ``Network([2, 2, 1])``'s, or the
        gradients ``dW, db`` that its ``backprop`` returns."""
        expected = {
            "weights[0]": (2, 2),
            "weights[1]": (2, 1),
            "biases[0]": (2,),
            "biases[1]": (1,),
        }
        if len(weights) != 2 or len(biases) != 2:
            raise ValueError(
                say(
                    "weights and biases must be lists of two arrays each, as in a "
                    "Network([2, 2, 1]); got {n_weights} and {n_biases}.",
                    n_weights=len(weights),
                    n_biases=len(biases),
                )
            )
        arrays = {}
        for name, value in zip(expected, [*weights, *biases], strict=True):
            array = np.asarray(value, dtype=np.float64)
            if array.shape != expected[name]:
                raise ValueError(
                    say(
                        "{name} must have shape {shape} for a [2, 2, 1] network; got {got}. Pass "
                        "the weights and biases of an nnbook.Network([2, 2, 1]).",
                        name=name,
                        shape=str(expected[name]),
                        got=str(array.shape),
                    )
                )
            arrays[name] = array
        W1, W2, b1, b2 = arrays.values()
        return cls(
            w1=float(W1[0, 0]),
            w2=float(W1[1, 0]),
            w3=float(W1[0, 1]),
            w4=float(W1[1, 1]),
            w5=float(W2[0, 0]),
            w6=float(W2[1, 0]),
            b1=float(b1[0]),
            b2=float(b1[1]),
            b3=float(b2[0]),
        )


def _check_X(X: ArrayLike) -> NDArray[np.float64]:
    return check_matrix(
        X, "X", dtype=np.dtype(np.float64), n_columns=2, layout="(n_samples, n_inputs)",
        columns_hint=say("The network has two inputs, x1 and x2."),
    )  # fmt: skip


def _check_y(Y: ArrayLike, n_rows: int) -> NDArray[np.float64]:
    """Targets as a flat array: one per example, given as (n, 1) or (n,)."""
    column = np.reshape(Y, (-1, 1)) if np.ndim(Y) == 1 else Y
    return check_matrix(column, "Y", dtype=np.dtype(np.float64), n_columns=1,
                        layout="(n_samples, n_outputs)",
                        n_rows=n_rows)[:, 0]  # fmt: skip
