r"""Activation functions and their derivatives.

An activation turns a layer's weighted inputs :math:`z` into its outputs :math:`a = f(z)`.
Each function works elementwise on an array of any shape (``softmax`` works row by row), and
each one is written so that it cannot overflow: any finite input gives a finite, correct
result, ``z = 1e4`` and ``z = -1e4`` included.

The network needs the derivative :math:`f'(z)` in its backward pass. Each
:class:`Activation` in ``ACTIVATIONS`` pairs a function with its derivative (softmax, whose
derivative is a matrix per example, with :func:`softmax_backward` instead).
:func:`register_activation` adds one more; the network, the widgets and the tests read the
registry when they are used, so a new activation needs no other edit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validation import check_new_name, real_array
from .messages import say, shown

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "activation_table",
    "hidden_activations",
    "output_activations",
    "register_activation",
    "relu",
    "relu_prime",
    "sigmoid",
    "sigmoid_prime",
    "softmax",
    "softmax_backward",
]


def _as_float_array(z: ArrayLike, name: str = "z") -> NDArray[np.floating]:
    """``z`` as a non-empty array of real numbers (float32 stays float32)."""
    if type(z) is np.ndarray and z.dtype.kind == "f" and z.size:
        return z  # the network's own arrays: nothing to check or convert
    domain = say("These activations are defined on the real line.")
    array = real_array(z, name, domain=domain)
    if array.size == 0:
        raise ValueError(
            say(
                "{name} is empty (shape {shape}): give at least one number.",
                name=name,
                shape=str(array.shape),
            )
        )
    return array


def sigmoid(z: ArrayLike) -> NDArray[np.floating]:
    r"""The logistic sigmoid, elementwise: :math:`\sigma(z) = \frac{1}{1 + e^{-z}}`.

    Parameters
    ----------
    z : array_like, any shape
        Weighted inputs.

    Returns
    -------
    ndarray, same shape as ``z``
        Values in :math:`[0, 1]`; :math:`\sigma(0) = 0.5` exactly.

    Notes
    -----
    Written straight from the formula, ``1 / (1 + np.exp(-z))`` overflows for
    :math:`z < -709` (``exp(710)`` is larger than the largest float64) and numpy warns. This
    version only ever takes the exponential of a number :math:`\le 0`:

    .. math::
        \sigma(z) = \frac{1}{1 + e^{-|z|}} \ (z \ge 0), \qquad
        \sigma(z) = \frac{e^{-|z|}}{1 + e^{-|z|}} \ (z < 0),

    two forms of the same fraction (multiply the top and bottom of the first by :math:`e^z`).
    Because :math:`e^{-|z|} \in (0, 1]`, nothing overflows, and even tiny results such as
    :math:`\sigma(-50) \approx 1.9 \times 10^{-22}` keep full relative precision.
    """
    z = _as_float_array(z)
    e = np.exp(-np.abs(z))  # e^{-|z|}, in (0, 1]: cannot overflow
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def sigmoid_prime(z: ArrayLike) -> NDArray[np.floating]:
    r"""Derivative of the sigmoid: :math:`\sigma'(z) = \sigma(z)\,(1 - \sigma(z))`.

    Largest at :math:`z = 0`, where it is :math:`0.25`; it tends to 0 for large
    :math:`|z|` (the neuron "saturates" and learns slowly).
    """
    s = sigmoid(z)
    return s * (1.0 - s)


def relu(z: ArrayLike) -> NDArray[np.floating]:
    r"""The rectified linear unit, elementwise: :math:`\mathrm{relu}(z) = \max(z, 0)`."""
    return np.maximum(_as_float_array(z), 0.0)


def relu_prime(z: ArrayLike) -> NDArray[np.floating]:
    r"""Derivative of relu: 1 where :math:`z > 0`, else 0.

    At :math:`z = 0` relu has a kink and no derivative; like most libraries we use 0 there.
    A NaN stays NaN (it is not a number to compare with 0).
    """
    z = _as_float_array(z)
    slope = (z > 0).astype(z.dtype)
    if np.isnan(z).any():  # rare: one cheap test instead of a np.where on every batch
        slope[np.isnan(z)] = np.nan
    return slope


def softmax(Z: ArrayLike) -> NDArray[np.floating]:
    r"""Softmax over each row: :math:`a_j = \frac{e^{z_j}}{\sum_k e^{z_k}}`.

    Parameters
    ----------
    Z : array_like, shape (n_samples, n_classes) or (n_classes,)
        One row of scores per example (a 1-D array is one example).

    Returns
    -------
    ndarray, same shape as ``Z``
        Each row is positive and sums to 1.

    Notes
    -----
    Subtracting any constant :math:`c` from a row leaves the softmax unchanged
    (:math:`e^{z_j - c} / \sum_k e^{z_k - c}`: the :math:`e^{-c}` cancels). With :math:`c`
    the row's maximum every exponent is :math:`\le 0`, so nothing overflows, and the
    largest term is :math:`e^0 = 1`, so the sum is at least 1.
    """
    Z = _as_float_array(Z, "Z")
    m = Z.max(axis=-1, keepdims=True)
    if not np.isfinite(m).all():
        return _softmax_with_infinities(Z, m)
    # Z - max can overflow only if a row spans more than the float range (say 1e308 and
    # -1e308); it then gives -inf, whose exp is 0: the right answer for that entry (its
    # weight e^{z - max} underflows anyway). So that overflow alone is not worth a warning.
    with np.errstate(over="ignore"):
        shifted = Z - m  # every entry <= 0
    E = np.exp(shifted)
    return E / E.sum(axis=-1, keepdims=True)


def _softmax_with_infinities(Z: NDArray[np.floating], m: NDArray[np.floating]) -> NDArray:
    """Softmax of rows that hold +inf: the limit gives the whole mass to the +inf entry
    (``[inf, 0]`` -> ``[1, 0]``). A row of -inf only, or with two +inf, has no single limit;
    NaN stays NaN."""
    if np.any(m == -np.inf):
        raise ValueError(
            say(
                "softmax is undefined for a row whose entries are all -inf (every e^z is 0, and "
                "0/0 has no limit); look for an overflow in the weighted inputs before the "
                "softmax."
            )
        )
    winners = np.isposinf(Z)
    counts = winners.sum(axis=-1)
    if np.any(counts > 1):
        raise ValueError(
            say(
                "softmax is undefined for a row with {n} entries equal to +inf: e^z is infinite "
                "for each, and inf/inf has no single limit, since the answer depends on how "
                "each of them grew. Look for an overflow in the weighted inputs before the "
                "softmax (a learning rate too large, or inputs not scaled into [0, 1]).",
                n=int(counts.max()),
            )
        )
    safe = softmax(np.where(np.isfinite(m), Z, 0.0))  # the other rows, as usual
    share = winners / np.maximum(winners.sum(axis=-1, keepdims=True), 1)
    result = np.where(np.isposinf(m), share, np.where(np.isnan(m), np.nan, safe))
    return result.astype(Z.dtype, copy=False)


def softmax_backward(A: NDArray[np.floating], G: NDArray[np.floating]) -> NDArray[np.floating]:
    r"""Carry a gradient back through a softmax: from :math:`G = \partial C/\partial A` to
    :math:`\partial C/\partial Z`, row by row.

    Each output of a softmax depends on every input of its row, so its derivative is a
    matrix per example, :math:`\partial a_j/\partial z_k = a_j(\delta_{jk} - a_k)`.
    Multiplying it by :math:`g` gives

    .. math::
        \frac{\partial C}{\partial z_k} = \sum_j g_j\, a_j(\delta_{jk} - a_k)
        = a_k \Bigl(g_k - \sum_j g_j a_j\Bigr),

    which costs :math:`O(n_{classes})` per example instead of building the matrix.

    Parameters
    ----------
    A : ndarray, shape (n_samples, n_classes)
        The softmax outputs, ``A = softmax(Z)``.
    G : ndarray, shape (n_samples, n_classes)
        The gradient of the cost with respect to ``A``.

    Returns
    -------
    ndarray, shape (n_samples, n_classes)
        The gradient of the cost with respect to ``Z``.
    """
    return A * (G - np.sum(G * A, axis=-1, keepdims=True))


@dataclass(frozen=True)
class Activation:
    r"""An activation function as a layer of the network uses it.

    To add an activation to nnbook, write it and its derivative above and add one line to
    :data:`ACTIVATIONS` (or call :func:`register_activation`): the network's choices, the
    widgets' menus and the tests' parametrisation all read that registry.

    Attributes
    ----------
    name : str
        The name a :class:`~nnbook.Network` is given, such as ``hidden="relu"``.
    function : callable
        ``A = function(Z)``.
    derivative_from_output : callable or None
        :math:`f'(Z)` written in terms of the output :math:`A = f(Z)`, elementwise: the
        factor ``⊙ f'(Z)`` of BP1 and BP2. The backward pass has ``A`` at hand, and for these
        functions the derivative is cheapest from it: :math:`\sigma'(z) = a(1 - a)`,
        :math:`\mathrm{relu}'(z) = 1` where :math:`a > 0`. ``None`` for softmax, whose outputs
        each depend on the whole row: its backward step is :func:`softmax_backward`.
    hidden, output : bool
        Whether a hidden layer, and whether the output layer, may use it.
    """

    name: str
    function: Callable[[NDArray[np.floating]], NDArray[np.floating]]
    derivative_from_output: Callable[[NDArray[np.floating]], NDArray[np.floating]] | None
    hidden: bool = True
    output: bool = True


def _sigmoid_prime_from_output(A: NDArray) -> NDArray:
    return A * (1.0 - A)  # sigma'(z) = sigma(z) (1 - sigma(z)), and A = sigma(Z)


#: The activations a :class:`~nnbook.Network` can use, by name.
ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation("sigmoid", sigmoid, _sigmoid_prime_from_output),
    # relu'(z) = 1 where z > 0, that is where relu(z) > 0: relu_prime reads A as well as Z
    "relu": Activation("relu", relu, relu_prime, output=False),
    "softmax": Activation("softmax", softmax, None, hidden=False),
}


def hidden_activations() -> tuple[str, ...]:
    """Names allowed for ``Network(hidden=...)``, read from :data:`ACTIVATIONS` now."""
    return tuple(name for name, a in ACTIVATIONS.items() if a.hidden)


def output_activations() -> tuple[str, ...]:
    """Names allowed for ``Network(output=...)``, read from :data:`ACTIVATIONS` now."""
    return tuple(name for name, a in ACTIVATIONS.items() if a.output)


def register_activation(activation: Activation) -> None:
    r"""Add ``activation`` to :data:`ACTIVATIONS`, after checking it.

    Parameters
    ----------
    activation : Activation
        Its ``name`` must be a Python identifier that is not registered yet and does not
        start with ``"no_such_"`` (kept for names that are never registered); its
        ``function`` and ``derivative_from_output`` must be callables (only softmax, which
        the network treats on its own, has no elementwise derivative); at least one of
        ``hidden`` and ``output`` must be true.

    Examples
    --------
    >>> tanh = Activation("tanh", np.tanh, lambda A: 1.0 - A * A, output=False)
    >>> register_activation(tanh)  # doctest: +SKIP
    >>> del ACTIVATIONS["tanh"]  # doctest: +SKIP
    """
    if not isinstance(activation, Activation):
        raise TypeError(
            say(
                "register_activation expects an Activation(name, function, "
                "derivative_from_output); got {activation}.",
                activation=shown(activation),
            )
        )
    name = check_new_name(activation.name, ACTIVATIONS, "ACTIVATIONS", "tanh")
    for part in ("function", "derivative_from_output"):
        if not callable(getattr(activation, part)):
            raise TypeError(
                say(
                    "The activation {name!r} needs a callable {part}; got {value}. Give a "
                    "function of one array.",
                    name=name,
                    part=part,
                    value=shown(getattr(activation, part)),
                )
            )
    if not (activation.hidden or activation.output):
        raise ValueError(
            say(
                "The activation {name!r} has hidden=False and output=False, so no layer could "
                "use it; set at least one of them to True.",
                name=name,
            )
        )
    ACTIVATIONS[name] = activation


def activation_table() -> str:
    """The registered activations as a Markdown table, read from :data:`ACTIVATIONS` now: each
    one's name, whether a hidden layer and the output layer may use it, and how the backward
    pass takes its derivative. A lesson displays it (``IPython.display.Markdown``) instead of
    writing the list by hand, so an activation added with :func:`register_activation`
    appears in it."""
    yes, no = say("yes"), say("no")
    header = (say("activation"), say("hidden layers"), say("output layer"), say("derivative"))
    rows = [header, ("---",) * len(header)]  # not a message: Markdown's header rule
    for name, activation in ACTIVATIONS.items():
        if activation.derivative_from_output is None:
            derivative = say("a matrix per example: softmax_backward")
        else:
            derivative = say("elementwise, from the output A = f(Z)")
        rows.append(
            (
                f"`{name}`",
                yes if activation.hidden else no,
                yes if activation.output else no,
                derivative,
            )
        )
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)  # not a message: markup
