"""Tests of nnbook.activations: known values, stability, and properties (Hypothesis)."""

import math
import re
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnbook import relu, relu_prime, sigmoid, sigmoid_prime, softmax
from nnbook.activations import (
    ACTIVATIONS,
    Activation,
    hidden_activations,
    output_activations,
    register_activation,
    softmax_backward,
)

# Hypothesis's per-example deadline would make these flaky on a busy CI machine.
no_deadline = settings(deadline=None)

finite = st.floats(allow_nan=False, allow_infinity=False)
moderate = st.floats(min_value=-30, max_value=30)


def exact_sigmoid(z: float) -> float:
    """The sigmoid in plain Python floats, for moderate z."""
    return 1.0 / (1.0 + math.exp(-z))


# --------------------------------------------------------------------------- known values


def test_sigmoid_known_values():
    assert sigmoid(0.0) == 0.5  # exactly
    assert sigmoid_prime(0.0) == 0.25  # exactly: 0.5 * (1 - 0.5)
    np.testing.assert_allclose(sigmoid([1.0, -1.0]), [0.7310585786300049, 0.2689414213699951])
    # far in the left tail the value is tiny but keeps full relative precision
    assert sigmoid(-50.0) == pytest.approx(math.exp(-50) / (1 + math.exp(-50)), rel=1e-14)


def test_relu_known_values():
    np.testing.assert_array_equal(relu([-2.0, 0.0, 3.5]), [0.0, 0.0, 3.5])
    np.testing.assert_array_equal(relu_prime([-2.0, 0.0, 3.5]), [0.0, 0.0, 1.0])


def test_softmax_known_values():
    A = softmax(np.array([[0.0, 0.0], [np.log(3.0), 0.0]]))
    np.testing.assert_allclose(A, [[0.5, 0.5], [0.75, 0.25]], rtol=1e-15)
    # a 1-D array is one example
    np.testing.assert_allclose(softmax(np.array([0.0, 0.0, 0.0, 0.0])), [0.25] * 4)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_activations_keep_the_float_dtype(dtype):
    z = np.array([[-1.0, 0.5]], dtype=dtype)
    for function in (sigmoid, sigmoid_prime, relu, relu_prime, softmax):
        assert function(z).dtype == dtype, function.__name__


def test_integers_become_float64():
    assert sigmoid(np.array([0, 1])).dtype == np.float64
    assert relu([1, -1]).dtype == np.float64


# --------------------------------------------------------------------------- stability


@pytest.mark.parametrize("z", [1e4, -1e4, 1e300, -1e300, 709.8, -709.8, 745.2, -745.2])
def test_no_overflow_warning_and_correct_limits(z):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = sigmoid(np.array([z]))[0]
        p = sigmoid_prime(np.array([z]))[0]
        A = softmax(np.array([[z, -z, 0.0]]))
    assert s == (1.0 if z > 0 else pytest.approx(math.exp(z) / (1 + math.exp(z)), rel=1e-13))
    assert 0.0 <= p <= 1e-300
    expected = [1.0, 0.0, 0.0] if z > 0 else [0.0, 1.0, 0.0]
    np.testing.assert_allclose(A, [expected], atol=1e-300)


def test_softmax_of_a_row_spanning_the_whole_float_range():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        A = softmax(np.array([[1.7e308, -1.7e308]]))
    np.testing.assert_array_equal(A, [[1.0, 0.0]])


# --------------------------------------------------------------------------- properties


@no_deadline
@given(finite)
def test_sigmoid_is_a_probability_and_symmetric(z):
    s, s_minus = float(sigmoid(z)), float(sigmoid(-z))
    assert 0.0 <= s <= 1.0
    assert s + s_minus == pytest.approx(1.0, abs=4.5e-16)  # 2 ulp


@no_deadline
@given(moderate)
def test_sigmoid_matches_the_formula(z):
    assert float(sigmoid(z)) == pytest.approx(exact_sigmoid(z), rel=1e-15)  # a few ulp


@no_deadline
@given(finite, finite)
def test_sigmoid_is_monotone(z1, z2):
    lo, hi = min(z1, z2), max(z1, z2)
    assert sigmoid(lo) <= sigmoid(hi)


@no_deadline
@given(moderate)
def test_sigmoid_prime_is_the_derivative(z):
    # sigma' is even; differencing at -|z|, where sigma is small, keeps the reference's
    # rounding error relative to the (small) derivative instead of to sigma ~ 1.
    h, w = 1e-5, -abs(z)
    central = (exact_sigmoid(w + h) - exact_sigmoid(w - h)) / (2 * h)
    p = float(sigmoid_prime(z))
    assert 0.0 <= p <= 0.25
    assert p == pytest.approx(central, rel=1e-6, abs=1e-11)


@no_deadline
@given(finite)
def test_relu_properties(z):
    r = float(relu(z))
    assert r >= 0.0
    assert r - float(relu(-z)) == z  # relu(z) - relu(-z) = z, exactly
    assert float(relu_prime(z)) == (1.0 if z > 0 else 0.0)


@no_deadline
@given(arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 6)), elements=finite))
def test_softmax_rows_are_probability_vectors(Z):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        A = softmax(Z)
    assert A.shape == Z.shape
    assert np.all((A >= 0) & (A <= 1))
    np.testing.assert_allclose(A.sum(axis=1), 1.0, rtol=0, atol=1e-14)
    # the largest score gets the largest probability
    np.testing.assert_array_equal(A[np.arange(len(Z)), Z.argmax(axis=1)], A.max(axis=1))


@no_deadline
@given(
    arrays(np.float64, (3, 4), elements=st.floats(-50, 50)),
    st.floats(-1e3, 1e3),
)
def test_softmax_matches_the_formula_and_ignores_a_shift(Z, c):
    direct = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(softmax(Z), direct, rtol=1e-13, atol=1e-300)
    np.testing.assert_allclose(softmax(Z + c), direct, rtol=1e-9, atol=1e-300)


@no_deadline
@given(
    arrays(np.float64, (2, 3), elements=st.floats(-5, 5)),
    arrays(np.float64, (2, 3), elements=st.floats(-1, 1)),
)
def test_softmax_backward_is_the_jacobian_product(Z, G):
    """softmax_backward against the full Jacobian, built entry by entry by finite differences."""
    A = softmax(Z)
    h = 1e-6
    expected = np.zeros_like(Z)
    for i in range(Z.shape[0]):
        for k in range(Z.shape[1]):
            up, down = Z[i].copy(), Z[i].copy()
            up[k] += h
            down[k] -= h
            dA_dzk = (softmax(up) - softmax(down)) / (2 * h)  # column k of the Jacobian
            expected[i, k] = G[i] @ dA_dzk
    np.testing.assert_allclose(softmax_backward(A, G), expected, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name", [n for n, a in ACTIVATIONS.items() if a.derivative_from_output])
def test_every_registered_derivative_matches_central_differences(name):
    """The registry pairs each elementwise activation with its derivative (BP1 and BP2 use it)."""
    assert_derivative_matches_central_differences(name)


def test_a_newly_registered_derivative_is_checked(registered_tanh):
    assert_derivative_matches_central_differences(registered_tanh)


def assert_derivative_matches_central_differences(name):
    Z = np.array([[-2.0, -0.5, 0.3, 4.0]])  # away from relu's kink at 0
    activation = ACTIVATIONS[name]
    h = 1e-6
    numerical = (activation.function(Z + h) - activation.function(Z - h)) / (2 * h)
    from_output = activation.derivative_from_output(activation.function(Z))  # f'(Z) from A = f(Z)
    np.testing.assert_allclose(from_output, numerical, rtol=1e-8, atol=1e-12)


def test_the_registry_says_which_layer_may_use_what():
    assert hidden_activations() == tuple(n for n, a in ACTIVATIONS.items() if a.hidden)
    assert output_activations() == tuple(n for n, a in ACTIVATIONS.items() if a.output)
    assert "relu" not in output_activations() and "softmax" not in hidden_activations()
    assert ACTIVATIONS["softmax"].derivative_from_output is None  # a Jacobian: softmax_backward


def test_every_registered_name_is_one_register_activation_would_accept():
    """A line written straight into ACTIVATIONS obeys the same rule: a Python identifier, under
    its own name, never starting with "no_such_" (the error tests' unknown names)."""
    for key, activation in ACTIVATIONS.items():
        assert key == activation.name and key.isidentifier(), key
        assert not key.startswith("no_such_"), key


def test_the_layer_lists_include_an_activation_registered_after_import(registered_tanh):
    assert registered_tanh in hidden_activations() and registered_tanh in output_activations()


def _derivative(A):
    return 1.0 - A * A


@pytest.mark.parametrize(
    ("activation", "error", "message"),
    [
        (np.tanh, TypeError,
         "register_activation expects an Activation(name, function, derivative_from_output); "
         "got a function (tanh)."),
        (Activation("no_such_tanh", np.tanh, _derivative), ValueError,
         "A name in ACTIVATIONS must be a Python identifier such as 'tanh', not starting with "
         "'no_such_'; got 'no_such_tanh'. Choose a name like that."),
        (Activation("tan h", np.tanh, _derivative), ValueError, "identifier"),
        (Activation(3, np.tanh, _derivative), ValueError, "got 3."),
        (Activation("sigmoid", np.tanh, _derivative), ValueError,
         "ACTIVATIONS has an entry named 'sigmoid' already; choose another name, or remove "
         "the old one first with del ACTIVATIONS['sigmoid']."),
        (Activation("never_used", np.tanh, None), TypeError,
         "The activation 'never_used' needs a callable derivative_from_output; got None. Give "
         "a function of one array."),
        (Activation("never_used", "tanh", _derivative), TypeError,
         "callable function; got 'tanh'."),
        (Activation("never_used", np.tanh, _derivative, hidden=False, output=False), ValueError,
         "The activation 'never_used' has hidden=False and output=False, so no layer could use "
         "it; set at least one of them to True."),
    ],
)  # fmt: skip
def test_register_activation_refuses_bad_input_and_says_why(activation, error, message):
    before = dict(ACTIVATIONS)
    with pytest.raises(error, match=re.escape(message)):
        register_activation(activation)
    assert ACTIVATIONS == before  # nothing half-registered


def test_relu_prime_keeps_nan():
    """relu'(NaN) is not 0: a NaN that reaches the backward pass must stay visible (issue 18)."""
    result = relu_prime(np.array([-1.0, 0.0, 2.0, np.nan]))
    np.testing.assert_array_equal(result[:3], [0.0, 0.0, 1.0])
    assert np.isnan(result[3])
    assert relu_prime(np.array([np.nan], dtype=np.float32)).dtype == np.float32


def test_the_activation_table_is_read_from_the_registry(registered_tanh):
    from nnbook.activations import activation_table

    lines = activation_table().splitlines()
    assert lines[0] == "| activation | hidden layers | output layer | derivative |"
    rows = {line.split(" | ")[0].strip("| `"): line for line in lines[2:]}
    assert list(rows) == list(ACTIVATIONS)  # every registered activation, in order
    assert rows["relu"].startswith("| `relu` | yes | no |")
    assert rows["softmax"].startswith("| `softmax` | no | yes | a matrix per example")
    assert rows[registered_tanh].startswith(f"| `{registered_tanh}` | yes | yes | elementwise")
