"""``predicted_labels``: outputs that cannot be read as classes get a clear error."""

from __future__ import annotations

import numpy as np
import pytest

from nnbook import predicted_labels


@pytest.mark.parametrize(
    ("A", "error", "match"),
    [
        # Before: argmax compared the strings and returned class 1.
        ([["a", "b"]], TypeError, r"A must hold real numbers.*dtype <U1"),
        # Before: argmax dropped the imaginary parts and returned class 1.
        (np.array([[1 + 1j, 2]]), TypeError, r"A must hold real numbers.*complex128"),
        # Before: numpy's "attempt to get argmax of an empty sequence".
        (np.zeros((3, 0)), ValueError, r"A has no columns \(shape \(3, 0\)\)"),
    ],
)
def test_outputs_that_are_not_real_numbers_or_have_no_column_are_refused(A, error, match):
    with pytest.raises(error, match=match):
        predicted_labels(A)


def test_booleans_and_integers_are_read_as_outputs():
    assert predicted_labels(np.array([[True], [False]])).tolist() == [1, 0]
    assert predicted_labels([[0, 3, 1], [2, 0, 0]]).tolist() == [1, 0]
