r"""The network of lesson 04: forward pass, backpropagation, gradient descent.

This is the lesson's code, in the lesson's notation; read it beside notebook 04. Rows are
examples: ``X`` is ``(n, sizes[0])``, layer :math:`l` has weights :math:`W^{(l)}` of shape
``(n_{l-1}, n_l)`` and biases :math:`b^{(l)}` of shape ``(n_l,)``, and

.. math::
    A^{(0)} = X, \qquad Z^{(l)} = A^{(l-1)} W^{(l)} + b^{(l)}, \qquad
    A^{(l)} = f\bigl(Z^{(l)}\bigr), \qquad l = 1, \dots, L.

**Numbering.** The notebook counts layers from 1, Python lists from 0: ``weights[l - 1]`` is
:math:`W^{(l)}` and ``biases[l - 1]`` is :math:`b^{(l)}`. The forward pass's lists ``Zs`` and
``As`` follow the notebook: ``Zs[l]`` is :math:`Z^{(l)}`, ``As[l]`` is :math:`A^{(l)}`
(``As[0] = X``; ``Zs[0]`` is ``None``, the input layer has no weighted input).

Conveniences live in :mod:`nnbook.training`, :mod:`nnbook.optim` and :mod:`nnbook.persistence`.
(Nielsen writes :math:`z = w a + b` with column vectors: our ``weights[l - 1]`` is his transposed.)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, DTypeLike, NDArray

from . import costs, persistence, training
from ._validation import check_choice, check_dtype, check_float, check_labels, make_rng
from .activations import ACTIVATIONS, hidden_activations, output_activations, softmax_backward
from .initializations import INITIALIZATIONS
from .labels import predicted_labels
from .messages import say
from .network_checks import check_X, check_Y, classes_of, layer_sizes
from .optim import SGD, l2_penalty

__all__ = ["INITIALIZATIONS", "Network"]

Arrays = list[NDArray[np.floating]]


class Network:
    r"""A fully connected feed-forward neural network.

    Parameters
    ----------
    sizes : sequence of int
        Neurons per layer, input layer first: ``[784, 30, 10]`` reads 784 inputs, one hidden
        layer of 30 neurons, 10 outputs.
    hidden, output : str
        Activation :math:`f` of the hidden layers (``"sigmoid"``, ``"relu"``) and of the output
        layer (``"sigmoid"``, ``"softmax"``): ``activations.ACTIVATIONS`` lists them.
    cost : {"quadratic", "cross_entropy"}
        :math:`\tfrac12\lVert a - y\rVert^2` per example, or the cross-entropy that matches
        ``output`` (lesson 06; ``costs.cost_outputs(cost)`` lists the outputs a cost is written
        for); a batch's cost is the mean over its examples. ``costs.COSTS`` lists them.
    init : {"normal", "scaled", "he"}
        How :meth:`initial_parameters` draws the starting weights (lesson 06):
        ``initializations.INITIALIZATIONS`` lists them.
    dtype : np.float64 or np.float32
        Precision of the parameters and of all computation.
    seed : int, numpy.random.Generator or None
        Seeds the generator ``rng`` that draws the starting parameters and, unless ``fit``
        gets a seed of its own, shuffles the training data.

    Attributes
    ----------
    weights, biases : list of ndarray
        ``weights[l - 1]`` is :math:`W^{(l)}`, ``(sizes[l - 1], sizes[l])``; ``biases[l - 1]``
        is :math:`b^{(l)}`, ``(sizes[l],)``.
    history, optimizer
        The :class:`~nnbook.History` of the last :meth:`fit`, and the :class:`~nnbook.SGD`
        that :meth:`fit` and :meth:`step` set and keep (with its momentum velocities).
    """

    def __init__(
        self,
        sizes: Sequence[int],
        *,
        hidden: str = "sigmoid",
        output: str = "sigmoid",
        cost: str = "quadratic",
        init: str = "normal",
        dtype: DTypeLike = np.float64,
        seed: int | np.random.Generator | None = None,
    ) -> None:
        self.sizes = layer_sizes(sizes, output)
        self.hidden = check_choice(hidden, "hidden", hidden_activations())
        self.output = check_choice(output, "output", output_activations())
        self.cost = check_choice(cost, "cost", costs.COSTS)
        if self.output not in costs.cost_outputs(self.cost):
            raise ValueError(
                say(
                    "cost={cost!r} is written for the outputs {outputs}; got output={output!r}. "
                    "Use cost='quadratic' with this output, or one of those outputs.",
                    cost=cost,
                    outputs=", ".join(repr(name) for name in costs.cost_outputs(self.cost)),
                    output=output,
                )
            )
        self.init = check_choice(init, "init", INITIALIZATIONS)
        self.dtype = check_dtype(dtype)
        self.rng = make_rng(seed)
        self.weights, self.biases = self.initial_parameters()
        self.history: training.History | None = None
        self.optimizer: SGD | None = None

    # ------------------------------------------------------------- the lesson: four steps
    # The mathematics, unchecked (the costs' registry calls them with check=False): arrays of
    # the network's dtype and shapes. The methods after them (backprop, feedforward, ...), and
    # fit and step in nnbook/training.py, check a learner's input once.

    def forward(self, X: NDArray) -> tuple[list[Any], Arrays]:
        r"""The forward pass, keeping what backpropagation needs.

        Returns ``(Zs, As)``: ``Zs[l]`` = :math:`Z^{(l)}` and ``As[l]`` = :math:`A^{(l)}`,
        each ``(n, sizes[l])``, for :math:`l = 1, \dots, L`; ``As[0]`` is ``X`` and
        ``Zs[0]`` is ``None``. ``As[-1]`` is the network's output.
        """
        Zs, As = [None], [X]
        L = len(self.weights)
        for l in range(1, L + 1):  # noqa: E741 (l: the layer, as in the notebook)
            f = ACTIVATIONS[self.output if l == L else self.hidden].function
            Z = As[l - 1] @ self.weights[l - 1]  # (n, n_{l-1}) @ (n_{l-1}, n_l) -> (n, n_l)
            Z += self.biases[l - 1]  # b^(l) is added to every row
            Zs.append(Z)
            As.append(f(Z))
        return Zs, As

    def output_error(self, Zs: list[Any], As: Arrays, Y: NDArray) -> NDArray:
        r"""BP1, the output error :math:`\Delta^{(L)} = \partial C/\partial Z^{(L)}`,
        ``(n, sizes[-1])``, for the batch's mean cost :math:`C` and targets ``Y``."""
        Z, A = Zs[-1], As[-1]
        cost = costs.COSTS[self.cost]  # the cost's formulas, from its registry
        if self.output in cost.from_weighted_inputs:  # lesson 06's cross-entropy: from Z,
            return cost.from_weighted_inputs[self.output].gradient(Z, Y)  # Δ = (A - Y) / n
        grad_A = cost.from_outputs.gradient(A, Y)  # ∇_A C, (A - Y) / n for the quadratic cost
        if self.output == "softmax":  # softmax has a Jacobian, not an elementwise f'
            return softmax_backward(A, grad_A)
        f_prime = ACTIVATIONS[self.output].derivative_from_output  # f'(Z), from A = f(Z)
        return grad_A * f_prime(A)  # BP1: ∇_A C ⊙ f'(Z^(L))

    def backward(self, As: Arrays, delta: NDArray) -> tuple[Arrays, Arrays]:
        r"""The backward pass: from :math:`\Delta^{(L)}` (``delta``) to every gradient.

        Returns ``(dW, db)``: ``dW[l - 1]`` = :math:`\partial C/\partial W^{(l)}`, shaped
        like ``weights[l - 1]``, and ``db[l - 1]`` = :math:`\partial C/\partial b^{(l)}`.
        """
        f_prime = ACTIVATIONS[self.hidden].derivative_from_output  # f'(Z), from A = f(Z)
        L = len(self.weights)
        dW: list[Any] = [None] * L
        db: list[Any] = [None] * L
        for l in range(L, 0, -1):  # noqa: E741 (layers L, L-1, ..., 1; delta is Δ^(l))
            dW[l - 1] = As[l - 1].T @ delta  # BP4: A^(l-1)ᵀ Δ^(l), (n_{l-1}, n) @ (n, n_l)
            db[l - 1] = delta.sum(axis=0)  # BP3: column sums of Δ^(l), (n_l,)
            if l > 1:  # BP2: Δ^(l-1) = (Δ^(l) W^(l)ᵀ) ⊙ f'(Z^(l-1)), (n, n_{l-1})
                delta = (delta @ self.weights[l - 1].T) * f_prime(As[l - 1])
        return dW, db

    def update(self, dW: Arrays, db: Arrays, learning_rate: float) -> None:
        r"""Gradient descent, in place: :math:`W^{(l)} \leftarrow W^{(l)} - \eta\,\partial
        C/\partial W^{(l)}`, the same for :math:`b^{(l)}` (``dW`` and ``db`` stay as they are)."""
        for W, b, gW, gb in zip(self.weights, self.biases, dW, db, strict=True):
            W -= learning_rate * gW
            b -= learning_rate * gb

    # ------------------------------------------------------------- set-up

    def initial_parameters(self) -> tuple[Arrays, Arrays]:
        r"""Draw starting weights and biases from the network's generator ``rng``.

        Weights :math:`W^{(l)}_{jk} \sim N(0, s^2)`, :math:`s` set by ``init``: ``"normal"``
        1 (Nielsen's chapter 1), ``"scaled"`` :math:`1/\sqrt{n_{l-1}}` (his chapter 3),
        ``"he"`` :math:`\sqrt{2/n_{l-1}}` (He et al. 2015, for ReLU). Biases :math:`N(0, 1)`,
        or 0 for ``"he"`` (their registry: :mod:`nnbook.initializations`). Drawn in float64
        and then rounded, so that a float32 network starts from the float64 network's values
        with the same seed.
        """
        weights, biases = [], []
        init = INITIALIZATIONS[self.init]  # its scale s and biases, from its registry
        for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:], strict=True):
            W = self.rng.standard_normal((n_in, n_out)) * init.weight_scale(n_in)
            b = np.zeros(n_out) if init.zero_biases else self.rng.standard_normal(n_out)
            weights.append(W.astype(self.dtype))
            biases.append(b.astype(self.dtype))
        return weights, biases

    def __repr__(self) -> str:
        return (  # not a message: the code that builds this network
            f"Network({self.sizes}, hidden={self.hidden!r}, output={self.output!r}, "
            f"cost={self.cost!r}, init={self.init!r}, dtype={self.dtype.name})"
        )

    # ------------------------------------------------------------- checked entry points

    def backprop(self, X: ArrayLike, Y: ArrayLike, *, check: bool = True) -> tuple[Arrays, Arrays]:
        """Gradients ``(dW, db)`` of the mean cost of inputs ``X`` ``(n, sizes[0])`` and targets
        ``Y`` ``(n, sizes[-1])``: both checked (``check=False``: checked already, as in
        :func:`~nnbook.check_gradients`), then forward, BP1, and the backward pass."""
        if check:
            X = check_X(self, X)
            Y = check_Y(self, Y, len(X))
        Zs, As = self.forward(X)
        return self.backward(As, self.output_error(Zs, As, Y))

    def feedforward(self, X: ArrayLike) -> NDArray:
        """The network's outputs :math:`A^{(L)}`, ``(n, sizes[-1])``, for ``X`` ``(n,
        sizes[0])``."""
        return self.forward(check_X(self, X))[1][-1]

    def predict(self, X: ArrayLike) -> NDArray[np.int64]:
        """Predicted class labels ``(n,)``, by :func:`nnbook.predicted_labels`."""
        return predicted_labels(self.feedforward(X))

    def accuracy(self, X: ArrayLike, labels: ArrayLike) -> float:
        """Fraction of the examples in ``X`` whose predicted label equals ``labels`` (integer
        class numbers ``(n,)``; for one output neuron, 0 or 1)."""
        X = check_X(self, X)
        labels = check_labels(labels, "labels", n_classes=classes_of(self), n_rows=len(X))
        return float(np.mean(predicted_labels(self.forward(X)[1][-1]) == labels))

    def total_cost(self, X: ArrayLike, Y: ArrayLike, *, l2: float = 0.0) -> float:
        r"""The cost on ``(X, Y)``: the mean over the examples, plus
        :math:`\frac{\lambda}{2n} \sum_l \lVert W^{(l)} \rVert^2` when ``l2`` =
        :math:`\lambda` is positive (:math:`n` = ``len(X)``; biases are not penalised)."""
        X = check_X(self, X)
        Y = check_Y(self, Y, len(X))
        l2 = check_float(l2, "l2")
        Zs, As = self.forward(X)
        return self.cost_of(Zs[-1], As[-1], Y) + l2_penalty(self.weights, l2, len(X))

    def cost_of(self, Z: NDArray, A: NDArray, Y: NDArray) -> float:
        """The mean cost of outputs ``A = f(Z)`` against targets ``Y`` (unchecked, as the
        four steps): the quadratic cost from ``A``, a cross-entropy from ``Z``."""
        cost = costs.COSTS[self.cost]
        if self.output in cost.from_weighted_inputs:
            return cost.from_weighted_inputs[self.output].function(Z, Y)
        return cost.from_outputs.function(A, Y)

    # ------------------------------------------------------------- conveniences, elsewhere
    # Written in nnbook/training.py and nnbook/persistence.py (read them there), attached here
    # for net.fit(...), net.step(...), net.save(...), Network.load(...). No import circle.
    fit = training.fit
    step = training.step
    save = persistence.save
    load = classmethod(persistence.load)

    def reset_momentum(self) -> None:
        """Forget the momentum velocities, so that the next step starts from rest."""
        self.optimizer = None
