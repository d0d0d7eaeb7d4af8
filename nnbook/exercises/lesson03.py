"""Exercises of lesson 03, a hidden layer (``notebooks/03_hidden_layer.ipynb``).

The network is the lesson's 2-2-1 network: :math:`h_1 = \\sigma(w_1 x_1 + w_2 x_2 + b_1)`,
:math:`h_2 = \\sigma(w_3 x_1 + w_4 x_2 + b_2)`, :math:`o = \\sigma(w_5 h_1 + w_6 h_2 + b_3)`,
cost :math:`\\tfrac12 (o - y)^2` (:class:`nnbook.scalar_net.ScalarNetwork`). In matrix form the
row layout holds: ``Z = A_prev @ W + b``, and the cost is the mean over the examples.
"""

from __future__ import annotations

from collections.abc import Callable

from nnbook.activations import sigmoid
from nnbook.exercises import function_exercise, value_exercise
from nnbook.exercises._gradients import gradient_exercise, hidden_layers_off, random_cases, scaled
from nnbook.messages import N_
from nnbook.scalar_net import ScalarNetwork


def _deltas(net: ScalarNetwork, x1: float, x2: float, y: float) -> tuple[float, float, float]:
    """``(delta_o, delta_h1, delta_h2)``: dC/dz of the output and of the hidden neurons, the
    gradients of their biases."""
    g = net.gradients(x1, x2, y)
    return g["b3"], g["b1"], g["b2"]


def _hidden_slope_h2(net: ScalarNetwork, x1: float, x2: float) -> float:
    h2 = net.forward(x1, x2).h2
    return h2 * (1 - h2)


_SCALAR_INPUTS = [
    (ScalarNetwork.random(seed=0), -2.0, -1.0, 1.0),  # Alice, from the lesson's data
    (ScalarNetwork.random(seed=1), 25.0, 6.0, 0.0),  # Bob
    (ScalarNetwork.random(seed=2), 0.5, 1.5, 1.0),
    (ScalarNetwork(w1=0, w2=0, w3=0, w4=0, w5=2, w6=-2, b1=0, b2=0, b3=0), 1.0, 2.0, 1.0),
]


@function_exercise(
    "03-dc-dw4",
    N_("The partial derivative dC/dw4, by hand"),
    reference=lambda net, x1, x2, y: net.gradients(x1, x2, y)["w4"],
    inputs=_SCALAR_INPUTS,
    rtol=1e-9,
    atol=1e-12,
    mistakes=[
        (
            lambda net, x1, x2, y: (
                _deltas(net, x1, x2, y)[0] * net.w5 * _hidden_slope_h2(net, x1, x2) * x2
            ),
            N_("w4 feeds h2, and h2 reaches the output through w6, not w5."),
        ),
        (
            lambda net, x1, x2, y: _deltas(net, x1, x2, y)[0] * net.w6 * x2,
            N_("the factor dh2/dz_h2 = h2 (1 - h2), the hidden neuron's slope, is missing."),
        ),
        (
            lambda net, x1, x2, y: (
                (net.forward(x1, x2).o - y) * net.w6 * _hidden_slope_h2(net, x1, x2) * x2
            ),
            N_("the factor do/dz_o = o (1 - o), the output neuron's slope, is missing."),
        ),
        (
            lambda net, x1, x2, y: _deltas(net, x1, x2, y)[2] * x1,
            N_("w4 multiplies x2 (z_h2 = w3 x1 + w4 x2 + b2), so the last factor is x2."),
        ),
    ],
    hints=[
        N_(
            "Follow the path from w4 to the cost: w4 -> z_h2 -> h2 -> z_o -> o -> C. The chain "
            "rule multiplies one factor per arrow."
        ),
        N_(
            "The factors are (o - y), o (1 - o), w6, h2 (1 - h2) and x2. Get o and h2 from "
            "`net.forward(x1, x2)`."
        ),
        N_(
            "`v = net.forward(x1, x2)` then "
            "`return (v.o - y) * v.o * (1 - v.o) * net.w6 * v.h2 * (1 - v.h2) * x2`."
        ),
    ],
)
def dC_dw4(net, x1, x2, y):
    v = net.forward(x1, x2)  # z_h1, h1, z_h2, h2, z_o, o
    delta_o = (v.o - y) * v.o * (1 - v.o)  # dC/dz_o
    dC_dh2 = delta_o * net.w6  # z_o = w5 h1 + w6 h2 + b3
    delta_h2 = dC_dh2 * v.h2 * (1 - v.h2)  # dC/dz_h2
    return delta_h2 * x2  # z_h2 = w3 x1 + w4 x2 + b2


def _paths(first: str, second: str | None) -> Callable[..., float]:
    """A wrong dC/dx1: delta_h1 times weight ``first`` plus delta_h2 times weight ``second``."""

    def wrong(net: ScalarNetwork, x1: float, x2: float, y: float) -> float:
        _, delta_h1, delta_h2 = _deltas(net, x1, x2, y)
        return delta_h1 * getattr(net, first) + (delta_h2 * getattr(net, second) if second else 0)

    return wrong


def _paths_multiplied(net: ScalarNetwork, x1: float, x2: float, y: float) -> float:
    """A wrong dC/dx1: the two paths multiplied instead of added."""
    _, delta_h1, delta_h2 = _deltas(net, x1, x2, y)
    return delta_h1 * net.w1 * delta_h2 * net.w3


@function_exercise(
    "03-dc-dx1",
    N_("The partial derivative dC/dx1, where two paths meet"),
    reference=_paths("w1", "w3"),
    inputs=_SCALAR_INPUTS,
    rtol=1e-9,
    atol=1e-12,
    mistakes=[
        (
            _paths("w1", None),
            N_(
                "that is only the path through h1. x1 also feeds h2 (through w3), and the chain "
                "rule adds the two paths."
            ),
        ),
        (
            _paths("w1", "w2"),
            N_(
                "w2 is x2's weight into h1 (z_h1 = w1 x1 + w2 x2 + b1), not a weight into h2; "
                "x1 reaches h2 through w3."
            ),
        ),
        (
            _paths("w1", "w4"),
            N_("x1 reaches z_h2 through w3 (z_h2 = w3 x1 + w4 x2 + b2); w4 multiplies x2."),
        ),
        (
            _paths_multiplied,
            N_(
                "the two paths are multiplied; the chain rule multiplies the factors *along* one "
                "path and *adds* the paths: delta_h1 w1 + delta_h2 w3."
            ),
        ),
        (
            _paths("w2", "w4"),
            N_("w2 and w4 multiply x2; x1's weights are w1 (into h1) and w3 (into h2)."),
        ),
    ],
    hints=[
        N_(
            "x1 reaches the cost along two paths: x1 -> z_h1 -> h1 -> ... -> C and "
            "x1 -> z_h2 -> h2 -> ... -> C. The chain rule adds one product per path."
        ),
        N_(
            "Along the first path, everything after z_h1 is delta_h1 = dC/dz_h1, and "
            "dz_h1/dx1 = w1. The second path gives delta_h2 times dz_h2/dx1 = w3."
        ),
        N_(
            "delta_h1 = (o - y) o (1 - o) w5 h1 (1 - h1), delta_h2 = (o - y) o (1 - o) w6 "
            "h2 (1 - h2); return `delta_h1 * net.w1 + delta_h2 * net.w3`."
        ),
    ],
)
def dC_dx1(net, x1, x2, y):
    v = net.forward(x1, x2)
    delta_o = (v.o - y) * v.o * (1 - v.o)  # dC/dz_o
    delta_h1 = delta_o * net.w5 * v.h1 * (1 - v.h1)  # dC/dz_h1
    delta_h2 = delta_o * net.w6 * v.h2 * (1 - v.h2)  # dC/dz_h2
    return delta_h1 * net.w1 + delta_h2 * net.w3  # two paths, added


# [784, 30, 10]: weights 784 * 30 + 30 * 10 = 23,520 + 300 = 23,820; biases 30 + 10 = 40.
@value_exercise(
    "03-count-parameters",
    N_("How many parameters does [784, 30, 10] have?"),
    expected=23_860,
    rtol=0.0,
    atol=0.0,
    mistakes={
        784 * 30 + 30 * 10: N_(
            "those are the weights; every neuron outside the input layer also has a bias."
        ),
        784 * 30 + 30 * 10 + 784 + 30 + 10: N_(
            "the input layer has no biases: its 'neurons' are the pixels themselves."
        ),
        784 * 30 + 30: N_(
            "that is the first layer only; the 10 output neurons have weights and biases too."
        ),
        784 * 30 * 10: N_(
            "the layers' weights add up, they do not multiply: a 784 x 30 matrix, then a 30 x 10 "
            "one."
        ),
        9: N_("that is the little 2-2-1 network; this one has 784 inputs."),
        784 + 30 + 10: N_(
            "that counts the neurons. The parameters are the weights, one per "
            "connection between neighbouring layers (784 * 30 + 30 * 10), and the biases, one per "
            "neuron after the input layer (30 + 10)."
        ),
        30 + 10: N_(
            "those are the biases only; add the weights, one per connection between "
            "neighbouring layers."
        ),
    },
    hints=[
        N_(
            "Between two layers of m and n neurons there is one weight per pair: m * n. Each "
            "neuron after the input layer has one bias."
        ),
        N_("Weights: 784 * 30 + 30 * 10. Biases: 30 + 10."),
        N_("`n_parameters = 784 * 30 + 30 * 10 + 30 + 10`."),
    ],
)
def n_parameters():
    return 784 * 30 + 30 * 10 + 30 + 10  # weights, then biases


@gradient_exercise(
    "03-matrix-backward",
    N_("The backward pass of a 2-layer network, with matrices"),
    cases=random_cases(3, [(4, (2, 2, 1)), (1, (2, 3, 1)), (7, (3, 4, 2)), (5, (2, 3, 3))]),
    db_shape_hint=N_("Sum delta over the examples (`delta.sum(axis=0)`): one number per neuron."),
    bp2_hint=N_("carry delta back with `(delta2 @ W2.T) * A1 * (1 - A1)`."),
    hints=[
        N_(
            "Forward first, keeping everything: Z1 = X @ W1 + b1, A1 = sigmoid(Z1), Z2 = A1 @ W2 + "
            "b2, A2 = sigmoid(Z2). Then go backwards with the four formulas derived above."
        ),
        N_(
            "delta2 = (A2 - Y) / n * A2 * (1 - A2) has one row per example; dW2 = A1.T @ "
            "delta2, db2 = delta2.sum(axis=0); delta1 = (delta2 @ W2.T) * A1 * (1 - A1)."
        ),
        N_("Return `[X.T @ delta1, A1.T @ delta2], [delta1.sum(axis=0), delta2.sum(axis=0)]`."),
    ],
    wrong_answers=[
        (lambda *case: scaled(two_layer_gradients, len)(*case), "times too big"),
        (lambda *case: hidden_layers_off(*case, solution=two_layer_gradients), "(delta2 @ W2.T)"),
        (lambda *case: (two_layer_gradients(*case)[0], [b[None] for b in case[1]]), "Sum delta"),
    ],
)
def two_layer_gradients(weights, biases, X, Y):
    W1, W2 = weights
    b1, b2 = biases
    A1 = sigmoid(X @ W1 + b1)  # (n, n_hidden)
    A2 = sigmoid(A1 @ W2 + b2)  # (n, n_out)
    delta2 = (A2 - Y) / len(X) * A2 * (1 - A2)  # dC/dZ2, (n, n_out)
    delta1 = (delta2 @ W2.T) * A1 * (1 - A1)  # dC/dZ1, (n, n_hidden)
    dW = [X.T @ delta1, A1.T @ delta2]
    db = [delta1.sum(axis=0), delta2.sum(axis=0)]
    return dW, db


@value_exercise(
    "03-one-hidden-neuron-xor",
    N_("Is one hidden neuron enough for XOR?"),
    expected=False,
    mistakes={
        True: N_(
            "the output is sigma(w5 h + b3) with h = sigma(w1 x1 + w2 x2 + b1): it only "
            "grows or only shrinks as w1 x1 + w2 x2 grows, so the two classes are still cut "
            "by a straight line, and no line separates XOR."
        ),
        (lambda a: isinstance(a, str)): N_("answer True or False (without quotes)."),
    },
    wrong_answers=[("no", "without quotes")],
    hints=[
        N_(
            "With one hidden neuron, the hidden layer turns the point (x1, x2) into one number "
            "h. Which points get the same h?"
        ),
        N_(
            "h depends on x only through w1 x1 + w2 x2 + b1: all points on a straight line get "
            "the same h, so the same output. The boundary is still a line, like one neuron's."
        ),
        N_("`one_hidden_neuron_is_enough = False`."),
    ],
)
def one_hidden_neuron_is_enough():
    return False  # the boundary is still a line
