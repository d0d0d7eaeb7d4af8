"""The hand-written 2-2-1 network of lesson 03 against finite differences and nnbook.Network."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnbook.datasets.toy import weight_height
from nnbook.network import Network
from nnbook.scalar_net import PARAMETER_NAMES, ScalarNetwork

finite = st.floats(min_value=-3.0, max_value=3.0, allow_nan=False)


def _central_differences(net: ScalarNetwork, X: np.ndarray, Y: np.ndarray, h: float = 1e-6):
    """dC/dp for each parameter from the cost alone (nothing from ScalarNetwork.gradients)."""
    result = {}
    for name in PARAMETER_NAMES:
        plus, minus = net.copy(), net.copy()
        setattr(plus, name, getattr(net, name) + h)
        setattr(minus, name, getattr(net, name) - h)
        result[name] = (plus.cost_of(X, Y) - minus.cost_of(X, Y)) / (2 * h)
    return result


def test_hand_worked_example():
    # All weights 0 except w5 = 2, w6 = -2; x = (1, 2), y = 1.
    # z_h1 = z_h2 = 0 -> h1 = h2 = 0.5; z_o = 2 * 0.5 - 2 * 0.5 = 0 -> o = 0.5.
    # dC/do = o - y = -0.5; sigma'(0) = 0.25 -> delta_o = -0.125.
    # dC/dw5 = delta_o h1 = -0.0625 = dC/dw6; dC/db3 = -0.125.
    # delta_h1 = delta_o * w5 * 0.25 = -0.0625 -> dC/dw1 = -0.0625 * 1, dC/dw2 = -0.0625 * 2.
    # delta_h2 = delta_o * w6 * 0.25 = +0.0625 -> dC/dw3 = 0.0625, dC/dw4 = 0.125.
    net = ScalarNetwork(w1=0, w2=0, w3=0, w4=0, w5=2, w6=-2, b1=0, b2=0, b3=0)
    assert net.forward(1.0, 2.0).o == pytest.approx(0.5, abs=1e-15)
    expected = {
        "w1": -0.0625,
        "w2": -0.125,
        "w3": 0.0625,
        "w4": 0.125,
        "w5": -0.0625,
        "w6": -0.0625,
        "b1": -0.0625,
        "b2": 0.0625,
        "b3": -0.125,
    }
    got = net.gradients(1.0, 2.0, 1.0)
    assert list(got) == list(PARAMETER_NAMES)
    for name, value in expected.items():
        assert got[name] == pytest.approx(value, abs=1e-15), name


@settings(max_examples=40, deadline=None)
@given(
    params=st.lists(finite, min_size=9, max_size=9),
    x=st.lists(finite, min_size=2, max_size=2),
    y=st.floats(min_value=0.0, max_value=1.0),
)
def test_gradients_match_central_differences(params, x, y):
    net = ScalarNetwork(*params)
    X, Y = np.array([x]), np.array([[y]])
    analytic = net.gradients(x[0], x[1], y)
    numeric = _central_differences(net, X, Y)
    for name in PARAMETER_NAMES:
        assert analytic[name] == pytest.approx(numeric[name], abs=1e-8, rel=1e-5), (
            f"{name}: hand-derived {analytic[name]!r}, central differences {numeric[name]!r}"
        )


@settings(max_examples=40, deadline=None)
@given(params=st.lists(finite, min_size=9, max_size=9), seed=st.integers(0, 2**16))
def test_matches_matrix_network_backprop(params, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(5, 2))
    Y = rng.uniform(size=(5, 1))
    scalar = ScalarNetwork(*params)
    net = Network([2, 2, 1], seed=0)
    net.weights, net.biases = scalar.to_matrices()
    np.testing.assert_allclose(net.feedforward(X)[:, 0], scalar.predict(X), rtol=1e-12)
    assert net.total_cost(X, Y) == pytest.approx(scalar.cost_of(X, Y), rel=1e-12)
    dW, db = net.backprop(X, Y)
    g = scalar.mean_gradients(X, Y)
    matrix_form = ScalarNetwork.from_matrices(dW, db).parameters()
    for name in PARAMETER_NAMES:
        assert matrix_form[name] == pytest.approx(g[name], abs=1e-12, rel=1e-9), name


def test_to_and_from_matrices_round_trip_and_layout():
    net = ScalarNetwork(*[float(i) for i in range(1, 10)])  # w1 = 1, ..., b3 = 9
    weights, biases = net.to_matrices()
    # Row layout: W[i, j] connects input i to hidden neuron j; w1, w2 feed h1.
    np.testing.assert_array_equal(weights[0], [[1, 3], [2, 4]])
    np.testing.assert_array_equal(weights[1], [[5], [6]])
    np.testing.assert_array_equal(biases[0], [7, 8])
    np.testing.assert_array_equal(biases[1], [9])
    assert ScalarNetwork.from_matrices(weights, biases) == net
    assert Network([2, 2, 1]).weights[0].shape == weights[0].shape


def test_training_on_weight_height_learns_all_four_people():
    X, Y = weight_height()
    net = ScalarNetwork.random(seed=0)
    costs = net.train(X, Y, epochs=1000, learning_rate=0.1)
    assert len(costs) == 1000
    assert costs[-1] < 0.01 < costs[0]
    assert np.array_equal(net.predict(X) >= 0.5, Y[:, 0] == 1)


def test_step_moves_against_the_gradient():
    net = ScalarNetwork.random(seed=3)
    before = net.copy()
    g = before.gradients(0.5, -1.0, 1.0)
    net.step(0.5, -1.0, 1.0, learning_rate=0.1)
    for name in PARAMETER_NAMES:
        assert getattr(net, name) == pytest.approx(getattr(before, name) - 0.1 * g[name])
    assert net.cost_of([[0.5, -1.0]], [1.0]) < before.cost_of([[0.5, -1.0]], [1.0])


def test_random_is_reproducible_and_seeded():
    assert ScalarNetwork.random(seed=5) == ScalarNetwork.random(seed=5)
    assert ScalarNetwork.random(seed=5) != ScalarNetwork.random(seed=6)


@pytest.mark.parametrize(
    ("X", "Y", "match"),
    [
        (np.zeros((3, 3)), np.zeros(3), r"X must have 2 columns \(n_samples, n_inputs\)"),
        (np.zeros(2), np.zeros(1), r"X.reshape\(1, -1\)"),
        (np.zeros((3, 2)), np.zeros(4), r"Y must have 3 rows \(one per example\)"),
        (np.full((1, 2), np.nan), np.zeros(1), "NaN"),
    ],
)
def test_bad_input_raises_with_a_clear_message(X, Y, match):
    with pytest.raises(ValueError, match=match):
        ScalarNetwork.random().train(X, Y, epochs=1)


def test_bad_hyperparameters_and_matrices():
    X, Y = weight_height()
    with pytest.raises(ValueError, match="learning_rate"):
        ScalarNetwork.random().train(X, Y, epochs=1, learning_rate=0.0)
    with pytest.raises(ValueError, match=r"weights\[0\] must have shape \(2, 2\)"):
        ScalarNetwork.from_matrices(
            [np.zeros((2, 3)), np.zeros((2, 1))], [np.zeros(2), np.zeros(1)]
        )
    with pytest.raises(ValueError, match="lists of two arrays"):
        ScalarNetwork.from_matrices([np.zeros((2, 2))], [np.zeros(2), np.zeros(1)])


@pytest.mark.parametrize("seed", [True, "0", 1.5])
def test_random_follows_the_one_seed_rule(seed):
    """``ScalarNetwork.random`` turns a seed into a generator as ``Network`` does: ``True`` is
    not a seed, and a string gets nnbook's message, not numpy's (issue 18)."""
    with pytest.raises(TypeError, match=r"seed must be None, a non-negative integer"):
        ScalarNetwork.random(seed)


def test_random_with_the_same_seed_is_the_same_network():
    assert ScalarNetwork.random(3).parameters() == ScalarNetwork.random(3).parameters()
    with pytest.raises(ValueError, match="non-negative"):
        ScalarNetwork.random(-1)
