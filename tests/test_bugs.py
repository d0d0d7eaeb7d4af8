"""The broken copies of lesson 04 are caught, and the correct per-example code passes.

``nnbook.reference`` is the seeds' per-example loop done right; ``nnbook.bugs`` holds copies of
it with one seed bug each. Every bug must be caught by the gradient check or by a test here,
and the correct version must pass the same check.
"""

from __future__ import annotations

import ast
import inspect
import textwrap

import numpy as np
import pytest

from nnbook import bugs, reference
from nnbook import network as nnbook_network
from nnbook.datasets.toy import xor
from nnbook.gradcheck import check_gradients
from nnbook.network import Network
from nnbook.reference import (
    LoopNetwork,
    backprop_example,
    cost_derivative,
    loop_gradients,
    train_per_example,
    update_mini_batch,
)

PASS = 1e-7  # relative error of a correct backward pass in float64
FAIL = 1e-2  # relative error that means a bug


def _batch(seed: int = 0, n: int = 6, sizes=(3, 4, 5, 2)):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, sizes[0])), rng.uniform(size=(n, sizes[-1]))


def _body_lines(function) -> list[str]:
    """The function's body as normalised source lines, without docstring and comments."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    body = tree.body[0].body
    if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    return "\n".join(ast.unparse(node) for node in body).splitlines()


# --------------------------------------------------------------------------------------------
# The correct per-example code
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sizes", [(3, 2), (3, 4, 2), (3, 4, 5, 2)])
def test_loop_gradients_pass_the_gradient_check(sizes):
    X, Y = _batch(sizes=sizes)
    errors = check_gradients(LoopNetwork(list(sizes), seed=1), X, Y)
    assert max(errors.values()) < PASS, errors


@pytest.mark.parametrize("sizes", [(3, 2), (3, 4, 5, 2)])
def test_loop_gradients_equal_the_matrix_backprop(sizes):
    X, Y = _batch(seed=2, n=17, sizes=sizes)
    net = Network(list(sizes), seed=2)
    dW_loop, db_loop = loop_gradients(net.weights, net.biases, X, Y)
    dW, db = net.backprop(X, Y)
    for a, b in zip(dW_loop + db_loop, dW + db, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-14)


def test_backprop_example_hand_worked():
    # One layer, one weight: W = [[0]], b = [0], x = [2], y = [1].
    # z = 0, a = 0.5; dC/da = a - y = -0.5; sigma'(0) = 0.25 -> delta = -0.125.
    # dC/dW = x * delta = -0.25; dC/db = delta = -0.125.
    dW, db = backprop_example([np.zeros((1, 1))], [np.zeros(1)], np.array([2.0]), np.array([1.0]))
    np.testing.assert_allclose(dW[0], [[-0.25]], atol=1e-15)
    np.testing.assert_allclose(db[0], [-0.125], atol=1e-15)


def test_reference_functions_do_not_change_their_arguments():
    net = Network([3, 4, 2], seed=0)
    X, Y = _batch(sizes=(3, 4, 2))
    before = [p.copy() for p in net.weights + net.biases]
    loop_gradients(net.weights, net.biases, X, Y)
    update_mini_batch(net.weights, net.biases, X, Y, 1.0)
    train_per_example(net.weights, net.biases, X, Y, learning_rate=1.0, epochs=1)
    for old, new in zip(before, net.weights + net.biases, strict=True):
        np.testing.assert_array_equal(old, new)


def test_update_mini_batch_is_one_network_step():
    net = Network([3, 4, 2], seed=4)
    X, Y = _batch(seed=4, sizes=(3, 4, 2))
    new_weights, new_biases = update_mini_batch(net.weights, net.biases, X, Y, 0.5)
    net.step(X, Y, learning_rate=0.5)
    for a, b in zip(new_weights + new_biases, net.weights + net.biases, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


def test_train_per_example_is_a_sequence_of_one_example_steps_and_learns_xor():
    X, Y = xor()
    net = Network([2, 4, 1], seed=0)
    weights, biases = train_per_example(net.weights, net.biases, X, Y, learning_rate=2.0, epochs=1)
    for x, y in zip(X, Y, strict=True):
        net.step(x[None], y[None], learning_rate=2.0)
    for a, b in zip(weights + biases, net.weights + net.biases, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)
    net = Network([2, 4, 1], seed=0)
    net.weights, net.biases = train_per_example(
        net.weights, net.biases, X, Y, learning_rate=2.0, epochs=2000
    )
    assert net.accuracy(X, Y[:, 0].astype(int)) == 1.0


def test_loop_network_rejects_a_non_function():
    with pytest.raises(TypeError, match="gradients must be a function"):
        LoopNetwork([2, 1], gradients="loop")


# --------------------------------------------------------------------------------------------
# Each bug is caught
# --------------------------------------------------------------------------------------------


def test_seed000_gradient_instead_of_weights_is_caught_by_the_gradient_check():
    X, Y = _batch(sizes=(3, 4, 2))
    errors = check_gradients(
        bugs.broken_network("backprop_example_uses_gradient", [3, 4, 2], seed=1), X, Y
    )
    # The output layer does not use the broken line, so it is still right ...
    assert errors["W1"] < PASS and errors["b1"] < PASS, errors
    # ... and the hidden layer, which does, is wrong.
    assert errors["W0"] > FAIL and errors["b0"] > FAIL, errors


def test_seed003_list_added_to_itself_is_caught_by_the_gradient_check_and_a_test():
    X, Y = _batch(sizes=(3, 4, 2))
    net = bugs.broken_network("loop_gradients_adds_list_to_itself", [3, 4, 2], seed=1)
    errors = check_gradients(net, X, Y)
    assert errors["W0"] == pytest.approx(1.0) and errors["W1"] == pytest.approx(1.0), errors
    assert errors["b0"] < PASS and errors["b1"] < PASS, errors  # the biases are summed right
    # A test without any calculus: one update step must move the weights. Here it does not.
    weights, _ = update_mini_batch(
        net.weights, net.biases, X, Y, 3.0, gradients=bugs.loop_gradients_adds_list_to_itself
    )
    for old, new in zip(net.weights, weights, strict=True):
        np.testing.assert_array_equal(old, new)
    weights, _ = update_mini_batch(net.weights, net.biases, X, Y, 3.0)
    assert all(
        np.abs(new - old).max() > 1e-3 for old, new in zip(net.weights, weights, strict=True)
    )


def test_seed003_cost_derivative_without_y_is_caught():
    X, Y = _batch(sizes=(3, 4, 2))
    errors = check_gradients(
        bugs.broken_network("cost_derivative_missing_y", [3, 4, 2], seed=1), X, Y
    )
    assert min(errors.values()) > FAIL, errors
    a, y = np.array([0.2, 0.9]), np.array([0.0, 1.0])
    np.testing.assert_allclose(cost_derivative(a, y), [0.2, -0.1])
    assert not np.allclose(bugs.cost_derivative_missing_y(a, y), cost_derivative(a, y))


def test_seed002_division_by_the_example_index_fails_on_the_first_example():
    X, Y = xor()
    net = Network([2, 3, 1], seed=0)
    with pytest.raises(ZeroDivisionError):
        bugs.train_dividing_by_example_index(
            net.weights, net.biases, X, Y, learning_rate=1.0, epochs=1
        )
    weights, _ = train_per_example(net.weights, net.biases, X, Y, learning_rate=1.0, epochs=1)
    assert all(np.isfinite(W).all() for W in weights)


def test_broken_network_rejects_an_unknown_bug():
    with pytest.raises(ValueError, match="Unknown bug='typo'; expected one of"):
        bugs.broken_network("typo", [2, 2, 1])


# --------------------------------------------------------------------------------------------
# The broken copies are faithful: each differs from its correct version in one line
# --------------------------------------------------------------------------------------------

PAIRS = [
    (bugs.backprop_example_uses_gradient, reference.backprop_example),
    (bugs.loop_gradients_adds_list_to_itself, reference.loop_gradients),
    (bugs.cost_derivative_missing_y, reference.cost_derivative),
    (bugs.train_dividing_by_example_index, reference.train_per_example),
]


@pytest.mark.parametrize(("broken", "correct"), PAIRS, ids=[b.__name__ for b, _ in PAIRS])
def test_each_broken_copy_differs_from_the_correct_one_in_exactly_one_line(broken, correct):
    broken_lines, correct_lines = _body_lines(broken), _body_lines(correct)
    assert len(broken_lines) == len(correct_lines)
    different = [(b, c) for b, c in zip(broken_lines, correct_lines, strict=True) if b != c]
    assert len(different) == 1, different


def test_every_broken_function_is_labelled_and_described():
    assert set(bugs.BUGS) == {b.__name__ for b, _ in PAIRS}
    for broken, _ in PAIRS:
        assert broken.__doc__.startswith("BROKEN ON PURPOSE"), broken.__name__
        assert bugs.BUGS[broken.__name__].startswith("The "), broken.__name__
        assert " post: " in bugs.BUGS[broken.__name__], broken.__name__


@pytest.mark.parametrize("module", [reference, bugs, nnbook_network])
def test_the_layer_index_l_means_what_it_means_in_network_py(module):
    """``l`` is layer l = 1..L everywhere, as in lesson 04: never counted from the end
    (``weights[-l + 1]``), and the docstring says which list entry holds W^(l)."""
    tree = ast.parse(inspect.getsource(module))
    from_the_end = [
        ast.unparse(node)
        for node in ast.walk(tree)
        if isinstance(node, ast.UnaryOp)
        and isinstance(node.op, ast.USub)
        and isinstance(node.operand, ast.Name)
        and node.operand.id == "l"
    ]
    assert from_the_end == []
    if module is not bugs:  # bugs.py copies reference.py's code, not its docstring
        assert "``weights[l - 1]`` is :math:`W^{(l)}`" in " ".join(module.__doc__.split())
