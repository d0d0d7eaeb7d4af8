"""Tests of nnbook.Network: gradients, a hand-worked example, learning, and bad input."""

import itertools
import math
import re
import warnings

import numpy as np
import pytest

import nnbook
from nnbook import History, Network, TrainingDivergedError, check_gradients, one_hot
from nnbook.activations import hidden_activations, output_activations
from nnbook.costs import COSTS, cost_outputs
from nnbook.initializations import INITIALIZATIONS


def names(choices):
    """``choices`` as an error message lists them: ``'a', 'b'``."""
    return ", ".join(repr(c) for c in choices)


def fit_quietly(net, X, Y, **kwargs):
    kwargs.setdefault("progress", False)
    return net.fit(X, Y, **kwargs)


# --------------------------------------------------------------------------- gradients


def combinations() -> list[tuple[str, str, str]]:
    """Every hidden x output x cost combination the registries allow, read from them now."""
    return [
        (hidden, output, cost)
        for hidden, output, cost in itertools.product(
            hidden_activations(), output_activations(), COSTS
        )
        if output in cost_outputs(cost)
    ]


COMBINATIONS = combinations()


def assert_backprop_matches_finite_differences(hidden, output, cost, depth, seed, init="scaled"):
    """Backprop's gradients against central differences, for a network of ``depth`` layers."""
    sizes = [3] + [5] * (depth - 1) + [4]
    # The check is only meaningful away from a kink such as relu's at z = 0: a step of h = 1e-5
    # in one parameter moves any hidden z by far less than 1e-4. So the first seed whose
    # hidden z all lie farther than that from 0 is used (almost always ``seed`` itself).
    for tried in range(seed, seed + 20):
        rng = np.random.default_rng(tried)
        net = Network(sizes, hidden=hidden, output=output, cost=cost, init=init, seed=tried)
        X = rng.standard_normal((6, 3))
        if output == "softmax" and COSTS[cost].unit_targets:
            Y = one_hot(rng.integers(0, 4, size=6), 4)  # softmax targets: rows summing to 1
        else:
            Y = rng.random((6, 4))
        Zs, _ = net.forward(X)
        if all(np.abs(Z).min() > 1e-4 for Z in Zs[1:-1]):  # Zs[l] is Z^(l); Zs[0] is None
            break
    else:
        pytest.fail(f"the 20 seeds from {seed} all put a hidden z within 1e-4 of 0")
    errors = check_gradients(net, X, Y)
    assert set(errors) == {f"{p}{k}" for k in range(depth) for p in "Wb"}
    assert max(errors.values()) < 1e-7, (hidden, output, cost, depth, errors)


@pytest.mark.parametrize("depth", [1, 2, 3, 4])
@pytest.mark.parametrize(("hidden", "output", "cost"), COMBINATIONS)
def test_backprop_matches_finite_differences(hidden, output, cost, depth):
    """Every hidden x output x cost combination, 1 to 4 weight layers, in float64."""
    seed = 1000 * depth + 100 * COMBINATIONS.index((hidden, output, cost))
    assert_backprop_matches_finite_differences(hidden, output, cost, depth, seed)


@pytest.mark.parametrize("depth", [1, 2, 3])
@pytest.mark.parametrize("init", list(INITIALIZATIONS))
def test_backprop_matches_finite_differences_from_every_start(init, depth):
    """Every registered initialization, in every combination, 1 to 3 weight layers."""
    for i, (hidden, output, cost) in enumerate(combinations()):
        assert_backprop_matches_finite_differences(hidden, output, cost, depth, 50 * i, init)


def test_the_grid_covers_every_registered_name():
    """No activation or cost is left out of the gradient checks."""
    assert {h for h, _, _ in COMBINATIONS} == set(hidden_activations())
    assert {o for _, o, _ in COMBINATIONS} == set(output_activations())
    assert {c for _, _, c in COMBINATIONS} == set(COSTS)


def test_a_registered_cost_is_checked_end_to_end(registered_cost):
    """One registration, no other edit: the new cost in every combination the registries
    allow (every output: it is written from A), at depths 1 to 3, gradient-checked; its value
    is the network's cost; then trained by fit."""
    grid = [c for c in combinations() if c[2] == registered_cost]
    assert {(h, o) for h, o, _ in grid} == {
        (h, o) for h in hidden_activations() for o in output_activations()
    }
    for depth in (1, 2, 3):
        for i, (hidden, output, cost) in enumerate(grid):
            assert_backprop_matches_finite_differences(hidden, output, cost, depth, 10 * i + depth)
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((20, 3)), rng.random((20, 2))
    net = Network([3, 4, 2], cost=registered_cost, seed=0)
    A = net.feedforward(X)
    assert net.total_cost(X, Y) == pytest.approx(np.mean(np.sum(np.log(np.cosh(A - Y)), 1)))
    history = fit_quietly(net, X, Y, epochs=5, batch_size=5, learning_rate=2.0)
    assert history.costs[-1] < history.costs[0]
    assert net.total_cost(X, Y) < history.costs[0]


def test_a_registered_cost_from_z_only_is_refused_for_other_outputs(registered_tanh):
    from nnbook.costs import Cost, register_cost

    register_cost(
        Cost("test_sigmoid_only", None, dict(COSTS["cross_entropy"].from_weighted_inputs))
    )
    try:
        assert cost_outputs("test_sigmoid_only") == ("sigmoid", "softmax")
        with pytest.raises(ValueError, match=re.escape("cost='test_sigmoid_only' is written for")):
            Network([3, 2], output=registered_tanh, cost="test_sigmoid_only")
        net = Network([3, 2], output="softmax", cost="test_sigmoid_only", seed=0)
        X = np.random.default_rng(0).standard_normal((4, 3))
        assert max(check_gradients(net, X, np.eye(2)[[0, 1, 1, 0]]).values()) < 1e-7
    finally:
        del COSTS["test_sigmoid_only"]


def test_a_registered_initialization_is_used_and_checked_end_to_end(registered_initialization):
    """One registration, no other edit: a network starts from it (its scale, its biases), and
    backprop passes the gradient check from that start in every combination, depths 1 to 3."""
    net = Network([400, 300], init=registered_initialization, seed=0)
    assert net.weights[0].std() == pytest.approx(0.5, rel=0.01)  # 120,000 draws
    np.testing.assert_array_equal(net.biases[0], 0.0)
    for depth in (1, 2, 3):
        for i, (hidden, output, cost) in enumerate(combinations()):
            assert_backprop_matches_finite_differences(
                hidden, output, cost, depth, 10 * i + depth, registered_initialization
            )


def test_a_registered_activation_is_checked_end_to_end(registered_tanh):
    """One registration, no other edit: tanh in every combination the registries allow, at
    depths 1 to 3, gradient-checked; then trained by fit."""
    grid = [c for c in combinations() if registered_tanh in c[:2]]
    tanh = registered_tanh
    assert {(h, o) for h, o, _ in grid} >= {(tanh, "sigmoid"), (tanh, "softmax"), ("relu", tanh)}
    for depth in (1, 2, 3):
        for i, (hidden, output, cost) in enumerate(grid):
            assert_backprop_matches_finite_differences(hidden, output, cost, depth, 10 * i + depth)
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((20, 3)), rng.random((20, 2))
    net = Network([3, 4, 2], hidden=tanh, output=tanh, seed=0)
    before = net.total_cost(X, Y)
    history = fit_quietly(net, X, Y, epochs=5, batch_size=5, learning_rate=0.5)
    assert len(history.costs) == 5
    assert net.total_cost(X, Y) < before


def test_the_cross_entropy_refuses_an_output_it_has_no_formula_for(registered_tanh):
    expected = re.escape("cost='cross_entropy' is written for the outputs")
    with pytest.raises(ValueError, match=expected):
        Network([3, 2], output=registered_tanh, cost="cross_entropy")


@pytest.mark.parametrize("hidden", hidden_activations())
@pytest.mark.parametrize("cost", COSTS)
def test_backprop_with_one_output_neuron(hidden, cost):
    rng = np.random.default_rng(5)
    net = Network([2, 3, 1], hidden=hidden, cost=cost, init="scaled", seed=5)
    X, Y = rng.standard_normal((4, 2)), rng.random((4, 1))
    assert max(check_gradients(net, X, Y).values()) < 1e-7


def test_a_broken_backprop_is_caught(monkeypatch):
    """The check can fail: drop the hidden layers' derivative and it reports a large error."""
    net = Network([3, 4, 2], output="softmax", cost="cross_entropy", seed=0)
    X, Y = np.random.default_rng(0).standard_normal((5, 3)), np.eye(2)[[0, 1, 0, 1, 1]]
    broken = dict(nnbook.activations.ACTIVATIONS)
    broken["sigmoid"] = nnbook.activations.Activation(
        "sigmoid", nnbook.sigmoid, np.ones_like
    )  # forgets the factor sigma'(Z)
    monkeypatch.setattr(nnbook.network, "ACTIVATIONS", broken)
    errors = check_gradients(net, X, Y)
    assert errors["W0"] > 1e-2
    assert errors["W1"] < 1e-7  # the output error (A - Y)/n does not use that derivative


# --------------------------------------------------------------------------- by hand


def hand_worked_network() -> Network:
    """Lesson 03's 2-2-1 network with its six weights and three biases set by hand.

    Lesson 03 names them: h1 = sigmoid(w1 x1 + w2 x2 + b1), h2 = sigmoid(w3 x1 + w4 x2 + b2),
    o1 = sigmoid(w5 h1 + w6 h2 + b3). In our layout W0[i, j] connects input i to hidden
    neuron j, so W0 = [[w1, w3], [w2, w4]], and W1 = [[w5], [w6]].
    """
    net = Network([2, 2, 1])  # sigmoid, quadratic cost: the seed's network
    w1, w2, w3, w4, w5, w6 = 0.5, -0.25, 1.0, 0.5, 2.0, -2.0
    b1, b2, b3 = 0.0, -2.0, math.log(3)
    net.weights = [np.array([[w1, w3], [w2, w4]]), np.array([[w5], [w6]])]
    net.biases = [np.array([b1, b2]), np.array([b3])]
    net.reset_momentum()
    return net


X_HAND = np.array([[1.0, 2.0]])  # x1 = 1, x2 = 2
Y_HAND = np.array([[1.0]])  # target y = 1


def test_hand_worked_forward_pass():
    net = hand_worked_network()
    Zs, As = net.forward(X_HAND)
    # z_h1 = w1 x1 + w2 x2 + b1 = 0.5*1 - 0.25*2 + 0  = 0  ->  h1 = sigmoid(0) = 1/2
    # z_h2 = w3 x1 + w4 x2 + b2 = 1*1 + 0.5*2 - 2     = 0  ->  h2 = 1/2
    assert Zs[0] is None  # the input layer has no weighted input
    np.testing.assert_array_equal(Zs[1], [[0.0, 0.0]])
    np.testing.assert_array_equal(As[1], [[0.5, 0.5]])
    # z_o = w5 h1 + w6 h2 + b3 = 2*(1/2) - 2*(1/2) + ln 3 = ln 3
    # o1 = sigmoid(ln 3) = 1 / (1 + e^{-ln 3}) = 1 / (1 + 1/3) = 3/4
    np.testing.assert_allclose(Zs[2], [[math.log(3)]], rtol=1e-15)
    np.testing.assert_allclose(net.feedforward(X_HAND), [[0.75]], rtol=1e-15)
    # cost = 1/2 (o1 - y)^2 = 1/2 (3/4 - 1)^2 = 1/2 * 1/16 = 1/32.
    # (A mean squared error (y - o1)^2, without the 1/2, would be twice ours, and so would
    # its gradients.)
    assert net.total_cost(X_HAND, Y_HAND) == pytest.approx(1 / 32, rel=1e-14)


def test_hand_worked_gradients():
    net = hand_worked_network()
    dW, db = net.backprop(X_HAND, Y_HAND)
    # Output neuron: delta_o = (o1 - y) * sigmoid'(z_o), sigmoid'(z_o) = o1 (1 - o1) = 3/16
    #   delta_o = (-1/4)(3/16) = -3/64
    #   dC/dw5 = h1 delta_o = -3/128, dC/dw6 = h2 delta_o = -3/128, dC/db3 = delta_o = -3/64
    np.testing.assert_allclose(dW[1], [[-3 / 128], [-3 / 128]], rtol=1e-14)
    np.testing.assert_allclose(db[1], [-3 / 64], rtol=1e-14)
    # Hidden neurons: delta_h = w_out * delta_o * sigmoid'(0), sigmoid'(0) = 1/4
    #   delta_h1 = w5 delta_o / 4 = 2 (-3/64) / 4 = -3/128
    #   delta_h2 = w6 delta_o / 4 = -2 (-3/64) / 4 = +3/128
    #   dC/dw1 = x1 delta_h1 = -3/128   dC/dw2 = x2 delta_h1 = -3/64   dC/db1 = -3/128
    #   dC/dw3 = x1 delta_h2 = +3/128   dC/dw4 = x2 delta_h2 = +3/64   dC/db2 = +3/128
    np.testing.assert_allclose(dW[0], [[-3 / 128, 3 / 128], [-3 / 64, 3 / 64]], rtol=1e-14)
    np.testing.assert_allclose(db[0], [-3 / 128, 3 / 128], rtol=1e-14)


def test_hand_worked_step():
    net = hand_worked_network()
    cost = net.step(X_HAND, Y_HAND, learning_rate=0.1)
    assert cost == pytest.approx(1 / 32, rel=1e-14)  # measured before the update
    # w <- w - 0.1 dC/dw: w5 = 2 + 0.1*3/128 = 2.00234375, w1 = 0.5 + 0.1*3/128 = 0.50234375,
    # w2 = -0.25 + 0.1*3/64 = -0.2453125, w3 = 1 - 0.1*3/128 = 0.99765625, ...
    np.testing.assert_allclose(net.weights[1], [[2.00234375], [-1.99765625]], rtol=1e-15)
    np.testing.assert_allclose(
        net.weights[0], [[0.50234375, 0.99765625], [-0.2453125, 0.4953125]], rtol=1e-15
    )
    np.testing.assert_allclose(net.biases[1], [math.log(3) + 0.0046875], rtol=1e-15)
    assert net.total_cost(X_HAND, Y_HAND) < 1 / 32  # and the cost went down


# --------------------------------------------------------------------------- learning

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_LABELS = np.array([0, 1, 1, 0])


def test_xor_is_learned():
    net = Network([2, 4, 1], cost="cross_entropy", seed=0)
    history = fit_quietly(
        net, XOR_X, XOR_LABELS.reshape(-1, 1), epochs=2000, batch_size=4, learning_rate=2.0
    )
    assert net.accuracy(XOR_X, XOR_LABELS) == 1.0
    np.testing.assert_array_equal(net.predict(XOR_X), XOR_LABELS)
    assert history.costs[-1] < 0.01 < history.costs[0]


def test_single_neuron_of_seed_002():
    """One sigmoid neuron, 3 inputs, 4 examples; the output copies the first input."""
    X = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]])
    Y = np.array([[0, 1, 1, 0]]).T
    net = Network([3, 1], seed=1)
    fit_quietly(net, X, Y, epochs=10_000, batch_size=4, learning_rate=4.0)
    assert net.feedforward(np.array([[1, 0, 0]]))[0, 0] > 0.99  # a new situation


def test_same_seed_gives_bit_identical_training():
    rng = np.random.default_rng(3)
    X, labels = rng.standard_normal((40, 4)), rng.integers(0, 3, size=40)
    results = []
    for _ in range(2):
        net = Network([4, 6, 3], output="softmax", cost="cross_entropy", seed=11)
        options = dict(epochs=3, batch_size=7, learning_rate=0.5, l2=0.1, momentum=0.5)
        fit_quietly(net, X, one_hot(labels, 3), **options)
        fit_quietly(net, X, one_hot(labels, 3), seed=5, **options)
        results.append(net)
    for a, b in zip(
        results[0].weights + results[0].biases, results[1].weights + results[1].biases, strict=True
    ):
        np.testing.assert_array_equal(a, b)
    other = Network([4, 6, 3], output="softmax", cost="cross_entropy", seed=12)
    assert not np.array_equal(other.weights[0], results[0].weights[0])


def test_fit_full_batch_equals_repeated_steps_with_l2_and_momentum():
    rng = np.random.default_rng(4)
    X, Y = rng.standard_normal((8, 3)), rng.random((8, 2))
    a, b = Network([3, 4, 2], seed=2), Network([3, 4, 2], seed=2)
    history = fit_quietly(a, X, Y, epochs=3, batch_size=8, learning_rate=0.7, l2=0.3, momentum=0.6)
    costs = [b.step(X, Y, learning_rate=0.7, l2=0.3, momentum=0.6) for _ in range(3)]
    # one full batch per epoch: the epoch's cost is that batch's cost (shuffling only
    # changes the order of the sums)
    np.testing.assert_allclose(history.costs, costs, rtol=1e-13)
    for p, q in zip(a.weights + a.biases, b.weights + b.biases, strict=True):
        np.testing.assert_allclose(p, q, rtol=1e-13, atol=1e-15)


def test_step_l2_and_momentum_follow_the_documented_formulas():
    rng = np.random.default_rng(6)
    X, Y = rng.standard_normal((5, 3)), rng.random((5, 2))
    net = Network([3, 2], seed=3)
    W, b = net.weights[0].copy(), net.biases[0].copy()
    dW, db = net.backprop(X, Y)
    eta, lam, mu, n = 0.5, 2.0, 0.9, 50
    cost = net.step(X, Y, learning_rate=eta, l2=lam, momentum=mu, n_train=n)
    # first step: v = -eta (dW + lam/n W), w <- w + v; the cost includes lam/(2n) sum w^2
    vW, vb = -eta * (dW[0] + lam / n * W), -eta * db[0]
    np.testing.assert_allclose(net.weights[0], W + vW, rtol=1e-14)
    np.testing.assert_allclose(net.biases[0], b + vb, rtol=1e-14)
    expected = Network([3, 2], seed=3).total_cost(X, Y) + lam / (2 * n) * np.sum(W**2)
    assert cost == pytest.approx(expected, rel=1e-14)
    # second step: the velocity carries over
    W, b = net.weights[0].copy(), net.biases[0].copy()
    dW, db = net.backprop(X, Y)
    net.step(X, Y, learning_rate=eta, l2=lam, momentum=mu, n_train=n)
    vW, vb = mu * vW - eta * (dW[0] + lam / n * W), mu * vb - eta * db[0]
    np.testing.assert_allclose(net.weights[0], W + vW, rtol=1e-13)
    np.testing.assert_allclose(net.biases[0], b + vb, rtol=1e-13)
    # after reset_momentum a step is plain gradient descent again
    net.reset_momentum()
    W = net.weights[0].copy()
    dW, _ = net.backprop(X, Y)
    net.step(X, Y, learning_rate=eta, momentum=mu)
    np.testing.assert_allclose(net.weights[0], W - eta * dW[0], rtol=1e-14)


def test_history_averages_the_batches_of_the_epoch():
    """With a negligible learning rate the running cost and accuracy equal the full-pass ones,
    also when the last batch is smaller (10 examples, batches of 4)."""
    rng = np.random.default_rng(7)
    X, labels = rng.standard_normal((10, 3)), rng.integers(0, 3, size=10)
    net = Network([3, 5, 3], seed=4)
    history = fit_quietly(net, X, one_hot(labels, 3), epochs=2, batch_size=4, learning_rate=1e-12)
    assert history.epochs == 2
    np.testing.assert_allclose(history.costs, net.total_cost(X, one_hot(labels, 3)), rtol=1e-9)
    np.testing.assert_allclose(history.train_accuracy, net.accuracy(X, labels))
    assert history.validation_accuracy == []
    assert len(history.seconds) == 2 and all(s > 0 for s in history.seconds)
    assert net.history is history


def test_validation_accuracy_callback_and_early_stop():
    rng = np.random.default_rng(8)
    X, labels = rng.standard_normal((30, 2)), rng.integers(0, 2, size=30)
    net = Network([2, 3, 2], seed=5)
    seen = []

    def callback(epoch, history):
        seen.append((epoch, history.epochs))
        return epoch == 2  # stop after the third epoch

    history = fit_quietly(
        net,
        X,
        one_hot(labels, 2),
        epochs=10,
        batch_size=8,
        learning_rate=1.0,
        validation=(X[:10], labels[:10]),
        callback=callback,
    )
    assert seen == [(0, 1), (1, 2), (2, 3)]
    assert history.epochs == 3
    assert history.validation_accuracy[-1] == net.accuracy(X[:10], labels[:10])
    text = repr(history)
    assert text.startswith("History(epochs=3, cost=")
    assert f"validation_accuracy={history.validation_accuracy[-1]:.2%}" in text
    assert "total_seconds=" in text


def test_float32_stays_float32():
    rng = np.random.default_rng(9)
    X = rng.standard_normal((12, 3))  # float64 input is converted once
    net = Network([3, 4, 2], dtype=np.float32, seed=6)
    assert net.dtype == np.float32
    fit_quietly(
        net, X, rng.random((12, 2)), epochs=2, batch_size=5, learning_rate=0.5, momentum=0.5
    )
    for p in net.weights + net.biases:
        assert p.dtype == np.float32
    assert net.feedforward(X).dtype == np.float32
    # same seed in float64: the float32 network started from the rounded float64 values
    net64 = Network([3, 4, 2], seed=6)
    net32 = Network([3, 4, 2], dtype=np.float32, seed=6)
    np.testing.assert_array_equal(net32.weights[0], net64.weights[0].astype(np.float32))


@pytest.mark.parametrize(("hidden", "output", "cost"), COMBINATIONS)
def test_float32_computation_never_upcasts(hidden, output, cost):
    """In-place updates would silently cast float64 back, so check the intermediates too."""
    net = Network([3, 4, 2], hidden=hidden, output=output, cost=cost, dtype=np.float32, seed=0)
    X, Y = np.ones((2, 3), dtype=np.float32), np.eye(2)
    Zs, As = net.forward(X)  # unchecked: given the network's dtype, as backprop would give it
    dW, db = net.backprop(X, Y)
    assert {a.dtype for a in Zs[1:] + As + dW + db} == {np.dtype(np.float32)}


@pytest.mark.parametrize("init", list(INITIALIZATIONS))
def test_every_initialization_draws_as_its_registry_entry_says(init):
    rule = INITIALIZATIONS[init]
    net = Network([400, 300, 2], init=init, seed=0)
    for W, b in zip(net.weights, net.biases, strict=True):
        n_in = W.shape[0]
        assert W.std() == pytest.approx(rule.weight_scale(n_in), rel=0.1 if W.size < 1e3 else 0.01)
        if rule.zero_biases:
            np.testing.assert_array_equal(b, 0.0)
    net32 = Network([400, 300, 2], init=init, dtype=np.float32, seed=0)
    for p32, p64 in zip(net32.weights + net32.biases, net.weights + net.biases, strict=True):
        np.testing.assert_array_equal(p32, p64.astype(np.float32))


def test_initializations():
    normal = Network([400, 300], seed=0)
    scaled = Network([400, 300], init="scaled", seed=0)
    he = Network([400, 300], init="he", hidden="relu", seed=0)
    # 120,000 draws: the sample std is within 1% of the true std with overwhelming odds
    assert normal.weights[0].std() == pytest.approx(1.0, rel=0.01)
    assert scaled.weights[0].std() == pytest.approx(1 / math.sqrt(400), rel=0.01)
    assert he.weights[0].std() == pytest.approx(math.sqrt(2 / 400), rel=0.01)
    assert normal.biases[0].std() == pytest.approx(1.0, rel=0.15)  # 300 draws
    np.testing.assert_array_equal(he.biases[0], 0.0)
    assert [W.shape for W in Network([5, 4, 3]).weights] == [(5, 4), (4, 3)]
    assert [b.shape for b in Network([5, 4, 3]).biases] == [(4,), (3,)]


def test_forward_predict_and_accuracy():
    net = Network([3, 4, 2], output="softmax", seed=1)
    X = np.random.default_rng(1).standard_normal((6, 3))
    Zs, As = net.forward(X)
    assert [Z.shape for Z in Zs[1:]] == [(6, 4), (6, 2)]
    assert [A.shape for A in As] == [(6, 3), (6, 4), (6, 2)]
    assert As[0] is X or np.array_equal(As[0], X)
    labels = net.predict(X)
    assert labels.dtype == np.int64
    np.testing.assert_array_equal(labels, As[-1].argmax(axis=1))
    assert net.accuracy(X, labels) == 1.0
    assert net.accuracy(X, 1 - labels) == 0.0
    # one output neuron: class 1 when the output is at least 0.5
    single = Network([1, 1])
    single.weights, single.biases = [np.array([[1.0]])], [np.array([0.0])]
    np.testing.assert_array_equal(single.predict([[-1.0], [0.0], [2.0]]), [0, 1, 1])


def test_one_hot():
    Y = one_hot([2, 0, 1], 3)
    np.testing.assert_array_equal(Y, [[0, 0, 1], [1, 0, 0], [0, 1, 0]])
    assert Y.dtype == np.float64
    assert one_hot(np.array([1], dtype=np.uint8), 2, dtype=np.float32).dtype == np.float32


# --------------------------------------------------------------------------- save / load


def test_save_load_round_trip(tmp_path):
    net = Network(
        [3, 5, 4, 2],
        hidden="relu",
        output="softmax",
        cost="cross_entropy",
        init="he",
        dtype=np.float32,
        seed=1,
    )
    rng = np.random.default_rng(2)
    X = rng.standard_normal((9, 3))
    fit_quietly(
        net, X, one_hot(rng.integers(0, 2, 9), 2), epochs=2, batch_size=3, learning_rate=0.1
    )
    path = net.save(tmp_path / "model")
    assert path == tmp_path / "model.npz" and path.exists()
    with np.load(path, allow_pickle=False) as data:  # no pickled objects inside
        assert str(data["hidden"]) == "relu"
    for loaded in (Network.load(path), Network.load(tmp_path / "model")):
        assert repr(loaded) == repr(net)
        assert (loaded.sizes, loaded.hidden, loaded.output, loaded.cost, loaded.init) == (
            [3, 5, 4, 2],
            "relu",
            "softmax",
            "cross_entropy",
            "he",
        )
        assert loaded.dtype == np.float32
        for a, b in zip(loaded.weights + loaded.biases, net.weights + net.biases, strict=True):
            assert a.dtype == b.dtype
            np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(loaded.feedforward(X), net.feedforward(X))


def test_load_rejects_other_files(tmp_path):
    np.savez(tmp_path / "other.npz", x=np.zeros(3))
    with pytest.raises(ValueError, match="not a file written by nnbook's Network.save"):
        Network.load(tmp_path / "other.npz")


# --------------------------------------------------------------------------- stability


@pytest.mark.parametrize(
    ("output", "cost"),
    list(dict.fromkeys((output, cost) for _, output, cost in COMBINATIONS)),
)
def test_no_runtime_warning_for_huge_weighted_inputs(output, cost):
    net = Network([2, 3, 2], output=output, cost=cost, seed=0)
    net.weights = [np.full((2, 3), 1e4) * [1, -1, 1], np.full((3, 2), 1.0) * [[1, -1]] * 1e4]
    net.biases = [np.zeros(3), np.zeros(2)]
    X = np.array([[1.0, 0.0], [-1.0, 0.0]])  # hidden z = +-1e4, output z = +-1e4
    Y = np.array([[1.0, 0.0], [0.0, 1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Zs, As = net.forward(X)
        assert np.abs(Zs[1]).max() == pytest.approx(1e4)
        assert np.all(np.isfinite(As[-1]))
        assert np.isfinite(net.total_cost(X, Y))
        dW, db = net.backprop(X, Y)
        assert all(np.all(np.isfinite(g)) for g in dW + db)
        fit_quietly(net, X, Y, epochs=2, batch_size=1, learning_rate=0.1)


def test_divergence_raises_a_clear_error():
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((64, 4)), one_hot(rng.integers(0, 3, 64), 3)
    net = Network(
        [4, 32, 32, 32, 3], hidden="relu", output="softmax", cost="cross_entropy", init="he", seed=0
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the error comes instead of numpy's overflow warnings
        with pytest.raises(TrainingDivergedError, match=r"learning_rate=10\b.*smaller learning"):
            fit_quietly(net, X, Y, epochs=100, batch_size=8, learning_rate=10.0)
    assert issubclass(TrainingDivergedError, ValueError)


# --------------------------------------------------------------------------- progress


def test_progress_false_prints_nothing(capsys):
    net = Network([2, 2, 1], seed=0)
    net.fit(
        XOR_X, XOR_LABELS.reshape(-1, 1), epochs=3, batch_size=2, learning_rate=1.0, progress=False
    )
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_progress_true_shows_a_bar(capsys):
    net = Network([2, 2, 1], seed=0)
    net.fit(XOR_X, XOR_LABELS.reshape(-1, 1), epochs=3, batch_size=2, learning_rate=1.0)
    assert "Training" in capsys.readouterr().err


# --------------------------------------------------------------------------- bad input


def net_784() -> Network:
    return Network([784, 30, 10], seed=0)


X5 = np.zeros((5, 784))
Y5 = one_hot([0, 1, 2, 3, 4], 10)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        # X not 2-D, wrong feature count, not numbers, NaN/inf
        (lambda n: n.feedforward(np.zeros(784)), ValueError,
         "X must be 2-D (n_samples, n_features); got shape (784,). Use X.reshape(1, -1)"),
        (lambda n: n.predict(np.zeros((2, 28, 28))), ValueError,
         "X must be 2-D (n_samples, n_features); got shape (2, 28, 28). Use X.reshape(len(X), -1)"),
        (lambda n: n.feedforward(np.zeros((2, 780))), ValueError,
         "X must have 784 columns (n_samples, n_features); got shape (2, 780). The network's"),
        (lambda n: n.feedforward([["a"] * 784]), TypeError, "X must hold numbers"),
        (lambda n: n.feedforward(np.full((1, 784), np.nan)), ValueError,
         "X contains NaN or infinite values"),
        (lambda n: n.backprop(X5, np.where(Y5 == 1, np.inf, 0)), ValueError,
         "Y contains NaN or infinite values"),
        # Y of the wrong shape
        (lambda n: n.backprop(X5, Y5[:, :3]), ValueError,
         "Y must have 10 columns (n_samples, n_outputs); got shape (5, 3). The network's output "),
        (lambda n: n.backprop(X5, Y5[:4]), ValueError, "Y must have 5 rows (one per example)"),
        (lambda n: n.fit(X5, np.arange(5), epochs=1, batch_size=1, learning_rate=1.0),
         ValueError, "Y must be a 2-D target matrix (n_samples, 10); got shape (5,). "
         "Use nnbook.one_hot(labels, 10)"),
        # labels
        (lambda n: n.accuracy(X5, [0, 1, 2, 3, 10]), ValueError,
         "labels must lie in [0, 9] (10 classes); got 10."),
        (lambda n: n.accuracy(X5, [0, 1, 2, 3]), ValueError,
         "labels must have one label per example (5); got 4."),
        (lambda n: n.accuracy(X5, Y5), ValueError,
         "If these are one-hot targets, use labels.argmax"),
        (lambda n: n.accuracy(X5, np.arange(5.0)), TypeError,
         "labels must be integers; got dtype float64. They look whole: use labels.astype(int)."),
        (lambda n: one_hot([0, 3], 3), ValueError, "labels must lie in [0, 2] (3 classes); got 3."),
        (lambda n: one_hot([-1], 3), ValueError, "labels must lie in [0, 2] (3 classes); got -1."),
        # fit's arguments
        (lambda n: n.fit(X5, Y5, epochs=1, batch_size=0, learning_rate=1.0), ValueError,
         "batch_size must be an integer >= 1; got 0."),
        (lambda n: n.fit(X5, Y5, epochs=1, batch_size=-3, learning_rate=1.0), ValueError,
         "batch_size must be an integer >= 1; got -3."),
        (lambda n: n.fit(X5, Y5, epochs=1, batch_size=2.5, learning_rate=1.0), TypeError,
         "batch_size must be an integer >= 1; got 2.5 of type float."),
        (lambda n: n.fit(X5, Y5, epochs=0, batch_size=1, learning_rate=1.0), ValueError,
         "epochs must be an integer >= 1; got 0."),
        (lambda n: n.fit(X5, Y5, epochs=1, batch_size=1, learning_rate=0.0), ValueError,
         "learning_rate must be a finite number > 0.0; got 0.0."),
        (lambda n: n.fit(X5, Y5, epochs=1, batch_size=1, learning_rate=float("nan")),
         ValueError, "learning_rate must be a finite number > 0.0; got nan."),
        (lambda n: n.fit(X5, Y5, epochs=1, batch_size=1, learning_rate=1.0, momentum=1.0),
         ValueError, "momentum must be a finite number >= 0.0 and < 1.0; got 1.0."),
        (lambda n: n.fit(X5, Y5, epochs=1, batch_size=1, learning_rate=1.0, l2=-1),
         ValueError, "l2 must be a finite number >= 0.0; got -1.0."),
        (lambda n: n.fit(X5, Y5, epochs=1, batch_size=1, learning_rate=1.0, validation=X5),
         TypeError, "validation must be a pair (X_val, labels_val)"),
        (lambda n: n.fit(X5, Y5, epochs=1, batch_size=1, learning_rate=1.0, validation=(X5, Y5)),
         ValueError, "labels_val must be 1-D (n_samples,); got shape (5, 10)."),
        (lambda n: n.fit(X5, Y5, epochs=1, batch_size=1, learning_rate=1.0, callback=3),
         TypeError, "callback must be a function callback(epoch, history) or None; got 3."),
        (lambda n: n.step(X5, Y5, learning_rate="fast"), TypeError,
         "learning_rate must be a number; got 'fast' of type str."),
    ],
)  # fmt: skip
def test_bad_input_raises_with_a_helpful_message(call, error, message):
    with pytest.raises(error, match=re.escape(message)):
        call(net_784())


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (dict(sizes=[784]), ValueError, "sizes needs at least 2 layers (inputs and outputs)"),
        (dict(sizes=[784, 0, 10]), ValueError, "every layer needs at least 1 neuron; got sizes="),
        (dict(sizes=[784, 30.5, 10]), TypeError, "sizes must hold integers; got 30.5"),
        (dict(sizes="784"), TypeError,
         "sizes must be a list of layer sizes such as [784, 30, 10]"),
        (dict(hidden="no_such_activation"), ValueError,
         f"Unknown hidden='no_such_activation'; expected one of {names(hidden_activations())}."),
        (dict(output="relu"), ValueError,
         f"Unknown output='relu'; expected one of {names(output_activations())}."),
        (dict(cost="cross-entropy"), ValueError,
         f"Unknown cost='cross-entropy'; expected one of {names(COSTS)}."),
        (dict(init="xavier"), ValueError,
         f"Unknown init='xavier'; expected one of {names(INITIALIZATIONS)}."),
        (dict(dtype=np.int32), ValueError, "dtype must be np.float32 or np.float64"),
        (dict(seed=-1), ValueError, "seed must be a non-negative integer; got -1"),
        (dict(sizes=[3, 1], output="softmax"), ValueError,
         "output='softmax' needs at least 2 output neurons"),
    ],
)  # fmt: skip
def test_bad_options_raise_with_a_helpful_message(kwargs, error, message):
    kwargs = {"sizes": [784, 30, 10], **kwargs}
    with pytest.raises(error, match=re.escape(message)):
        Network(**kwargs)


def test_softmax_cross_entropy_targets_must_sum_to_one():
    net = Network([2, 3], output="softmax", cost="cross_entropy")
    with pytest.raises(ValueError, match=r"Every row of Y must sum to 1.*row 1 sums to 2"):
        net.backprop(np.zeros((2, 2)), np.array([[1.0, 0.0, 0.0], [1.0, 1.0, 0.0]]))


def test_parameters_set_by_hand_are_checked():
    net = Network([2, 3, 1])
    net.weights[0] = np.zeros((3, 2))  # transposed by mistake
    with pytest.raises(ValueError, match=re.escape("weights[0] must have shape (2, 3)")):
        net.feedforward(np.zeros((1, 2)))
    # a list, or an array of another dtype, is refused, and the check changes nothing
    by_hand = [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    net.weights[0] = by_hand
    with pytest.raises(TypeError, match=r"weights\[0\] must be a numpy array.*got a list"):
        net.step(np.zeros((1, 2)), np.zeros((1, 1)), learning_rate=1.0, momentum=0.5)
    assert net.weights[0] is by_hand
    net.weights[0] = np.zeros((2, 3), dtype=np.float32)
    with pytest.raises(TypeError, match=r"dtype float64; got an array of float32.*astype"):
        net.feedforward(np.zeros((1, 2)))
    assert net.weights[0].dtype == np.float32
    net.weights[0] = net.weights[0].astype(net.dtype)  # the fix the message gives
    net.step(np.zeros((1, 2)), np.zeros((1, 1)), learning_rate=1.0, momentum=0.5)


def test_checking_the_parameters_changes_nothing():
    from nnbook.network_checks import check_parameters

    net = Network([2, 3, 1], seed=0)
    before = (list(net.weights), list(net.biases))
    net.biases[1] = [0.5]  # a list where an array belongs: refused, not replaced
    with pytest.raises(TypeError):
        check_parameters(net)
    assert net.biases[1] == [0.5]
    net.biases[1] = before[1][1]
    check_parameters(net)
    assert all(a is b for a, b in zip(net.weights + net.biases, before[0] + before[1], strict=True))


def test_history_is_exported():
    assert isinstance(History(), History)
    assert repr(History()) == "History(epochs=0)"


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda m: "he", TypeError, "register_initialization expects an Initialization"),
        (lambda m: m.Initialization("no_such_init", abs), ValueError,
         "A name in INITIALIZATIONS must be a Python identifier such as 'xavier', not starting "
         "with 'no_such_'; got 'no_such_init'. Choose a name like that."),
        (lambda m: m.Initialization("he", abs), ValueError,
         "INITIALIZATIONS has an entry named 'he' already; choose another name, or remove "
         "the old one first with del INITIALIZATIONS['he']."),
        (lambda m: m.Initialization("never_used", 0.5), TypeError,
         "The initialization 'never_used' needs a callable weight_scale(n_in); got 0.5."),
    ],
)  # fmt: skip
def test_register_initialization_refuses_what_a_network_could_not_use(make, error, message):
    import nnbook.initializations as initializations

    before = dict(INITIALIZATIONS)
    with pytest.raises(error, match=re.escape(message)):
        initializations.register_initialization(make(initializations))
    assert before == INITIALIZATIONS
