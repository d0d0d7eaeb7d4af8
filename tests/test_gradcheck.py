"""Tests of nnbook.gradcheck: numerical_gradient, relative_error and check_gradients."""

import re

import numpy as np
import pytest

from nnbook import Network, check_gradients, numerical_gradient, one_hot, relative_error


def test_numerical_gradient_of_a_cubic_any_shape():
    x = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.5]])
    before = x.copy()
    grad = numerical_gradient(lambda v: float(np.sum(v**3)), x)
    # d/dx sum x^3 = 3 x^2; central differences err by h^2 * f'''/6 = 1e-10 per entry
    np.testing.assert_allclose(grad, 3 * before**2, rtol=0, atol=1e-8)
    np.testing.assert_array_equal(x, before)  # restored exactly
    assert grad.shape == x.shape


def test_numerical_gradient_of_a_0d_and_a_3d_array():
    scalar = np.array(2.0)
    assert numerical_gradient(lambda v: float(v) ** 2, scalar) == pytest.approx(4.0, rel=1e-9)
    cube = np.arange(8.0).reshape(2, 2, 2)
    np.testing.assert_allclose(numerical_gradient(lambda v: float(np.sum(v)), cube), 1.0)


def test_numerical_gradient_perturbs_in_place_so_closures_work():
    """f may ignore its argument and read the same array some other way."""
    weights = {"W": np.array([1.0, 2.0])}
    grad = numerical_gradient(lambda _: float(weights["W"] @ [3.0, 4.0]), weights["W"])
    np.testing.assert_allclose(grad, [3.0, 4.0], rtol=1e-9)


def test_numerical_gradient_restores_x_when_f_raises():
    x = np.array([1.0, 2.0])

    def f(v):
        if v[0] != 1.0:
            raise RuntimeError("boom")
        return 0.0

    with pytest.raises(RuntimeError, match="boom"):
        numerical_gradient(f, x)
    np.testing.assert_array_equal(x, [1.0, 2.0])


@pytest.mark.parametrize(
    ("x", "h", "error", "message"),
    [
        ([1.0, 2.0], 1e-5, TypeError, "x must be a numpy array of floats"),
        (np.array([1, 2]), 1e-5, TypeError, "x must be a numpy array of floats"),
        (np.array([1.0]), 0.0, ValueError, "h must be a finite number > 0.0"),
    ],
)
def test_numerical_gradient_bad_input(x, h, error, message):
    with pytest.raises(error, match=message):
        numerical_gradient(lambda v: 0.0, x, h)


def test_relative_error():
    assert relative_error([0.0, 0.0], [0.0, 0.0]) == 0.0
    assert relative_error([1.0, 0.0], [1.0, 0.0]) == 0.0
    # ||a - b|| / (||a|| + ||b||) = sqrt(2) / (1 + 1)
    assert relative_error([1.0, 0.0], [0.0, 1.0]) == pytest.approx(np.sqrt(2) / 2, rel=1e-15)
    assert relative_error([1.0], [-1.0]) == 1.0


def test_check_gradients_agrees_with_finite_differences_written_here():
    """check_gradients against a loop that uses nothing from nnbook but the cost."""
    rng = np.random.default_rng(0)
    net = Network([3, 4, 2], output="softmax", cost="cross_entropy", init="scaled", seed=0)
    X, Y = rng.standard_normal((5, 3)), one_hot(rng.integers(0, 2, 5), 2)
    errors = check_gradients(net, X, Y)
    assert list(errors) == ["W0", "b0", "W1", "b1"]
    assert max(errors.values()) < 1e-7
    dW, _ = net.backprop(X, Y)
    h, W = 1e-5, net.weights[1]
    by_hand = np.zeros_like(W)
    for i in range(W.shape[0]):
        for j in range(W.shape[1]):
            W[i, j] += h
            up = net.total_cost(X, Y)
            W[i, j] -= 2 * h
            down = net.total_cost(X, Y)
            W[i, j] += h
            by_hand[i, j] = (up - down) / (2 * h)
    np.testing.assert_allclose(dW[1], by_hand, rtol=1e-6, atol=1e-10)


def test_check_gradients_leaves_the_network_unchanged():
    net = Network([2, 3, 1], seed=1)
    before = [p.copy() for p in net.weights + net.biases]
    check_gradients(net, np.ones((2, 2)), np.ones((2, 1)))
    for a, b in zip(before, net.weights + net.biases, strict=True):
        np.testing.assert_array_equal(a, b)


def test_check_gradients_bad_input():
    with pytest.raises(TypeError, match="net must be an nnbook Network"):
        check_gradients("net", np.ones((1, 2)), np.ones((1, 1)))
    with pytest.raises(ValueError, match="X must have 2 columns"):
        check_gradients(Network([2, 1]), np.ones((1, 3)), np.ones((1, 1)))


# --- float32 networks, steps that round away, costs that are not one number -------------


def test_check_gradients_refuses_float32_and_the_fix_in_the_message_works():
    rng = np.random.default_rng(3)
    net = Network(
        [3, 4, 2], hidden="relu", output="softmax", cost="cross_entropy", dtype=np.float32, seed=0
    )
    X, Y = rng.standard_normal((5, 3)), one_hot(rng.integers(0, 2, 5), 2)
    with pytest.raises(ValueError, match="float32") as info:
        check_gradients(net, X, Y)
    message = str(info.value)
    assert "7 digits" in message and "float64" in message
    # The message's code, run as it stands, checks a float64 copy of the same network.
    code = "\n".join(line.strip() for line in message.splitlines() if line.startswith("    "))
    assert "net64 = Network(" in code and "check_gradients(net64, X, Y)" in code
    namespace = {"Network": Network, "np": np, "check_gradients": check_gradients}
    namespace |= {"net": net, "X": X, "Y": Y}
    exec(code, namespace)  # noqa: S102 (the message's own code)
    net64 = namespace["net64"]
    assert net64.dtype == np.float64
    assert (net64.sizes, net64.hidden, net64.output, net64.cost) == (
        net.sizes,
        net.hidden,
        net.output,
        net.cost,
    )
    for a, b in zip(net64.weights + net64.biases, net.weights + net.biases, strict=True):
        assert a.dtype == np.float64
        np.testing.assert_array_equal(a, b)
    assert max(check_gradients(net64, X, Y).values()) < 1e-7


def test_check_gradients_refuses_a_network_built_with_float32():
    net = Network([2, 2], dtype=np.float32, seed=0)
    with pytest.raises(ValueError, match="cannot give a meaningful gradient check"):
        check_gradients(net, np.ones((1, 2)), np.ones((1, 2)))


@pytest.mark.parametrize(
    ("x", "h", "value"),
    [
        (np.array([1.0, 1e12]), 1e-5, "1e\\+12"),
        (np.array([[0.5], [-3e15]]), 0.1, "-3e\\+15"),
        (np.array([1000.0], dtype=np.float32), 1e-5, "1000"),
    ],
)
def test_numerical_gradient_refuses_a_step_that_rounds_away(x, h, value):
    before = x.copy()
    calls = []
    with pytest.raises(ValueError, match=rf"h = {h:g} is too small for x\[.*\] = {value}") as info:
        numerical_gradient(lambda v: calls.append(1) or float(np.sum(v)), x, h)
    assert "larger h" in str(info.value) and "rescale" in str(info.value)
    assert calls == [], "refused before any call of f"
    np.testing.assert_array_equal(x, before)


def test_numerical_gradient_refuses_a_non_finite_x():
    with pytest.raises(ValueError, match=r"x\[1\] = inf; every entry of x must be finite"):
        numerical_gradient(lambda v: float(np.sum(v)), np.array([1.0, np.inf]))


def test_numerical_gradient_suggested_step_works():
    x = np.array([3e12, 1e12])
    with pytest.raises(ValueError, match=r"h = (\S+)") as info:
        numerical_gradient(lambda v: float(np.sum(v**2)), x, 1e-5)
    suggested = float(re.search(r"such as h = (\S+?)[ ,)]", str(info.value)).group(1))
    grad = numerical_gradient(lambda v: float(np.sum(v**2)), x, suggested)
    np.testing.assert_allclose(grad, 2 * x, rtol=1e-6)


@pytest.mark.parametrize(
    ("f", "error", "match"),
    [
        (lambda v: v * 2.0, ValueError, r"f must return one number \(the cost\); .*shape \(3,\)"),
        (lambda v: "cost", TypeError, r"f must return one number .*the string 'cost'"),
        (lambda v: None, TypeError, r"got None.*forget its return statement"),
        (lambda v: [1.0, 2.0], ValueError, r"f must return one number .*shape \(2,\)"),
        (lambda v: 1 + 2j, TypeError, r"f must return one number .*complex"),
        (lambda v: np.array(["a"]), TypeError, r"f must return one number .*<U1"),
        (lambda v: float("nan"), ValueError, r"f returned nan .*x\[0\]"),
        (lambda v: np.inf if v[1] > 2 else 0.0, ValueError, r"f returned inf .*x\[1\]"),
    ],
)
def test_numerical_gradient_f_must_return_one_finite_number(f, error, match):
    x = np.array([1.0, 2.0, 3.0])
    with pytest.raises(error, match=match):
        numerical_gradient(f, x)
    np.testing.assert_array_equal(x, [1.0, 2.0, 3.0])  # restored exactly


@pytest.mark.parametrize(
    "f",
    [
        lambda v: np.float32(np.sum(v)),
        lambda v: np.array(np.sum(v)),
        lambda v: np.array([np.sum(v)]),
        lambda v: int(np.sum(v) > 0),
    ],
)
def test_numerical_gradient_accepts_any_single_real_number(f):
    grad = numerical_gradient(f, np.array([1.0, 2.0]), 1e-3)
    assert grad.shape == (2,) and np.all(np.isfinite(grad))


@pytest.mark.parametrize(
    ("a", "b", "error", "message"),
    [
        ("0.5", "0.5", TypeError, r"a must be a number or an array of numbers; got the string"),
        (None, [1.0], TypeError, r"a must be a number or an array of numbers; got None"),
        ([1.0, 2.0], [1.0, 2.0j], TypeError, r"b must hold real numbers; got complex"),
        (np.ones((3, 1)), np.ones(3), ValueError, r"same shape; got \(3, 1\) and \(3,\)"),
    ],
)
def test_relative_error_refuses_what_is_not_two_real_arrays_of_one_shape(a, b, error, message):
    """It used to return a number for each of these (issue 18): strings and None were
    converted, and (3, 1) against (3,) broadcast to nine differences."""
    with pytest.raises(error, match=message):
        relative_error(a, b)
