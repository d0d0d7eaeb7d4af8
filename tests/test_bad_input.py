"""A learner's mistakes meet clear answers: each bad input a learner is likely to type gets an
error that says what was expected and the fix, never a wrong number, a hang or a raw
traceback. One row per case; the message fragment is what a test can hold the message to.

Widgets and plots: tests/test_widgets_errors.py and tests/test_plots.py; save / load:
tests/test_persistence.py; MNIST: tests/test_mnist.py; exercises: tests/test_exercises.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import nnbook
from nnbook import (
    History,
    Network,
    TrainingDivergedError,
    one_hot,
    quadratic_cost,
    quadratic_cost_gradient,
    relu,
    relu_prime,
    sigmoid,
    sigmoid_cross_entropy,
    sigmoid_cross_entropy_gradient,
    sigmoid_prime,
    softmax,
    softmax_cross_entropy,
    softmax_cross_entropy_gradient,
)

COSTS = [
    quadratic_cost,
    quadratic_cost_gradient,
    sigmoid_cross_entropy,
    sigmoid_cross_entropy_gradient,
    softmax_cross_entropy,
    softmax_cross_entropy_gradient,
]
ONE_HOT = one_hot([0, 1, 2, 1], 3)

# --------------------------------------------------------------------------------- costs

COST_CASES = [
    # (arguments, error, fragment of the message)
    ((np.full((4, 1), 0.5), np.zeros(4)), ValueError, r"would broadcast to \(4, 4\)"),
    ((np.zeros((4, 3)), np.array([0, 1, 2, 1])), ValueError, r"one_hot\(labels, 3\)"),
    ((np.zeros((4, 3)), np.array([[0], [1], [2], [1]])), ValueError, r"one_hot\(labels, 3\)"),
    ((np.zeros((4, 3)), ONE_HOT[:3]), ValueError, "A has 4 rows but Y has 3|Z has 4 rows"),
    ((np.zeros((0, 3)), np.zeros((0, 3))), ValueError, "no examples"),
    ((np.zeros(3), np.zeros(3)), ValueError, r"must be 2-D \(n_samples, n_outputs\)"),
    (("abc", ONE_HOT), TypeError, "array of numbers"),
    ((np.zeros((4, 3)), [["a"] * 3] * 4), TypeError, "array of numbers"),
    ((np.zeros((4, 3)) + 1j, ONE_HOT), TypeError, "complex"),
    ((None, ONE_HOT), TypeError, "array of numbers"),
    (([[0.0, 1.0], [1.0]], [[0.0, 1.0], [1.0, 0.0]]), ValueError, "rectangular"),
]


@pytest.mark.parametrize("cost", COSTS, ids=lambda f: f.__name__)
@pytest.mark.parametrize(("args", "error", "match"), COST_CASES)
def test_costs_refuse_bad_input_with_the_fix(cost, args, error, match):
    with pytest.raises(error, match=match):
        cost(*args)


@pytest.mark.parametrize(
    "cost",
    [sigmoid_cross_entropy, sigmoid_cross_entropy_gradient]
    + [softmax_cross_entropy, softmax_cross_entropy_gradient],
    ids=lambda f: f.__name__,
)
@pytest.mark.parametrize("Y", [np.full((2, 2), 2.0), np.full((2, 2), -0.5)])
def test_cross_entropies_want_targets_between_0_and_1(cost, Y):
    with pytest.raises(ValueError, match=r"Y must lie in \[0, 1\]"):
        cost(np.zeros((2, 2)), Y)


@pytest.mark.parametrize(
    "cost", [softmax_cross_entropy, softmax_cross_entropy_gradient], ids=lambda f: f.__name__
)
def test_softmax_cross_entropy_wants_rows_that_sum_to_1(cost):
    with pytest.raises(ValueError, match="row 1 sums to 0.5"):
        cost(np.zeros((2, 2)), np.array([[1.0, 0.0], [0.5, 0.0]]))


def test_the_column_against_flat_targets_case_is_the_right_number_once_fixed():
    A, y = np.full((4, 1), 0.5), np.zeros(4)
    assert quadratic_cost(A, y.reshape(-1, 1)) == pytest.approx(0.125)  # not 0.5


@pytest.mark.parametrize("cost", COSTS, ids=lambda f: f.__name__)
def test_integer_and_boolean_targets_are_numbers(cost):
    """Integer one-hot rows (and booleans) are real targets: converted, not refused."""
    Z = np.array([[0.3, -0.2, 0.1], [1.0, 0.0, -1.0]])
    Y_int = np.array([[0, 1, 0], [1, 0, 0]])
    expected = np.asarray(cost(Z, Y_int.astype(float)))
    np.testing.assert_array_equal(np.asarray(cost(Z, Y_int)), expected)
    np.testing.assert_array_equal(np.asarray(cost(Z, Y_int.astype(bool))), expected)


# --------------------------------------------------------------------------------- activations

ACTIVATIONS = [sigmoid, sigmoid_prime, relu, relu_prime, softmax]
ACTIVATION_CASES = [
    ("3", TypeError, "got the string '3'"),
    (None, TypeError, "got None"),
    (1 + 2j, TypeError, "complex"),
    (np.array([1.0, 2.0]) * 1j, TypeError, "complex"),
    ([], ValueError, "empty"),
    (np.zeros((0, 3)), ValueError, "empty"),
    (np.array(["a", "b"]), TypeError, "array of numbers"),
    ({"z": 1}, TypeError, "array of numbers"),
]


@pytest.mark.parametrize("function", ACTIVATIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize(("z", "error", "match"), ACTIVATION_CASES)
def test_activations_refuse_what_is_not_a_real_number(function, z, error, match):
    with pytest.raises(error, match=match):
        function(z)


@pytest.mark.parametrize(
    ("Z", "expected"),
    [
        ([[np.inf, 0.0]], [[1.0, 0.0]]),
        ([[0.0, np.inf, np.inf]], [[0.0, 0.5, 0.5]]),
        ([[np.inf, -np.inf], [1.0, 1.0]], [[1.0, 0.0], [0.5, 0.5]]),
        ([[-np.inf, 0.0]], [[0.0, 1.0]]),
    ],
)
def test_softmax_of_infinities_is_its_limit(Z, expected):
    with np.errstate(all="raise"):  # and no warning on the way
        np.testing.assert_array_equal(softmax(np.array(Z)), expected)


def test_softmax_of_a_row_of_minus_infinity_says_it_has_no_limit():
    with pytest.raises(ValueError, match="all -inf"):
        softmax([[-np.inf, -np.inf]])


# --------------------------------------------------------------------------------- network


@pytest.mark.parametrize(
    ("options", "error", "match"),
    [
        ({"dtype": "banana"}, ValueError, "dtype must be np.float32 or np.float64; got 'banana'"),
        ({"dtype": int}, ValueError, "dtype must be np.float32 or np.float64"),
        ({"hidden": "no_such_activation"}, ValueError, "Unknown hidden='no_such_activation'"),
        ({"output": "relu"}, ValueError, "Unknown output='relu'"),
        ({"seed": "0"}, TypeError, "seed must be None, a non-negative integer"),
    ],
)
def test_network_options_are_checked(options, error, match):
    with pytest.raises(error, match=match):
        Network([2, 3, 1], **options)


def _xor_net():
    return Network([2, 3, 1], seed=0)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda n, X, Y: n.feedforward(np.array([[np.nan, 1.0]])), ValueError, "NaN"),
        (lambda n, X, Y: n.predict([[0.0, 1.0, 2.0]]), ValueError, "must have 2 columns"),
        (lambda n, X, Y: n.predict(np.array([0.0, 1.0])), ValueError, r"reshape\(1, -1\)"),
        (lambda n, X, Y: n.feedforward("0 1"), TypeError, "must hold numbers"),
        (lambda n, X, Y: n.backprop(X, Y[:, 0]), ValueError, r"reshape\(-1, 1\)"),
        (lambda n, X, Y: n.backprop(X, Y[:3]), ValueError, "must have 4 rows"),
        (lambda n, X, Y: n.accuracy(X, Y), ValueError, r"must be 1-D"),
        (lambda n, X, Y: n.accuracy(X, Y[:, 0]), TypeError, r"astype\(int\)"),
        (lambda n, X, Y: n.total_cost(X, Y + 1j), TypeError, "must hold numbers"),
    ],
)
def test_network_methods_check_their_input(call, error, match):
    X, Y = nnbook.xor()
    with pytest.raises(error, match=match):
        call(_xor_net(), X, Y)


def test_nan_weights_give_an_error_not_predictions():
    net = _xor_net()
    net.weights[0][0, 0] = np.nan
    for call in (net.feedforward, net.predict):
        with pytest.raises(ValueError, match=r"weights\[0\] contains NaN"):
            call(np.zeros((1, 2)))


@pytest.mark.parametrize("batch_size", [1, 4])
def test_a_huge_learning_rate_raises_instead_of_returning_a_history(batch_size):
    X, Y = nnbook.xor()
    with pytest.raises(TrainingDivergedError, match=r"learning_rate=1e\+308: training diverged"):
        _xor_net().fit(X, Y, epochs=1, batch_size=batch_size, learning_rate=1e308, progress=False)
    with pytest.raises(TrainingDivergedError, match="too large to compute with"):
        _xor_net().step(X, Y, learning_rate=1e308)


def test_divergence_from_absurd_targets_says_what_is_out_of_range():
    X, Y = nnbook.xor()
    net = Network([2, 3, 1], cost="quadratic", seed=0)
    out_of_reach = r"targets range from .*1e\+300, but a sigmoid output lies between 0 and 1"
    with pytest.raises(TrainingDivergedError, match=out_of_reach) as info:
        net.fit(X, Y * 1e300, epochs=3, batch_size=1, learning_rate=0.1, progress=False)
    assert "learning rate" not in str(info.value)  # it does not blame the learning rate


def test_cross_entropy_targets_outside_0_1_are_refused_before_training():
    X, Y = nnbook.xor()
    net = Network([2, 3, 1], cost="cross_entropy", seed=0)
    with pytest.raises(ValueError, match=r"Y must lie in \[0, 1\] for the cross-entropy"):
        net.fit(X, 3 * Y, epochs=1, batch_size=4, learning_rate=0.1, progress=False)


@pytest.mark.parametrize(
    ("history", "text"),
    [
        (History(), "History(epochs=0)"),
        (History(costs=[0.5]), "History(epochs=1, cost=0.5)"),
        (History(costs=[0.5], validation_accuracy=[0.25]), "validation_accuracy=25.00%"),
        (History(train_accuracy=[1.0]), "History(epochs=0, train_accuracy=100.00%)"),
    ],
)
def test_history_repr_with_partial_data(history, text):
    assert text in repr(history)


@pytest.mark.parametrize(
    "callback", [lambda epoch: None, lambda: None, lambda a, b, c: None], ids=["1", "0", "3"]
)
def test_a_callback_with_the_wrong_signature_names_the_expected_one(callback):
    X, Y = nnbook.xor()
    with pytest.raises(TypeError, match=r"callback\(epoch, history\)"):
        _xor_net().fit(
            X, Y, epochs=1, batch_size=4, learning_rate=0.1, progress=False, callback=callback
        )


def test_a_callback_with_defaults_or_star_args_is_fine():
    X, Y = nnbook.xor()
    seen = []
    _xor_net().fit(
        X, Y, epochs=2, batch_size=4, learning_rate=0.1, progress=False,
        callback=lambda *args: seen.append(args[0]),
    )  # fmt: skip
    assert seen == [0, 1]


def test_the_quadratic_cost_is_never_silently_a_different_number():
    """The walkthrough's wrong-number case, end to end: the error comes before any number."""
    A = nnbook.sigmoid(np.zeros((4, 1)))
    with pytest.raises(ValueError):
        quadratic_cost(A, np.zeros(4))
    assert math.isclose(quadratic_cost(A, np.zeros((4, 1))), 0.125)
