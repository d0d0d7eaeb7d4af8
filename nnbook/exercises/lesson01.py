"""Exercises of lesson 01, the sigmoid (``notebooks/01_sigmoid.ipynb``).

=============================  ==========================================================
id                             what the learner does
=============================  ==========================================================
``01-slope-at-zero``           derive the value of :math:`\\sigma'(0)`
``01-my-sigmoid-prime``        implement :math:`\\sigma'(z) = \\sigma(z)(1 - \\sigma(z))`
``01-saturation-point``        predict where the slope falls to 0.01, then check
``01-steepest-slope``          predict the steepest slope of :math:`\\sigma(wx + b)` and
                               where it is, then check with the widget
=============================  ==========================================================
"""

from __future__ import annotations

import math

import numpy as np

from nnbook.activations import sigmoid, sigmoid_prime
from nnbook.exercises._core import function_exercise, register, value_exercise

# --------------------------------------------------------------------------------------------
# 01-slope-at-zero: derive sigma'(0)
# --------------------------------------------------------------------------------------------

register(
    value_exercise(
        "01-slope-at-zero",
        "The slope of the sigmoid at z = 0",
        "slope_at_zero",
        0.25,
        hints=[
            "Use the result just derived: the slope is `sigma(z) * (1 - sigma(z))`. "
            "What is `sigma(0)`?",
            "`sigma(0) = 1 / (1 + e^0) = 1 / (1 + 1) = 1/2`.",
            "So the slope is `1/2 * (1 - 1/2)`: write that number.",
        ],
        solution_code="slope_at_zero = 0.5 * (1 - 0.5)",
        wrong_examples=[
            ("slope_at_zero = 0.5", "height"),
            ("slope_at_zero = 1", "1 - sigma(0)"),
            ("slope_at_zero = 0", "steepest"),
        ],
        mistakes=[
            (
                0.5,
                "0.5 is sigma(0), the height of the curve at 0; the slope is "
                "sigma(0) * (1 - sigma(0)).",
            ),
            (
                1.0,
                "did you forget a factor? The slope is sigma(0) times 1 - sigma(0), "
                "and both are 1/2.",
            ),
            (
                0.0,
                "the curve is flat far out, but at z = 0 it is at its steepest: "
                "evaluate sigma(0) * (1 - sigma(0)).",
            ),
        ],
    )
)

# --------------------------------------------------------------------------------------------
# 01-my-sigmoid-prime: implement sigma'(z)
# --------------------------------------------------------------------------------------------


def _from_output_applied_to_z(z):  # x * (1 - x) from code online, given z, not sigma(z)
    z = np.asarray(z, dtype=float)
    return z * (1 - z)


def _sigmoid_only(z):
    return sigmoid(z)


def _one_minus_sigmoid(z):
    return 1 - sigmoid(z)


def _naive_quotient(z):  # right on paper, but e^{-z} overflows for z < -709
    e = np.exp(-np.asarray(z, dtype=float))
    return e / (1 + e) ** 2


register(
    function_exercise(
        "01-my-sigmoid-prime",
        "Implement the sigmoid's derivative",
        "my_sigmoid_prime",
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
                _from_output_applied_to_z,
                "this is `z * (1 - z)`, the formula `x * (1 - x)` often seen online, which is the "
                "derivative only when x is already the sigmoid's output. Apply it to "
                "`sigmoid(z)`, not to `z`.",
            ),
            (_sigmoid_only, "that is sigma(z) itself; multiply it by 1 - sigma(z)."),
            (_one_minus_sigmoid, "that is 1 - sigma(z); multiply it by sigma(z)."),
            (
                _naive_quotient,
                "the formula e^{-z} / (1 + e^{-z})^2 is right on paper, but e^{-z} overflows "
                "for large negative z and gives inf / inf = nan. Write it with `sigmoid(z)`, "
                "which never overflows.",
            ),
        ],
        hints=[
            "You derived sigma'(z) = sigma(z) * (1 - sigma(z)). The function `sigmoid` is "
            "already imported: call it.",
            "Compute `s = sigmoid(z)` once, then return an expression in `s`. numpy works "
            "elementwise, so the same line handles a number and an array.",
            "`s = sigmoid(z)` then `return s * (1 - s)`.",
        ],
        setup_code="import numpy as np\nfrom nnbook import sigmoid",
        solution_code=(
            "def my_sigmoid_prime(z):\n"
            "    s = sigmoid(z)  # sigma(z), computed once\n"
            "    return s * (1 - s)\n"
        ),
        wrong_examples=[
            ("def my_sigmoid_prime(z):\n    return z * (1 - z)\n", "already the sigmoid's output"),
            ("def my_sigmoid_prime(z):\n    return sigmoid(z)\n", "multiply it by 1 - sigma(z)"),
            (
                "def my_sigmoid_prime(z):\n    return np.exp(-z) / (1 + np.exp(-z)) ** 2\n",
                "overflow",
            ),
        ],
    )
)

# --------------------------------------------------------------------------------------------
# 01-saturation-point: predict where sigma'(z) falls to 0.01
# --------------------------------------------------------------------------------------------

#: sigma(z)(1 - sigma(z)) = 0.01 is a quadratic in s = sigma(z): s = (1 + sqrt(1 - 4 * 0.01)) / 2
#: for z > 0, and z = ln(s / (1 - s)) inverts the sigmoid.
_S_AT_THRESHOLD = (1 + math.sqrt(1 - 4 * 0.01)) / 2
SATURATION_POINT = math.log(_S_AT_THRESHOLD / (1 - _S_AT_THRESHOLD))  # about 4.585

register(
    value_exercise(
        "01-saturation-point",
        "Where the slope falls to 0.01",
        "z_saturation",
        SATURATION_POINT,
        rtol=0.0,
        atol=0.1,  # a prediction read off a plot: within 0.1 counts
        hints=[
            "Look at the dashed curve of the plot above: at which positive z does it come "
            "down to 0.01 (one twenty-fifth of its peak)?",
            "Exactly: solve s (1 - s) = 0.01 for s = sigma(z) (a quadratic), then invert the "
            "sigmoid, z = ln(s / (1 - s)).",
            "s = (1 + sqrt(0.96)) / 2 is about 0.9899, so z = ln(0.9899 / 0.0101): a little "
            "under 5.",
        ],
        solution_code=(
            "import math\n"
            "s = (1 + math.sqrt(1 - 4 * 0.01)) / 2  # the larger root of s (1 - s) = 0.01\n"
            "z_saturation = math.log(s / (1 - s))  # invert the sigmoid\n"
        ),
        wrong_examples=[
            ("z_saturation = 0.01", "slope"),
            ("z_saturation = -4.585", "positive"),
            ("z_saturation = 10", "too far"),
        ],
        mistakes=[
            (
                lambda z: abs(float(z) - 0.01) < 1e-9,
                "0.01 is the slope we are looking for; the answer is the z where the slope "
                "has come down to it.",
            ),
            (
                lambda z: abs(float(z) + SATURATION_POINT) < 0.1,
                "that is the mirror point: the curve is symmetric, so the slope is 0.01 there "
                "too, but the question asks for the positive z.",
            ),
            (
                lambda z: float(z) > SATURATION_POINT + 0.1,
                "too far: by then the slope is already well below 0.01 (at z = 10 it is "
                "about 0.00005). Look closer to the middle.",
            ),
            (
                lambda z: 0 < float(z) < SATURATION_POINT - 0.1,
                "not yet: at that z the slope is still above 0.01. Go further out.",
            ),
        ],
    )
)

# --------------------------------------------------------------------------------------------
# 01-steepest-slope: predict the steepest slope of sigma(w x + b), then check with the widget
# --------------------------------------------------------------------------------------------

register(
    value_exercise(
        "01-steepest-slope",
        "The steepest slope of sigma(3x - 6)",
        "steepest",
        (0.75, 2.0),
        rtol=0.0,
        atol=1e-3,
        hints=[
            "By the chain rule, d/dx sigma(w x + b) = w * sigma'(w x + b). Where is sigma' "
            "largest, and what is its largest value?",
            "sigma' is largest, 1/4, where its argument is 0: w x + b = 0, so x = -b / w.",
            "With w = 3 and b = -6: the slope is 3 * 1/4 at x = 6 / 3.",
        ],
        solution_code=(
            "w, b = 3.0, -6.0\nsteepest = (w * 0.25, -b / w)  # w * sigma'(0), where w x + b = 0\n"
        ),
        wrong_examples=[
            ("steepest = (0.25, 2.0)", "factor w"),
            ("steepest = (0.75, -2.0)", "sign"),
            ("steepest = 0.75", "two numbers"),
        ],
        mistakes=[
            (
                lambda a: abs(a[0] - 0.25) < 1e-3,
                "the chain rule brings a factor w: d/dx sigma(w x + b) = w sigma'(w x + b), "
                "and w = 3.",
            ),
            (
                lambda a: abs(a[1] + 2.0) < 1e-3,
                "check the sign of the position: the middle of the curve is where "
                "w x + b = 0, that is x = -b / w.",
            ),
            (
                lambda a: abs(a[1]) < 1e-3,
                "the middle of sigma(w x + b) moves away from 0 when b is not 0: solve "
                "w x + b = 0.",
            ),
            (
                lambda a: np.ndim(a) == 0,
                "give two numbers, as a tuple: (the steepest slope, the x where it is).",
            ),
        ],
    )
)
