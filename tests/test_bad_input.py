"""A learner's mistakes meet clear answers: each bad input a learner is likely to type gets an
error that says what was expected and the fix, never a wrong number, a hang or a raw
traceback. One row per case; the message fragment is what a test can hold the message to.

Widgets and plots: tests/test_widgets_errors.py and tests/test_plots.py; save / load:
tests/test_persistence.py; MNIST: tests/test_mnist.py; exercises: tests/test_exercises.py.
"""

from __future__ import annotations

import json
import math
import re
import warnings
from pathlib import Path

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


@pytest.mark.parametrize(
    "Z", [[[np.inf, np.inf]], [[0.0, np.inf, np.inf]], [[1.0, 2.0], [np.inf, np.inf]], [np.inf] * 2]
)
def test_softmax_of_two_infinities_in_a_row_says_it_has_no_single_limit(Z):
    # inf/inf: the answer depends on how each entry grew, so no number is right
    with pytest.raises(ValueError, match=r"2 entries equal to \+inf.*no single limit.*overflow"):
        softmax(np.array(Z))


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
    with pytest.raises(
        TrainingDivergedError, match=r"With learning_rate=1e\+308, training diverged"
    ):
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


# ------------------------------------------------------------ bad input that returned a number


def _one_warning(record, category):
    found = [w for w in record if issubclass(w.category, category)]
    assert len(found) == 1, [str(w.message) for w in record]
    assert found[0].filename == __file__  # it points at the learner's own line
    return str(found[0].message)


def test_check_gradients_warns_when_h_is_too_small_for_floating_point():
    net = Network([2, 3, 2], seed=0)
    X, Y = np.array([[0.5, -1.0], [0.2, 0.3]]), np.array([[1.0, 0.0], [0.0, 1.0]])
    with pytest.warns(UserWarning) as record:
        errors = nnbook.check_gradients(net, X, Y, h=1e-12)
    message = _one_warning(record, UserWarning)
    assert "h = 1e-12 is too small for floating point" in message
    assert "Use h between 1e-6 and 1e-5" in message
    assert max(errors.values()) > 1e-7  # what the warning explains: rounding, not a bug
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the default step: no warning
        assert max(nnbook.check_gradients(net, X, Y).values()) < 1e-7


def _ten_classes():
    rng = np.random.default_rng(0)
    X = rng.random((500, 20))
    return X, one_hot(X[:, :10].argmax(axis=1), 10)


def test_fit_warns_when_large_steps_saturate_the_network_and_training_stalls():
    # lesson 05's network at learning_rate=300: the cost falls to 0.5 (every output 0) and
    # stays, the accuracy that of guessing; no cost ever becomes infinite
    X, Y = _ten_classes()
    net = Network([20, 30, 10], seed=0)
    with pytest.warns(nnbook.training.TrainingDivergedWarning) as record:
        net.fit(X, Y, epochs=4, batch_size=10, learning_rate=300.0, progress=False)
    message = _one_warning(record, nnbook.training.TrainingDivergedWarning)
    assert "Training stalled with learning_rate=300" in message
    assert "no better than always guessing" in message
    assert "Try a smaller learning rate" in message


@pytest.mark.parametrize("learning_rate", [0.001, 3.0])
def test_fit_does_not_warn_of_divergence_when_training_learns_or_is_only_slow(learning_rate):
    X, Y = _ten_classes()
    with warnings.catch_warnings():
        warnings.simplefilter("error", nnbook.training.TrainingDivergedWarning)
        Network([20, 30, 10], seed=0).fit(
            X, Y, epochs=4, batch_size=10, learning_rate=learning_rate, progress=False
        )


def test_fit_warns_when_the_cost_ends_far_above_where_it_started():
    rng = np.random.default_rng(0)
    X = rng.random((300, 8))
    Y = one_hot(X[:, :3].argmax(axis=1), 3)
    net = Network([8, 16, 3], hidden="relu", output="softmax", cost="cross_entropy", seed=0)
    with pytest.warns(nnbook.training.TrainingDivergedWarning) as record:
        net.fit(X, Y, epochs=5, batch_size=10, learning_rate=30.0, progress=False)
    message = _one_warning(record, nnbook.training.TrainingDivergedWarning)
    assert re.search(r"The training cost rose from [\d.]+ before training", message)
    assert "with learning_rate=30, training diverged. Try a smaller learning rate, such as 3." in (
        message
    )


def test_a_network_warns_on_inputs_that_look_like_raw_pixels():
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, size=(20, 784)).astype(np.uint8)
    Y = one_hot(np.arange(20) % 10, 10)
    net = Network([784, 10, 10], seed=0)
    with pytest.warns(nnbook.network_checks.RawPixelsWarning) as record:
        net.fit(pixels, Y, epochs=1, batch_size=10, learning_rate=1.0, progress=False)
    message = _one_warning(record, nnbook.network_checks.RawPixelsWarning)
    assert "X holds whole numbers from 0 to 255: raw pixel values" in message
    assert "X = X / 255" in message
    with pytest.warns(nnbook.network_checks.RawPixelsWarning):
        net.accuracy(pixels, np.arange(20) % 10)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # scaled images, and toy data of few columns: no warning
        net.fit(pixels / 255, Y, epochs=1, batch_size=10, learning_rate=1.0, progress=False)
        net.accuracy(pixels / 255, np.arange(20) % 10)
        Network([2, 1], seed=0).feedforward([[3.0, 200.0]])


def test_lesson_02s_train_neuron_refuses_a_learning_rate_that_climbs():
    notebook = json.loads((Path(__file__).parents[1] / "notebooks/02_one_neuron.ipynb").read_text())
    cell = next(
        "".join(c["source"])
        for c in notebook["cells"]
        if "def train_neuron(" in "".join(c["source"])
    )
    names = {"np": np, "sigmoid": nnbook.sigmoid, "quadratic_cost": nnbook.quadratic_cost}
    names["say"] = nnbook.say  # the cell says its error through say, as every cell does
    exec(cell[: cell.index("\n\n\nW, b, costs, path")], names)  # the function only
    X, Y = np.array([[1.0, 0.0, 1.0]]), np.array([[1.0]])
    W, b = np.zeros((3, 1)), np.zeros(1)
    for learning_rate in (-4.0, 0.0):
        with pytest.raises(ValueError, match="learning_rate must be a number > 0; got"):
            names["train_neuron"](X, Y, W, b, learning_rate=learning_rate, epochs=3)
    _, _, costs, _ = names["train_neuron"](X, Y, W, b, learning_rate=4.0, epochs=3)
    assert np.all(np.diff(costs) < 0)


def test_the_smallest_step_that_does_not_warn_still_passes_a_correct_network():
    net = Network([4, 5, 3], seed=0)
    rng = np.random.default_rng(0)
    X, Y = rng.random((5, 4)), one_hot(rng.integers(0, 3, 5), 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert max(nnbook.check_gradients(net, X, Y, h=1e-7).values()) < 1e-7
    with pytest.warns(UserWarning, match="too small for floating point"):
        nnbook.check_gradients(net, X, Y, h=1e-8)
