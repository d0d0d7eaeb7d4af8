"""Exercises of lesson 07, your own handwriting (``notebooks/07_your_handwriting.ipynb``).

MNIST's preparation is in :mod:`nnbook.datasets.handwriting`; the exercises rebuild two of
its steps by hand and ask for a prediction before the lesson measures it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnbook.datasets.handwriting import crop_to_ink
from nnbook.exercises import Exercise, custom_exercise, function_exercise, value_exercise
from nnbook.messages import N_, say, say_n, shown

#: The small image of exercise 07.1, as the notebook defines it before the answer cell.
small = np.array([[0.0, 0.0, 0.0, 0.0], [0.0, 2.0, 2.0, 0.0], [0.0, 0.0, 4.0, 0.0]])


@value_exercise(
    "07-centre-of-mass",
    N_("The centre of mass of a small image, by hand"),
    expected=(1.5, 1.75),
    near_misses=False,
    hints=[
        N_(
            "Each pixel pulls with its ink: the centre's row is the sum of row x ink over all "
            "pixels, divided by the total ink; the same for the column."
        ),
        N_("The total ink is 2 + 2 + 4 = 8. Rows: the two 2s are in row 1, the 4 is in row 2."),
        N_("Row: (1*2 + 1*2 + 2*4) / 8 = 12/8. Column: (1*2 + 2*2 + 2*4) / 8 = 14/8."),
    ],
    mistakes={
        (1.75, 1.5): N_("row first, then column: you swapped them."),
        (4 / 3, 5 / 3): N_(
            "that is the average position of the inked pixels, each counted once; "
            "weight each pixel by its ink (the 4 pulls twice as hard as a 2)."
        ),
        (2.5, 2.75): N_(
            "you counted the rows and columns from 1; numpy counts from 0 (the top row "
            "is row 0, as `np.indices` gives): subtract 1 from each, or weight 0, 1, 2 instead."
        ),
        (1.5, 1.5): N_(
            "that is the middle of the ink's bounding box, not its centre of mass: weight "
            "each pixel by its ink."
        ),
        (lambda a: np.ndim(a) != 1 or np.size(a) != 2): N_("give two numbers, (row, column)."),
    },
)
def centre():
    rows, cols = np.indices(small.shape)  # every pixel's row and column
    return ((rows * small).sum() / small.sum(), (cols * small).sum() / small.sum())


def _examples() -> list[np.ndarray]:
    rng = np.random.default_rng(7)
    images = []
    for top, left, height, width in [(3, 5, 4, 2), (0, 0, 2, 3), (5, 1, 3, 7), (2, 2, 1, 1)]:
        image = np.zeros((8, 8))
        image[top : top + height, left : left + width] = rng.uniform(0.2, 1.0, (height, width))
        images.append(image)
    corners = np.zeros((6, 9))
    corners[1, 2] = corners[4, 7] = 1.0  # two dots: the box spans both
    return [*images, corners]


def _ink(image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The numbers of the rows and of the columns that hold ink."""
    return np.flatnonzero(image.max(axis=1) > 0), np.flatnonzero(image.max(axis=0) > 0)


def _stops_before_the_last(image: np.ndarray) -> np.ndarray:
    """A wrong crop, off by one: the slices end at the last row and column of ink."""
    rows, cols = _ink(image)
    return image[rows[0] : rows[-1], cols[0] : cols[-1]]


def _starts_one_early(image: np.ndarray) -> np.ndarray:
    """A wrong crop, off by one: the slices start a row and a column before the ink."""
    rows, cols = _ink(image)
    return image[max(rows[0] - 1, 0) : rows[-1] + 1, max(cols[0] - 1, 0) : cols[-1] + 1]


@function_exercise(
    "07-my-crop",
    N_("Crop an image to its ink"),
    reference=crop_to_ink,
    inputs=_examples(),
    hints=[
        N_(
            "Find the rows that hold any ink (`image.max(axis=1) > 0`) and the columns that do "
            "(`image.max(axis=0) > 0`)."
        ),
        N_(
            "`np.flatnonzero(...)` turns those True/False rows into their numbers; keep from the "
            "first to the last."
        ),
        N_(
            "A slice stops *before* its end: `image[first_row : last_row + 1, first_col : last_col "
            "+ 1]`."
        ),
    ],
    mistakes=[
        (
            _stops_before_the_last,
            N_(
                "the last row and column of ink are missing: a slice `a:b` stops before `b`, so "
                "write `last + 1`."
            ),
        ),
        (
            _starts_one_early,
            N_(
                "one row and one column too many before the ink: the first row of ink is "
                "`rows[0]` itself, and a slice `a:b` starts at `a`."
            ),
        ),
        (
            lambda image: image[np.flatnonzero(image.max(axis=1) > 0)[0] :],
            N_(
                "only the rows are cropped (and only from the top): crop the columns too, and stop "
                "after the last row of ink."
            ),
        ),
    ],
)
def my_crop(image):
    rows = np.flatnonzero(image.max(axis=1) > 0)  # the rows that hold ink
    cols = np.flatnonzero(image.max(axis=0) > 0)
    return image[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


#: The accuracy on the test digits moved 4 pixels down and 4 right, as notebook 07 measures it
#: (its network trained from seed 0: 6.15% where it was saved; the last digits move with the
#: processor, so the feedback says "about 6%").
SHIFT_MEASURED = 0.0615
#: A prediction within this of the measurement (10 percentage points) counts as right.
SHIFT_TOLERANCE = 0.10


def _shift_checker(answer: Any, exercise: Exercise) -> tuple[bool, str]:
    if isinstance(answer, bool) or not isinstance(answer, (int, float, np.floating, np.integer)):
        return False, say(
            "give one number, the accuracy as a fraction such as 0.8; got {answer}.",
            answer=shown(answer),
        )
    if not np.isfinite(answer):
        return False, say(
            "give a number you predict, such as 0.8; got {answer}.", answer=shown(answer)
        )
    if answer > 1:
        return False, say(
            "{answer:g} is more than 1: give the accuracy as a fraction (0.8 for 80%), not in "
            "percent.",
            answer=float(answer),
        )
    if answer < 0:
        return False, say("an accuracy lies between 0 and 1; got {answer}.", answer=shown(answer))
    points = round(100 * abs(answer - SHIFT_MEASURED))
    if points == 0:
        return True, say(
            "yes, spot on: you predicted {guess:.0%}, and the next cell measures about "
            "{measured:.0%}. A fully connected network has no idea that a pattern moved is the "
            "same pattern.",
            guess=float(answer),
            measured=SHIFT_MEASURED,
        )
    if abs(answer - SHIFT_MEASURED) > SHIFT_TOLERANCE:
        return False, say_n(
            "you predicted {guess:.0%}; the next cell measures about {measured:.0%}, {n} "
            "percentage point lower: the network does not cope. It has never seen a digit away "
            "from the centre, and each pixel is an input of its own: moved 4 pixels, the ink "
            "lands on inputs whose weights learned other things. Run the next cell and see.",
            "you predicted {guess:.0%}; the next cell measures about {measured:.0%}, {n} "
            "percentage points lower: the network does not cope. It has never seen a digit away "
            "from the centre, and each pixel is an input of its own: moved 4 pixels, the ink "
            "lands on inputs whose weights learned other things. Run the next cell and see.",
            points,
            guess=float(answer),
            measured=SHIFT_MEASURED,
        )
    if answer > SHIFT_MEASURED:
        return True, say_n(
            "yes: the accuracy collapses. You predicted {guess:.0%}, and the next cell "
            "measures about {measured:.0%}, {n} percentage point lower. A fully connected network "
            "has no idea that a pattern moved is the same pattern.",
            "yes: the accuracy collapses. You predicted {guess:.0%}, and the next cell "
            "measures about {measured:.0%}, {n} percentage points lower. A fully connected network "
            "has no idea that a pattern moved is the same pattern.",
            points,
            guess=float(answer),
            measured=SHIFT_MEASURED,
        )
    return True, say_n(
        "yes, and even a little pessimistic: you predicted {guess:.0%}, and the next cell "
        "measures about {measured:.0%}, {n} percentage point higher. The accuracy collapses: a "
        "fully connected network has no idea that a pattern moved is the same pattern.",
        "yes, and even a little pessimistic: you predicted {guess:.0%}, and the next cell "
        "measures about {measured:.0%}, {n} percentage points higher. The accuracy collapses: a "
        "fully connected network has no idea that a pattern moved is the same pattern.",
        points,
        guess=float(answer),
        measured=SHIFT_MEASURED,
    )


@custom_exercise(
    "07-shift-prediction",
    N_("Predict: the accuracy on digits moved 4 pixels"),
    checker=_shift_checker,
    kind="value",
    hints=[
        N_(
            "The network's first layer has one weight per pixel and per neuron. What happens to a "
            "weight's input when the ink moves 4 pixels away from where it usually is?"
        ),
        N_(
            "In MNIST every digit's centre of mass is within a pixel of the centre: the network "
            "has never seen one 4 pixels away."
        ),
        N_("Expect a collapse, down to about what guessing among 10 digits gets right."),
    ],
    wrong_answers=[
        (0.95, "89 percentage points lower: the network does not cope"),
        (0.3, "24 percentage points lower"),
        (30, "percent"),
        ("low", "one number"),
    ],
)
def shift_accuracy():
    return 0.1  # a guess: most of the digits are misread
