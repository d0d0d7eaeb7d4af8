"""Exercises of lesson 02, one neuron (``notebooks/02_one_neuron.ipynb``).

The neuron is :math:`a = \\sigma(x W + b)` with ``W`` of shape ``(3, 1)`` and ``b`` of shape
``(1,)``, the layout of ``Network([3, 1])``; the cost is the quadratic cost, averaged over the
examples, :math:`C = \\frac{1}{n}\\sum_i \\tfrac12 (a_i - y_i)^2`.
"""

from __future__ import annotations

import numpy as np

from nnbook.activations import sigmoid, sigmoid_prime
from nnbook.exercises import function_exercise, value_exercise
from nnbook.messages import N_


# x = [1, 0, 1], y = 1, W = 0, b = 0: z = 0, a = 1/2, dC/da = a - y = -1/2,
# da/dz = sigma'(0) = 1/4, dz/dw_j = x_j, so dC/dw = -1/8 * x = [-0.125, 0, -0.125].
@value_exercise(
    "02-gradient-by-hand",
    N_("The gradient for one example, by hand"),
    expected=[-0.125, 0.0, -0.125],
    hints=[
        N_(
            "Go factor by factor: z = x . w + b = 0, so a = sigma(0) = 1/2. Then "
            "dC/da = a - y, da/dz = sigma'(z), dz/dw_j = x_j."
        ),
        N_("dC/da = 1/2 - 1 = -1/2 and sigma'(0) = 1/4, so every dC/dw_j is -1/8 times x_j."),
        N_("x = [1, 0, 1], so the answer is [-1/8 * 1, -1/8 * 0, -1/8 * 1]."),
    ],
    mistakes={
        (
            0.125,
            0.0,
            0.125,
        ): N_(
            "check the sign: the output 1/2 is below the target 1, so a - y is negative, "
            "and raising w_1 would lower the cost: the derivative is negative."
        ),
        (-0.5, 0.0, -0.5): N_("you left out the middle factor, sigma'(z) = 1/4 at z = 0."),
        (
            -0.25,
            0.0,
            -0.25,
        ): N_(
            "the 1/2 in front of (a - y)^2 cancels the 2 that differentiating the square "
            "brings down: dC/da = a - y."
        ),
        (
            -0.125,
            -0.125,
            -0.125,
        ): N_(
            "the last factor is dz/dw_j = x_j, and x_2 = 0: that weight gets no gradient "
            "from this example."
        ),
        (lambda a: np.ndim(a) == 0): N_("give three numbers, one per weight: [dC/dw_1, ...]."),
    },
    wrong_answers=[(-0.125, "three numbers"), ([-0.12, 0.0, -0.12], "keep more digits")],
)
def dC_dw():
    a = 0.5  # sigma(0)
    x = [1.0, 0.0, 1.0]
    return [(a - 1.0) * a * (1 - a) * x_j for x_j in x]  # (a - y) sigma'(z) x_j


def _gradient_inputs() -> list[tuple]:
    rng = np.random.default_rng(2)
    X = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=float)
    Y = np.array([[0], [1], [1], [0]], dtype=float)
    X7 = rng.normal(size=(7, 3))
    Y7 = rng.integers(0, 2, size=(7, 1)).astype(float)
    return [
        (X, Y, np.zeros((3, 1)), np.zeros(1)),
        (X, Y, np.array([[0.5], [-1.0], [2.0]]), np.array([-0.3])),
        (X7, Y7, rng.normal(size=(3, 1)), rng.normal(size=1)),
        (X[:1], Y[:1], np.array([[1.0], [2.0], [3.0]]), np.array([0.0])),
    ]


@function_exercise(
    "02-weight-gradient",
    N_("The gradient of the cost with respect to the weights"),
    inputs=_gradient_inputs(),
    n_of=lambda X, Y, W, b: len(X),
    mistakes=[
        (
            lambda X, Y, W, b: X.T @ (sigmoid(X @ W + b) - Y) / len(X),
            N_("the factor sigma'(Z) (da/dz) is missing."),
        ),
        (
            lambda X, Y, W, b: (
                X.T @ ((sigmoid(X @ W + b) - Y) * sigmoid_prime(sigmoid(X @ W + b))) / len(X)
            ),
            N_(
                "you took sigma' of the output A; the factor is sigma'(Z) = A * (1 - A). "
                "(The `x * (1 - x)` often seen online already expects the output.)"
            ),
        ),
    ],
    wrong_answers=[
        (lambda X, Y, W, b: -my_weight_gradient(X, Y, W, b), "check the sign"),
        (lambda X, Y, W, b: len(X) * my_weight_gradient(X, Y, W, b), "the cost is a mean"),
    ],
    hints=[
        N_(
            "Go in the order of the chain rule: Z = X @ W + b, A = sigmoid(Z); then the "
            "error per example, dC/dZ = (A - Y) * sigma'(Z) / n."
        ),
        N_(
            "Each weight's gradient sums dC/dZ times that weight's input over the examples: "
            "for all three weights at once, `X.T @ delta` (shapes (3, n) @ (n, 1))."
        ),
        N_(
            "`A = sigmoid(X @ W + b)`, `delta = (A - Y) * A * (1 - A) / len(X)`, `return X.T @ "
            "delta`."
        ),
    ],
)
def my_weight_gradient(X, Y, W, b):
    A = sigmoid(X @ W + b)  # (n, 1)
    delta = (A - Y) * A * (1 - A) / len(X)  # dC/dZ = error * sigma'(Z) / n
    return X.T @ delta  # (3, n) @ (n, 1) -> (3, 1)


@value_exercise(
    "02-largest-weight",
    N_("Which weight ends up largest?"),
    expected=1,
    rtol=0.0,
    atol=0.0,
    near_misses=False,  # a weight's number, not a quantity
    hints=[
        N_("Look at the table of examples: which input column always equals the target?"),
        N_(
            "The target is x_1 in every example, so the neuron can get z large and positive "
            "exactly when x_1 = 1 by making one weight large."
        ),
        N_("Weight 1, the weight of the first input."),
    ],
    mistakes={
        3: N_(
            "x_3 is always 1, for targets 0 and 1 alike, so it cannot tell the examples "
            "apart; its weight acts like a bias (and ends up negative)."
        ),
        2: N_(
            "x_2 is 1 in one example with target 1 and in one with target 0: it says "
            "nothing about the target, so its weight stays small."
        ),
        (lambda a: a not in (1, 2, 3)): N_(
            "number the weights 1, 2 or 3, like the inputs x_1, x_2, x_3."
        ),
    },
    wrong_answers=[(0, "1, 2 or 3")],
)
def largest_weight():
    return 1  # the first input is a copy of the target


@value_exercise(
    "02-xor-best-accuracy",
    N_("The best accuracy of one neuron on XOR"),
    expected=0.75,
    rtol=0.0,
    atol=1e-9,
    hints=[
        N_(
            "One neuron answers 1 on one side of a straight line, w_1 x_1 + w_2 x_2 + b = 0, "
            "and 0 on the other. Draw the four XOR points and try lines."
        ),
        N_(
            "No line puts (0, 1) and (1, 0) on one side and (0, 0) and (1, 1) on the other. "
            "How many of the four can a line get right?"
        ),
        N_("A line can cut off one corner, e.g. (1, 0), and get 3 of the 4 points right."),
    ],
    mistakes={
        1.0: N_(
            "that would need a straight line with (0, 1) and (1, 0) on one side and "
            "(0, 0) and (1, 1) on the other: try to draw it."
        ),
        0.5: N_("a line can do better than that: cut off a single corner of the square."),
        (lambda a: 1.0 < float(a) <= 100.0): N_(
            "give the accuracy as a fraction between 0 and 1, not a percentage."
        ),
    },
    wrong_answers=[(75, "fraction")],
)
def xor_best_accuracy():
    return 3 / 4  # a line can cut off one corner, not two
