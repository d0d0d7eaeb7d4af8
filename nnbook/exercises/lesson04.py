"""Exercises of lesson 04, backpropagation in matrix form (``notebooks/04_backpropagation.ipynb``).

Layout as everywhere: rows are examples, ``Z = A_prev @ W + b``, the quadratic cost averaged
over the batch. The broken code the last four exercises are about is in :mod:`nnbook.bugs`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnbook import bugs, reference
from nnbook.activations import sigmoid
from nnbook.exercises import Exercise, custom_exercise, function_exercise, value_exercise
from nnbook.exercises._gradients import gradient_exercise, hidden_layers_off, random_cases, scaled
from nnbook.messages import N_, say, shown


@value_exercise(
    "04-delta-shape",
    N_("The shape of the hidden layer's error"),
    expected=(10, 30),
    rtol=0.0,
    atol=0.0,
    near_misses=False,  # a shape, not a quantity
    mistakes={
        (30, 10): N_(
            "transposed: in our layout the rows are the examples, so Δ has one row per "
            "example of the mini-batch and one column per neuron of the layer."
        ),
        (784, 30): N_(
            "that is the shape of W^(1) and of its gradient; Δ^(1) = ∂C/∂Z^(1) has the "
            "shape of Z^(1): one row per example."
        ),
        (10, 10): N_("that is the output layer's Δ^(2); the hidden layer has 30 neurons."),
        (10, 784): N_("that is the shape of the input batch X; Δ^(1) belongs to layer 1."),
        (lambda a: np.ndim(a) == 1 and len(a) == 1): N_(
            "give two numbers, (rows, columns): Δ is a matrix."
        ),
    },
    wrong_answers=[((30,), "two numbers")],
    hints=[
        N_("Δ^(l) = ∂C/∂Z^(l) has exactly the shape of Z^(l): one entry per weighted input."),
        N_("Z^(1) = X W^(1) + b^(1) with X of shape (10, 784) and W^(1) of shape (784, 30)."),
        N_("`delta_1_shape = (10, 30)`: 10 examples, 30 hidden neurons."),
    ],
)
def delta_1_shape():
    return (10, 30)  # (batch size, neurons in layer 1)


@gradient_exercise(
    "04-backprop",
    N_("Backpropagation for any number of layers"),
    cases=random_cases(4, [(5, (3, 2)), (4, (2, 3, 1)), (6, (3, 4, 5, 2)), (1, (2, 3, 3, 2, 2))]),
    db_shape_hint=N_("BP3 sums Δ over the examples: `delta.sum(axis=0)`."),
    bp2_hint=N_(
        "check BP2, `delta = (delta @ W_next.T) * A * (1 - A)`, with W_next the weights "
        "of the layer *after* the one you are computing."
    ),
    hints=[
        N_(
            "Forward first and keep every layer's output in a list (X included). Then start "
            "from the output with BP1 and walk the layers backwards with a `for` loop, "
            "applying BP4, BP3, then BP2 to get the previous layer's delta."
        ),
        N_(
            "With `As = [X, A1, ..., AL]`, layer k of the Python lists (k = l - 1) has input "
            "`As[k]`: `dW[k] = As[k].T @ delta`, `db[k] = delta.sum(axis=0)`, and (if k > 0) "
            "`delta = (delta @ weights[k].T) * As[k] * (1 - As[k])`."
        ),
        N_(
            "BP1: `delta = (A - Y) / len(X) * A * (1 - A)` with `A = As[-1]`; the loop is "
            "`for k in range(L - 1, -1, -1)`."
        ),
    ],
    wrong_answers=[
        (lambda *case: scaled(my_backprop, len)(*case), "times too big"),
        (lambda *case: scaled(my_backprop, lambda X: -1)(*case), "check the sign"),
        (lambda *case: hidden_layers_off(*case, solution=my_backprop), "check BP2"),
        (lambda *case: scaled(my_backprop, lambda X: 1 + 1e-9j)(*case), "complex"),
    ],
)
def my_backprop(weights, biases, X, Y):
    As = [X]  # As[k] is the input of layer k + 1; As[0] = X
    for W, b in zip(weights, biases, strict=True):
        As.append(sigmoid(As[-1] @ W + b))
    L = len(weights)
    dW, db = [None] * L, [None] * L
    A = As[-1]
    delta = (A - Y) / len(X) * A * (1 - A)  # BP1, (n, n_out)
    for k in range(L - 1, -1, -1):  # k = l - 1, the index in the Python lists
        dW[k] = As[k].T @ delta  # BP4
        db[k] = delta.sum(axis=0)  # BP3
        if k > 0:
            delta = (delta @ weights[k].T) * As[k] * (1 - As[k])  # BP2
    return dW, db


def _wrong_factor_checker(answer: Any, exercise: Exercise) -> tuple[bool, str]:
    if not isinstance(answer, str):
        return False, say(
            "answer with the variable's name as a string, in quotes, such as 'zs'; got {answer}.",
            answer=shown(answer),
        )
    name = "".join(answer.split()).strip("`'\"").lower()
    if name in {"dw", "dw[l]", "dw[l].t"}:
        return True, say(
            "`dW[l]` is the gradient just computed for the next layer, not its weights. "
            "BP2 carries the error back through the weights: `delta @ weights[l].T`."
        )
    if name.startswith("weights"):
        return False, say(
            "`weights` is what the line *should* use (BP2: Δ W^T). Which variable does it use "
            "instead?"
        )
    if name.startswith("delta"):
        return False, say(
            "`delta` is right: it is the error being carried back. What multiplies it?"
        )
    if name.startswith(("zs", "sigmoid_prime", "activations")):
        return False, say(
            "`{name}` is used correctly. Compare the backward loop with BP2: "
            "Δ^(l) = (Δ^(l+1) W^(l+1)T) ⊙ σ'(Z^(l)).",
            name=answer.strip(),
        )
    return False, say(
        "{answer} is not a variable of the backward loop; look at the line that updates "
        '`delta` inside `for l in range(...)`. hint("{id}") helps.',
        answer=repr(answer),
        id=exercise.id,
    )


@custom_exercise(
    "04-bug-wrong-factor",
    N_("Bug 1: what does the backward step multiply by?"),
    checker=_wrong_factor_checker,
    kind="value",
    hints=[
        N_(
            "The gradient check said the output layer is right and the layers before it are "
            "wrong: the bug is in the step that carries delta back, BP2."
        ),
        N_(
            "BP2 is `delta @ W.T * sigmoid'(z)` with W the *weights* of the next layer. Which "
            "list does the broken line index instead of `weights`?"
        ),
        N_("`wrong_variable = 'dW'`: it multiplies by `dW[l]`, a gradient."),
    ],
    wrong_answers=[
        ("weights", "should"),
        ("delta", "What multiplies it"),
        ("zs", "used correctly"),
        ("nabla", "not a variable"),
        (0, "in quotes"),
    ],
)
def wrong_variable():
    return "dW"  # the gradient list, where weights belongs


@value_exercise(
    "04-bug-zip-predict",
    N_("Bug 2: how far does one update move the weights?"),
    expected=0.0,
    rtol=0.0,
    atol=1e-12,
    mistakes={
        (lambda a: float(a) > 0): N_(
            "trace `dW_sum` through the loop: what does it hold before the first example, "
            "and what does `zip(dW_sum, dW_sum)` add to it?"
        ),
        (lambda a: float(a) < 0): N_("a size of change cannot be negative."),
    },
    wrong_answers=[(0.5, "trace"), (-1, "negative")],
    hints=[
        N_(
            "`dW_sum` starts as a list of zero matrices. Each pass of the loop replaces it by "
            "`total + g` for pairs from `zip(dW_sum, dW_sum)`."
        ),
        N_(
            "Both members of each pair are the running sum itself, so each pass doubles it; "
            "and twice zero is zero. The examples' gradients `dW_x` are never added."
        ),
        N_("`largest_weight_change = 0.0`."),
    ],
)
def largest_weight_change():
    return 0.0  # 0 + 0 = 0, on every pass of the loop


_RNG = np.random.default_rng(5)


@function_exercise(
    "04-bug-cost-derivative",
    N_("Bug 3: the cost derivative, fixed"),
    reference=reference.cost_derivative,
    inputs=[
        (np.array([0.2, 0.9]), np.array([0.0, 1.0])),
        (np.array([0.5]), np.array([1.0])),
        (_RNG.uniform(size=10), np.eye(10)[3]),
        (_RNG.uniform(size=(4, 3)), _RNG.uniform(size=(4, 3))),
    ],
    mistakes=[
        (bugs.cost_derivative_missing_y, N_("this is the bug itself: the target y is missing.")),
        (
            lambda a, y: y - a,
            N_("the sign is flipped: the derivative of (a - y)^2 / 2 with respect to a is a - y."),
        ),
        (lambda a, y: 0.5 * (a - y) ** 2, N_("this is the cost itself; differentiate it.")),
        (
            lambda a, y: (a - y) * a * (1 - a),
            N_(
                "that is dC/dz; backprop_example multiplies by the sigmoid's slope separately, "
                "so the cost derivative is only dC/da."
            ),
        ),
    ],
    hints=[
        N_("The cost of one example is (a - y)^2 / 2. Differentiate it with respect to a."),
        N_("The 1/2 cancels the 2 that the square brings down: what is left?"),
        N_("`return a - y`."),
    ],
)
def cost_derivative(a, y):
    return a - y  # d/da of (a - y)^2 / 2


@value_exercise(
    "04-bug-batch-size",
    N_("Bug 4: what should each step be divided by?"),
    expected=1,
    rtol=0.0,
    atol=0.0,
    mistakes={
        0: N_(
            "that is what the broken code divides by on the first example (i = 0): "
            "a ZeroDivisionError. How many examples does each step follow?"
        ),
        (lambda a: float(a) > 1): N_(
            "each step follows the gradient of one single example, not of the whole set."
        ),
    },
    wrong_answers=[(4, "one single example")],
    hints=[
        N_(
            "The loop takes one step per example: each step's gradient comes from how many "
            "examples?"
        ),
        N_(
            "Dividing by the batch size turns a sum of per-example gradients into a mean; a "
            "batch of one example needs no dividing at all, or dividing by ..."
        ),
        N_("`batch_size_per_step = 1`."),
    ],
)
def batch_size_per_step():
    return 1  # one example per step
