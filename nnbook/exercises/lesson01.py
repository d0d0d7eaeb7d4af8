"""Exercises of lesson 01, the sigmoid (``notebooks/01_sigmoid.ipynb``)."""

from __future__ import annotations

import math

import numpy as np

from nnbook.activations import sigmoid, sigmoid_prime
from nnbook.exercises import function_exercise, value_exercise
from nnbook.exercises._decorators import works_on_numbers_only
from nnbook.messages import N_


@value_exercise(
    "01-slope-at-zero",
    N_("The slope of the sigmoid at z = 0"),
    expected=0.25,
    hints=[
        N_(
            "Use the result just derived: the slope is `sigma(z) * (1 - sigma(z))`. "
            "What is `sigma(0)`?"
        ),
        N_("`sigma(0) = 1 / (1 + e^0) = 1 / (1 + 1) = 1/2`."),
        N_("So the slope is `1/2 * (1 - 1/2)`: write that number."),
    ],
    mistakes={
        0.5: N_(
            "0.5 is sigma(0), the height of the curve at 0; the slope is sigma(0) * (1 - sigma(0))."
        ),
        1.0: N_(
            "did you forget a factor? The slope is sigma(0) times 1 - sigma(0), and both are 1/2."
        ),
        0.0: N_(
            "the curve is flat far out, but at z = 0 it is at its steepest: "
            "evaluate sigma(0) * (1 - sigma(0))."
        ),
    },
)
def slope_at_zero():
    return 0.5 * (1 - 0.5)


def _with_math_exp(z):
    s = 1 / (1 + math.exp(-z))  # one number only: math.exp raises TypeError on an array
    return s * (1 - s)


@function_exercise(
    "01-my-sigmoid-prime",
    N_("Implement the sigmoid's derivative"),
    reference=sigmoid_prime,
    inputs=[
        0.0,
        2.0,
        -3.0,
        np.linspace(-6.0, 6.0, 13),
        np.array([-1000.0, 1000.0]),
        np.zeros((2, 3)),
    ],
    mistakes=[
        (
            lambda z: np.asarray(z, dtype=float) * (1 - np.asarray(z, dtype=float)),
            N_(
                "this is `z * (1 - z)`, the formula `x * (1 - x)` often seen online, which is the "
                "derivative only when x is already the sigmoid's output. Apply it to "
                "`sigmoid(z)`, not to `z`."
            ),
        ),
        (sigmoid, N_("that is sigma(z) itself; multiply it by 1 - sigma(z).")),
        (lambda z: 1 - sigmoid(z), N_("that is 1 - sigma(z); multiply it by sigma(z).")),
        (
            lambda z: np.exp(-np.asarray(z)) / (1 + np.exp(-np.asarray(z))) ** 2,
            N_(
                "the formula e^{-z} / (1 + e^{-z})^2 is right on paper, but e^{-z} overflows "
                "for large negative z and gives inf / inf = nan. Write it with `sigmoid(z)`, "
                "which never overflows."
            ),
        ),
    ],
    errors=[
        (
            works_on_numbers_only,
            N_(
                "your function takes one number at a time, but z can be an array: `math.exp` "
                "(like the rest of `math`) takes one number; numpy's `np.exp`, and `sigmoid`, work "
                "on every entry of an array at once. Use `sigmoid(z)`."
            ),
        )
    ],
    wrong_answers=[(_with_math_exp, "Use `sigmoid(z)`")],
    hints=[
        N_(
            "You derived sigma'(z) = sigma(z) * (1 - sigma(z)). The function `sigmoid` is "
            "already imported: call it."
        ),
        N_(
            "Compute `s = sigmoid(z)` once, then return an expression in `s`. numpy works "
            "elementwise, so the same line handles a number and an array."
        ),
        N_("`s = sigmoid(z)` then `return s * (1 - s)`."),
    ],
)
def my_sigmoid_prime(z):
    s = sigmoid(z)  # sigma(z), computed once
    return s * (1 - s)


#: sigma(z)(1 - sigma(z)) = 0.01 is a quadratic in s = sigma(z): s = (1 + sqrt(1 - 4 * 0.01)) / 2
#: for z > 0, and z = ln(s / (1 - s)) inverts the sigmoid: about 4.585.
_S = (1 + np.sqrt(1 - 4 * 0.01)) / 2
SATURATION_POINT = float(np.log(_S / (1 - _S)))


@value_exercise(
    "01-saturation-point",
    N_("Where the slope falls to 0.01"),
    rtol=0.0,
    atol=0.1,  # a prediction read off a plot: within 0.1 counts
    hints=[
        N_(
            "On the logarithmic plot above, follow the dashed line at 0.01 to where the curve "
            "crosses it, and read z on the axis below (the thin gridlines are 0.1 apart)."
        ),
        N_(
            "Exactly: solve s (1 - s) = 0.01 for s = sigma(z) (a quadratic), then invert the "
            "sigmoid, z = ln(s / (1 - s))."
        ),
        N_(
            "s = (1 + sqrt(0.96)) / 2 is about 0.9899, so z = ln(0.9899 / 0.0101): a little under "
            "5."
        ),
    ],
    mistakes={
        (lambda z: abs(float(z) - 0.01) < 1e-9): N_(
            "0.01 is the slope we are looking for; the answer is the z where the slope "
            "has come down to it."
        ),
        (lambda z: abs(float(z) + SATURATION_POINT) < 0.1): N_(
            "that is the mirror point: the curve is symmetric, so the slope is 0.01 there "
            "too, but the question asks for the positive z."
        ),
        (lambda z: float(z) > SATURATION_POINT + 0.1): N_(
            "too far out: at that z the slope has already dropped below 0.01 (it keeps "
            "falling as z grows). Look a little closer to the middle."
        ),
        (lambda z: 0 < float(z) < SATURATION_POINT - 0.1): N_(
            "at that z the slope is still above 0.01. Go further out."
        ),
    },
    wrong_answers=[
        (0.01, "the slope we are looking for"),
        (-4.585, "positive"),
        (4.7, "already dropped below 0.01"),
        (10, "Look a little closer"),
        (3, "still above 0.01"),
    ],
)
def z_saturation():
    s = (1 + np.sqrt(1 - 4 * 0.01)) / 2  # the larger root of s (1 - s) = 0.01
    return np.log(s / (1 - s))  # invert the sigmoid


@value_exercise(
    "01-steepest-slope",
    N_("The steepest slope of sigma(3x - 6)"),
    expected=(0.75, 2.0),
    rtol=0.0,
    atol=1e-3,
    hints=[
        N_(
            "By the chain rule, d/dx sigma(w x + b) = w * sigma'(w x + b). Where is sigma' "
            "largest, and what is its largest value?"
        ),
        N_("sigma' is largest, 1/4, where its argument is 0: w x + b = 0, so x = -b / w."),
        N_("With w = 3 and b = -6: the slope is 3 * 1/4 at x = 6 / 3."),
    ],
    mistakes={
        (lambda a: abs(a[0] - 0.25) < 1e-3): N_(
            "the chain rule brings a factor w: d/dx sigma(w x + b) = w sigma'(w x + b), and w = 3."
        ),
        (lambda a: abs(a[1] + 2.0) < 1e-3): N_(
            "check the sign of the position: the middle of the curve is where "
            "w x + b = 0, that is x = -b / w."
        ),
        (lambda a: abs(a[1]) < 1e-3): N_(
            "the middle of sigma(w x + b) moves away from 0 when b is not 0: solve w x + b = 0."
        ),
        (2.0, 0.75): N_("swapped: give the slope first, then the x where it is: (slope, x)."),
        (lambda a: np.ndim(a) == 0): N_(
            "give two numbers, as a tuple: (the steepest slope, the x where it is)."
        ),
    },
    wrong_answers=[
        ((0.25, 2.0), "factor w"),
        ((0.75, -2.0), "sign"),
        (0.75, "two numbers"),
        ((2.0, 0.75), "swapped"),
    ],
)
def steepest():
    w, b = 3.0, -6.0
    return (w * 0.25, -b / w)  # w * sigma'(0), where w x + b = 0
