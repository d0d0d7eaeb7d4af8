"""Small data sets for the early lessons and for 2-D playgrounds.

Every function returns new arrays (changing them never changes the next call) with rows as
examples: ``X`` has shape ``(n_samples, n_features)``. The fixed sets return targets ``Y`` of
shape ``(n_samples, 1)`` (one output neuron); the generators return integer ``labels`` of
shape ``(n_samples,)``, one class number per row.

The generators take a ``seed`` (an ``int`` or a :class:`numpy.random.Generator`) and draw
every random number from ``numpy.random.default_rng(seed)``: the same seed gives the same
data, and nothing touches numpy's global random state.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validation import check_real, make_rng
from ..messages import say

__all__ = [
    "Person",
    "blobs",
    "circles",
    "moons",
    "single_neuron",
    "single_neuron_query",
    "spirals",
    "weight_height",
    "weight_height_sample",
    "weight_height_table",
    "xor",
]

Seed = int | np.random.Generator

#: The largest ``n`` a generator makes: ``X`` then takes 160 MB. Beyond it a learner's typo
#: (``10**10`` for ``10**4``) would fill the memory and stop the kernel instead of failing.
MAX_POINTS = 10_000_000

#: The largest ``noise``. The shapes have a size of about 1, so at this spread they are a
#: millionth of the noise, lost in any plot, and every point stays far from overflowing
#: (``noise=1e308`` gives ``inf``). Learners try 0 to about 2.
MAX_NOISE = 1e6

#: The largest ``turns`` of :func:`spirals`. A turn needs a few dozen points to show, so a
#: million turns is already far beyond what any data set here can draw; much larger values
#: lose the angle to rounding and finally overflow it (``turns=1e308`` gives NaN points).
MAX_TURNS = 1e6


# --------------------------------------------------------------------------------------
# Fixed sets
# --------------------------------------------------------------------------------------


def single_neuron() -> tuple[np.ndarray, np.ndarray]:
    """The four training examples of the single-neuron lesson.

    Three inputs per example; the target is the first input, so the third input (always 1)
    and the second one carry no information. A single sigmoid neuron learns this from the
    four examples. From the "one neuron, three inputs" example in Siraj Raval's *Intro to
    Deep Learning #2* (one of the blog posts this series grew from).

    ::

        x1 x2 x3 -> y
         0  0  1    0
         1  1  1    1
         1  0  1    1
         0  1  1    0

    Returns
    -------
    X : ndarray of shape (4, 3), float64
        Inputs, one example per row.
    Y : ndarray of shape (4, 1), float64
        Targets, 0 or 1.

    See Also
    --------
    single_neuron_query : the new input the trained neuron is asked about.
    """
    X = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=np.float64)
    Y = np.array([[0], [1], [1], [0]], dtype=np.float64)
    return X, Y


def single_neuron_query() -> np.ndarray:
    """The input ``[1, 0, 0]`` the trained single neuron is asked about.

    It is not among the training examples of :func:`single_neuron`; a neuron that has learned
    "the answer is the first input" should answer close to 1.

    Returns
    -------
    X : ndarray of shape (1, 3), float64
        One example, as a row.
    """
    return np.array([[1, 0, 0]], dtype=np.float64)


def xor() -> tuple[np.ndarray, np.ndarray]:
    r"""The XOR truth table: the output is 1 when exactly one input is 1.

    No single neuron can fit it (no straight line separates the two classes in the plane);
    one hidden layer can.

    Returns
    -------
    X : ndarray of shape (4, 2), float64
        ``[[0, 0], [0, 1], [1, 0], [1, 1]]``.
    Y : ndarray of shape (4, 1), float64
        ``[[0], [1], [1], [0]]``, that is :math:`y = x_1 \oplus x_2`.
    """
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    Y = np.array([[0], [1], [1], [0]], dtype=np.float64)
    return X, Y


class Person(NamedTuple):
    """One row of the weight/height table (raw units, before centring)."""

    name: str
    weight_lb: float
    height_in: float
    sex: str  # "F" or "M"


# The centring of the source article: weight - 135 lb, height - 66 in.
_WEIGHT_SHIFT_LB = 135.0
_HEIGHT_SHIFT_IN = 66.0

_PEOPLE = (
    Person("Alice", 133.0, 65.0, "F"),
    Person("Bob", 160.0, 72.0, "M"),
    Person("Charlie", 152.0, 70.0, "M"),
    Person("Diana", 120.0, 60.0, "F"),
)


def weight_height_table() -> tuple[Person, ...]:
    """The four people of the weight/height example, in raw units, for a table.

    Source: Victor Zhou, "Machine Learning for Beginners: An Introduction to Neural
    Networks" (2019), https://victorzhou.com/blog/intro-to-neural-networks/ , the article
    behind a learner's question in one of the blog posts.

    Returns
    -------
    tuple of Person
        ``(name, weight_lb, height_in, sex)`` for Alice, Bob, Charlie and Diana.
    """
    return _PEOPLE


def weight_height() -> tuple[np.ndarray, np.ndarray]:
    r"""Weight and height -> sex: the four examples of the 2-2-1 network lesson.

    Source: Victor Zhou, "Machine Learning for Beginners: An Introduction to Neural
    Networks" (2019), https://victorzhou.com/blog/intro-to-neural-networks/ , the article
    behind a learner's question in one of the blog posts. As in the article, the inputs are
    centred so that they are small numbers around 0 (a sigmoid saturates on raw values like 160):

    .. math::
        x_1 = \text{weight (lb)} - 135, \qquad x_2 = \text{height (in)} - 66,

    and the target is 1 for female, 0 for male.

    ========  ===========  ===========  ======  ======  ===
    name      weight (lb)  height (in)  x1      x2      y
    ========  ===========  ===========  ======  ======  ===
    Alice     133          65           -2      -1      1
    Bob       160          72           25      6       0
    Charlie   152          70           17      4       0
    Diana     120          60           -15     -6      1
    ========  ===========  ===========  ======  ======  ===

    Returns
    -------
    X : ndarray of shape (4, 2), float64
        Centred ``[weight, height]``, one person per row.
    Y : ndarray of shape (4, 1), float64
        1.0 for female, 0.0 for male.

    See Also
    --------
    weight_height_table : the same people with names and raw values.
    weight_height_sample : a larger generated set, same units and centring.
    """
    X = np.array(
        [[p.weight_lb - _WEIGHT_SHIFT_LB, p.height_in - _HEIGHT_SHIFT_IN] for p in _PEOPLE],
        dtype=np.float64,
    )
    Y = np.array([[1.0 if p.sex == "F" else 0.0] for p in _PEOPLE], dtype=np.float64)
    return X, Y


# Illustrative class-conditional distributions for weight_height_sample:
# (mean weight lb, mean height in, sd weight lb, sd height in). The heights are close to
# adult averages in the USA (about 63.5 in for women and 69 in for men, with an SD near
# 2.5-3 in); the weights are chosen near the article's four people so that its centring
# (135 lb, 66 in) still puts the data around 0. They are not survey statistics.
_SAMPLE_FEMALE = (128.0, 63.5, 14.0, 2.6)
_SAMPLE_MALE = (162.0, 69.5, 18.0, 2.9)
_SAMPLE_CORRELATION = 0.5  # within each sex, taller people tend to be heavier


def weight_height_sample(n: int = 200, *, seed: Seed = 0) -> tuple[np.ndarray, np.ndarray]:
    r"""A larger, generated version of :func:`weight_height`, for plots.

    Half the rows (rounded down) are female, the rest male, in random order. Within each sex,
    ``(weight, height)`` is drawn from a 2-D normal distribution with correlation 0.5:

    ======  ================  ==============  ================  ===============
    sex     mean weight (lb)  SD weight (lb)  mean height (in)  SD height (in)
    ======  ================  ==============  ================  ===============
    female  128               14              63.5              2.6
    male    162               18              69.5              2.9
    ======  ================  ==============  ================  ===============

    The numbers are illustrative: the heights are close to adult averages in the USA, the
    weights are chosen near the four people of the source article so that its centring still
    fits; they are not survey statistics. The data is then centred like :func:`weight_height`:
    :math:`x_1 = \text{weight} - 135`, :math:`x_2 = \text{height} - 66`.

    Parameters
    ----------
    n : int, default 200
        Number of people, at least 2 and at most :data:`MAX_POINTS`.
    seed : int or numpy.random.Generator, default 0
        Seed for ``numpy.random.default_rng``; the same seed gives the same data.

    Returns
    -------
    X : ndarray of shape (n, 2), float64
        Centred ``[weight, height]`` in lb and in.
    Y : ndarray of shape (n, 1), float64
        1.0 for female, 0.0 for male.
    """
    n = _check_n(n, minimum=2)
    rng = make_rng(seed, allow_none=False)
    n_female = n // 2
    parts = []
    for (w_mean, h_mean, w_sd, h_sd), count in (
        (_SAMPLE_FEMALE, n_female),
        (_SAMPLE_MALE, n - n_female),
    ):
        covariance = np.array(
            [
                [w_sd**2, _SAMPLE_CORRELATION * w_sd * h_sd],
                [_SAMPLE_CORRELATION * w_sd * h_sd, h_sd**2],
            ]
        )
        parts.append(rng.multivariate_normal([w_mean, h_mean], covariance, size=count))
    X = np.concatenate(parts) - np.array([_WEIGHT_SHIFT_LB, _HEIGHT_SHIFT_IN])  # (n, 2)
    Y = np.concatenate([np.ones(n_female), np.zeros(n - n_female)]).reshape(-1, 1)  # (n, 1)
    order = rng.permutation(n)
    return X[order], Y[order]


# --------------------------------------------------------------------------------------
# 2-D classification generators
# --------------------------------------------------------------------------------------


def moons(n: int = 200, *, noise: float = 0.1, seed: Seed = 0) -> tuple[np.ndarray, np.ndarray]:
    r"""Two interleaving half circles ("moons"), a two-class problem no line can separate.

    Class 0 (``n // 2`` points) lies on the upper half of the unit circle, class 1 on a
    lower half circle shifted right and down, interlocking with it. With :math:`t` drawn
    uniformly from :math:`[0, \pi]` for each point:

    .. math::
        \text{class 0: } (\cos t, \sin t), \qquad
        \text{class 1: } (1 - \cos t,\ 0.5 - \sin t),

    then normal noise with standard deviation ``noise`` is added to each coordinate, and the
    rows are shuffled. (The same shape as scikit-learn's ``make_moons``.)

    Parameters
    ----------
    n : int, default 200
        Number of points, at least 2 and at most :data:`MAX_POINTS` (10 million).
    noise : float, default 0.1
        Standard deviation of the normal noise added to each coordinate; 0 for none, at
        most :data:`MAX_NOISE` (a million: the shapes have a size of about 1, and a larger
        spread only comes from a typo and ends in ``inf``).
    seed : int or numpy.random.Generator, default 0
        Seed for ``numpy.random.default_rng``.

    Returns
    -------
    X : ndarray of shape (n, 2), float64
        The points.
    labels : ndarray of shape (n,), int64
        0 or 1.
    """
    n = _check_n(n, minimum=2)
    noise = _check_noise(noise)
    rng = make_rng(seed, allow_none=False)
    sizes = _class_sizes(n, 2)
    t0 = rng.uniform(0.0, np.pi, size=sizes[0])
    t1 = rng.uniform(0.0, np.pi, size=sizes[1])
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])
    return _finish(rng, [upper, lower], noise)


def circles(
    n: int = 200, *, noise: float = 0.1, factor: float = 0.5, seed: Seed = 0
) -> tuple[np.ndarray, np.ndarray]:
    r"""A small circle inside a large one: two classes a single neuron cannot separate.

    Class 0 (``n // 2`` points) lies on the circle of radius 1, class 1 on the circle of
    radius ``factor``, both centred at the origin, at angles :math:`\theta` drawn uniformly
    from :math:`[0, 2\pi)`: :math:`r(\cos\theta, \sin\theta)`. Then normal noise with standard
    deviation ``noise`` is added to each coordinate, and the rows are shuffled.

    ``n``, ``noise`` and ``seed`` are those of :func:`moons`; ``factor``, the radius of the
    inner circle, is a real number strictly between 0 and 1 (0.5 by default). Returns the
    points ``X`` ``(n, 2)`` and ``labels`` ``(n,)``: 0 for the outer circle, 1 for the inner
    one.
    """
    n = _check_n(n, minimum=2)
    noise = _check_noise(noise)
    factor = check_real(factor, "factor")
    if not 0.0 < factor < 1.0:
        raise ValueError(
            say(
                "factor is the inner circle's radius and must be between 0 and 1 (exclusive); "
                "got {factor}. Try factor=0.5.",
                factor=factor,
            )
        )
    rng = make_rng(seed, allow_none=False)
    parts = []
    for radius, size in zip((1.0, factor), _class_sizes(n, 2), strict=True):
        theta = rng.uniform(0.0, 2.0 * np.pi, size=size)
        parts.append(radius * np.column_stack([np.cos(theta), np.sin(theta)]))
    return _finish(rng, parts, noise)


def spirals(
    n: int = 200,
    *,
    n_classes: int = 2,
    noise: float = 0.1,
    turns: float = 1.0,
    seed: Seed = 0,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Interleaved spiral arms, one per class: a hard problem for small networks.

    The ``n`` points are shared between the classes as evenly as possible. A point of class
    :math:`k` (of :math:`K`) has a radius :math:`r` drawn uniformly from :math:`[0, 1]` and
    the angle

    .. math::
        \theta = 2\pi \left(\text{turns} \cdot r + \frac{k}{K}\right),

    so each arm winds ``turns`` times around the origin and the arms are rotated evenly
    apart; the point is :math:`r(\cos\theta, \sin\theta)`. Then normal noise with standard
    deviation ``noise`` is added to each coordinate, and the rows are shuffled. (Near the
    centre the arms are close together, so there the classes overlap.)

    Parameters
    ----------
    n : int, default 200
        Number of points, at least ``n_classes``.
    n_classes : int, default 2
        Number of arms (classes), at least 2.
    turns : float, default 1.0
        How many times each arm winds around the origin; positive, at most
        :data:`MAX_TURNS` (a million: more turns than any set of points can draw, and far
        larger values overflow the angle).
    noise, seed
        As for :func:`moons`.

    Returns
    -------
    X, labels : ndarray
        The points ``(n, 2)`` and each point's arm ``(n,)``, ``0 .. n_classes - 1``.
    """
    n_classes = _check_n(n_classes, minimum=2, name="n_classes")
    n = _check_n(n, minimum=n_classes)
    noise = _check_noise(noise)
    turns = check_real(turns, "turns")
    if not 0 < turns <= MAX_TURNS:
        raise ValueError(
            say(
                "turns must be a positive number of turns, at most {maximum:,.0f}; got {turns}. "
                "Try turns=1.0 (1 to 3 give spirals a network can learn).",
                maximum=MAX_TURNS,
                turns=turns,
            )
        )
    rng = make_rng(seed, allow_none=False)
    parts = []
    for k, size in enumerate(_class_sizes(n, n_classes)):
        r = rng.uniform(0.0, 1.0, size=size)
        theta = 2.0 * np.pi * (turns * r + k / n_classes)
        parts.append(r[:, None] * np.column_stack([np.cos(theta), np.sin(theta)]))
    return _finish(rng, parts, noise)


def blobs(
    n: int = 200, *, n_classes: int = 3, noise: float = 0.5, seed: Seed = 0
) -> tuple[np.ndarray, np.ndarray]:
    r"""Round clouds of points, one per class: the easy case, separable by straight lines.

    The centre of class :math:`k` (of :math:`K`) is :math:`2(\cos\frac{2\pi k}{K},
    \sin\frac{2\pi k}{K})`, evenly spaced on a circle of radius 2. Each point is its class
    centre plus normal noise with standard deviation ``noise`` in each coordinate; the ``n``
    points are shared between the classes as evenly as possible, and the rows are shuffled.

    The parameters are those of :func:`spirals` (``n_classes`` clouds instead of arms, 3 by
    default; ``noise`` is each cloud's spread, 0.5 by default, and 0 puts every point on its
    centre), and so are the results: the points ``X`` ``(n, 2)`` and each point's cloud,
    ``labels`` ``(n,)``.
    """
    n_classes = _check_n(n_classes, minimum=2, name="n_classes")
    n = _check_n(n, minimum=n_classes)
    noise = _check_noise(noise)
    rng = make_rng(seed, allow_none=False)
    parts = []
    for k, size in enumerate(_class_sizes(n, n_classes)):
        angle = 2.0 * np.pi * k / n_classes
        centre = 2.0 * np.array([np.cos(angle), np.sin(angle)])
        parts.append(np.tile(centre, (size, 1)))
    return _finish(rng, parts, noise)


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


def _finish(
    rng: np.random.Generator, parts: list[np.ndarray], noise: float
) -> tuple[np.ndarray, np.ndarray]:
    """Stack the classes' points, add the noise, label them 0, 1, ... and shuffle the rows."""
    X = np.concatenate(parts)  # (n, 2)
    labels = np.concatenate(
        [np.full(len(part), k, dtype=np.int64) for k, part in enumerate(parts)]
    )  # (n,)
    X = X + rng.normal(0.0, noise, size=X.shape)
    order = rng.permutation(len(X))
    return X[order], labels[order]


def _class_sizes(n: int, n_classes: int) -> list[int]:
    """Share ``n`` points between classes: the first ``n % n_classes`` get one more."""
    return [n // n_classes + (1 if k < n % n_classes else 0) for k in range(n_classes)]


def _check_n(n: object, *, minimum: int, name: str = "n") -> int:
    if isinstance(n, bool) or not isinstance(n, int | np.integer):
        raise TypeError(
            say(
                "{name} must be an int (a count of points); got {kind} {value!r}.",
                name=name,
                kind=type(n).__name__,
                value=n,
            )
        )
    if n < minimum:
        raise ValueError(
            say("{name} must be at least {minimum}; got {n}.", name=name, minimum=minimum, n=n)
        )
    if n > MAX_POINTS:
        raise ValueError(
            say(
                "{name} must be at most {maximum:,}; got {n:,}. A set that large would not fit "
                "in memory; 200 to 10,000 points are plenty for a 2-D data set.",
                name=name,
                maximum=MAX_POINTS,
                n=n,
            )
        )
    return int(n)


def _check_noise(noise: object) -> float:
    noise = check_real(noise, "noise")
    if not 0 <= noise <= MAX_NOISE:  # NaN fails both comparisons
        raise ValueError(
            say(
                "noise is a standard deviation and must be a finite number from 0 to "
                "{maximum:,.0f}; got {noise}. Use noise=0 for no noise, 0.1 for a little.",
                maximum=MAX_NOISE,
                noise=noise,
            )
        )
    return noise
