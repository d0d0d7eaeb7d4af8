"""Labels and targets: from class numbers to target matrices, and from outputs back.

A *label* is a class number (0, 1, ..., 9 for a digit); a *target* is the row the network's
output is compared with. :func:`one_hot` turns labels into targets; :func:`predicted_labels`
turns a network's outputs into labels. The one rule for a single output neuron (a yes/no
question) lives here: the answer is 1 when the output is at least 0.5.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, DTypeLike, NDArray

from ._validation import check_dtype, check_int, check_labels
from .messages import say

__all__ = ["one_hot", "predicted_labels"]


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


def predicted_labels(A: NDArray) -> NDArray[np.int64]:
    """The class each row of outputs ``A`` ``(n, n_out)`` stands for, shape ``(n,)``.

    The output neuron with the largest activation; with a single output neuron, 1 if its
    activation is at least 0.5, else 0. The same rule reads a target matrix ``Y`` back into
    labels.
    """
    A = np.asarray(A)
    if A.ndim != 2:
        raise ValueError(
            say(
                "A must be 2-D (n_samples, n_outputs), one row of outputs per example; got "
                "shape {shape}. Use A.reshape(-1, 1) for the outputs of one output neuron.",
                shape=A.shape,
            )
        )
    if A.dtype.kind not in "biuf":
        raise TypeError(
            say(
                "A must hold real numbers, a network's outputs; got an array of dtype {dtype}. "
                "Pass the outputs themselves, such as net.feedforward(X).",
                dtype=str(A.dtype),
            )
        )
    if A.shape[1] == 0:
        raise ValueError(
            say(
                "A has no columns (shape {shape}): there is no output to read a class from. "
                "Pass one column per output neuron, such as net.feedforward(X).",
                shape=A.shape,
            )
        )
    if A.shape[1] == 1:
        return (A[:, 0] >= 0.5).astype(np.int64)
    return A.argmax(axis=1).astype(np.int64, copy=False)
