"""Tests of nnbook.model_selection.train_validation_split."""

from __future__ import annotations

import numpy as np
import pytest

from nnbook.model_selection import train_validation_split


def _data(n: int = 10) -> tuple[np.ndarray, np.ndarray]:
    X = np.arange(3 * n, dtype=float).reshape(n, 3)  # row i is [3i, 3i + 1, 3i + 2]
    y = np.arange(n) % 4
    return X, y


def test_default_takes_the_last_rows_as_views():
    X, y = _data()
    (X_train, y_train), (X_val, y_val) = train_validation_split(X, y, n_validation=3)
    np.testing.assert_array_equal(X_train, X[:7])
    np.testing.assert_array_equal(y_train, y[:7])
    np.testing.assert_array_equal(X_val, X[7:])
    np.testing.assert_array_equal(y_val, y[7:])
    # Views: no copy of a 60,000 x 784 array.
    assert np.shares_memory(X_train, X) and np.shares_memory(X_val, X)


def test_seeded_split_is_a_partition_that_keeps_pairs_together():
    X, y = _data(50)
    (X_train, y_train), (X_val, y_val) = train_validation_split(X, y, n_validation=12, seed=3)
    assert X_train.shape == (38, 3) and X_val.shape == (12, 3)
    rows = np.concatenate([X_train[:, 0], X_val[:, 0]]) / 3  # row numbers
    np.testing.assert_array_equal(np.sort(rows), np.arange(50))
    # Each label still belongs to its row: y[i] = i % 4.
    np.testing.assert_array_equal(y_train, (X_train[:, 0] / 3).astype(int) % 4)
    np.testing.assert_array_equal(y_val, (X_val[:, 0] / 3).astype(int) % 4)
    # Random, not the last rows.
    assert not np.array_equal(np.sort(X_val[:, 0] / 3), np.arange(38, 50))


def test_same_seed_same_split_and_generator_accepted():
    X, y = _data(30)
    first = train_validation_split(X, y, n_validation=5, seed=7)
    second = train_validation_split(X, y, n_validation=5, seed=7)
    third = train_validation_split(X, y, n_validation=5, seed=np.random.default_rng(7))
    for a, b, c in zip(first, second, third, strict=True):
        for u, v, w in zip(a, b, c, strict=True):
            np.testing.assert_array_equal(u, v)
            np.testing.assert_array_equal(u, w)


def test_works_for_target_matrices_and_images():
    X = np.zeros((8, 28, 28))
    Y = np.eye(4)[np.arange(8) % 4]
    (X_train, Y_train), (X_val, Y_val) = train_validation_split(X, Y, n_validation=2)
    assert X_train.shape == (6, 28, 28) and Y_val.shape == (2, 4)


@pytest.mark.parametrize("n_validation", [0, 10, 11, -1])
def test_n_validation_must_leave_both_parts_non_empty(n_validation):
    X, y = _data(10)
    with pytest.raises(ValueError, match=r"n_validation must be between 1 and n_samples - 1 = 9"):
        train_validation_split(X, y, n_validation=n_validation)


@pytest.mark.parametrize("n_validation", [0.2, 2.0, True, "3"])
def test_n_validation_must_be_an_integer(n_validation):
    X, y = _data(10)
    with pytest.raises(TypeError, match="n_validation must be an integer"):
        train_validation_split(X, y, n_validation=n_validation)


def test_rows_must_match():
    X, y = _data(10)
    with pytest.raises(ValueError, match=r"got len\(X\) = 10 and len\(y\) = 9"):
        train_validation_split(X, y[:9], n_validation=2)


def test_scalars_are_refused():
    with pytest.raises(ValueError, match="one row per example"):
        train_validation_split(3.0, [1], n_validation=1)


def test_bad_seeds():
    X, y = _data(10)
    with pytest.raises(TypeError, match="seed must be None"):
        train_validation_split(X, y, n_validation=2, seed=1.5)
    with pytest.raises(ValueError, match="non-negative"):
        train_validation_split(X, y, n_validation=2, seed=-1)
