"""Exercises of lesson 06, a better network (``notebooks/06_better_network.ipynb``).

Layout as everywhere in nnbook: rows are examples, ``W`` of shape ``(n_in, n_out)``.
"""

from __future__ import annotations

import numpy as np

from nnbook.activations import softmax
from nnbook.exercises import function_exercise, value_exercise
from nnbook.messages import N_

# a = softmax(z) = e^z / sum(e^z) = (e^2, e^1, e^0) / (e^2 + e + 1) = (0.6652, 0.2447, 0.0900)
# y = (1, 0, 0), so dC/dz = a - y = (-0.3348, 0.2447, 0.0900).
_A = softmax(np.array([2.0, 1.0, 0.0]))
_Y = np.array([1.0, 0.0, 0.0])
_SIGN_FLIPPED, _WITH_SLOPE = tuple(_Y - _A), tuple((_A - _Y) * _A * (1 - _A))


@value_exercise(
    "06-softmax-ce-gradient",
    N_("The gradient of softmax + cross-entropy, by hand"),
    expected=_A - _Y,
    rtol=1e-3,
    atol=1e-4,
    hints=[
        N_(
            "First the outputs: a_j = e^{z_j} / (e^2 + e^1 + e^0). Then use the result "
            "derived above for dC/dz_j."
        ),
        N_("The derivation gave dC/dz_j = a_j - y_j, and y = (1, 0, 0) for the label 0."),
        N_(
            "`a = np.exp([2.0, 1.0, 0.0]) / np.exp([2.0, 1.0, 0.0]).sum()`, then "
            "`dC_dz = a - np.array([1.0, 0.0, 0.0])`."
        ),
    ],
    mistakes={
        tuple(_A): N_(
            "those are the outputs a; the gradient is a - y: subtract the one-hot target."
        ),
        _SIGN_FLIPPED: N_(
            "check the sign: raising z_0, the right answer's score, should lower the cost."
        ),
        _WITH_SLOPE: N_(
            "there is no sigma'(z) factor here: with softmax and cross-entropy it "
            "cancels, and dC/dz is just a - y."
        ),
        (lambda v: np.ndim(v) == 0): N_(
            "give three numbers, one per output neuron: [dC/dz_0, dC/dz_1, dC/dz_2]."
        ),
    },
    wrong_answers=[(-0.3348, "three numbers"), ([-0.33, 0.24, 0.09], "keep more digits")],
)
def dC_dz():
    z = np.array([2.0, 1.0, 0.0])
    a = np.exp(z) / np.exp(z).sum()  # softmax
    return a - np.array([1.0, 0.0, 0.0])  # a - y


@value_exercise(
    "06-init-std",
    N_("The standard deviation of fan-in scaled weights"),
    expected=1 / 28,
    rtol=1e-3,
    atol=0.0,
    hints=[
        N_(
            "z = sum of n_in terms w_i x_i, plus the bias. If the w_i are independent with "
            "variance s^2, the weighted sum has variance s^2 times the sum of the x_i^2."
        ),
        N_(
            "For that part to stay near 1 with n_in inputs of size about 1 (so that Var(z) stays "
            "near 2, with the bias's 1), s^2 must be 1 / n_in. The standard deviation is its "
            "square root."
        ),
        N_("s = 1 / sqrt(784) = 1 / 28."),
    ],
    mistakes={
        1 / 784: N_("that is the variance 1/n_in; the standard deviation is its square root."),
        np.sqrt(2 / 784): N_(
            "that is He's choice, sqrt(2 / n_in), made for ReLU neurons; for the sigmoid "
            "it is 1 / sqrt(n_in)."
        ),
        1.0: N_("that is the N(0, 1) of notebook 05, the choice that saturates the neurons."),
        28.0: N_("upside down: the weights get smaller as the number of inputs grows."),
    },
    wrong_answers=[(0.036, "keep more digits")],
)
def weight_std():
    return 1 / np.sqrt(784)  # variance 1/n_in, std its square root


# v_t = mu v_{t-1} - eta g  ->  v_t = -eta g (1 + mu + ... + mu^{t-1})  ->  -eta g / (1 - mu).
@value_exercise(
    "06-momentum-speedup",
    N_("How much longer momentum makes a steady step"),
    expected=10.0,
    rtol=1e-6,
    atol=1e-6,
    hints=[
        N_(
            "Write out the first velocities for a gradient g that never changes: v_1 = -eta g, "
            "v_2 = mu v_1 - eta g, v_3 = ..."
        ),
        N_(
            "v_t = -eta g (1 + mu + mu^2 + ... + mu^{t-1}), a geometric series. What does it "
            "approach as t grows?"
        ),
        N_("1 + mu + mu^2 + ... = 1 / (1 - mu); with mu = 0.9 that is 1 / 0.1."),
    ],
    mistakes={
        1.9: N_("that is the second step, 1 + mu; the velocity keeps growing after that."),
        0.9: N_("momentum makes steady steps longer, not shorter: the factor is above 1."),
        9.0: N_(
            "close: the geometric series 1 + mu + mu^2 + ... sums to 1 / (1 - mu), and the "
            "first term, 1, counts too."
        ),
        1.0: N_("that is plain gradient descent (mu = 0); with mu = 0.9 steps accumulate."),
    },
    wrong_answers=[(-10, "check the sign")],
)
def speedup():
    return 1 / (1 - 0.9)  # 1 + mu + mu^2 + ... = 1 / (1 - mu)


_RNG = np.random.default_rng(6)
_W = _RNG.normal(size=(3, 2))
_DW = _RNG.normal(size=(3, 2))


@function_exercise(
    "06-l2-update",
    N_("A gradient step with L2 regularisation"),
    inputs=[
        (_W, _DW, 0.1, 5.0, 1000),
        (_W, np.zeros((3, 2)), 0.5, 2.0, 10),
        (_W, _DW, 0.1, 0.0, 1000),
        (np.ones((1, 1)), np.zeros((1, 1)), 1.0, 1.0, 4),
    ],
    rtol=1e-9,
    atol=1e-12,
    mistakes=[
        (
            lambda W, dW, eta, l2, n: W - eta * (dW + l2 * W),
            N_("the penalty is (l2 / 2n) sum w^2, so its gradient is (l2 / n) W: divide by n."),
        ),
        (
            lambda W, dW, eta, l2, n: W - eta * (dW - (l2 / n) * W),
            N_(
                "the penalty pulls the weights towards 0: its gradient (l2 / n) W is added to "
                "dW, and the step subtracts both."
            ),
        ),
        (
            lambda W, dW, eta, l2, n: W * (1 - l2 / n) - eta * dW,
            N_(
                "the shrinking factor is 1 - eta * l2 / n: the penalty's gradient is scaled by "
                "the learning rate like any other."
            ),
        ),
        (
            lambda W, dW, eta, l2, n: W - eta * dW,
            N_("that is the step without L2; add the penalty's gradient (l2 / n) W."),
        ),
    ],
    hints=[
        N_(
            "The cost is C0 + (l2 / 2n) sum w^2. Differentiate the penalty with respect to one "
            "weight w."
        ),
        N_(
            "d/dw of (l2 / 2n) w^2 is (l2 / n) w. Add it to dW (the gradient of C0), then take the "
            "usual step."
        ),
        N_("`return W - learning_rate * (dW + (l2 / n) * W)`."),
    ],
)
def l2_update(W, dW, learning_rate, l2, n):
    return W - learning_rate * (dW + (l2 / n) * W)  # gradient of C0 + (l2 / 2n) sum W^2
