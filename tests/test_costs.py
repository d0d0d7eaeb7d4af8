"""Tests of nnbook.costs: hand values, stability, properties, and gradients."""

import re
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnbook import (
    quadratic_cost,
    quadratic_cost_gradient,
    sigmoid,
    sigmoid_cross_entropy,
    sigmoid_cross_entropy_gradient,
    softmax,
    softmax_cross_entropy,
    softmax_cross_entropy_gradient,
)

# Hypothesis's per-example deadline would make these flaky on a busy CI machine.
no_deadline = settings(deadline=None)

shape = st.tuples(st.integers(1, 4), st.integers(1, 5))
unit = st.floats(0, 1)
moderate = st.floats(-20, 20)
# The textbook formula loses digits in ln(1 - a) once a is near 1; within +-10 it is still
# good to about 1e-11, enough to serve as a reference.
near_zero = st.floats(-10, 10)


def central_differences(f, x, h=1e-6):
    """Gradient of f at x by central differences; written here, independent of nnbook."""
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[index] += h
        down[index] -= h
        grad[index] = (f(up) - f(down)) / (2 * h)
    return grad


# --------------------------------------------------------------------------- hand values


def test_quadratic_cost_by_hand():
    A = np.array([[0.5, 0.2], [1.0, 0.0]])
    Y = np.array([[1.0, 0.0], [1.0, 0.0]])
    # example 1: 1/2 * ((0.5 - 1)^2 + 0.2^2) = 1/2 * (0.25 + 0.04) = 0.145
    # example 2: 0 (a perfect output); mean over the 2 examples: 0.0725
    assert quadratic_cost(A, Y) == pytest.approx(0.0725, rel=1e-15)
    # gradient of the mean: (A - Y) / 2
    np.testing.assert_allclose(quadratic_cost_gradient(A, Y), [[-0.25, 0.1], [0.0, 0.0]])


def test_sigmoid_cross_entropy_by_hand():
    # z = 0 gives a = 1/2 whatever y is: -[y ln 1/2 + (1 - y) ln 1/2] = ln 2 per output
    Z = np.zeros((3, 2))
    Y = np.array([[0.0, 1.0], [1.0, 1.0], [0.3, 0.0]])
    assert sigmoid_cross_entropy(Z, Y) == pytest.approx(2 * np.log(2), rel=1e-15)
    # z = ln 3: a = 3/4; with y = 1 the cost is -ln 3/4
    assert sigmoid_cross_entropy(np.array([[np.log(3)]]), np.array([[1.0]])) == pytest.approx(
        -np.log(0.75), rel=1e-14
    )


def test_softmax_cross_entropy_by_hand():
    # row scores (ln 3, 0): softmax (3/4, 1/4); the target is class 1: cost -ln(1/4) = ln 4
    Z = np.array([[np.log(3), 0.0]])
    assert softmax_cross_entropy(Z, np.array([[0.0, 1.0]])) == pytest.approx(np.log(4), rel=1e-15)
    np.testing.assert_allclose(
        softmax_cross_entropy_gradient(Z, np.array([[0.0, 1.0]])), [[0.75, -0.75]], rtol=1e-15
    )


# --------------------------------------------------------------------------- stability


def test_sigmoid_cross_entropy_is_more_accurate_than_the_textbook_formula():
    # z = 20, y = 0: the cost is -ln(1 - sigma(20)) = ln(1 + e^20) = 20 + ln(1 + e^-20).
    # Through a = sigma(20) = 0.999999997938..., ln(1 - a) keeps only about 8 digits.
    exact = 20 + np.log1p(np.exp(-20.0))
    assert sigmoid_cross_entropy(np.array([[20.0]]), np.array([[0.0]])) == pytest.approx(
        exact, rel=1e-15
    )
    textbook = -np.log(1 - sigmoid(20.0))
    assert abs(textbook - exact) > 1e-9  # the point of computing from Z


@pytest.mark.parametrize("z", [1e4, -1e4, 800.0, -800.0, 40.0, -40.0])
def test_cross_entropies_are_finite_and_right_for_huge_scores(z):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # a confident right answer costs about 0; a confident wrong one costs about |z|
        right = sigmoid_cross_entropy(np.array([[z]]), np.array([[1.0 if z > 0 else 0.0]]))
        wrong = sigmoid_cross_entropy(np.array([[z]]), np.array([[0.0 if z > 0 else 1.0]]))
        Z = np.array([[z, 0.0]])
        soft_right = softmax_cross_entropy(Z, np.array([[1.0, 0.0] if z > 0 else [0.0, 1.0]]))
        soft_wrong = softmax_cross_entropy(Z, np.array([[0.0, 1.0] if z > 0 else [1.0, 0.0]]))
    for value in (right, wrong, soft_right, soft_wrong):
        assert np.isfinite(value)
    assert right == pytest.approx(0.0, abs=1e-17)
    assert soft_right == pytest.approx(0.0, abs=1e-17)
    assert wrong == pytest.approx(abs(z), rel=1e-15)
    assert soft_wrong == pytest.approx(abs(z), rel=1e-15)


# --------------------------------------------------------------------------- properties


@no_deadline
@given(
    shape.flatmap(
        lambda s: st.tuples(
            arrays(np.float64, s, elements=unit), arrays(np.float64, s, elements=unit)
        )
    )
)
def test_quadratic_cost_is_the_mean_half_squared_distance(AY):
    A, Y = AY
    cost = quadratic_cost(A, Y)
    assert cost >= 0.0
    assert cost == pytest.approx(0.5 * np.sum((A - Y) ** 2) / len(A), rel=1e-12, abs=1e-300)
    assert quadratic_cost(Y, Y) == 0.0


@no_deadline
@given(
    shape.flatmap(
        lambda s: st.tuples(
            arrays(np.float64, s, elements=near_zero), arrays(np.float64, s, elements=unit)
        )
    )
)
def test_sigmoid_cross_entropy_matches_the_textbook_formula(ZY):
    Z, Y = ZY
    A = sigmoid(Z)
    textbook = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / len(Z)
    assert sigmoid_cross_entropy(Z, Y) == pytest.approx(textbook, rel=1e-9, abs=1e-9)


@no_deadline
@given(
    shape.flatmap(
        lambda s: st.tuples(
            arrays(np.float64, s, elements=moderate),
            st.lists(st.integers(0, s[1] - 1), min_size=s[0], max_size=s[0]),
        )
    )
)
def test_softmax_cross_entropy_matches_the_textbook_formula(Z_labels):
    Z, labels = Z_labels
    Y = np.eye(Z.shape[1])[labels]
    textbook = -np.sum(Y * np.log(softmax(Z))) / len(Z)
    cost = softmax_cross_entropy(Z, Y)
    assert cost >= 0.0
    assert cost == pytest.approx(textbook, rel=1e-9, abs=1e-12)


@no_deadline
@given(
    shape.flatmap(
        lambda s: st.tuples(
            arrays(np.float64, s, elements=st.floats(-4, 4)), arrays(np.float64, s, elements=unit)
        )
    )
)
def test_gradients_match_central_differences(ZY):
    Z, Y = ZY
    A = sigmoid(Z)  # any values in (0, 1) serve as outputs for the quadratic cost
    np.testing.assert_allclose(
        quadratic_cost_gradient(A, Y),
        central_differences(lambda A_: quadratic_cost(A_, Y), A),
        rtol=1e-6,
        atol=1e-9,
    )
    np.testing.assert_allclose(
        sigmoid_cross_entropy_gradient(Z, Y),
        central_differences(lambda Z_: sigmoid_cross_entropy(Z_, Y), Z),
        rtol=1e-6,
        atol=1e-9,
    )
    P = Y + 0.1
    P /= P.sum(axis=1, keepdims=True)  # softmax targets: rows that sum to 1
    np.testing.assert_allclose(
        softmax_cross_entropy_gradient(Z, P),
        central_differences(lambda Z_: softmax_cross_entropy(Z_, P), Z),
        rtol=1e-6,
        atol=1e-9,
    )


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_gradients_keep_the_dtype(dtype):
    Z = np.array([[0.5, -1.0]], dtype=dtype)
    Y = np.array([[1.0, 0.0]], dtype=dtype)
    for gradient in (quadratic_cost_gradient, sigmoid_cross_entropy_gradient):
        assert gradient(Z, Y).dtype == dtype
    assert softmax_cross_entropy_gradient(Z, Y).dtype == dtype


# --------------------------------------------------------------------------- the registry


def registered_formulas() -> list[tuple[str, str, object]]:
    """Every (cost, where, CostFormula) the registry holds now: ``where`` is "A" for a formula
    of the outputs, else the output activation whose Z it takes."""
    from nnbook.costs import COSTS

    found = []
    for name, cost in COSTS.items():
        if cost.from_outputs is not None:
            found.append((name, "A", cost.from_outputs))
        found += [(name, output, f) for output, f in cost.from_weighted_inputs.items()]
    return found


def assert_formula_gradient_is_right(name, where, formula, dtype=np.float64):
    rng = np.random.default_rng(3)
    Z = rng.uniform(-3, 3, size=(5, 3))
    V = sigmoid(Z) if where == "A" else Z  # outputs in (0, 1), or the weighted inputs
    Y = rng.random((5, 3))
    if where == "softmax":
        Y /= Y.sum(axis=1, keepdims=True)  # a softmax's targets: rows that sum to 1
    np.testing.assert_allclose(
        formula.gradient(V, Y),
        central_differences(lambda V_: formula.function(V_, Y), V),
        rtol=1e-6,
        atol=1e-9,
        err_msg=f"{name} from {where}",
    )
    V32, Y32 = V.astype(np.float32), Y.astype(np.float32)
    assert formula.gradient(V32, Y32).dtype == np.float32, (name, where)
    assert np.isfinite(formula.function(V32, Y32))


def test_every_registered_cost_formula_has_the_right_gradient():
    formulas = registered_formulas()
    assert {"quadratic", "cross_entropy"} <= {name for name, _, _ in formulas}
    for name, where, formula in formulas:
        assert_formula_gradient_is_right(name, where, formula)


def test_a_registered_cost_is_in_every_cost_test(registered_cost):
    formulas = [f for f in registered_formulas() if f[0] == registered_cost]
    assert [where for _, where, _ in formulas] == ["A"]
    for name, where, formula in formulas:
        assert_formula_gradient_is_right(name, where, formula)


def test_the_registry_holds_the_functions_above_unchecked():
    from nnbook.costs import COSTS

    Z = np.array([[0.5, -1.0]])
    Y = np.array([[1.0, 0.0]])
    assert COSTS["quadratic"].from_outputs.function(sigmoid(Z), Y) == quadratic_cost(sigmoid(Z), Y)
    ce = COSTS["cross_entropy"]
    assert ce.from_outputs is None and ce.unit_targets
    assert ce.from_weighted_inputs["sigmoid"].function(Z, Y) == sigmoid_cross_entropy(Z, Y)
    assert ce.from_weighted_inputs["softmax"].function(Z, Y) == softmax_cross_entropy(Z, Y)
    np.testing.assert_array_equal(
        ce.from_weighted_inputs["softmax"].gradient(Z, Y), softmax_cross_entropy_gradient(Z, Y)
    )


def _gradient(A, Y):
    return A - Y


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda m: "hinge", TypeError, "register_cost expects a Cost"),
        (lambda m: m.Cost("no_such_cost", m.CostFormula(np.sum, _gradient)), ValueError,
         "A name in COSTS must be a Python identifier such as 'absolute', not starting with "
         "'no_such_'; got 'no_such_cost'. Choose a name like that."),
        (lambda m: m.Cost("quadratic", m.CostFormula(np.sum, _gradient)), ValueError,
         "COSTS has an entry named 'quadratic' already; choose another name, or remove the "
         "old one first with del COSTS['quadratic']."),
        (lambda m: m.Cost("never_used", None), ValueError, "has no formula"),
        (lambda m: m.Cost("never_used", m.CostFormula(np.sum, None)), TypeError,
         "The cost 'never_used' needs a CostFormula(function, gradient) of two callables for "
         "from_outputs"),
    ],
)  # fmt: skip
def test_register_cost_refuses_what_the_network_could_not_use(make, error, message):
    import nnbook.costs as costs

    before = dict(costs.COSTS)
    with pytest.raises(error, match=re.escape(message)):
        costs.register_cost(make(costs))
    assert costs.COSTS == before
