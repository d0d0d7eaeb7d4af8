r"""Stochastic gradient descent with momentum and L2 regularisation (lesson 06).

:meth:`nnbook.Network.update` is plain gradient descent, :math:`w \leftarrow w -
\eta\,\partial C/\partial w`. Lesson 06 adds two things, and :class:`SGD` holds them:

- **L2 regularisation** adds :math:`\frac{\lambda}{2n}\sum w^2` to the cost (:math:`n` the
  size of the training set, Nielsen's convention; biases are not penalised), so every weight's
  gradient gains :math:`\frac{\lambda}{n} w`;
- **momentum** keeps a velocity :math:`v` per parameter, :math:`v \leftarrow \mu v - \eta g`,
  :math:`w \leftarrow w + v`: steps in a steady direction grow, up to :math:`1/(1-\mu)` times.

The optimizer owns its velocities (as scikit-learn's and minitorch's do). The network keeps its
optimizer as ``net.optimizer``, and the next training call sets that optimizer's learning rate
instead of making a new one, so a learning-rate schedule (a few epochs at :math:`\eta`, then
a few at :math:`\eta/10`) keeps the momentum; ``net.reset_momentum()`` forgets it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from ._validation import check_float

if TYPE_CHECKING:  # for the annotations only: network.py imports this module
    from .network import Network

__all__ = ["SGD", "l2_penalty"]

#: The settings of an :class:`SGD`, and the rule ``check_float`` checks each against.
SETTINGS: dict[str, dict[str, Any]] = {
    "learning_rate": {"strict": True},  # > 0
    "momentum": {"maximum": 1.0},  # in [0, 1)
    "l2": {},  # >= 0
}


def l2_penalty(weights: list[NDArray], l2: float, n: int) -> float:
    r"""The L2 term of the cost, :math:`\frac{\lambda}{2n}\sum_l \lVert W^{(l)}\rVert^2`
    (``l2`` is :math:`\lambda`; biases are not penalised); 0 when ``l2`` is 0."""
    if not l2:
        return 0.0
    return 0.5 * (l2 / n) * sum(float(np.vdot(W, W)) for W in weights)


class SGD:
    r"""Gradient descent with momentum :math:`\mu` and L2 strength :math:`\lambda`.

    .. math::
        g = \frac{\partial C}{\partial w} + \frac{\lambda}{n} w, \qquad
        v \leftarrow \mu v - \eta g, \qquad w \leftarrow w + v

    for every weight; biases the same without the :math:`\lambda` term. With
    :math:`\mu = 0` this is ``Network.update``'s :math:`w \leftarrow w - \eta g`.

    Parameters
    ----------
    learning_rate : float
        :math:`\eta > 0`.
    momentum : float
        :math:`\mu \in [0, 1)`; 0 turns momentum off.
    l2 : float
        :math:`\lambda \ge 0`; 0 turns L2 off.

    All three can be set later (each is checked): ``optimizer.learning_rate = 0.01`` lowers
    the rate and keeps the velocities; setting ``momentum`` to 0 ends them.

    Attributes
    ----------
    velocities : (list of ndarray, list of ndarray) or None
        :math:`v` for the weights and for the biases, shaped like them; ``None`` until the
        first step with momentum.
    """

    def __init__(self, learning_rate: float, *, momentum: float = 0.0, l2: float = 0.0) -> None:
        self.velocities: tuple[list[NDArray], list[NDArray]] | None = None
        self.learning_rate, self.momentum, self.l2 = learning_rate, momentum, l2

    def __setattr__(self, name: str, value: Any) -> None:
        """Check each setting whenever it is set, at creation or later; a momentum of 0 ends
        the velocities."""
        if name in SETTINGS:
            value = check_float(value, name, **SETTINGS[name])
            if name == "momentum" and not value:
                super().__setattr__("velocities", None)
        super().__setattr__(name, value)

    def __repr__(self) -> str:
        return (  # not a message: the code that builds this optimizer
            f"SGD(learning_rate={self.learning_rate:g}, momentum={self.momentum:g}, l2={self.l2:g})"
        )

    def penalty(self, net: Network, n_train: int) -> float:
        r"""The L2 term of the cost, :func:`l2_penalty` with this optimizer's :math:`\lambda`."""
        return l2_penalty(net.weights, self.l2, n_train)

    def step(self, net: Network, dW: list[NDArray], db: list[NDArray], n_train: int) -> None:
        """Update ``net``'s weights and biases in place from the gradients ``dW``, ``db`` of the
        batch's mean cost (as ``Network.backward`` returns them; they are used up).

        ``n_train`` is the size of the training set, the :math:`n` of the L2 term.
        """
        if self.l2:
            for W, gW in zip(net.weights, dW, strict=True):
                gW += (self.l2 / n_train) * W  # derivative of (λ / 2n) Σ w²
        if not self.momentum:  # Network.update's step, with the gradients scaled in place:
            for params, grads in ((net.weights, dW), (net.biases, db)):  # no temporaries
                for w, g in zip(params, grads, strict=True):
                    g *= self.learning_rate
                    w -= g
            return
        if self.velocities is None:
            self.velocities = ([np.zeros_like(W) for W in net.weights],
                               [np.zeros_like(b) for b in net.biases])  # fmt: skip
        parts = zip((net.weights, net.biases), (dW, db), self.velocities, strict=True)
        for params, grads, velocities in parts:
            for w, g, v in zip(params, grads, velocities, strict=True):
                v *= self.momentum
                v -= self.learning_rate * g  # v <- μ v - η g
                w += v
