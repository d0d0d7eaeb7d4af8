r"""Cost functions: how far the network's outputs are from the targets.

A cost compares the output layer's activations ``A`` with the targets ``Y``, both of shape
``(n_samples, n_out)``, one row per example. Each function here returns the **mean over the
examples** of a per-example cost, and each has a ``*_gradient`` partner giving the derivative
of that mean, which is what the backward pass starts from.

=========================  ========================================  =========================
cost                       per example                               gradient returned
=========================  ========================================  =========================
quadratic                  :math:`\tfrac12 \lVert a - y \rVert^2`    :math:`\partial C/\partial A`
sigmoid cross-entropy      :math:`-\sum_j [y_j \ln a_j + (1 - y_j)   :math:`\partial C/\partial Z`
                           \ln(1 - a_j)]`, :math:`a = \sigma(z)`
softmax cross-entropy      :math:`-\sum_j y_j \ln a_j`,              :math:`\partial C/\partial Z`
                           :math:`a = \mathrm{softmax}(z)`
=========================  ========================================  =========================

The two cross-entropies take the output layer's weighted inputs ``Z`` rather than ``A``.
That is for numerical safety: a sigmoid output can round to exactly 0 or 1 and then
:math:`\ln a` would be :math:`\ln 0 = -\infty`. From ``Z`` the logarithms have exact, stable
forms (below), so no ``log(0)`` can happen and no fudge term like ``log(a + 1e-9)`` is needed.
Their gradients with respect to ``Z`` are also the famous simple ones, :math:`(A - Y)/n`.

**The registry.** A :class:`~nnbook.Network` finds its cost by name in :data:`COSTS`: each
:class:`Cost` pairs a cost with its gradient, written from the outputs ``A`` (any output
activation) and/or from the weighted inputs ``Z`` of given output activations (the
cross-entropies). :func:`register_cost` adds one more; the network and the tests read the
registry when they are used, so a new cost needs no other edit.

Every function checks its arguments: both 2-D ``(n_samples, n_outputs)`` of the same shape
(a column of outputs against a flat vector of targets would broadcast to a square matrix and
give a wrong number), real numbers, at least one example; targets in :math:`[0, 1]` for the
cross-entropies, rows summing to 1 for the softmax one. ``check=False`` skips that: the
network passes it, because ``fit`` has checked its targets once, before the first batch.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial

import numpy as np
from numpy.typing import NDArray

from ._validation import check_cost_inputs, check_new_name
from .activations import output_activations, sigmoid, softmax
from .messages import N_, say

__all__ = [
    "COSTS",
    "CROSS_ENTROPY_OUTPUTS",
    "Cost",
    "CostFormula",
    "cost_outputs",
    "quadratic_cost",
    "quadratic_cost_gradient",
    "register_cost",
    "sigmoid_cross_entropy",
    "sigmoid_cross_entropy_gradient",
    "softmax_cross_entropy",
    "softmax_cross_entropy_gradient",
]

#: The output activations that have a cross-entropy here (the quadratic cost takes any output).
CROSS_ENTROPY_OUTPUTS = ("sigmoid", "softmax")


def quadratic_cost(
    A: NDArray[np.floating], Y: NDArray[np.floating], *, check: bool = True
) -> float:
    r"""Mean quadratic cost, :math:`C = \frac{1}{n} \sum_i \tfrac12 \lVert a_i - y_i \rVert^2`.

    Parameters
    ----------
    A : ndarray, shape (n_samples, n_out)
        The network's outputs, one row per example.
    Y : ndarray, shape (n_samples, n_out)
        The targets.

    Returns
    -------
    float
    """
    if check:
        A, Y = check_cost_inputs(A, Y, "A", cost=N_("quadratic cost"))
    D = A - Y
    return 0.5 * float(np.vdot(D, D)) / len(D)


def quadratic_cost_gradient(
    A: NDArray[np.floating], Y: NDArray[np.floating], *, check: bool = True
) -> NDArray:
    r"""Gradient of :func:`quadratic_cost` with respect to the outputs:
    :math:`\partial C/\partial A = (A - Y)/n`, shape ``(n_samples, n_out)``."""
    if check:
        A, Y = check_cost_inputs(A, Y, "A", cost=N_("quadratic cost"))
    G = A - Y
    G /= len(G)
    return G


def sigmoid_cross_entropy(
    Z: NDArray[np.floating], Y: NDArray[np.floating], *, check: bool = True
) -> float:
    r"""Mean cross-entropy of sigmoid outputs :math:`a = \sigma(z)`, computed from ``Z``.

    .. math::
        C = -\frac{1}{n} \sum_i \sum_j \bigl[y_{ij} \ln a_{ij} + (1 - y_{ij}) \ln(1 - a_{ij})\bigr]

    Parameters
    ----------
    Z : ndarray, shape (n_samples, n_out)
        The output layer's weighted inputs (``A = sigmoid(Z)``).
    Y : ndarray, shape (n_samples, n_out)
        Targets in :math:`[0, 1]`.

    Returns
    -------
    float

    Notes
    -----
    With :math:`\mathrm{softplus}(z) = \ln(1 + e^z)` we have :math:`\ln \sigma(z) =
    -\mathrm{softplus}(-z)` and :math:`\ln(1 - \sigma(z)) = -\mathrm{softplus}(z)`, and
    since :math:`\mathrm{softplus}(-z) = \mathrm{softplus}(z) - z` the bracket simplifies to

    .. math::
        -[y \ln a + (1 - y) \ln(1 - a)] = \mathrm{softplus}(z) - y z .

    ``np.logaddexp(0, z)`` computes :math:`\ln(e^0 + e^z)` = softplus without overflow.
    """
    if check:
        Z, Y = check_cost_inputs(Z, Y, "Z", cost=N_("cross-entropy"), unit_targets=True)
    return float(np.sum(np.logaddexp(0.0, Z) - Y * Z)) / len(Z)


def sigmoid_cross_entropy_gradient(
    Z: NDArray[np.floating], Y: NDArray[np.floating], *, check: bool = True
) -> NDArray:
    r"""Gradient of :func:`sigmoid_cross_entropy` with respect to ``Z``:
    :math:`\partial C/\partial Z = (\sigma(Z) - Y)/n`.

    The :math:`\sigma'(z)` that slows a saturated sigmoid neuron under the quadratic cost
    cancels here; this is why the cross-entropy learns faster from bad starts.
    """
    if check:
        Z, Y = check_cost_inputs(Z, Y, "Z", cost=N_("cross-entropy"), unit_targets=True)
    G = sigmoid(Z) - Y
    G /= len(G)
    return G


def softmax_cross_entropy(
    Z: NDArray[np.floating], Y: NDArray[np.floating], *, check: bool = True
) -> float:
    r"""Mean cross-entropy of softmax outputs :math:`a = \mathrm{softmax}(z)`, from ``Z``.

    .. math::
        C = -\frac{1}{n} \sum_i \sum_j y_{ij} \ln a_{ij}

    Parameters
    ----------
    Z : ndarray, shape (n_samples, n_classes)
        The output layer's weighted inputs (``A = softmax(Z)``).
    Y : ndarray, shape (n_samples, n_classes)
        Targets; each row usually one-hot (or, more generally, a probability vector).

    Returns
    -------
    float

    Notes
    -----
    :math:`\ln a_j = z_j - \ln \sum_k e^{z_k}`, and the log-sum-exp is computed with the
    row maximum :math:`m` taken out, :math:`m + \ln \sum_k e^{z_k - m}`, so that no
    exponential overflows and the sum is at least 1 (its log is never :math:`\ln 0`).
    """
    if check:
        Z, Y = check_cost_inputs(
            Z, Y, "Z", cost=N_("cross-entropy"), unit_targets=True, rows_sum_to_1=True
        )
    m = Z.max(axis=1, keepdims=True)
    log_sum_exp = m + np.log(np.sum(np.exp(Z - m), axis=1, keepdims=True))
    return float(np.sum(Y * (log_sum_exp - Z))) / len(Z)


def softmax_cross_entropy_gradient(
    Z: NDArray[np.floating], Y: NDArray[np.floating], *, check: bool = True
) -> NDArray:
    r"""Gradient of :func:`softmax_cross_entropy` with respect to ``Z``:
    :math:`\partial C/\partial Z = (\mathrm{softmax}(Z) - Y)/n`.

    Exact when each row of ``Y`` sums to 1 (one-hot targets, for example), which is checked.
    """
    if check:
        Z, Y = check_cost_inputs(
            Z, Y, "Z", cost=N_("cross-entropy"), unit_targets=True, rows_sum_to_1=True
        )
    G = softmax(Z) - Y
    G /= len(G)
    return G


# ------------------------------------------------------------------------------- the registry


@dataclass(frozen=True)
class CostFormula:
    """One way to compute a cost: ``function(V, Y)``, the batch's mean cost, and
    ``gradient(V, Y)``, its derivative with respect to ``V`` (the outputs ``A`` or the weighted
    inputs ``Z``). Both take arrays the network has checked already."""

    function: Callable[[NDArray, NDArray], float]
    gradient: Callable[[NDArray, NDArray], NDArray]


@dataclass(frozen=True)
class Cost:
    r"""A cost as the network uses it.

    To add a cost to nnbook, write it and its gradient above and add one line to
    :data:`COSTS` (or call :func:`register_cost`): the network's choices and the tests'
    gradient checks read that registry.

    Attributes
    ----------
    name : str
        The name a :class:`~nnbook.Network` is given, such as ``cost="quadratic"``.
    from_outputs : CostFormula or None
        The cost of the outputs ``A`` and :math:`\partial C/\partial A`; the network carries
        that back through the output activation's derivative (BP1). Any output activation can
        use it. ``None`` if the cost is only written from ``Z``.
    from_weighted_inputs : dict of str to CostFormula
        For the output activations named, the cost computed from ``Z`` and
        :math:`\partial C/\partial Z` directly (the cross-entropies: stable, and the
        activation's derivative cancels). Used instead of ``from_outputs`` for those outputs.
    unit_targets : bool
        Whether every target must lie in :math:`[0, 1]` (and, for a softmax output, every row
        of targets sum to 1), as for a cross-entropy.
    """

    name: str
    from_outputs: CostFormula | None
    from_weighted_inputs: Mapping[str, CostFormula] = field(default_factory=dict)
    unit_targets: bool = False


#: The costs a :class:`~nnbook.Network` can use, by name. ``"cross_entropy"`` is the sigmoid
#: cross-entropy for a sigmoid output layer and the softmax cross-entropy for a softmax one.
COSTS: dict[str, Cost] = {
    "quadratic": Cost(
        "quadratic",
        CostFormula(
            partial(quadratic_cost, check=False), partial(quadratic_cost_gradient, check=False)
        ),
    ),
    "cross_entropy": Cost(
        "cross_entropy",
        None,
        {
            "sigmoid": CostFormula(
                partial(sigmoid_cross_entropy, check=False),
                partial(sigmoid_cross_entropy_gradient, check=False),
            ),
            "softmax": CostFormula(
                partial(softmax_cross_entropy, check=False),
                partial(softmax_cross_entropy_gradient, check=False),
            ),
        },
        unit_targets=True,
    ),
}


def cost_outputs(name: str) -> tuple[str, ...]:
    """The output activations the cost ``name`` is written for, read from :data:`COSTS` and
    the activations' registry now: every output for a cost written from ``A``."""
    cost = COSTS[name]
    return tuple(
        output
        for output in output_activations()
        if cost.from_outputs is not None or output in cost.from_weighted_inputs
    )


def register_cost(cost: Cost) -> None:
    """Add ``cost`` to :data:`COSTS`, after checking it.

    Parameters
    ----------
    cost : Cost
        Its ``name`` must be a Python identifier that is not registered yet and does not start
        with ``"no_such_"``; it needs a :class:`CostFormula` (two callables) in
        ``from_outputs``, or in ``from_weighted_inputs`` for at least one output activation.

    Examples
    --------
    >>> absolute = CostFormula(lambda A, Y: float(np.mean(np.sum(np.abs(A - Y), axis=1))),
    ...                        lambda A, Y: np.sign(A - Y) / len(A))
    >>> register_cost(Cost("absolute", absolute))  # doctest: +SKIP
    >>> del COSTS["absolute"]  # doctest: +SKIP
    """
    if not isinstance(cost, Cost):
        raise TypeError(
            say(
                "register_cost expects a Cost(name, from_outputs, from_weighted_inputs); got "
                "{cost!r} of type {kind}.",
                cost=cost,
                kind=type(cost).__name__,
            )
        )
    name = check_new_name(cost.name, COSTS, "COSTS", "absolute")
    formulas = dict(cost.from_weighted_inputs)
    if cost.from_outputs is not None:
        formulas["from_outputs"] = cost.from_outputs
    if not formulas:
        raise ValueError(
            say(
                "The cost {name!r} has no formula: give a CostFormula(function, gradient) in "
                "from_outputs, or in from_weighted_inputs for an output activation.",
                name=name,
            )
        )
    for where, formula in formulas.items():
        if not (
            isinstance(formula, CostFormula)
            and callable(formula.function)
            and callable(formula.gradient)
        ):
            raise TypeError(
                say(
                    "The cost {name!r} needs a CostFormula(function, gradient) of two "
                    "callables for {where}; got {formula!r}.",
                    name=name,
                    where=where,
                    formula=formula,
                )
            )
    COSTS[name] = cost
