"""Tests of the small data sets in nnbook.datasets.toy."""

import numpy as np
import pytest

import nnbook
from nnbook.datasets import toy

GENERATORS = [toy.moons, toy.circles, toy.spirals, toy.blobs]


# --- fixed sets -----------------------------------------------------------------------


def test_single_neuron_is_seed_002s_four_examples():
    X, Y = toy.single_neuron()
    assert X.shape == (4, 3) and Y.shape == (4, 1)
    assert X.dtype == np.float64 and Y.dtype == np.float64
    np.testing.assert_array_equal(X, [[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]])
    np.testing.assert_array_equal(Y[:, 0], [0, 1, 1, 0])
    # The target is the first input: the pattern the neuron has to find.
    np.testing.assert_array_equal(Y[:, 0], X[:, 0])


def test_single_neuron_query_is_one_new_row():
    query = toy.single_neuron_query()
    assert query.shape == (1, 3) and query.dtype == np.float64
    np.testing.assert_array_equal(query, [[1, 0, 0]])
    X, _ = toy.single_neuron()
    assert not (X == query).all(axis=1).any(), "the query must not be a training example"


def test_xor_truth_table():
    X, Y = toy.xor()
    assert X.shape == (4, 2) and Y.shape == (4, 1)
    expected = np.logical_xor(X[:, 0] == 1, X[:, 1] == 1).astype(float)
    np.testing.assert_array_equal(Y[:, 0], expected)
    assert {tuple(row) for row in X} == {(0, 0), (0, 1), (1, 0), (1, 1)}


def test_weight_height_matches_the_article_with_its_centring():
    X, Y = toy.weight_height()
    assert X.shape == (4, 2) and Y.shape == (4, 1) and X.dtype == np.float64
    # Victor Zhou's table after subtracting 135 lb and 66 in; female = 1.
    np.testing.assert_array_equal(X, [[-2, -1], [25, 6], [17, 4], [-15, -6]])
    np.testing.assert_array_equal(Y[:, 0], [1, 0, 0, 1])


def test_weight_height_table_agrees_with_the_arrays():
    table = toy.weight_height_table()
    assert [p.name for p in table] == ["Alice", "Bob", "Charlie", "Diana"]
    X, Y = toy.weight_height()
    raw = np.array([[p.weight_lb, p.height_in] for p in table])
    np.testing.assert_array_equal(raw - [135, 66], X)
    np.testing.assert_array_equal([p.sex == "F" for p in table], Y[:, 0] == 1)


def test_fixed_sets_return_fresh_arrays():
    X, Y = toy.single_neuron()
    X[:] = 7
    Y[:] = 7
    X2, Y2 = toy.single_neuron()
    assert X2[0, 0] == 0 and Y2[1, 0] == 1


# --- weight_height_sample -------------------------------------------------------------


def test_weight_height_sample_shapes_balance_and_seed():
    X, Y = toy.weight_height_sample(201, seed=3)
    assert X.shape == (201, 2) and Y.shape == (201, 1)
    assert set(np.unique(Y)) == {0.0, 1.0}
    assert Y.sum() == 100  # n // 2 female
    X2, Y2 = toy.weight_height_sample(201, seed=3)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(Y, Y2)
    X3, _ = toy.weight_height_sample(201, seed=4)
    assert not np.array_equal(X, X3)


def test_weight_height_sample_statistics_follow_the_documented_table():
    n = 40_000
    X, Y = toy.weight_height_sample(n, seed=0)
    female = Y[:, 0] == 1
    raw = X + [135.0, 66.0]
    # (mean weight, mean height, sd weight, sd height) from the docstring's table.
    for mask, (w_mean, h_mean, w_sd, h_sd) in (
        (female, (128, 63.5, 14, 2.6)),
        (~female, (162, 69.5, 18, 2.9)),
    ):
        group = raw[mask]
        m = len(group)
        # Means within 5 standard errors; SDs within 5 %.
        assert abs(group[:, 0].mean() - w_mean) < 5 * w_sd / np.sqrt(m)
        assert abs(group[:, 1].mean() - h_mean) < 5 * h_sd / np.sqrt(m)
        assert group[:, 0].std() == pytest.approx(w_sd, rel=0.05)
        assert group[:, 1].std() == pytest.approx(h_sd, rel=0.05)
        assert np.corrcoef(group.T)[0, 1] == pytest.approx(0.5, abs=0.03)


def test_weight_height_sample_rows_are_shuffled():
    _, Y = toy.weight_height_sample(100, seed=0)
    assert 0 < Y[:50].sum() < 50


# --- generators -----------------------------------------------------------------------


@pytest.mark.parametrize("make", GENERATORS)
def test_generator_shapes_types_and_balance(make):
    X, labels = make(101, seed=1)
    assert X.shape == (101, 2) and X.dtype == np.float64
    assert labels.shape == (101,) and labels.dtype == np.int64
    counts = np.bincount(labels)
    assert counts.max() - counts.min() <= 1
    assert np.isfinite(X).all()


@pytest.mark.parametrize("make", GENERATORS)
def test_generator_is_reproducible_and_seed_dependent(make):
    X1, y1 = make(50, seed=7)
    X2, y2 = make(50, seed=7)
    X3, _ = make(50, seed=8)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)
    X4, y4 = make(50, seed=np.random.default_rng(7))
    np.testing.assert_array_equal(X1, X4)
    np.testing.assert_array_equal(y1, y4)


@pytest.mark.parametrize("make", GENERATORS)
def test_generator_does_not_touch_global_random_state(make):
    # The legacy global generator is used here on purpose: it must not be touched.
    np.random.seed(123)  # noqa: NPY002
    expected = np.random.random()  # noqa: NPY002
    np.random.seed(123)  # noqa: NPY002
    make(30, seed=0)
    assert np.random.random() == expected  # noqa: NPY002


@pytest.mark.parametrize("make", GENERATORS)
def test_generator_rows_are_shuffled(make):
    _, labels = make(200, seed=0)
    assert len(np.unique(labels[:50])) > 1


def test_moons_without_noise_lie_on_their_half_circles():
    X, labels = toy.moons(300, noise=0.0, seed=0)
    upper, lower = X[labels == 0], X[labels == 1]
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0, atol=1e-12)
    assert (upper[:, 1] >= -1e-12).all()
    np.testing.assert_allclose(np.hypot(*(lower - [1.0, 0.5]).T), 1.0, atol=1e-12)
    assert (lower[:, 1] <= 0.5 + 1e-12).all()


def test_circles_without_noise_lie_on_two_radii():
    X, labels = toy.circles(300, noise=0.0, factor=0.3, seed=0)
    radius = np.hypot(*X.T)
    np.testing.assert_allclose(radius[labels == 0], 1.0, atol=1e-12)
    np.testing.assert_allclose(radius[labels == 1], 0.3, atol=1e-12)


def test_spirals_without_noise_follow_their_arm():
    K, turns = 3, 1.5
    X, labels = toy.spirals(300, n_classes=K, noise=0.0, turns=turns, seed=0)
    assert set(labels) == {0, 1, 2}
    r = np.hypot(*X.T)
    theta = np.arctan2(X[:, 1], X[:, 0])
    expected = 2 * np.pi * (turns * r + labels / K)
    # Same angle modulo 2 pi.
    np.testing.assert_allclose(np.cos(theta - expected), 1.0, atol=1e-9)
    assert r.max() <= 1.0


def test_blobs_without_noise_sit_on_their_centres():
    X, labels = toy.blobs(40, n_classes=4, noise=0.0, seed=0)
    angles = 2 * np.pi * labels / 4
    np.testing.assert_allclose(X, 2 * np.column_stack([np.cos(angles), np.sin(angles)]))


def test_noise_is_the_standard_deviation():
    X0, labels = toy.circles(20_000, noise=0.0, seed=5)
    X1, labels1 = toy.circles(20_000, noise=0.2, seed=5)
    np.testing.assert_array_equal(labels, labels1)  # same draws before the noise
    assert (X1 - X0).std() == pytest.approx(0.2, rel=0.03)


@pytest.mark.parametrize("make", GENERATORS)
@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"n": 0}, ValueError, "n must be at least"),
        ({"n": 2.5}, TypeError, "n must be an int"),
        ({"n": True}, TypeError, "n must be an int"),
        ({"noise": -0.1}, ValueError, "noise is a standard deviation"),
        ({"noise": float("nan")}, ValueError, "noise is a standard deviation"),
        ({"noise": "0.1"}, TypeError, "noise must be a number"),
        (
            {"seed": 1.5},
            TypeError,
            "seed must be a non-negative integer or a numpy.random.Generator",
        ),
        ({"seed": -1}, ValueError, "seed must be a non-negative int"),
    ],
)
def test_generator_validation(make, kwargs, error, match):
    with pytest.raises(error, match=match):
        make(**kwargs)


def test_specific_parameter_validation():
    with pytest.raises(ValueError, match="factor is the inner circle's radius"):
        toy.circles(factor=1.5)
    with pytest.raises(ValueError, match="n_classes must be at least 2"):
        toy.spirals(n_classes=1)
    with pytest.raises(ValueError, match="n must be at least 5"):
        toy.blobs(4, n_classes=5)
    with pytest.raises(ValueError, match="turns must be a positive"):
        toy.spirals(turns=0)
    with pytest.raises(ValueError, match="n must be at least 2"):
        toy.weight_height_sample(1)


@pytest.mark.parametrize("make", GENERATORS)
@pytest.mark.parametrize(
    ("noise", "error", "match"),
    [
        (
            np.complex128(0.1),
            TypeError,
            r"noise must be a real number; got the complex.*noise=0\.1",
        ),
        (1e308, ValueError, r"from 0 to 1,000,000; got 1e\+308\. Use noise=0"),
        (float("inf"), ValueError, "noise is a standard deviation"),
    ],
)
def test_complex_or_overflowing_noise_is_refused(make, noise, error, match):
    # Before: complex noise lost its imaginary part with a ComplexWarning, and noise=1e308
    # returned points at inf.
    with pytest.raises(error, match=match):
        make(noise=noise)


@pytest.mark.parametrize(
    ("turns", "error", "match"),
    [
        (1e308, ValueError, r"turns must be a positive number of turns, at most 1,000,000; got"),
        (np.complex128(1), TypeError, r"turns must be a real number; got the complex number"),
        (1j, TypeError, r"turns must be a real number"),
        ("1", TypeError, r"turns must be a number; got '1' of type str"),
    ],
)
def test_complex_or_overflowing_turns_are_refused(turns, error, match):
    # Before: turns=1e308 returned NaN points, a complex turns was cast with a warning.
    with pytest.raises(error, match=match):
        toy.spirals(turns=turns)


def test_a_complex_factor_is_refused():
    with pytest.raises(TypeError, match="factor must be a real number; got the complex"):
        toy.circles(factor=np.complex128(0.5))


@pytest.mark.parametrize("make", GENERATORS)
def test_a_count_too_large_for_memory_is_refused_before_allocating(make):
    with pytest.raises(ValueError, match=r"n must be at most 10,000,000; got 10,000,000,000"):
        make(10**10)


@pytest.mark.parametrize("make", GENERATORS)
def test_the_largest_allowed_values_still_give_finite_points(make):
    # The limits refuse only typos: the largest allowed noise, turns and numpy scalars pass.
    X, labels = make(50, noise=toy.MAX_NOISE, seed=1)
    assert X.shape == (50, 2) and np.isfinite(X).all()
    X, _ = make(np.int64(7), noise=np.float32(2.5), seed=1)
    assert X.shape == (7, 2) and np.isfinite(X).all()
    X, _ = toy.spirals(1000, turns=toy.MAX_TURNS, noise=0)
    assert np.isfinite(X).all() and np.abs(X).max() <= 1.0
    X, _ = toy.circles(20, factor=np.float64(1e-300))
    assert np.isfinite(X).all()


def test_top_level_exports():
    for name in (
        "single_neuron",
        "single_neuron_query",
        "xor",
        "weight_height",
        "weight_height_sample",
        "moons",
        "circles",
        "spirals",
        "load_mnist",
    ):
        assert getattr(nnbook, name) is getattr(nnbook.datasets, name)
        assert name in nnbook.__all__
