"""Exercises of lesson 03, a hidden layer (``notebooks/03_hidden_layer.ipynb``).

============================  ==============================================================
id                            what the learner does
============================  ==============================================================
``03-dc-dw4``                 derive and code one partial derivative of the 2-2-1 network
``03-dc-dx1``                 derive dC/dx1, where two paths meet (the chain rule adds them)
``03-count-parameters``       count the weights and biases of ``[784, 30, 10]``
``03-matrix-backward``        implement the two-layer backward pass with matrices
``03-one-hidden-neuron-xor``  predict whether one hidden neuron is enough for XOR
============================  ==============================================================

The network is the lesson's 2-2-1 network: :math:`h_1 = \\sigma(w_1 x_1 + w_2 x_2 + b_1)`,
:math:`h_2 = \\sigma(w_3 x_1 + w_4 x_2 + b_2)`, :math:`o = \\sigma(w_5 h_1 + w_6 h_2 + b_3)`,
cost :math:`\\tfrac12 (o - y)^2` (:class:`nnbook.scalar_net.ScalarNetwork`). In matrix form the
row layout holds: ``Z = A_prev @ W + b``, and the cost is the mean over the examples.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnbook.exercises._core import (
    Exercise,
    function_exercise,
    register,
    value_exercise,
)
from nnbook.exercises._gradients import check_gradient_function
from nnbook.scalar_net import ScalarNetwork

# --------------------------------------------------------------------------------------------
# 03-dc-dw4: one partial derivative of the scalar network
# --------------------------------------------------------------------------------------------


def _dC_dw4(net: ScalarNetwork, x1: float, x2: float, y: float) -> float:
    return net.gradients(x1, x2, y)["w4"]


def _delta_o(net: ScalarNetwork, x1: float, x2: float, y: float) -> tuple[float, float]:
    values = net.forward(x1, x2)
    return (values.o - y) * values.o * (1 - values.o), values.h2


def _dw4_without_hidden_slope(net, x1, x2, y):
    delta_o, h2 = _delta_o(net, x1, x2, y)
    return delta_o * net.w6 * x2


def _dw4_through_w5(net, x1, x2, y):
    delta_o, h2 = _delta_o(net, x1, x2, y)
    return delta_o * net.w5 * h2 * (1 - h2) * x2


def _dw4_times_x1(net, x1, x2, y):
    delta_o, h2 = _delta_o(net, x1, x2, y)
    return delta_o * net.w6 * h2 * (1 - h2) * x1


def _dw4_without_output_slope(net, x1, x2, y):
    o, h2 = net.forward(x1, x2).o, net.forward(x1, x2).h2
    return (o - y) * net.w6 * h2 * (1 - h2) * x2


def _dw4_inputs() -> list[tuple]:
    return [
        (ScalarNetwork.random(seed=0), -2.0, -1.0, 1.0),  # Alice, from the lesson's data
        (ScalarNetwork.random(seed=1), 25.0, 6.0, 0.0),  # Bob
        (ScalarNetwork.random(seed=2), 0.5, 1.5, 1.0),
        (ScalarNetwork(w1=0, w2=0, w3=0, w4=0, w5=2, w6=-2, b1=0, b2=0, b3=0), 1.0, 2.0, 1.0),
    ]


register(
    function_exercise(
        "03-dc-dw4",
        "The partial derivative dC/dw4, by hand",
        "dC_dw4",
        reference=_dC_dw4,
        inputs=_dw4_inputs(),
        rtol=1e-9,
        atol=1e-12,
        mistakes=[
            (
                _dw4_through_w5,
                "w4 feeds h2, and h2 reaches the output through w6, not w5.",
            ),
            (
                _dw4_without_hidden_slope,
                "the factor dh2/dz_h2 = h2 (1 - h2), the hidden neuron's slope, is missing.",
            ),
            (
                _dw4_without_output_slope,
                "the factor do/dz_o = o (1 - o), the output neuron's slope, is missing.",
            ),
            (
                _dw4_times_x1,
                "w4 multiplies x2 (z_h2 = w3 x1 + w4 x2 + b2), so the last factor is x2.",
            ),
        ],
        hints=[
            "Follow the path from w4 to the cost: w4 -> z_h2 -> h2 -> z_o -> o -> C. The chain "
            "rule multiplies one factor per arrow.",
            "The factors are (o - y), o (1 - o), w6, h2 (1 - h2) and x2. Get o and h2 from "
            "`net.forward(x1, x2)`.",
            "`v = net.forward(x1, x2)` then "
            "`return (v.o - y) * v.o * (1 - v.o) * net.w6 * v.h2 * (1 - v.h2) * x2`.",
        ],
        setup_code="from nnbook.scalar_net import ScalarNetwork",
        solution_code=(
            "def dC_dw4(net, x1, x2, y):\n"
            "    v = net.forward(x1, x2)  # z_h1, h1, z_h2, h2, z_o, o\n"
            "    delta_o = (v.o - y) * v.o * (1 - v.o)  # dC/dz_o\n"
            "    dC_dh2 = delta_o * net.w6  # z_o = w5 h1 + w6 h2 + b3\n"
            "    delta_h2 = dC_dh2 * v.h2 * (1 - v.h2)  # dC/dz_h2\n"
            "    return delta_h2 * x2  # z_h2 = w3 x1 + w4 x2 + b2\n"
        ),
        wrong_examples=[
            (
                "def dC_dw4(net, x1, x2, y):\n"
                "    v = net.forward(x1, x2)\n"
                "    return (v.o - y) * v.o * (1 - v.o) * net.w5 * v.h2 * (1 - v.h2) * x2\n",
                "not w5",
            ),
            (
                "def dC_dw4(net, x1, x2, y):\n"
                "    v = net.forward(x1, x2)\n"
                "    return (v.o - y) * v.o * (1 - v.o) * net.w6 * x2\n",
                "hidden neuron's slope",
            ),
        ],
    )
)

# --------------------------------------------------------------------------------------------
# 03-dc-dx1: where two paths meet
# --------------------------------------------------------------------------------------------


def _deltas_h(net: ScalarNetwork, x1: float, x2: float, y: float) -> tuple[float, float]:
    """delta_h1 = dC/dz_h1 and delta_h2 = dC/dz_h2 (dC/db1 and dC/db2)."""
    gradients = net.gradients(x1, x2, y)
    return gradients["b1"], gradients["b2"]


def _dC_dx1(net: ScalarNetwork, x1: float, x2: float, y: float) -> float:
    delta_h1, delta_h2 = _deltas_h(net, x1, x2, y)
    return delta_h1 * net.w1 + delta_h2 * net.w3  # x1 feeds h1 (via w1) and h2 (via w3)


def _dx1_one_path(net, x1, x2, y):
    delta_h1, _ = _deltas_h(net, x1, x2, y)
    return delta_h1 * net.w1


def _dx1_wrong_weight(net, x1, x2, y):
    delta_h1, delta_h2 = _deltas_h(net, x1, x2, y)
    return delta_h1 * net.w1 + delta_h2 * net.w4


def _dx1_weights_of_x2(net, x1, x2, y):
    delta_h1, delta_h2 = _deltas_h(net, x1, x2, y)
    return delta_h1 * net.w2 + delta_h2 * net.w4


register(
    function_exercise(
        "03-dc-dx1",
        "The partial derivative dC/dx1, where two paths meet",
        "dC_dx1",
        reference=_dC_dx1,
        inputs=_dw4_inputs(),
        rtol=1e-9,
        atol=1e-12,
        mistakes=[
            (
                _dx1_one_path,
                "that is only the path through h1. x1 also feeds h2 (through w3), and the chain "
                "rule adds the two paths.",
            ),
            (
                _dx1_wrong_weight,
                "x1 reaches z_h2 through w3 (z_h2 = w3 x1 + w4 x2 + b2); w4 multiplies x2.",
            ),
            (
                _dx1_weights_of_x2,
                "w2 and w4 multiply x2; x1's weights are w1 (into h1) and w3 (into h2).",
            ),
        ],
        hints=[
            "x1 reaches the cost along two paths: x1 -> z_h1 -> h1 -> ... -> C and "
            "x1 -> z_h2 -> h2 -> ... -> C. The chain rule adds one product per path.",
            "Along the first path, everything after z_h1 is delta_h1 = dC/dz_h1, and "
            "dz_h1/dx1 = w1. The second path gives delta_h2 times dz_h2/dx1 = w3.",
            "delta_h1 = (o - y) o (1 - o) w5 h1 (1 - h1), delta_h2 = (o - y) o (1 - o) w6 "
            "h2 (1 - h2); return `delta_h1 * net.w1 + delta_h2 * net.w3`.",
        ],
        setup_code="from nnbook.scalar_net import ScalarNetwork",
        solution_code=(
            "def dC_dx1(net, x1, x2, y):\n"
            "    v = net.forward(x1, x2)\n"
            "    delta_o = (v.o - y) * v.o * (1 - v.o)  # dC/dz_o\n"
            "    delta_h1 = delta_o * net.w5 * v.h1 * (1 - v.h1)  # dC/dz_h1\n"
            "    delta_h2 = delta_o * net.w6 * v.h2 * (1 - v.h2)  # dC/dz_h2\n"
            "    return delta_h1 * net.w1 + delta_h2 * net.w3  # two paths, added\n"
        ),
        wrong_examples=[
            (
                "def dC_dx1(net, x1, x2, y):\n"
                "    v = net.forward(x1, x2)\n"
                "    delta_o = (v.o - y) * v.o * (1 - v.o)\n"
                "    return delta_o * net.w5 * v.h1 * (1 - v.h1) * net.w1\n",
                "two paths",
            ),
            (
                "def dC_dx1(net, x1, x2, y):\n"
                "    v = net.forward(x1, x2)\n"
                "    delta_o = (v.o - y) * v.o * (1 - v.o)\n"
                "    delta_h1 = delta_o * net.w5 * v.h1 * (1 - v.h1)\n"
                "    delta_h2 = delta_o * net.w6 * v.h2 * (1 - v.h2)\n"
                "    return delta_h1 * net.w1 + delta_h2 * net.w4\n",
                "w4 multiplies x2",
            ),
        ],
    )
)

# --------------------------------------------------------------------------------------------
# 03-count-parameters: how many w's and b's for MNIST?
# --------------------------------------------------------------------------------------------

# [784, 30, 10]: weights 784 * 30 + 30 * 10 = 23,520 + 300 = 23,820; biases 30 + 10 = 40.
_MNIST_PARAMETERS = 784 * 30 + 30 * 10 + 30 + 10  # 23,860

register(
    value_exercise(
        "03-count-parameters",
        "How many parameters does [784, 30, 10] have?",
        "n_parameters",
        _MNIST_PARAMETERS,
        rtol=0.0,
        atol=0.0,
        mistakes=[
            (
                784 * 30 + 30 * 10,
                "those are the weights; every neuron outside the input layer also has a bias.",
            ),
            (
                784 * 30 + 30 * 10 + 784 + 30 + 10,
                "the input layer has no biases: its 'neurons' are the pixels themselves.",
            ),
            (
                784 * 30 + 30,
                "that is the first layer only; the 10 output neurons have weights and biases too.",
            ),
            (
                784 * 30 * 10,
                "the layers' weights add up, they do not multiply: a 784 x 30 matrix, then a "
                "30 x 10 one.",
            ),
            (9, "that is the little 2-2-1 network; this one has 784 inputs."),
        ],
        hints=[
            "Between two layers of m and n neurons there is one weight per pair: m * n. Each "
            "neuron after the input layer has one bias.",
            "Weights: 784 * 30 + 30 * 10. Biases: 30 + 10.",
            "`n_parameters = 784 * 30 + 30 * 10 + 30 + 10`.",
        ],
        solution_code="n_parameters = 784 * 30 + 30 * 10 + 30 + 10  # weights, then biases\n",
        wrong_examples=[
            ("n_parameters = 784 * 30 + 30 * 10", "bias"),
            ("n_parameters = 784 * 30 * 10", "add up"),
        ],
    )
)

# --------------------------------------------------------------------------------------------
# 03-matrix-backward: the 2-layer backward pass with matrices
# --------------------------------------------------------------------------------------------


def _matrix_backward_cases() -> list[tuple]:
    rng = np.random.default_rng(3)
    cases = []
    for n, sizes in [(4, (2, 2, 1)), (1, (2, 3, 1)), (7, (3, 4, 2)), (5, (2, 3, 3))]:
        weights = [rng.normal(size=(sizes[0], sizes[1])), rng.normal(size=(sizes[1], sizes[2]))]
        biases = [rng.normal(size=sizes[1]), rng.normal(size=sizes[2])]
        X = rng.normal(size=(n, sizes[0]))
        Y = rng.uniform(size=(n, sizes[2]))
        cases.append((weights, biases, X, Y))
    return cases


def _explain_wrong_matrix_backward(call: str, wrong: list[str], n_layers: int) -> str:
    if wrong == ["dW[0]", "db[0]"]:
        return (
            f"{call}: the output layer (dW[1], db[1]) is right, the hidden layer is not. "
            "Carry delta back with `(delta2 @ W2.T) * A1 * (1 - A1)`."
        )
    return f"{call}: {', '.join(wrong)} differ from the expected gradients."


def _matrix_backward_checker(answer: Any) -> tuple[bool, str]:
    return check_gradient_function(
        answer,
        name="two_layer_gradients",
        cases=_matrix_backward_cases(),
        db_shape_hint="sum delta over the examples (`delta.sum(axis=0)`), one number per neuron",
        too_big_hint="the cost is the mean over the examples, so divide the output error by n.",
        wrong_sign_hint="the output error is A2 - Y.",
        explain_wrong=_explain_wrong_matrix_backward,
        success="`two_layer_gradients` matches `Network.backprop` on all 4 networks.",
    )


register(
    Exercise(
        id="03-matrix-backward",
        title="The backward pass of a 2-layer network, with matrices",
        answer_name="two_layer_gradients",
        checker=_matrix_backward_checker,
        kind="function",
        hints=[
            "Forward first, keeping everything: Z1 = X @ W1 + b1, A1 = sigmoid(Z1), "
            "Z2 = A1 @ W2 + b2, A2 = sigmoid(Z2). Then go backwards with the four formulas "
            "derived above.",
            "delta2 = (A2 - Y) / n * A2 * (1 - A2) has one row per example; dW2 = A1.T @ "
            "delta2, db2 = delta2.sum(axis=0); delta1 = (delta2 @ W2.T) * A1 * (1 - A1).",
            "Return `[X.T @ delta1, A1.T @ delta2], [delta1.sum(axis=0), delta2.sum(axis=0)]`.",
        ],
        setup_code="import numpy as np\nfrom nnbook import sigmoid",
        solution_code=(
            "def two_layer_gradients(weights, biases, X, Y):\n"
            "    W1, W2 = weights\n"
            "    b1, b2 = biases\n"
            "    A1 = sigmoid(X @ W1 + b1)  # (n, n_hidden)\n"
            "    A2 = sigmoid(A1 @ W2 + b2)  # (n, n_out)\n"
            "    delta2 = (A2 - Y) / len(X) * A2 * (1 - A2)  # dC/dZ2, (n, n_out)\n"
            "    delta1 = (delta2 @ W2.T) * A1 * (1 - A1)  # dC/dZ1, (n, n_hidden)\n"
            "    dW = [X.T @ delta1, A1.T @ delta2]\n"
            "    db = [delta1.sum(axis=0), delta2.sum(axis=0)]\n"
            "    return dW, db\n"
        ),
        wrong_examples=[
            (
                "def two_layer_gradients(weights, biases, X, Y):\n"
                "    W1, W2 = weights\n"
                "    b1, b2 = biases\n"
                "    A1 = sigmoid(X @ W1 + b1)\n"
                "    A2 = sigmoid(A1 @ W2 + b2)\n"
                "    delta2 = (A2 - Y) * A2 * (1 - A2)\n"
                "    delta1 = (delta2 @ W2.T) * A1 * (1 - A1)\n"
                "    dW = [X.T @ delta1, A1.T @ delta2]\n"
                "    return dW, [delta1.sum(axis=0), delta2.sum(axis=0)]\n",
                "times too big",
            ),
            (
                "def two_layer_gradients(weights, biases, X, Y):\n"
                "    W1, W2 = weights\n"
                "    b1, b2 = biases\n"
                "    A1 = sigmoid(X @ W1 + b1)\n"
                "    A2 = sigmoid(A1 @ W2 + b2)\n"
                "    delta2 = (A2 - Y) / len(X) * A2 * (1 - A2)\n"
                "    delta1 = delta2 @ W2.T\n"
                "    dW = [X.T @ delta1, A1.T @ delta2]\n"
                "    return dW, [delta1.sum(axis=0), delta2.sum(axis=0)]\n",
                "hidden layer is not",
            ),
            (
                "def two_layer_gradients(weights, biases, X, Y):\n"
                "    W1, W2 = weights\n"
                "    b1, b2 = biases\n"
                "    A1 = sigmoid(X @ W1 + b1)\n"
                "    A2 = sigmoid(A1 @ W2 + b2)\n"
                "    delta2 = (A2 - Y) / len(X) * A2 * (1 - A2)\n"
                "    delta1 = (delta2 @ W2.T) * A1 * (1 - A1)\n"
                "    return [X.T @ delta1, A1.T @ delta2], [delta1, delta2]\n",
                "sum delta over the examples",
            ),
        ],
    )
)

# --------------------------------------------------------------------------------------------
# 03-one-hidden-neuron-xor: predict, then check
# --------------------------------------------------------------------------------------------

register(
    value_exercise(
        "03-one-hidden-neuron-xor",
        "Is one hidden neuron enough for XOR?",
        "one_hidden_neuron_is_enough",
        False,
        mistakes=[
            (
                True,
                "the output is sigma(w5 h + b3) with h = sigma(w1 x1 + w2 x2 + b1): it only "
                "grows or only shrinks as w1 x1 + w2 x2 grows, so the two classes are still cut "
                "by a straight line, and no line separates XOR.",
            ),
            (lambda a: isinstance(a, str), "answer True or False (without quotes)."),
        ],
        hints=[
            "With one hidden neuron, the hidden layer turns the point (x1, x2) into one number "
            "h. Which points get the same h?",
            "h depends on x only through w1 x1 + w2 x2 + b1: all points on a straight line get "
            "the same h, so the same output. The boundary is still a line, like one neuron's.",
            "`one_hidden_neuron_is_enough = False`.",
        ],
        solution_code="one_hidden_neuron_is_enough = False  # the boundary is still a line\n",
        wrong_examples=[
            ("one_hidden_neuron_is_enough = True", "straight line"),
            ("one_hidden_neuron_is_enough = 'no'", "without quotes"),
        ],
    )
)
