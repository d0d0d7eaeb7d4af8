r"""Gradient checking: compare backpropagation with finite differences.

Backpropagation is easy to get subtly wrong (a missing transpose, a derivative taken at the
wrong place) while the network still seems to learn a little. The check here needs nothing
but the cost itself: nudge one parameter up and down by :math:`h` and watch the cost,

.. math::
    \frac{\partial C}{\partial \theta} \approx \frac{C(\theta + h) - C(\theta - h)}{2h},

whose error shrinks like :math:`h^2` (central differences). It calls the cost twice per
parameter, far too slow for training (this is why one of the blog posts this series grew from
never trains its network on MNIST), but fine for checking a small network.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._validation import check_float, real_array, warn_learner
from .messages import say
from .network_checks import check_X, check_Y

if TYPE_CHECKING:
    from .network import Network

__all__ = ["check_gradients", "numerical_gradient", "relative_error"]

#: Below this step, float64's rounding error in :math:`C(w \pm h)`, about
#: :math:`10^{-16}\,|C| / h`, outgrows the differences being measured: a correct
#: backpropagation shows relative errors above the 1e-7 of a pass (2e-7 at h = 1e-8 on a small
#: network, 0.003 at 1e-12), errors that look like a bug.
_SMALLEST_STEP = 1e-7


def _too_small_step(h: float) -> str:
    """The warning for a finite-difference step ``h`` below :data:`_SMALLEST_STEP`."""
    return say(
        "h = {h:g} is too small for floating point: C(w + h) and C(w - h) agree in almost "
        "every digit float64 keeps (about 16), so their difference is mostly rounding and "
        "even a correct backpropagation gets a large relative error. Use h between 1e-6 and "
        "1e-5 (the default, 1e-5, is a good choice in float64).",
        h=h,
    )


def numerical_gradient(
    f: Callable[[NDArray], float], x: NDArray[np.floating], h: float = 1e-5
) -> NDArray[np.float64]:
    r"""Gradient of the scalar function ``f`` at ``x`` by central differences.

    Parameters
    ----------
    f : callable
        Called as ``f(x)`` and returns a number. ``x`` is changed **in place** before each
        call, so ``f`` may also ignore its argument and read the same array some other way,
        for example a network's ``weights[0]``: ``lambda _: net.total_cost(X, Y)``.
    x : ndarray of float, any shape
        The point. Every entry is perturbed in turn and restored exactly afterwards.
    h : float
        Step, > 0. ``1e-5`` balances the :math:`O(h^2)` truncation error against the
        rounding error :math:`\approx \epsilon\,|f| / h` in float64.

    Returns
    -------
    ndarray of float64, shape of ``x``
        :math:`g_i = \bigl(f(x + h e_i) - f(x - h e_i)\bigr) / 2h`, :math:`e_i` the
        :math:`i`-th unit vector.

    Raises
    ------
    ValueError
        ``h`` is so small next to an entry of ``x`` that ``x + h`` or ``x - h`` rounds back
        to ``x`` (the message suggests an ``h``); or ``f`` returned NaN or infinity.
    TypeError
        ``f`` returned something other than one number (``None``, a string, a list); an
        array of several numbers raises ``ValueError``.
    """
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        if isinstance(x, np.ndarray):
            raise TypeError(
                say(
                    "x must be a numpy array of floats (it is perturbed in place); got an "
                    "array of {dtype}. Use x = np.asarray(x, dtype=float).",
                    dtype=str(x.dtype),
                )
            )
        raise TypeError(
            say(
                "x must be a numpy array of floats (it is perturbed in place); got {kind}. Use "
                "x = np.asarray(x, dtype=float).",
                kind=type(x).__name__,
            )
        )
    if not x.flags.writeable:
        raise ValueError(say("x must be writeable (it is perturbed in place); pass x.copy()."))
    h = check_float(h, "h", strict=True)
    _check_step(x, h)
    grad = np.zeros(x.shape, dtype=np.float64)
    for index in np.ndindex(x.shape):
        original = x[index]
        try:
            x[index] = original + h
            x_plus, f_plus = x[index], _one_number(f(x), index)
            x[index] = original - h
            x_minus, f_minus = x[index], _one_number(f(x), index)
        finally:
            x[index] = original
        # x_plus - x_minus is 2h up to rounding; dividing by the step actually taken
        # removes that small error.
        grad[index] = (f_plus - f_minus) / float(x_plus - x_minus)
    return grad


def _check_step(x: NDArray[np.floating], h: float) -> None:
    """Refuse an ``h`` that rounds away next to some entry of ``x`` (``x + h == x``)."""
    with np.errstate(over="ignore", invalid="ignore"):
        # The sums are stored in x's dtype, as the perturbed entries will be.
        up, down = np.empty_like(x), np.empty_like(x)
        up[...], down[...] = x + h, x - h
        lost = (up == x) | (down == x) | ~np.isfinite(up) | ~np.isfinite(down)
    if not lost.any():
        return
    index = tuple(int(i) for i in np.argwhere(lost)[0])
    value = x[index]
    if not np.isfinite(value):
        raise ValueError(
            say(
                "x{index} = {value}; every entry of x must be finite to differentiate there. "
                "Find them with np.argwhere(~np.isfinite(x)).",
                index=str(list(index)),
                value=float(value),
            )
        )
    finite = x[np.isfinite(x)]
    # 1e-5 of the largest |x| (at least 1e-5), rounded up to a power of ten, and larger
    # still if float32 needs it.
    suggestion = 10.0 ** np.ceil(np.log10(1e-5 * max(float(np.max(np.abs(finite))), 1.0)))
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(20):
            if not (np.any(finite + suggestion == finite) or np.any(finite - suggestion == finite)):
                break
            suggestion *= 10
    raise ValueError(
        say(
            "h = {h:g} is too small for x{index} = {value:g}: in {dtype} the numbers next to "
            "{value:g} are {spacing:g} apart, so x + h or x - h rounds back to x and the "
            "difference quotient would be 0 / 0. Use a larger h, such as h = {suggestion:g} "
            "(about 1e-5 times the largest |x|), or rescale x so that its entries are near 1.",
            h=h,
            index=str(list(index)),
            value=float(value),
            dtype=str(x.dtype),
            spacing=float(np.spacing(np.abs(value))),
            suggestion=float(suggestion),
        )
    )


def _one_number(value: Any, index: tuple[int, ...]) -> float:
    """``value`` (what ``f`` returned with ``x[index]`` moved) as a finite float, or a clear
    error."""
    try:
        array = real_array(value, "f(x)", domain=say("A cost is a real number."))
    except (TypeError, ValueError) as error:
        raise TypeError(
            say("f must return one number (the cost). {error}", error=str(error))
        ) from None
    if array.size != 1:
        raise ValueError(
            say(
                "f must return one number (the cost); it returned an array of shape {shape}. "
                "If these are the costs of single examples, return their sum or mean, such as "
                "float(np.mean(...)).",
                shape=str(array.shape),
            )
        )
    result = float(array.reshape(()))
    if not np.isfinite(result):
        raise ValueError(
            say(
                "f returned {result} with x{index} moved by h; f must return one finite number, "
                "the cost. Look for an overflow or a log of 0 in f at that point, or try a "
                "smaller h.",
                result=result,
                index=str(list(index)),
            )
        )
    return result


def relative_error(a: ArrayLike, b: ArrayLike) -> float:
    r"""Relative difference of two arrays, :math:`\frac{\lVert a - b\rVert}{\lVert a\rVert +
    \lVert b\rVert}` (0 when both are 0).

    Scale-free: about :math:`10^{-8}` or less means the two agree to about 8 digits.
    """
    domain = say("relative_error compares two real gradients.")
    a = real_array(a, "a", domain=domain).astype(np.float64, copy=False)
    b = real_array(b, "b", domain=domain).astype(np.float64, copy=False)
    if a.shape != b.shape:  # broadcasting (3, 1) against (3,) would compare 9 pairs, not 3
        raise ValueError(
            say(
                "a and b must have the same shape; got {a_shape} and {b_shape}. Compare a "
                "gradient with one of its own shape (reshape one of them if they hold the same "
                "numbers).",
                a_shape=str(a.shape),
                b_shape=str(b.shape),
            )
        )
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denominator == 0 else float(np.linalg.norm(a - b) / denominator)


def check_gradients(net: Network, X: ArrayLike, Y: ArrayLike, h: float = 1e-5) -> dict[str, float]:
    """Compare ``net.backprop(X, Y)`` with :func:`numerical_gradient` of the network's cost.

    Parameters
    ----------
    net : Network
        A small float64 network: two cost evaluations per parameter. A float32 network
        raises ``ValueError`` (float32 cannot resolve the differences); the message shows
        how to check a float64 copy of it.
    X : array_like, shape (n_samples, sizes[0])
    Y : array_like, shape (n_samples, sizes[-1])
    h : float
        Finite-difference step.

    Returns
    -------
    dict
        ``{"W0": error, "b0": error, "W1": ...}``: the :func:`relative_error` between
        backpropagation's and the finite differences' gradient of each parameter. Below
        ``1e-7`` is a pass in float64; ``1e-2`` or more means a bug.

    Notes
    -----
    The finite differences use only :meth:`Network.forward` and :meth:`Network.cost_of` (a
    forward pass and the cost formula), nothing from the backward pass. The network's
    parameters are perturbed in place and restored exactly.
    """
    from .network import Network  # here, not at the top: network does not need gradcheck

    if not isinstance(net, Network):
        raise TypeError(say("net must be an nnbook Network; got {kind}.", kind=type(net).__name__))
    if net.dtype != np.float64:
        raise ValueError(
            say(
                "check_gradients needs a float64 network; this one is {dtype}, which cannot "
                "give a meaningful gradient check. float32 resolves about 7 digits, and the "
                "finite differences "
                "(C(w + h) - C(w - h)) / 2h lose most of them, so the errors it reports would "
                "only measure rounding. Check a float64 copy with the same parameters:\n"
                "    net64 = Network(net.sizes, hidden=net.hidden, output=net.output, "
                "cost=net.cost, dtype=np.float64)\n"
                "    net64.weights = [W.astype(np.float64) for W in net.weights]\n"
                "    net64.biases = [b.astype(np.float64) for b in net.biases]\n"
                "    check_gradients(net64, X, Y)\n"
                "Backpropagation is the same code in both precisions, so a pass in float64 "
                "checks it for float32 too.",
                dtype=str(net.dtype),
            )
        )
    X = check_X(net, X)
    Y = check_Y(net, Y, len(X))
    h = check_float(h, "h", strict=True)
    if h < _SMALLEST_STEP:
        warn_learner(_too_small_step(h), UserWarning)
    dW, db = net.backprop(X, Y, check=False)  # X and Y are checked above: not twice

    def cost(_: Any) -> float:  # the forward pass and the cost formula, nothing else
        Zs, As = net.forward(X)
        return net.cost_of(Zs[-1], As[-1], Y)

    errors: dict[str, float] = {}
    for k in range(len(net.weights)):
        errors[f"W{k}"] = relative_error(dW[k], numerical_gradient(cost, net.weights[k], h))
        errors[f"b{k}"] = relative_error(db[k], numerical_gradient(cost, net.biases[k], h))
    return errors
