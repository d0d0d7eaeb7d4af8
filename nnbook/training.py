r"""Training a :class:`~nnbook.Network`: mini-batches, epochs, and what happened.

The lesson's arithmetic is in :mod:`nnbook.network` (forward, backward, update) and the
optimizer in :mod:`nnbook.optim`; this module is the one loop around them:

- :func:`minibatches`: one epoch's mini-batches, as row indices in a shuffled order;
- :func:`train_batch`: one mini-batch: forward pass, cost, backward pass, update. Every
  training loop of the package makes its updates with it;
- :func:`fit`: epochs of :func:`minibatches`, each trained by :func:`train_batch` (after an
  optional ``transform`` of the batch's inputs), with a :class:`History`, a check that the
  cost stays finite, an optional validation set and a progress bar. It is ``Network.fit``;
- :func:`step`: one checked update on one batch, for widgets and experiments.

The network keeps its optimizer (``net.optimizer``): a later ``fit`` or ``step`` sets its
learning rate rather than starting a new one, so the momentum carries over.
"""

from __future__ import annotations

import inspect
import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from tqdm.auto import tqdm

from ._validation import check_bool, check_int, make_rng, warn_learner
from .labels import predicted_labels
from .messages import say, shown
from .network_checks import check_validation, check_X, check_Y
from .optim import SGD

if TYPE_CHECKING:  # for the annotations only: network.py imports this module
    from .network import Network

__all__ = [
    "History",
    "TrainingDivergedError",
    "TrainingDivergedWarning",
    "fit",
    "minibatches",
    "step",
    "train_batch",
]


class TrainingDivergedError(ValueError):
    """The cost became NaN or infinite during training."""


class TrainingDivergedWarning(UserWarning):
    """Training ended with a finite cost, but diverged all the same: the cost rose far above
    where it started, or stalled with the network no better than guessing."""


@dataclass(repr=False)
class History:
    r"""What happened during :func:`fit`, one entry per epoch.

    Attributes
    ----------
    costs : list of float
        The training cost of each epoch: the mean, over the epoch's mini-batches (weighted by
        their sizes), of each batch's cost measured in its forward pass, that is *before* that
        batch's update. It costs no extra pass over the data, and so describes the network as
        it changed during the epoch. With ``l2 > 0`` it includes the penalty
        :math:`\frac{\lambda}{2n}\sum w^2` (the quantity being minimised).
    train_accuracy : list of float
        Fraction of the epoch's training examples classified correctly, counted in the same
        forward passes as ``costs``.
    validation_accuracy : list of float
        Accuracy on the validation set after each epoch; empty without ``validation``.
    seconds : list of float
        Wall-clock time of each epoch (training and validation).
    """

    costs: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    validation_accuracy: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    @property
    def epochs(self) -> int:
        """Number of epochs recorded."""
        return len(self.costs)

    def summary(self) -> dict[str, str]:
        """The last epoch's values, formatted: what the progress bar and ``repr`` show."""
        parts = {}
        for name, values, form in (
            ("cost", self.costs, ".4g"),
            ("train_accuracy", self.train_accuracy, ".2%"),
            ("validation_accuracy", self.validation_accuracy, ".2%"),
        ):
            if values:
                parts[name] = format(values[-1], form)
        return parts

    def __repr__(self) -> str:
        summary = [f"{k}={v}" for k, v in self.summary().items()]
        parts = [f"epochs={self.epochs}", *summary]  # not a message: a repr, in code
        if self.seconds:
            parts.append(f"total_seconds={sum(self.seconds):.1f}")  # not a message: a repr
        return f"History({', '.join(parts)})"  # not a message: a repr, in code


def minibatches(
    n: int, batch_size: int, seed: int | np.random.Generator | None = None
) -> Iterator[NDArray[np.intp]]:
    """The mini-batches of one epoch over ``n`` examples: the row numbers ``0 .. n - 1`` in a
    random order, cut into pieces of ``batch_size`` (the last one may be smaller).

    ``seed`` follows the package's one rule: an integer starts a new generator, a
    ``numpy.random.Generator`` is used as it is (so that the next epoch, or the next call,
    continues it), ``None`` is fresh randomness. The order is drawn when this is called.

    Examples
    --------
    >>> [batch.tolist() for batch in minibatches(5, 2, seed=0)]
    [[2, 4], [3, 0], [1]]
    """
    n = check_int(n, "n")
    batch_size = check_int(batch_size, "batch_size")
    order = make_rng(seed).permutation(n)
    return (order[first : first + batch_size] for first in range(0, n, batch_size))


def train_batch(
    net: Network, X: NDArray, Y: NDArray, optimizer: SGD, n_train: int
) -> tuple[float, NDArray]:
    """Forward pass, cost, backward pass and update on one mini-batch (unchecked arrays).

    Returns the batch's cost (with the L2 penalty), measured before the update, and the
    network's outputs for the batch. Raises :class:`TrainingDivergedError` if the cost is NaN
    or infinite, before the parameters are changed.
    """
    try:
        Zs, As = net.forward(X)
    except ValueError as error:  # a softmax of overflowed weighted inputs has no value
        raise TrainingDivergedError(_diverged(str(error), net, Y, optimizer)) from None
    cost = net.cost_of(Zs[-1], As[-1], Y) + optimizer.penalty(net, n_train)
    if not math.isfinite(cost):
        what = say("The cost became {cost}.", cost=cost)
        raise TrainingDivergedError(_diverged(what, net, Y, optimizer))
    dW, db = net.backward(As, net.output_error(Zs, As, Y))
    optimizer.step(net, dW, db, n_train)
    return cost, As[-1]


def _diverged(what: str, net: Network, Y: NDArray, optimizer: SGD) -> str:
    """The message of a :class:`TrainingDivergedError`: ``what`` went wrong (a whole sentence),
    and the likelier cause, targets out of the output's reach or a learning rate too large."""
    low, high = float(Y.min()), float(Y.max())
    if low < 0 or high > 1:  # a sigmoid's and a softmax's outputs lie between 0 and 1
        return say(
            "{what} Training diverged: the targets range from {low:g} to {high:g}, but a "
            "{output} output lies between 0 and 1, so no step can reach them. Scale the targets "
            "into [0, 1] (for class labels use nnbook.one_hot(labels, n_classes)).",
            what=what,
            low=low,
            high=high,
            output=net.output,
        )
    rate = optimizer.learning_rate
    if rate <= 100:
        return say(
            "{what} With learning_rate={rate:g}, training diverged. Try a smaller learning "
            "rate, such as {smaller:g}.",
            what=what,
            rate=rate,
            smaller=rate / 10,
        )
    return say(
        "{what} With learning_rate={rate:g}, training diverged. Try a smaller learning rate, "
        "such as 1 (the lessons use values from 0.01 to 10).",
        what=what,
        rate=rate,
    )


def _check_usable(net: Network, Y: NDArray, optimizer: SGD, epoch: int | None) -> None:
    """Raise :class:`TrainingDivergedError` once a weight or bias is NaN, infinite, or so large
    that its square overflows (about 1e154 in float64): every later cost, gradient and L2 term
    would then be inf or NaN, or every neuron stuck at its limit. ``epoch`` is None after a
    :func:`step`."""
    limit = math.sqrt(np.finfo(net.dtype).max)
    if not all(float(np.max(np.abs(p))) < limit for p in net.weights + net.biases):
        if epoch is None:
            what = say("After the step, the weights became too large to compute with (or NaN).")
        else:
            what = say(
                "In epoch {epoch}, the weights became too large to compute with (or NaN).",
                epoch=epoch,
            )
        raise TrainingDivergedError(_diverged(what, net, Y, optimizer))


def _optimizer(net: Network, learning_rate: float, l2: float, momentum: float) -> SGD:
    """``net.optimizer`` set to these values, its velocities kept (a new :class:`SGD` the first
    time); the values are checked before anything changes."""
    settings = SGD(learning_rate, momentum=momentum, l2=l2)
    if not isinstance(net.optimizer, SGD):
        net.optimizer = settings
    optimizer = net.optimizer
    optimizer.learning_rate, optimizer.l2 = settings.learning_rate, settings.l2
    optimizer.momentum = settings.momentum  # 0 ends the velocities
    return optimizer


def step(
    net: Network, X: ArrayLike, Y: ArrayLike, *,
    learning_rate: float, l2: float = 0.0, momentum: float = 0.0, n_train: int | None = None,
) -> float:  # fmt: skip
    r"""One update of ``net`` on one mini-batch ``(X, Y)``; returns the batch's cost (plus
    the L2 penalty when ``l2 > 0``), measured before the update.

    ``learning_rate``, ``l2`` and ``momentum`` are :class:`nnbook.optim.SGD`'s; the momentum
    velocities carry over from one call to the next (a call with ``momentum=0`` or
    ``net.reset_momentum()`` ends them).
    ``n_train`` is the training-set size :math:`n` of the L2 term, ``len(X)`` by default.
    """
    X = check_X(net, X)
    Y = check_Y(net, Y, len(X))
    optimizer = _optimizer(net, learning_rate, l2, momentum)
    n_train = len(X) if n_train is None else check_int(n_train, "n_train")
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging cost raises instead
        cost, _ = train_batch(net, X, Y, optimizer, n_train)
    _check_usable(net, Y, optimizer, None)
    return cost


def fit(
    net: Network, X: ArrayLike, Y: ArrayLike, *,
    epochs: int, batch_size: int, learning_rate: float, l2: float = 0.0, momentum: float = 0.0,
    validation: tuple[ArrayLike, ArrayLike] | None = None,
    seed: int | np.random.Generator | None = None,
    transform: Callable[[NDArray], NDArray] | None = None,
    progress: bool = True,
    callback: Callable[[int, History], Any] | None = None,
) -> History:  # fmt: skip
    r"""Train the network by mini-batch stochastic gradient descent.

    Each epoch shuffles the training examples and cuts them into mini-batches of
    ``batch_size`` (:func:`minibatches`; the last one may be smaller), and makes one update
    per batch (:func:`train_batch`).

    Parameters
    ----------
    net : Network
        The network to train, in place: ``fit`` is ``Network.fit``, so ``net.fit(X, Y, ...)``
        passes ``net`` itself.
    X : array_like, shape (n_samples, sizes[0])
        Training inputs, converted once to the network's dtype.
    Y : array_like, shape (n_samples, sizes[-1])
        Training targets as a matrix (:func:`nnbook.one_hot` turns labels into one).
    epochs : int
        Passes over the training data, >= 1.
    batch_size : int
        Examples per mini-batch, >= 1 (more than ``n_samples`` means one batch).
    learning_rate : float
        :math:`\eta` (eta in the notebooks), > 0.
    l2 : float
        :math:`\lambda \ge 0`: the cost minimised is :math:`C + \frac{\lambda}{2n}\sum w^2`,
        ``n`` = ``n_samples``. 0 turns it off.
    momentum : float
        :math:`\mu \in [0, 1)`; 0 is plain gradient descent (and ends any old velocities).
        The velocities carry over to the next ``fit`` or ``step`` (``net.reset_momentum()``
        clears them): a second ``fit`` at a lower learning rate continues with momentum.
    validation : (X_val, labels_val), optional
        Inputs and **integer labels** whose accuracy is measured after each epoch.
    seed : int, numpy.random.Generator or None
        Seeds the shuffling; ``None`` uses the network's own generator ``net.rng``, so a
        seeded network trains reproducibly either way.
    transform : callable, optional
        ``transform(X_batch)`` returns the inputs the batch is trained on, an array of the same
        shape and dtype: data augmentation (lesson 07 moves each digit by a random shift).
        It is called once per batch, after the batch is drawn, on a copy of its rows.
    progress : bool
        Show a progress bar over the epochs; ``False`` prints nothing.
    callback : callable, optional
        ``callback(epoch, history)`` after each epoch (``epoch`` from 0); a true return value
        stops training after that epoch.

    Returns
    -------
    History
        Also stored as ``net.history``.

    Raises
    ------
    TrainingDivergedError
        (a ``ValueError``) if the cost becomes NaN or infinite.

    Warns
    -----
    TrainingDivergedWarning
        If training diverged with a finite cost: the cost ended far above where it started, or
        stalled with the network no better than guessing, after steps that moved the weights
        far (a learning rate too large).
    """
    X = check_X(net, X)
    Y = check_Y(net, Y, len(X))
    epochs = check_int(epochs, "epochs")
    batch_size = check_int(batch_size, "batch_size")
    if validation is not None:
        X_val, labels_val = check_validation(net, validation)
    _check_callback(callback)
    if transform is not None and not callable(transform):
        raise TypeError(
            say(
                "transform must be a function transform(X_batch) or None; got {transform}.",
                transform=shown(transform),
            )
        )
    progress = check_bool(progress, "progress")
    rng = net.rng if seed is None else make_rng(seed)
    optimizer = _optimizer(net, learning_rate, l2, momentum)

    n = len(X)
    labels = predicted_labels(Y)  # the labels the targets encode
    start_cost = _start_cost(net, X, Y, optimizer)  # where training started
    start_weights = [W.copy() for W in net.weights]
    history = net.history = History()
    with tqdm(range(epochs), desc=say("Training"), unit="epoch", disable=not progress) as bar:
        for epoch in bar:
            start = time.perf_counter()
            total_cost, n_correct = 0.0, 0
            # numpy's overflow warnings are muted here, and only here, because a cost that
            # overflows does not pass silently: train_batch raises TrainingDivergedError.
            with np.errstate(over="ignore", invalid="ignore"):
                for batch in minibatches(n, batch_size, rng):
                    X_batch = X[batch]  # fancy indexing copies the batch
                    if transform is not None:
                        X_batch = _transformed(transform, X_batch)
                    try:
                        cost, A = train_batch(net, X_batch, Y[batch], optimizer, n)
                    except TrainingDivergedError as error:
                        message = say("In epoch {epoch}: {error}", epoch=epoch, error=str(error))
                        raise TrainingDivergedError(message) from None
                    total_cost += cost * len(batch)
                    n_correct += int(np.count_nonzero(predicted_labels(A) == labels[batch]))
            _check_usable(net, Y, optimizer, epoch)  # the last step's effect
            history.costs.append(total_cost / n)
            history.train_accuracy.append(n_correct / n)
            if validation is not None:
                predictions = predicted_labels(net.forward(X_val)[1][-1])
                history.validation_accuracy.append(float(np.mean(predictions == labels_val)))
            history.seconds.append(time.perf_counter() - start)
            if progress:
                bar.set_postfix(history.summary())
            if callback is not None and callback(epoch, history):
                break
    moved = _moved(start_weights, net.weights)
    costs, accuracy = history.costs, history.train_accuracy[-1]
    _warn_if_diverged(costs, accuracy, start_cost, moved, labels, optimizer.learning_rate)
    return history


def _start_cost(net: Network, X: NDArray, Y: NDArray, optimizer: SGD) -> float:
    """The cost before training, on the first 1,000 examples at most: a forward pass, no more
    (and nothing changes). One mini-batch's cost would be too noisy a start."""
    with np.errstate(over="ignore", invalid="ignore"):
        try:
            Zs, As = net.forward(X[:1000])
        except ValueError:  # a softmax of overflowed inputs: the first batch will say so
            return math.inf
        return net.cost_of(Zs[-1], As[-1], Y[:1000]) + optimizer.penalty(net, len(X))


def _moved(before: list[NDArray], after: list[NDArray]) -> float:
    """How far the weights moved, relative to where they were: ``|after - before| / |before|``
    over all layers (0.2 in a good run of lesson 05, 0.03 with a learning rate too small)."""
    change = sum(float(np.sum((A - B) ** 2)) for A, B in zip(after, before, strict=True))
    size = sum(float(np.sum(B**2)) for B in before)
    return math.sqrt(change / size) if size else math.inf


def _warn_if_diverged(
    costs: list[float],
    accuracy: float,
    start_cost: float,
    moved: float,
    labels: NDArray,
    learning_rate: float,
) -> None:
    """Warn (:class:`TrainingDivergedWarning`) if training diverged with a finite cost: the last
    epoch's cost far above where it started (1.5 times, and by more than 0.1), or, with three
    classes or more, stalled while the network is no better than guessing the commonest class:
    sigmoids thrown into saturation, the cost stuck on a plateau (0.5 when every output is 0).
    Either only after steps so large that the weights ``moved`` by more than half their size:
    a learning rate too small, or the noise of a small data set, is not warned of."""
    end = costs[-1]  # each epoch's training cost, and the last epoch's training accuracy
    if learning_rate <= 100:
        fix = say("Try a smaller learning rate, such as {smaller:g}.", smaller=learning_rate / 10)
    else:
        fix = say(
            "Try a smaller learning rate, such as 1 (the lessons use values from 0.01 to 10)."
        )
    far_above = end > 1.5 * start_cost and end - start_cost > 0.1
    if far_above and moved > 0.5:
        message = say(
            "The training cost rose from {start:.4g} before training to {end:.4g} in the last "
            "epoch: with learning_rate={rate:g}, training diverged. {fix}",
            start=start_cost,
            end=end,
            rate=learning_rate,
            fix=fix,
        )
        warn_learner(message, TrainingDivergedWarning)
        return
    counts = np.bincount(labels)
    guessing = counts.max() / len(labels)  # always answering the commonest class
    # Large steps (the weights moved by more than half their size), then no progress
    stalled = len(costs) >= 2 and moved > 0.5 and end > 0.9 * costs[0]
    if len(counts) >= 3 and stalled and accuracy <= guessing + 0.01:
        message = say(
            "Training stalled with learning_rate={rate:g}: in the last epoch the network "
            "classified {accuracy:.1%} of the training examples, no better than always "
            "guessing the commonest class ({guessing:.1%}), and its cost ({end:.4g}) stopped "
            "falling. Steps that large throw the neurons into saturation (outputs stuck at 0 or "
            "1, slopes near 0): training diverged, although the cost stayed finite. {fix}",
            rate=learning_rate,
            accuracy=accuracy,
            guessing=guessing,
            end=end,
            fix=fix,
        )
        warn_learner(message, TrainingDivergedWarning)


def _transformed(transform: Callable[[NDArray], NDArray], X_batch: NDArray) -> NDArray:
    """``transform(X_batch)``, checked: an array of the batch's shape and dtype."""
    result = transform(X_batch)
    values = {"shape": str(X_batch.shape), "dtype": str(X_batch.dtype)}
    if not isinstance(result, np.ndarray):
        raise ValueError(
            say(
                "transform(X_batch) must return an array shaped and typed like the batch it is "
                "given (shape {shape}, dtype {dtype}); got {kind}.",
                kind=type(result).__name__,
                **values,
            )
        )
    if (result.shape, result.dtype) != (X_batch.shape, X_batch.dtype):
        raise ValueError(
            say(
                "transform(X_batch) must return an array shaped and typed like the batch it is "
                "given (shape {shape}, dtype {dtype}); got shape {got_shape}, dtype {got_dtype}.",
                got_shape=str(result.shape),
                got_dtype=str(result.dtype),
                **values,
            )
        )
    return result


def _check_callback(callback: Any) -> None:
    if callback is None:
        return
    if not callable(callback):
        raise TypeError(
            say(
                "callback must be a function callback(epoch, history) or None; got {callback}.",
                callback=shown(callback),
            )
        )
    try:
        inspect.signature(callback).bind(0, History())
    except TypeError:
        raise TypeError(
            say(
                "callback must accept two arguments, callback(epoch, history): epoch counts "
                "from 0 and history is the History so far. Write it as "
                "def callback(epoch, history): ...; got a function that cannot take them."
            )
        ) from None
    except ValueError:  # no signature to inspect (some built-ins): let the call decide
        pass
