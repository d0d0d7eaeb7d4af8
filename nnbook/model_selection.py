r"""Choosing settings honestly: a validation set carved from the training set.

A network has settings that training does not learn (the learning rate :math:`\eta`, the
hidden layer's size, :math:`\lambda`...). Choosing them by looking at the test set would make
the test accuracy an optimistic guess: the settings would have been fitted to those very
examples. So the training set is split in two: the network learns from the first part and the
settings are compared on the second, the *validation* set. The test set is used once, at the
end, to report how the chosen network does on examples that played no part in any choice.

Layout as everywhere in nnbook: rows are examples, ``X (n_samples, n_features)`` and labels
(or targets) with one entry (row) per example.
"""

from __future__ import annotations

import numbers

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validation import make_rng
from .messages import say

__all__ = ["train_validation_split"]


def train_validation_split(
    X: ArrayLike,
    y: ArrayLike,
    *,
    n_validation: int,
    seed: int | np.random.Generator | None = None,
) -> tuple[tuple[NDArray, NDArray], tuple[NDArray, NDArray]]:
    r"""Split a training set into a smaller training set and a validation set.

    Parameters
    ----------
    X : array_like, shape (n_samples, ...)
        Inputs, one row per example.
    y : array_like, shape (n_samples, ...)
        Labels (or target rows), one per example.
    n_validation : int
        How many examples go to the validation set, ``1 <= n_validation < n_samples``.
    seed : int, numpy.random.Generator or None
        ``None`` (the default) takes the **last** ``n_validation`` rows, in order, as the
        validation set (for MNIST: training images 50,000 to 59,999, the split Nielsen's
        book uses). The results are then views of ``X`` and ``y``, not copies, which matters
        for memory with MNIST (60,000 x 784 floats). A seed instead draws the validation rows
        at random (a permutation from ``numpy.random.default_rng(seed)``), which makes copies;
        use it when the rows are sorted in some way (by class, by date).

    Returns
    -------
    (X_train, y_train), (X_val, y_val)
        ``n_samples - n_validation`` and ``n_validation`` rows.

    Raises
    ------
    ValueError
        If ``X`` and ``y`` have different numbers of rows, or ``n_validation`` leaves either
        part empty.
        Also for a negative ``seed``.
    TypeError
        If ``n_validation`` is not an integer, or ``seed`` is not None, an integer or a
        ``numpy.random.Generator``.

    Examples
    --------
    >>> X, y = np.arange(10).reshape(5, 2), np.array([0, 1, 0, 1, 1])
    >>> (X_train, y_train), (X_val, y_val) = train_validation_split(X, y, n_validation=2)
    >>> X_val
    array([[6, 7],
           [8, 9]])
    >>> y_train
    array([0, 1, 0])
    """
    X = np.asarray(X)
    y = np.asarray(y)
    if X.ndim == 0 or y.ndim == 0:
        raise ValueError(
            say(
                "X and y must hold one row per example; got a single number. "
                "Pass arrays of shape (n_samples, ...)."
            )
        )
    n = len(X)
    if len(y) != n:
        raise ValueError(
            say(
                "X and y must have one row per example each; got len(X) = {n} and "
                "len(y) = {n_y}. Pass the labels that belong to X.",
                n=n,
                n_y=len(y),
            )
        )
    if isinstance(n_validation, (bool, np.bool_)) or not isinstance(n_validation, numbers.Integral):
        raise TypeError(
            say(
                "n_validation must be an integer (a number of examples); got {value!r}. "
                "For a fraction f use n_validation=int(f * len(X)).",
                value=n_validation,
            )
        )
    if not 1 <= n_validation < n:
        raise ValueError(
            say(
                "n_validation must be between 1 and n_samples - 1 = {largest}, so that both "
                "parts hold examples; got {value}.",
                largest=n - 1,
                value=n_validation,
            )
        )
    n_train = n - int(n_validation)
    if seed is None:
        return (X[:n_train], y[:n_train]), (X[n_train:], y[n_train:])
    order = make_rng(seed).permutation(n)
    train, validation = order[:n_train], order[n_train:]
    return (X[train], y[train]), (X[validation], y[validation])
