r"""Your own handwriting in MNIST's format (lesson 07).

MNIST's digits were not photographed as they are: each one was prepared in three steps, and a
network trained on them expects a new digit prepared the same way. From the MNIST page
(Y. LeCun, C. Cortes, C. J. C. Burges, http://yann.lecun.com/exdb/mnist/): the digits "were
size normalized to fit in a 20x20 pixel box while preserving their aspect ratio", with grey
levels from "the anti-aliasing technique used by the normalization algorithm", and "centered
in a 28x28 image by computing the center of mass of the pixels, and translating the image so
as to position this point at the center of the 28x28 field". In code:

1. :func:`crop_to_ink`: cut the image down to the bounding box of its ink;
2. :func:`resize_area`: scale it so that its longer side is 20 pixels, keeping the aspect
   ratio; each new pixel is the average of the old pixels it covers (anti-aliasing);
3. :func:`place_by_centre_of_mass`: put it into a 28 x 28 field so that its centre of mass
   (:func:`centre_of_mass`) sits at the field's centre, pixel (14, 14).

:func:`to_mnist_format` does all three. Images are 2-D arrays of ink, as in MNIST: 0 is the
background, larger is more ink (floats in [0, 1], or bytes 0-255). The other functions move
MNIST digits around, for the lesson's experiments: :func:`shift_images` and
:func:`paste_into_canvas`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._validation import all_finite, check_float, check_int, make_rng, real_array
from ..messages import say

__all__ = [
    "centre_of_mass",
    "crop_to_ink",
    "paste_into_canvas",
    "place_by_centre_of_mass",
    "random_pastes",
    "random_shifts",
    "resize_area",
    "shift_images",
    "to_mnist_format",
]

#: MNIST's field, the box its digits are scaled into, and where their centre of mass sits.
FIELD, BOX, CENTRE = 28, 20, 14.0

#: The largest side, in pixels, of an image these functions make (a resized image, a canvas,
#: a field): 10,000 x 10,000 pixels already take 800 MB, and a drawing pad is a few hundred.
#: A larger size is a typo that would fill the memory instead of failing.
MAX_SIDE = 10_000


def check_image(image: ArrayLike, name: str = "image") -> NDArray[np.float64]:
    """``image`` as a 2-D float array of ink >= 0 (bytes 0-255 are divided by 255)."""
    array = real_array(image, name, domain=say("Ink is a real number."))
    if array.ndim != 2 and array.size == 784:
        raise ValueError(
            say(
                "{name} must be 2-D (rows, columns); got shape {shape}. Use "
                "{name}.reshape(28, 28) for one MNIST row of 784.",
                name=name,
                shape=array.shape,
            )
        )
    if array.ndim != 2:
        raise ValueError(
            say(
                "{name} must be 2-D (rows, columns); got shape {shape}.",
                name=name,
                shape=array.shape,
            )
        )
    if array.size == 0:
        raise ValueError(
            say(
                "{name} is empty (shape {shape}); give an image with at least one pixel.",
                name=name,
                shape=array.shape,
            )
        )
    if np.asarray(image).dtype.kind in "iu" and array.max() > 1:
        array = array / 255.0
    if not all_finite(array) or array.min() < 0:
        raise ValueError(
            say(
                "{name} must hold finite ink values >= 0 (0 is the background); it holds "
                "NaN, infinite or negative values. Find them with "
                "np.argwhere(~({name} >= 0) | ~np.isfinite({name})).",
                name=name,
            )
        )
    return array.astype(np.float64, copy=False)


def crop_to_ink(image: ArrayLike) -> NDArray[np.float64]:
    """The smallest rectangle of ``image`` that holds all its ink (every pixel > 0).

    Raises ``ValueError`` for an image without ink: there is nothing to read.
    """
    image = check_image(image)
    rows = np.flatnonzero(image.max(axis=1) > 0)
    cols = np.flatnonzero(image.max(axis=0) > 0)
    if len(rows) == 0:
        raise ValueError(
            say("The image has no ink (every pixel is 0): there is nothing to read. Draw a digit.")
        )
    return image[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


def _area_weights(n_in: int, n_out: int) -> NDArray[np.float64]:
    """``M`` ``(n_out, n_in)``: output pixel ``i`` covers input ``[i s, (i + 1) s)``, ``s =
    n_in / n_out``; ``M[i, j]`` is the share of that interval that input pixel ``j`` fills."""
    edges = np.arange(n_out + 1) * (n_in / n_out)
    low, high = edges[:-1, None], edges[1:, None]
    j = np.arange(n_in)[None, :]
    overlap = np.clip(np.minimum(high, j + 1) - np.maximum(low, j), 0.0, None)
    return overlap / (n_in / n_out)


def resize_area(image: ArrayLike, shape: tuple[int, int]) -> NDArray[np.float64]:
    r"""Resample ``image`` to ``shape`` = (rows, columns) by area averaging.

    Each new pixel is the mean of the old image over the rectangle it covers, so shrinking
    blends strokes into grey levels instead of dropping them (anti-aliasing), and the total
    ink scales with the area: ``resize_area(x, s).mean() == x.mean()``. Written as two matrix
    products, :math:`M_r\, X\, M_c^\top`, one per direction.
    """
    image = check_image(image)
    rows, cols = _check_shape(shape)
    return _area_weights(image.shape[0], rows) @ image @ _area_weights(image.shape[1], cols).T


def centre_of_mass(image: ArrayLike) -> tuple[float, float]:
    r"""The ink's centre of mass ``(row, column)``, pixel centres at whole numbers:
    :math:`\bar r = \sum_{r,c} r\, x_{rc} / \sum_{r,c} x_{rc}`, and the same for :math:`\bar c`."""
    image = check_image(image)
    total = image.sum()
    if total == 0:
        raise ValueError(
            say("The image has no ink (every pixel is 0): it has no centre of mass. Draw a digit.")
        )
    rows, cols = np.indices(image.shape)
    return float((rows * image).sum() / total), float((cols * image).sum() / total)


def place_by_centre_of_mass(image: ArrayLike, size: int = FIELD) -> NDArray[np.float64]:
    """Put ``image`` (at most ``size`` x ``size``) into a ``size`` x ``size`` field of zeros so
    that its centre of mass lands as close as whole pixels allow to ``size / 2`` (MNIST: 14);
    the image is never cut: near an edge it stops there."""
    image = check_image(image)
    size = check_int(size, "size", minimum=1, maximum=MAX_SIDE)
    height, width = image.shape
    if height > size or width > size:
        raise ValueError(
            say(
                "image of shape {shape} does not fit a {size} x {size} field. Scale it down "
                "first with resize_area, or choose a larger size.",
                shape=image.shape,
                size=size,
            )
        )
    row, col = centre_of_mass(image)
    top = min(max(round(size / 2 - row), 0), size - height)
    left = min(max(round(size / 2 - col), 0), size - width)
    field = np.zeros((size, size))
    field[top : top + height, left : left + width] = image
    return field


def to_mnist_format(image: ArrayLike) -> NDArray[np.float64]:
    """Prepare a drawing as MNIST's digits were: crop to the ink, scale the longer side to 20
    pixels keeping the aspect ratio (area averaging), centre the mass in 28 x 28. The ink is
    then rescaled so that its darkest pixel is 1, as in MNIST (a thin pen shrunk to 20 pixels
    would otherwise be a faint grey).

    Parameters
    ----------
    image : array_like, shape (rows, columns)
        Ink, 0 for the background: floats in [0, 1] or bytes 0-255. Any size.

    Returns
    -------
    ndarray, shape (28, 28)
        Ink in [0, 1]; ``.reshape(1, 784)`` is a network's input row.

    Raises
    ------
    ValueError
        For an image without ink.
    """
    ink = crop_to_ink(image)
    height, width = ink.shape
    scale = BOX / max(height, width)
    scaled = resize_area(ink, (max(1, round(height * scale)), max(1, round(width * scale))))
    return place_by_centre_of_mass(scaled / scaled.max())  # crop_to_ink left ink: max > 0


def shift_images(images: ArrayLike, rows: int, cols: int) -> NDArray:
    """Move every image of ``images`` ``(n, 28, 28)`` (or rows of 784) by whole pixels,
    ``rows`` down and ``cols`` right (negative: up, left); what leaves the field is lost, what
    enters is background. Same shape and dtype as given."""
    images = _check_digits(images)
    r = check_int(rows, "rows", minimum=-FIELD, maximum=FIELD)
    c = check_int(cols, "cols", minimum=-FIELD, maximum=FIELD)
    stack = images.reshape(len(images), FIELD, FIELD)
    out = np.zeros_like(stack)
    src_r, dst_r = slice(max(-r, 0), FIELD - max(r, 0)), slice(max(r, 0), FIELD - max(-r, 0))
    src_c, dst_c = slice(max(-c, 0), FIELD - max(c, 0)), slice(max(c, 0), FIELD - max(-c, 0))
    out[:, dst_r, dst_c] = stack[:, src_r, src_c]
    return out.reshape(images.shape)


def paste_into_canvas(
    image: ArrayLike, canvas: int, scale: float, top: int, left: int
) -> NDArray[np.float64]:
    """A 28 x 28 digit drawn again at ``scale`` times its size into a blank ``canvas`` x
    ``canvas`` square, its top-left corner at ``(top, left)``: a digit as a learner might draw
    it on a pad, too small, too big or off-centre."""
    digit = check_image(image)
    if digit.shape[0] != digit.shape[1]:
        raise ValueError(
            say(
                "image must be a square digit, such as MNIST's 28 x 28; got shape {shape}. "
                "For one MNIST row of 784 use image.reshape(28, 28).",
                shape=digit.shape,
            )
        )
    canvas = check_int(canvas, "canvas", minimum=1, maximum=MAX_SIDE)
    scale = check_float(scale, "scale", strict=True, maximum=MAX_SIDE)
    top = check_int(top, "top", minimum=0, maximum=canvas)
    left = check_int(left, "left", minimum=0, maximum=canvas)
    size = max(1, round(digit.shape[0] * scale))
    if top + size > canvas or left + size > canvas:
        raise ValueError(
            say(
                "a {size}-pixel digit at ({top}, {left}) does not fit a {canvas} x {canvas} "
                "canvas. Choose a smaller scale, a larger canvas, or top and left at most "
                "{largest}.",
                size=size,
                top=top,
                left=left,
                canvas=canvas,
                largest=max(canvas - size, 0),
            )
        )
    out = np.zeros((canvas, canvas))
    out[top : top + size, left : left + size] = resize_area(digit, (size, size))
    return out


def random_pastes(
    images: ArrayLike, canvas: int = 96, scales: tuple[float, float] = (0.6, 2.5), seed: int = 0
) -> NDArray[np.float64]:
    """Each 28 x 28 image of ``images`` ``(n, 784)`` pasted by :func:`paste_into_canvas` at a
    random scale in ``scales`` and a random place in the canvas; ``(n, canvas, canvas)``."""
    rng = make_rng(seed, allow_none=False)
    images = _check_digits(images).reshape(-1, FIELD, FIELD)
    canvas = check_int(canvas, "canvas", minimum=1, maximum=MAX_SIDE)
    low, high = _check_scales(scales)
    if round(FIELD * high) > canvas:
        raise ValueError(
            say(
                "a digit at the largest scale, {high} x 28 = {size} pixels, does not fit a "
                "{canvas} x {canvas} canvas. Choose a canvas of at least {size}, or smaller "
                "scales.",
                high=high,
                size=round(FIELD * high),
                canvas=canvas,
            )
        )
    out = np.empty((len(images), canvas, canvas))
    for i, image in enumerate(images):
        scale = rng.uniform(low, high)
        size = max(1, round(FIELD * scale))
        top, left = rng.integers(0, canvas - size + 1, size=2)
        out[i] = paste_into_canvas(image, canvas, scale, int(top), int(left))
    return out


def random_shifts(
    images: ArrayLike, max_shift: int, seed: int | np.random.Generator | None = None
) -> NDArray:
    """Each image of ``images`` ``(n, 784)`` moved by its own random whole-pixel shift, up to
    ``max_shift`` in each direction (data augmentation: the network sees every digit in a few
    slightly different places). ``seed``: an integer or a generator to draw the shifts from.
    Same shape and dtype as given."""
    rng = make_rng(seed)
    images = _check_digits(images)
    max_shift = check_int(max_shift, "max_shift", minimum=0, maximum=FIELD)
    shifts = rng.integers(-max_shift, max_shift + 1, size=(len(images), 2))
    out = np.empty_like(images)
    for dr, dc in {tuple(s) for s in shifts.tolist()}:
        chosen = np.flatnonzero((shifts[:, 0] == dr) & (shifts[:, 1] == dc))
        out[chosen] = shift_images(images[chosen], dr, dc)
    return out


def _check_digits(images: ArrayLike) -> NDArray:
    """``images`` as an array of MNIST digits, ``(n, 784)`` or ``(n, 28, 28)``."""
    images = np.asarray(images)
    if images.ndim not in (2, 3) or images.shape[1:] not in ((784,), (FIELD, FIELD)):
        raise ValueError(
            say(
                "images must be MNIST digits, (n, 784) or (n, 28, 28); got shape {shape}. "
                "For one digit use image.reshape(1, 784).",
                shape=images.shape,
            )
        )
    if images.dtype.kind not in "biuf":
        raise TypeError(
            say(
                "images must hold numbers (ink); got dtype {dtype}. Convert them with "
                "np.asarray(images, dtype=float).",
                dtype=str(images.dtype),
            )
        )
    return images


def _check_shape(shape: object) -> tuple[int, int]:
    """``shape`` as ``(rows, columns)``: two whole numbers from 1 to :data:`MAX_SIDE`."""
    if (
        not isinstance(shape, tuple | list | np.ndarray)
        or len(shape) != 2
        or not all(
            isinstance(n, int | np.integer) and not isinstance(n, bool | np.bool_) for n in shape
        )
    ):
        raise TypeError(
            say(
                "shape must be two whole numbers (rows, columns), such as (28, 28); got "
                "{shape!r}. Round sizes with round(...) first.",
                shape=shape,
            )
        )
    rows, cols = (int(n) for n in shape)
    if not (1 <= rows <= MAX_SIDE and 1 <= cols <= MAX_SIDE):
        raise ValueError(
            say(
                "shape must be two sizes from 1 to {maximum:,} pixels, such as (28, 28); got "
                "{shape}.",
                maximum=MAX_SIDE,
                shape=shape,
            )
        )
    return rows, cols


def _check_scales(scales: object) -> tuple[float, float]:
    """``scales`` as ``(low, high)``: two positive numbers with ``low <= high``."""
    if not isinstance(scales, tuple | list) or len(scales) != 2:
        raise TypeError(
            say(
                "scales must be two numbers (smallest, largest), such as (0.6, 2.5); got "
                "{scales!r}.",
                scales=scales,
            )
        )
    low = check_float(scales[0], "scales[0]", strict=True, maximum=MAX_SIDE)
    high = check_float(scales[1], "scales[1]", strict=True, maximum=MAX_SIDE)
    if low > high:
        raise ValueError(
            say(
                "scales must be (smallest, largest), the smaller first; got {scales}. Use "
                "scales=({high}, {low}).",
                scales=scales,
                low=low,
                high=high,
            )
        )
    return low, high
