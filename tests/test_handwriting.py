"""Lesson 07's preprocessing (MNIST's format) and the drawing pad's kernel side."""

from __future__ import annotations

import base64

import numpy as np
import pytest

import nnbook
from nnbook.datasets.handwriting import (
    centre_of_mass,
    crop_to_ink,
    paste_into_canvas,
    place_by_centre_of_mass,
    random_pastes,
    random_shifts,
    resize_area,
    shift_images,
    to_mnist_format,
)
from nnbook.widgets import DrawingPad


def test_a_known_image_goes_to_a_known_28_by_28():
    """A 40 x 20 bar of full ink, anywhere in a 100 x 100 canvas."""
    canvas = np.zeros((100, 100))
    canvas[30:70, 55:75] = 1.0
    # crop: 40 x 20; scale the longer side to 20: 20 x 10, still all ones (area averages of 1);
    # centre of mass of a 20 x 10 block: (9.5, 4.5); top = round(14 - 9.5) = 4 (Python rounds
    # halves to even), left = round(14 - 4.5) = 10.
    expected = np.zeros((28, 28))
    expected[4:24, 10:20] = 1.0
    np.testing.assert_array_equal(to_mnist_format(canvas), expected)


def test_every_step_by_hand():
    image = np.zeros((6, 8))
    image[1:3, 2:6] = [[0.5, 1.0, 1.0, 0.5], [0.0, 1.0, 1.0, 0.0]]
    np.testing.assert_array_equal(crop_to_ink(image), image[1:3, 2:6])
    # 2 x 4 -> 1 x 2: each new pixel is the mean of a 2 x 2 block
    np.testing.assert_allclose(resize_area(image[1:3, 2:6], (1, 2)), [[0.625, 0.625]])
    # centre of mass: ink 5 in total; rows: (0.5+1+1+0.5)*1 + (1+1)*2 = 7 -> 7/5 = 1.4
    assert centre_of_mass(image) == pytest.approx((1.4, 3.5))
    placed = place_by_centre_of_mass(np.ones((2, 2)), size=6)  # centre (0.5, 0.5) -> 3
    assert centre_of_mass(placed) == pytest.approx((2.5, 2.5))  # as close as whole pixels go


def test_area_resampling_keeps_the_mean_ink_and_blends_strokes():
    rng = np.random.default_rng(0)
    image = rng.random((60, 45))
    for shape in [(20, 15), (7, 9), (120, 90)]:
        assert resize_area(image, shape).mean() == pytest.approx(image.mean(), rel=1e-12)
    stripes = np.zeros((40, 40))
    stripes[:, ::2] = 1.0  # one-pixel strokes: shrinking by 2 gives grey, not black or white
    np.testing.assert_allclose(resize_area(stripes, (20, 20)), 0.5)


def test_mnist_digits_are_already_in_their_format():
    """Real MNIST digits: longer side 20 and centre of mass at (14, 14), within a pixel."""
    (X, _), _ = nnbook.load_mnist(dtype=np.float32, progress=False)
    for x in X[:50]:
        image = x.reshape(28, 28)
        assert max(crop_to_ink(image).shape) in (19, 20)
        row, col = centre_of_mass(image)
        assert abs(row - 14) < 1 and abs(col - 14) < 1


def test_shifts_move_ink_and_drop_what_leaves():
    image = np.zeros((1, 28, 28))
    image[0, 0, 0] = image[0, 10, 10] = 1.0
    moved = shift_images(image, 2, -3)
    assert moved[0, 12, 7] == 1.0 and moved.sum() == 1.0  # (0, 0) left the field
    rows = shift_images(image.reshape(1, 784), 1, 1)
    assert rows.shape == (1, 784) and rows.reshape(28, 28)[11, 11] == 1.0
    many = np.repeat(image.reshape(1, 784), 50, axis=0)
    shifted = random_shifts(many, 2, np.random.default_rng(0))
    assert shifted.shape == many.shape and len({r.tobytes() for r in shifted}) > 5


@pytest.mark.parametrize(
    ("image", "error", "match"),
    [
        (np.zeros((10, 10)), ValueError, "no ink"),
        (np.zeros(784), ValueError, r"reshape\(28, 28\)"),
        (np.array([["a"]]), TypeError, "array of numbers"),
        (np.full((3, 3), np.nan), ValueError, "finite ink"),
        (-np.ones((3, 3)), ValueError, "finite ink"),
        (np.zeros((0, 5)), ValueError, "empty"),
    ],
)
def test_bad_images_get_clear_errors(image, error, match):
    with pytest.raises(error, match=match):
        to_mnist_format(image)


@pytest.mark.parametrize(
    ("shape", "error", "match"),
    [
        ((20.7, 10), TypeError, r"shape must be two whole numbers .*got \(20\.7, 10\)"),
        ((28,), TypeError, "shape must be two whole numbers"),
        (28, TypeError, "shape must be two whole numbers"),
        ((0, 28), ValueError, "shape must be two sizes from 1 to 10,000"),
        ((10**6, 10**6), ValueError, "shape must be two sizes from 1 to 10,000"),
    ],
)
def test_resize_area_refuses_shapes_it_would_truncate_or_cannot_hold(shape, error, match):
    # Before: (20.7, 10) was cut to 20 rows without a word, and (10**6, 10**6) tried to
    # allocate terabytes.
    with pytest.raises(error, match=match):
        resize_area(np.ones((5, 5)), shape)


def test_resize_area_takes_numpy_sizes():
    assert resize_area(np.ones((5, 5)), np.array([3, 4])).shape == (3, 4)
    assert resize_area(np.ones((5, 5)), (np.int64(2), 2)).shape == (2, 2)


@pytest.mark.parametrize(
    ("images", "match"),
    [
        (np.zeros((2, 392)), r"images must be MNIST digits, \(n, 784\) or \(n, 28, 28\)"),
        (np.zeros((3, 20, 20)), r"got shape \(3, 20, 20\)"),
        (np.zeros(784), r"got shape \(784,\)"),
    ],
)
def test_digits_of_the_wrong_size_are_refused(images, match):
    # Before: random_pastes regrouped two half rows of 392 into one digit and pasted that.
    with pytest.raises(ValueError, match=match):
        random_pastes(images, seed=0)
    with pytest.raises(ValueError, match=match):
        random_shifts(images, 1, seed=0)


def test_random_pastes_refuses_a_canvas_too_small_or_scales_the_wrong_way_round():
    digits = np.ones((2, 784))
    # Before: numpy's "high <= 0" from deep inside the loop.
    with pytest.raises(ValueError, match=r"2\.5 x 28 = 70 pixels, does not fit a 40 x 40"):
        random_pastes(digits, canvas=40, scales=(0.6, 2.5))
    with pytest.raises(ValueError, match=r"the smaller first; got \(2\.5, 0\.6\)"):
        random_pastes(digits, scales=(2.5, 0.6))
    with pytest.raises(ValueError, match="scales"):
        random_pastes(digits, scales=(0.0, 1.0))
    with pytest.raises(TypeError, match="scales must be two numbers"):
        random_pastes(digits, scales=1.5)
    assert random_pastes(digits, canvas=70, scales=(2.5, 2.5)).shape == (2, 70, 70)


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        ((np.ones((1, 784)), 96, 1.0, 0, 0), ValueError, r"square digit.*reshape\(28, 28\)"),
        ((np.ones((28, 20)), 96, 1.0, 0, 0), ValueError, r"square digit.*\(28, 20\)"),
        ((np.ones((28, 28)), 96, float("nan"), 0, 0), ValueError, "scale"),
        ((np.ones((28, 28)), 96, -1.0, 0, 0), ValueError, "scale"),
        ((np.ones((28, 28)), 96, 1.0, 2.5, 0), TypeError, "top"),
        ((np.ones((28, 28)), 96, 1.0, 0, -3), ValueError, "left"),
        ((np.ones((28, 28)), 96.0, 1.0, 0, 0), TypeError, "canvas"),
    ],
)
def test_paste_into_canvas_refuses_bad_arguments(args, error, match):
    # Before: a (1, 784) row became a 1-pixel digit, a (28, 20) image was squeezed square,
    # NaN met Python's round(), and top=2.5 met numpy's slicing.
    with pytest.raises(error, match=match):
        paste_into_canvas(*args)


def test_place_by_centre_of_mass_checks_its_size():
    with pytest.raises(TypeError, match="size"):
        place_by_centre_of_mass(np.ones((3, 3)), 28.5)
    with pytest.raises(ValueError, match=r"does not fit a 2 x 2 field"):
        place_by_centre_of_mass(np.ones((3, 3)), 2)


@pytest.fixture(scope="module")
def trained():
    (X, y), (X_test, y_test) = nnbook.load_mnist(dtype=np.float32, progress=False)
    net = nnbook.Network(
        [784, 64, 10], hidden="relu", output="softmax", cost="cross_entropy", init="he",
        dtype=np.float32, seed=0,
    )  # fmt: skip
    Y = nnbook.one_hot(y, 10, dtype=np.float32)
    net.fit(X, Y, epochs=3, batch_size=128, learning_rate=0.1, momentum=0.9, progress=False)
    return net, X_test[:1000], y_test[:1000]


def test_pasted_digits_put_back_by_the_preprocessing_keep_97_percent_of_the_accuracy(trained):
    net, X, y = trained
    original = net.accuracy(X, y)
    pasted = random_pastes(X, canvas=96, scales=(0.6, 2.5), seed=1)
    naive = np.stack([resize_area(p, (28, 28)) for p in pasted]).reshape(len(X), 784)
    prepared = np.stack([to_mnist_format(p) for p in pasted]).reshape(len(X), 784)
    assert original > 0.9
    assert net.accuracy(naive, y) < 0.5 * original  # without the preparation: lost
    assert net.accuracy(prepared, y) >= 0.97 * original


def test_paste_into_canvas_refuses_what_does_not_fit():
    with pytest.raises(ValueError, match="does not fit"):
        paste_into_canvas(np.ones((28, 28)), 40, 2.0, 0, 0)


# ---------------------------------------------------------------------------- the drawing pad


def encode(image: np.ndarray) -> str:
    return base64.b64encode(image.astype(np.uint8).tobytes()).decode()


@pytest.fixture()
def pad(trained):
    return DrawingPad(trained[0])


def test_the_pad_reads_a_drawing_after_each_stroke(pad, trained):
    net, X, y = trained
    digit = X[0].reshape(28, 28)
    drawing = np.kron(digit, np.ones((10, 10))) * 255  # the test digit, drawn 10 times larger
    pad.ink = encode(drawing)
    assert pad.prediction == str(net.predict(X[:1])[0])
    assert sum(pad.probabilities) == pytest.approx(1.0)
    assert max(pad.seen) == pytest.approx(1.0) and len(pad.seen) == 784
    assert "Prepared as MNIST" in pad.message


@pytest.mark.parametrize(
    ("ink", "message"),
    [
        ("", "Draw a digit"),
        (encode(np.zeros((280, 280))), "Draw a digit"),
        ("not base64!", "Could not read the drawing"),
        (encode(np.zeros((3, 3))), "Could not read the drawing: the pad sent 9 pixels"),
    ],
)
def test_an_empty_or_broken_drawing_gets_a_message_not_an_exception(pad, ink, message):
    pad.ink = encode(np.full((280, 280), 255))  # something first, so that the answer changes
    pad.ink = ink
    assert message in pad.message
    assert pad.prediction == ""


def test_a_dot_and_a_drawing_at_the_border_get_advice(pad):
    dot = np.zeros((280, 280))
    dot[100:104, 100:104] = 255
    pad.ink = encode(dot)
    assert "almost a dot" in pad.message and pad.prediction != ""
    edge = np.zeros((280, 280))
    edge[0:200, 0:30] = 255
    pad.ink = encode(edge)
    assert "touches the edge" in pad.message


def test_the_pad_needs_a_digit_network():
    with pytest.raises(ValueError, match="784 inputs and 10 softmax outputs"):
        DrawingPad(nnbook.Network([2, 3, 1]))
    with pytest.raises(ValueError, match="10 softmax outputs"):
        DrawingPad(nnbook.Network([784, 10]))  # sigmoid outputs are not probabilities
    with pytest.raises(ValueError, match="size must be an integer from 56 to 1000"):
        DrawingPad(nnbook.Network([784, 10], output="softmax"), size=10)


def test_without_the_preparation_a_small_digit_in_a_corner_is_misread(pad, trained):
    """What the checkbox shows a learner: the same drawing, prepared or not."""
    net, X, y = trained
    right = wrong = 0
    for x, label in zip(X[:40], y[:40], strict=True):
        drawing = np.zeros((280, 280))
        drawing[200:270, 10:80] = resize_area(x.reshape(28, 28), (70, 70)) * 255  # small, low left
        pad.prepare = True
        pad.ink = encode(drawing)
        right += pad.prediction == str(label)
        pad.prepare = False  # the pad reads the drawing again, unprepared
        assert "Not prepared" in pad.message
        wrong += pad.prediction != str(label)
    assert right >= 36 and wrong >= 30, (right, wrong)
    with pytest.raises(TypeError, match="prepare must be True or False"):
        DrawingPad(net, prepare="yes")
