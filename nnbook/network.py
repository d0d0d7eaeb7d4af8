r"""A fully connected feed-forward network, trained by mini-batch gradient descent.

Layout: rows are examples. With the code's numbering (``weights[k]``, ``biases[k]``, ``k``
from 0) the forward pass is

.. math::
    A_0 = X, \qquad Z_k = A_k W_k + b_k, \qquad A_{k+1} = f(Z_k),

with ``X`` of shape ``(n_samples, n_features)``, ``W_k`` of shape ``(n_in, n_out)`` and
``b_k`` of shape ``(n_out,)`` (added to every row). Nielsen's book writes :math:`z = w a + b`
with column vectors: our ``weights[k]`` is his ``self.weights[k]`` transposed.

Backpropagation, with :math:`\Delta_k = \partial C/\partial Z_k` (``delta``, one row per
example) for the batch's mean cost :math:`C`, starting from the last layer:

.. math::
    \frac{\partial C}{\partial W_k} = A_k^\top \Delta_k, \qquad
    \frac{\partial C}{\partial b_k} = \textstyle\sum_{\text{rows}} \Delta_k, \qquad
    \Delta_{k-1} = (\Delta_k W_k^\top) \odot f'(Z_{k-1}).

The output error for the matched pairs, sigmoid + cross-entropy and softmax +
cross-entropy, is simply :math:`(A - Y)/n`. For the quadratic cost it is
:math:`\partial C/\partial A = (A - Y)/n` carried back through the output activation:
:math:`\odot\,\sigma'(Z)` for the sigmoid, the Jacobian-vector product for softmax.
"""

from __future__ import annotations

import math
import numbers
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, DTypeLike, NDArray
from tqdm.auto import tqdm

from ._validation import (
    check_choice,
    check_dtype,
    check_float,
    check_int,
    check_labels,
    check_matrix,
)
from .activations import ACTIVATIONS
from .costs import (
    COSTS,
    quadratic_cost,
    quadratic_cost_gradient,
    sigmoid_cross_entropy,
    softmax_cross_entropy,
)

__all__ = ["History", "Network", "TrainingDivergedError", "one_hot"]

HIDDEN_ACTIVATIONS = ("sigmoid", "relu")
OUTPUT_ACTIVATIONS = ("sigmoid", "softmax")
INITIALIZATIONS = ("normal", "scaled", "he")
_FILE_FORMAT = "nnbook.Network"
_FILE_VERSION = 1


class TrainingDivergedError(ValueError):
    """The cost became NaN or infinite during training: the learning rate is too large."""


def one_hot(labels: ArrayLike, n_classes: int, *, dtype: DTypeLike = np.float64) -> NDArray:
    """Turn integer labels into a target matrix with a single 1 per row.

    Parameters
    ----------
    labels : array_like of int, shape (n_samples,)
        Class numbers in ``[0, n_classes)``.
    n_classes : int
        Number of classes, the width of the result.
    dtype : float dtype, optional
        Of the result; ``np.float64`` by default.

    Returns
    -------
    ndarray, shape (n_samples, n_classes)
        ``Y[i, labels[i]] = 1`` and every other entry 0.

    Examples
    --------
    >>> one_hot([2, 0], 3)
    array([[0., 0., 1.],
           [1., 0., 0.]])
    """
    n_classes = check_int(n_classes, "n_classes", minimum=1)
    labels = check_labels(labels, "labels", n_classes=n_classes)
    Y = np.zeros((len(labels), n_classes), dtype=check_dtype(dtype))
    Y[np.arange(len(labels)), labels] = 1
    return Y


@dataclass(repr=False)
class History:
    """What happened during :meth:`Network.fit`, one entry per epoch.

    Attributes
    ----------
    cost : list of float
        The training cost of each epoch: the average, over the epoch's mini-batches (weighted
        by their sizes), of each batch's cost measured during its forward pass, that is,
        *before* that batch's update. It therefore mixes the network's states along the
        epoch and lags slightly behind the cost of the final network; it costs no extra pass
        over the data. With ``l2 > 0`` it includes the penalty :math:`\\frac{\\lambda}{2n}
        \\sum w^2` (the quantity being minimised).
    train_accuracy : list of float
        Fraction of the epoch's training examples classified correctly, counted in the same
        forward passes as ``cost`` (same caveat).
    validation_accuracy : list of float
        Accuracy on the validation set, measured after each epoch with the network as it is
        then. Empty when ``fit`` got no ``validation``.
    seconds : list of float
        Wall-clock time of each epoch (training and validation).

    Its ``repr`` shows the number of epochs, the last epoch's values and the total time.
    """

    cost: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    validation_accuracy: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    @property
    def epochs(self) -> int:
        """Number of epochs recorded."""
        return len(self.cost)

    def __repr__(self) -> str:
        if not self.cost:
            return "History(epochs=0)"
        parts = [
            f"epochs={self.epochs}",
            f"cost={self.cost[-1]:.4g}",
            f"train_accuracy={self.train_accuracy[-1]:.2%}",
        ]
        if self.validation_accuracy:
            parts.append(f"validation_accuracy={self.validation_accuracy[-1]:.2%}")
        parts.append(f"total_seconds={sum(self.seconds):.1f}")
        return f"History({', '.join(parts)})"


class Network:
    r"""A fully connected feed-forward neural network.

    Parameters
    ----------
    sizes : sequence of int
        Neurons per layer, input layer first: ``[784, 30, 10]`` reads 784 inputs, one hidden
        layer of 30 neurons, 10 outputs.
    hidden : {"sigmoid", "relu"}
        Activation of the hidden layers.
    output : {"sigmoid", "softmax"}
        Activation of the output layer.
    cost : {"quadratic", "cross_entropy"}
        ``"quadratic"``: :math:`\tfrac12\lVert a - y\rVert^2` per example. ``"cross_entropy"``:
        :math:`-\sum[y \ln a + (1-y)\ln(1-a)]` with a sigmoid output, :math:`-\sum y \ln a`
        with a softmax output. The cost of a batch is the mean over its examples.
    init : {"normal", "scaled", "he"}
        How to draw the starting weights. ``"normal"``: weights and biases
        :math:`\sim N(0, 1)` (Nielsen's chapter 1). ``"scaled"``: weights
        :math:`\sim N(0, 1/n_{in})`, biases :math:`N(0, 1)` (his chapter 3). ``"he"``: weights
        :math:`\sim N(0, 2/n_{in})`, biases 0 (He et al. 2015, made for relu).
    dtype : np.float64 or np.float32
        Precision of the parameters and of all computation.
    seed : int, numpy.random.Generator or None
        Seeds the network's own random generator, used to draw the starting parameters and,
        unless ``fit`` gets a seed of its own, to shuffle the training data. Same seed, same
        data, same calls: bit-identical results.

    Attributes
    ----------
    sizes : list of int
    weights : list of ndarray
        ``weights[l]`` has shape ``(sizes[l], sizes[l + 1])``.
    biases : list of ndarray
        ``biases[l]`` has shape ``(sizes[l + 1],)``.
    hidden, output, cost, init : str
        The options above.
    dtype : numpy.dtype
    history : History or None
        The history of the most recent :meth:`fit` (``None`` before the first).

    Examples
    --------
    >>> net = Network([2, 3, 1], seed=0)
    >>> net.feedforward(np.array([[0.0, 1.0]])).shape
    (1, 1)
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
        self.sizes = _check_sizes(sizes)
        self.hidden = check_choice(hidden, "hidden", HIDDEN_ACTIVATIONS)
        self.output = check_choice(output, "output", OUTPUT_ACTIVATIONS)
        self.cost = check_choice(cost, "cost", COSTS)
        self.init = check_choice(init, "init", INITIALIZATIONS)
        self.dtype = check_dtype(dtype)
        if self.output == "softmax" and self.sizes[-1] < 2:
            raise ValueError(
                "output='softmax' needs at least 2 output neurons (a softmax over one neuron "
                "is always 1); use output='sigmoid' for a single output neuron."
            )
        self._rng = _make_rng(seed, "seed")
        self.weights, self.biases = self._initial_parameters()
        self.history: History | None = None
        self.reset_momentum()

    # ------------------------------------------------------------------ set-up

    def _initial_parameters(self) -> tuple[list[NDArray], list[NDArray]]:
        # Drawn in float64 and then rounded, so that a float32 network starts from the
        # float64 network's values with the same seed.
        weights, biases = [], []
        for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:], strict=True):
            std = {"normal": 1.0, "scaled": 1 / math.sqrt(n_in), "he": math.sqrt(2 / n_in)}
            W = self._rng.standard_normal((n_in, n_out)) * std[self.init]
            b = np.zeros(n_out) if self.init == "he" else self._rng.standard_normal(n_out)
            weights.append(W.astype(self.dtype))
            biases.append(b.astype(self.dtype))
        return weights, biases

    def reset_momentum(self) -> None:
        """Set the momentum velocities to zero (they persist across :meth:`step`/:meth:`fit`)."""
        self._velocity_W = [np.zeros_like(W) for W in self.weights]
        self._velocity_b = [np.zeros_like(b) for b in self.biases]

    @property
    def num_layers(self) -> int:
        """Number of layers, input layer included (``len(sizes)``)."""
        return len(self.sizes)

    def __repr__(self) -> str:
        return (
            f"Network({self.sizes}, hidden={self.hidden!r}, output={self.output!r}, "
            f"cost={self.cost!r}, init={self.init!r}, dtype={self.dtype.name})"
        )

    # ------------------------------------------------------------------ forward

    def forward(self, X: ArrayLike) -> tuple[list[NDArray], list[NDArray]]:
        """Run the network and keep every layer's values, as backpropagation needs them.

        Parameters
        ----------
        X : array_like, shape (n_samples, sizes[0])

        Returns
        -------
        Zs : list of ndarray
            ``Zs[l] = As[l] @ weights[l] + biases[l]``, shape ``(n_samples, sizes[l + 1])``.
        As : list of ndarray
            ``As[0]`` is ``X`` (in the network's dtype) and ``As[l + 1] = f(Zs[l])``, so
            ``As`` is one longer than ``Zs`` and ``As[-1]`` is the output.
        """
        return self._forward(self._check_X(X))

    def _forward(self, X: NDArray) -> tuple[list[NDArray], list[NDArray]]:
        Zs, As = [], [X]
        A = X
        last = len(self.weights) - 1
        for layer, (W, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            Z = A @ W  # (n, n_in) @ (n_in, n_out) -> (n, n_out)
            Z += b  # b broadcasts over the rows
            A = ACTIVATIONS[self.output if layer == last else self.hidden].function(Z)
            Zs.append(Z)
            As.append(A)
        return Zs, As

    def feedforward(self, X: ArrayLike) -> NDArray:
        """The network's outputs, shape ``(n_samples, sizes[-1])``, for inputs ``X`` of
        shape ``(n_samples, sizes[0])``."""
        return self._forward(self._check_X(X))[1][-1]

    def predict(self, X: ArrayLike) -> NDArray[np.int64]:
        """Predicted class labels, shape ``(n_samples,)``, dtype int64.

        The output neuron with the largest activation; with a single output neuron,
        1 if its activation is at least 0.5, else 0.
        """
        return self._labels_of(self.feedforward(X))

    @staticmethod
    def _labels_of(A: NDArray) -> NDArray[np.int64]:
        if A.shape[1] == 1:
            return (A[:, 0] >= 0.5).astype(np.int64)
        return A.argmax(axis=1).astype(np.int64, copy=False)

    def accuracy(self, X: ArrayLike, labels: ArrayLike) -> float:
        """Fraction of the examples in ``X`` whose predicted label equals ``labels``.

        Parameters
        ----------
        X : array_like, shape (n_samples, sizes[0])
        labels : array_like of int, shape (n_samples,)
            Class numbers (for one output neuron: 0 or 1).
        """
        X = self._check_X(X)
        labels = check_labels(labels, "labels", n_classes=self._n_classes, n_rows=len(X))
        return float(np.mean(self.predict(X) == labels))

    def total_cost(self, X: ArrayLike, Y: ArrayLike, *, l2: float = 0.0) -> float:
        r"""The network's cost on ``(X, Y)``: the mean over the examples, plus
        :math:`\frac{\lambda}{2n} \sum_l \lVert W^l \rVert^2` when ``l2`` = :math:`\lambda`
        is positive (``n = len(X)``; biases are not penalised)."""
        X = self._check_X(X)
        Y = self._check_Y(Y, len(X))
        l2 = check_float(l2, "l2")
        Zs, As = self._forward(X)
        return self._cost_value(Zs[-1], As[-1], Y) + self._penalty(l2 / len(X))

    def _cost_value(self, Z: NDArray, A: NDArray, Y: NDArray) -> float:
        if self.cost == "quadratic":
            return quadratic_cost(A, Y)
        if self.output == "sigmoid":
            return sigmoid_cross_entropy(Z, Y)
        return softmax_cross_entropy(Z, Y)

    def _penalty(self, l2_over_n: float) -> float:
        if not l2_over_n:
            return 0.0
        return 0.5 * l2_over_n * sum(float(np.vdot(W, W)) for W in self.weights)

    # ------------------------------------------------------------------ backward

    def backprop(self, X: ArrayLike, Y: ArrayLike) -> tuple[list[NDArray], list[NDArray]]:
        """Gradient of the batch's mean cost (no L2 term) by backpropagation.

        Parameters
        ----------
        X : array_like, shape (n_samples, sizes[0])
        Y : array_like, shape (n_samples, sizes[-1])
            Target matrix (use :func:`one_hot` for integer labels).

        Returns
        -------
        dW : list of ndarray
            ``dW[l]`` is :math:`\\partial C/\\partial W^l`, shaped like ``weights[l]``.
        db : list of ndarray
            ``db[l]`` is :math:`\\partial C/\\partial b^l`, shaped like ``biases[l]``.
        """
        X = self._check_X(X)
        Y = self._check_Y(Y, len(X))
        Zs, As = self._forward(X)
        return self._backward(Zs, As, self._output_delta(Zs[-1], As[-1], Y))

    def _output_delta(self, Z: NDArray, A: NDArray, Y: NDArray) -> NDArray:
        """:math:`\\Delta^L = \\partial C/\\partial Z^L`, shape ``(n_samples, sizes[-1])``."""
        if self.cost == "cross_entropy":
            # Sigmoid + its cross-entropy and softmax + its cross-entropy both give
            # dC/dZ = (A - Y)/n: the activation's derivative cancels against the cost's.
            # Computed from A directly, so no division by a(1 - a) that could be 0.
            delta = A - Y
            delta /= len(delta)
            return delta
        return ACTIVATIONS[self.output].backward(Z, A, quadratic_cost_gradient(A, Y))

    def _backward(
        self, Zs: list[NDArray], As: list[NDArray], delta: NDArray
    ) -> tuple[list[NDArray], list[NDArray]]:
        hidden = ACTIVATIONS[self.hidden]
        n_layers = len(self.weights)
        dW: list[NDArray] = [None] * n_layers  # type: ignore[list-item]
        db: list[NDArray] = [None] * n_layers  # type: ignore[list-item]
        for k in range(n_layers - 1, -1, -1):  # k: the layer, from the last back to 0
            dW[k] = As[k].T @ delta  # (n_in, n) @ (n, n_out) -> (n_in, n_out)
            db[k] = delta.sum(axis=0)  # (n_out,)
            if k > 0:
                # delta @ W.T: (n, n_out) @ (n_out, n_in) -> (n, n_in); As[k] = f(Zs[k - 1])
                delta = hidden.backward(Zs[k - 1], As[k], delta @ self.weights[k].T)
        return dW, db

    # ------------------------------------------------------------------ training

    def step(
        self,
        X: ArrayLike,
        Y: ArrayLike,
        *,
        learning_rate: float,
        l2: float = 0.0,
        momentum: float = 0.0,
        n_train: int | None = None,
    ) -> float:
        r"""One gradient-descent update on one mini-batch.

        .. math::
            v \leftarrow \mu v - \eta \Bigl(\frac{\partial C}{\partial w}
                + \frac{\lambda}{n} w\Bigr), \qquad w \leftarrow w + v

        for every weight (biases: the same without the :math:`\lambda` term). With
        ``momentum=0`` this is plain :math:`w \leftarrow w - \eta\,\partial C/\partial w`.

        Parameters
        ----------
        X : array_like, shape (batch_size, sizes[0])
        Y : array_like, shape (batch_size, sizes[-1])
        learning_rate : float
            :math:`\eta`, > 0.
        l2 : float
            :math:`\lambda \ge 0`, the L2 regularisation strength in Nielsen's convention: the
            cost minimised is :math:`C + \frac{\lambda}{2n}\sum w^2` with :math:`n` =
            ``n_train``, so each step shrinks every weight by the factor
            :math:`1 - \eta\lambda/n`.
        momentum : float
            :math:`\mu \in [0, 1)`. The velocities :math:`v` live on the network and carry
            over from one call to the next (and across :meth:`fit` calls);
            :meth:`reset_momentum` sets them to zero.
        n_train : int, optional
            The training-set size :math:`n` in the L2 term. Defaults to ``len(X)``, i.e. the
            batch is treated as the whole training set. :meth:`fit` passes the size of its
            training set.

        Returns
        -------
        float
            The batch's mean cost (plus the L2 penalty when ``l2 > 0``), measured before
            the update.

        Raises
        ------
        TrainingDivergedError
            (a ``ValueError``) if that cost is NaN or infinite.
        """
        X = self._check_X(X)
        Y = self._check_Y(Y, len(X))
        learning_rate, l2, momentum = _check_hyperparameters(learning_rate, l2, momentum)
        n_train = len(X) if n_train is None else check_int(n_train, "n_train")
        with np.errstate(over="ignore", invalid="ignore"):  # see fit()
            cost, _ = self._train_batch(X, Y, None, learning_rate, l2 / n_train, momentum)
        return cost

    def _train_batch(
        self,
        X: NDArray,
        Y: NDArray,
        labels: NDArray | None,
        learning_rate: float,
        l2_over_n: float,
        momentum: float,
    ) -> tuple[float, int]:
        """Forward, cost, backward and update on one batch; returns (cost, n_correct)."""
        Zs, As = self._forward(X)
        Z, A = Zs[-1], As[-1]
        cost = self._cost_value(Z, A, Y) + self._penalty(l2_over_n)
        if not math.isfinite(cost):
            raise TrainingDivergedError(
                f"The cost became {cost} with learning_rate={learning_rate:g}: training "
                f"diverged. Try a smaller learning rate, such as {learning_rate / 10:g}."
            )
        n_correct = 0 if labels is None else int(np.count_nonzero(self._labels_of(A) == labels))
        dW, db = self._backward(Zs, As, self._output_delta(Z, A, Y))
        for W, b, gW, gb, vW, vb in zip(
            self.weights, self.biases, dW, db, self._velocity_W, self._velocity_b, strict=True
        ):
            if l2_over_n:
                gW += l2_over_n * W  # derivative of (l2 / 2n) * sum(W**2)
            if momentum:
                vW *= momentum
                vW -= learning_rate * gW
                W += vW
                vb *= momentum
                vb -= learning_rate * gb
                b += vb
            else:
                gW *= learning_rate  # in place: gW is ours, and this saves a temporary
                W -= gW
                gb *= learning_rate
                b -= gb
        return cost, n_correct

    def fit(
        self,
        X: ArrayLike,
        Y: ArrayLike,
        *,
        epochs: int,
        batch_size: int,
        learning_rate: float,
        l2: float = 0.0,
        momentum: float = 0.0,
        validation: tuple[ArrayLike, ArrayLike] | None = None,
        seed: int | np.random.Generator | None = None,
        progress: bool = True,
        callback: Callable[[int, History], Any] | None = None,
    ) -> History:
        r"""Train by mini-batch stochastic gradient descent.

        Each epoch shuffles the training examples, cuts them into mini-batches of
        ``batch_size`` (the last one may be smaller) and makes one :meth:`step` per batch.

        Parameters
        ----------
        X : array_like, shape (n_samples, sizes[0])
            Training inputs. Converted once to the network's dtype.
        Y : array_like, shape (n_samples, sizes[-1])
            Training targets as a matrix (:func:`one_hot` turns labels into one). The
            training accuracy compares predictions with ``Y.argmax(axis=1)`` (with one
            output neuron: with ``Y >= 0.5``).
        epochs : int
            Number of passes over the training data, >= 1.
        batch_size : int
            Examples per mini-batch, >= 1 (larger than ``n_samples`` means one batch).
        learning_rate : float
            :math:`\eta` (eta in the notebooks), > 0.
        l2 : float
            :math:`\lambda`, L2 regularisation: the cost minimised is
            :math:`C + \frac{\lambda}{2n}\sum w^2`, ``n`` = ``n_samples`` (Nielsen's
            convention). 0 turns it off.
        momentum : float
            :math:`\mu \in [0, 1)`; 0 is plain gradient descent. The velocities persist on
            the network (see :meth:`reset_momentum`), so that calling ``fit(epochs=1)``
            repeatedly continues smoothly.
        validation : (X_val, labels_val), optional
            Inputs and **integer labels** on which to measure the accuracy after each epoch.
        seed : int, numpy.random.Generator or None
            Seeds the shuffling. ``None`` uses the network's own generator (from
            ``Network(seed=...)``), so a seeded network trains reproducibly either way.
        progress : bool
            Show a ``tqdm`` progress bar over the epochs; ``False`` prints nothing at all.
        callback : callable, optional
            Called as ``callback(epoch, history)`` after each epoch, ``epoch`` counting from
            0 and ``history`` holding all epochs so far. If it returns a true value
            (``True``), training stops after that epoch.

        Returns
        -------
        History
            Per-epoch cost, training accuracy, validation accuracy and seconds; also
            stored as ``self.history``. The cost and training accuracy are running averages
            over the epoch's mini-batches, taken from the forward passes that training
            does anyway (no extra pass over the data), so they describe the network as it
            was changing during the epoch.

        Raises
        ------
        TrainingDivergedError
            (a ``ValueError``) if the cost becomes NaN or infinite.
        """
        X = self._check_X(X)
        Y = self._check_Y(Y, len(X))
        epochs = check_int(epochs, "epochs")
        batch_size = check_int(batch_size, "batch_size")
        learning_rate, l2, momentum = _check_hyperparameters(learning_rate, l2, momentum)
        if validation is not None:
            X_val, labels_val = self._check_validation(validation)
        if callback is not None and not callable(callback):
            raise TypeError(f"callback must be callable or None; got {callback!r}.")
        if not isinstance(progress, (bool, np.bool_)):
            raise TypeError(f"progress must be True or False; got {progress!r}.")
        rng = self._rng if seed is None else _make_rng(seed, "seed")

        n = len(X)
        labels = self._labels_of(Y)  # the labels the targets encode
        l2_over_n = l2 / n
        history = History()
        self.history = history
        with tqdm(range(epochs), desc="Training", unit="epoch", disable=not progress) as bar:
            for epoch in bar:
                start = time.perf_counter()
                try:
                    cost, accuracy = self._train_epoch(
                        X, Y, labels, rng.permutation(n), batch_size, learning_rate, l2_over_n,
                        momentum,
                    )  # fmt: skip
                except TrainingDivergedError as error:
                    raise TrainingDivergedError(f"In epoch {epoch}: {error}") from None
                history.cost.append(cost)
                history.train_accuracy.append(accuracy)
                if validation is not None:
                    A_val = self._forward(X_val)[1][-1]
                    history.validation_accuracy.append(
                        float(np.mean(self._labels_of(A_val) == labels_val))
                    )
                history.seconds.append(time.perf_counter() - start)
                if progress:
                    bar.set_postfix(_progress_summary(history))
                if callback is not None and callback(epoch, history):
                    break
        return history

    def _train_epoch(
        self,
        X: NDArray,
        Y: NDArray,
        labels: NDArray,
        order: NDArray,
        batch_size: int,
        learning_rate: float,
        l2_over_n: float,
        momentum: float,
    ) -> tuple[float, float]:
        """One pass over the batches ``order[0:batch_size]``, ...; returns the running mean
        cost and accuracy (see :class:`History`)."""
        n = len(order)
        total_cost, n_correct = 0.0, 0
        # Numpy would warn about overflow before the cost turns NaN/inf; _train_batch checks
        # the cost of every batch and raises a clear error instead, so those warnings are
        # muted here, for the training loop only.
        with np.errstate(over="ignore", invalid="ignore"):
            for first in range(0, n, batch_size):
                batch = order[first : first + batch_size]  # fancy indexing: copies one batch
                cost, correct = self._train_batch(
                    X[batch], Y[batch], labels[batch], learning_rate, l2_over_n, momentum
                )
                total_cost += cost * len(batch)
                n_correct += correct
        return total_cost / n, n_correct / n

    # ------------------------------------------------------------------ save / load

    def save(self, path: str | PathLike[str]) -> Path:
        """Save the parameters and options to a ``.npz`` file (no pickle).

        ``.npz`` is appended to ``path`` if it does not end so. The momentum velocities,
        the random generator's state and the history are not saved.

        Returns
        -------
        pathlib.Path
            The file written.
        """
        self._check_parameters()
        path = _npz_path(path)
        arrays = {f"W{k}": W for k, W in enumerate(self.weights)}
        arrays |= {f"b{k}": b for k, b in enumerate(self.biases)}
        np.savez(
            path,
            format=np.array(_FILE_FORMAT),
            version=np.array(_FILE_VERSION),
            sizes=np.array(self.sizes, dtype=np.int64),
            hidden=np.array(self.hidden),
            output=np.array(self.output),
            cost=np.array(self.cost),
            init=np.array(self.init),
            dtype=np.array(self.dtype.name),
            **arrays,
        )
        return path

    @classmethod
    def load(cls, path: str | PathLike[str]) -> Network:
        """Load a network written by :meth:`save`: same options, bit-identical parameters."""
        path = Path(path)
        if not path.exists() and _npz_path(path).exists():
            path = _npz_path(path)
        with np.load(path, allow_pickle=False) as data:
            if "format" not in data.files or str(data["format"]) != _FILE_FORMAT:
                raise ValueError(f"{path} is not a file written by nnbook's Network.save.")
            options = {key: str(data[key]) for key in ("hidden", "output", "cost", "init")}
            net = cls([int(s) for s in data["sizes"]], dtype=str(data["dtype"]), **options)
            for k in range(len(net.weights)):
                for params, key in ((net.weights, f"W{k}"), (net.biases, f"b{k}")):
                    saved = data[key]
                    if saved.shape != params[k].shape:
                        raise ValueError(
                            f"{path}: {key} has shape {saved.shape}, but sizes "
                            f"{net.sizes} need {params[k].shape}; the file is damaged."
                        )
                    params[k] = saved.astype(net.dtype)
        net.reset_momentum()
        return net

    # ------------------------------------------------------------------ input checks

    @property
    def _n_classes(self) -> int:
        return max(self.sizes[-1], 2)  # one output neuron still separates two classes

    def _check_X(self, X: ArrayLike, name: str = "X") -> NDArray:
        # Every public method that takes X comes through here, so the parameters (which a
        # lesson may have set by hand) are checked here too.
        self._check_parameters()
        return check_matrix(
            X,
            name,
            dtype=self.dtype,
            n_columns=self.sizes[0],
            columns_hint=f" The network's input layer has sizes[0] = {self.sizes[0]} neurons.",
        )

    def _check_parameters(self) -> None:
        """Check weights and biases set by hand; keep the momentum velocities in step."""
        n_layers = len(self.sizes) - 1
        for name, params in (("weights", self.weights), ("biases", self.biases)):
            if not isinstance(params, list) or len(params) != n_layers:
                raise ValueError(
                    f"{name} must be a list of {n_layers} arrays, one per layer, for sizes "
                    f"{self.sizes}; got {type(params).__name__} of length {len(params)}."
                )
        for k in range(n_layers):
            for name, params, shape in (
                ("weights", self.weights, (self.sizes[k], self.sizes[k + 1])),
                ("biases", self.biases, (self.sizes[k + 1],)),
            ):
                if np.shape(params[k]) != shape:
                    raise ValueError(
                        f"{name}[{k}] must have shape {shape} for sizes {self.sizes}; got "
                        f"{np.shape(params[k])}. (weights[k] is (n_in, n_out), biases[k] "
                        "is (n_out,).)"
                    )
                if not (isinstance(params[k], np.ndarray) and params[k].dtype == self.dtype):
                    params[k] = np.array(params[k], dtype=self.dtype)  # e.g. a list by hand
        if [v.shape for v in self._velocity_W] != [W.shape for W in self.weights]:
            self.reset_momentum()

    def _check_Y(self, Y: ArrayLike, n_rows: int) -> NDArray:
        n_out = self.sizes[-1]
        if np.ndim(Y) == 1:
            fix = (
                "Y.reshape(-1, 1)"
                if n_out == 1
                else f"nnbook.one_hot(labels, {n_out}) to turn integer labels into one"
            )
            raise ValueError(
                f"Y must be a 2-D target matrix (n_samples, {n_out}); got shape "
                f"{np.shape(Y)}. Use {fix}."
            )
        Y = check_matrix(
            Y,
            "Y",
            dtype=self.dtype,
            n_columns=n_out,
            columns="outputs",
            columns_hint=f" The network's output layer has sizes[-1] = {n_out} neurons.",
            n_rows=n_rows,
        )
        if self.output == "softmax" and self.cost == "cross_entropy":
            row_sums = Y.sum(axis=1)
            tolerance = 1e-4 if self.dtype == np.float32 else 1e-8
            if not np.allclose(row_sums, 1.0, rtol=0.0, atol=tolerance):
                bad = int(np.argmax(np.abs(row_sums - 1.0)))
                raise ValueError(
                    "With output='softmax' and cost='cross_entropy' every row of Y must sum "
                    f"to 1 (a one-hot row, or probabilities); row {bad} sums to "
                    f"{row_sums[bad]:g}. Use nnbook.one_hot(labels, {n_out})."
                )
        return Y

    def _check_validation(self, validation: Any) -> tuple[NDArray, NDArray]:
        if not isinstance(validation, (tuple, list)) or len(validation) != 2:
            raise TypeError(
                "validation must be a pair (X_val, labels_val) of inputs and integer labels; "
                f"got {type(validation).__name__}."
            )
        X_val = self._check_X(validation[0], "X_val")
        labels_val = check_labels(
            validation[1], "labels_val", n_classes=self._n_classes, n_rows=len(X_val)
        )
        return X_val, labels_val


def _progress_summary(history: History) -> dict[str, str]:
    summary = {"cost": f"{history.cost[-1]:.4g}", "train": f"{history.train_accuracy[-1]:.2%}"}
    if history.validation_accuracy:
        summary["validation"] = f"{history.validation_accuracy[-1]:.2%}"
    return summary


def _check_sizes(sizes: Any) -> list[int]:
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, (Sequence, np.ndarray)):
        raise TypeError(
            f"sizes must be a list of layer sizes such as [784, 30, 10]; got {sizes!r}."
        )
    if len(sizes) < 2:
        raise ValueError(
            f"sizes needs at least 2 layers (inputs and outputs), such as [784, 30, 10]; "
            f"got {list(sizes)}."
        )
    for size in sizes:
        if isinstance(size, (bool, np.bool_)) or not isinstance(size, numbers.Integral):
            raise TypeError(f"sizes must hold integers; got {size!r} in {list(sizes)}.")
        if size < 1:
            raise ValueError(f"every layer needs at least 1 neuron; got sizes={list(sizes)}.")
    return [int(size) for size in sizes]


def _check_hyperparameters(
    learning_rate: Any, l2: Any, momentum: Any
) -> tuple[float, float, float]:
    return (
        check_float(learning_rate, "learning_rate", strict=True),
        check_float(l2, "l2"),
        check_float(momentum, "momentum", maximum=1.0),
    )


def _make_rng(seed: Any, name: str) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is not None and (
        isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral) or seed < 0
    ):
        raise ValueError(
            f"{name} must be None, a non-negative integer or a numpy.random.Generator; "
            f"got {seed!r}."
        )
    return np.random.default_rng(seed)


def _npz_path(path: str | PathLike[str]) -> Path:
    path = Path(path)
    return path if path.suffix == ".npz" else path.with_name(path.name + ".npz")
