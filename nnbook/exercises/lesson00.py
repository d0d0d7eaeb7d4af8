"""Exercises of notebook 00, the welcome (``notebooks/00_welcome.ipynb``).

A warm-up whose only purpose is to show how ``check``, ``hint`` and ``solution`` work; the
number it asks for comes back in lessons 04 and 05 as the network's input size.
"""

from __future__ import annotations

from nnbook.exercises import value_exercise
from nnbook.messages import N_


@value_exercise(
    "00-pixels",
    N_("How many numbers describe one MNIST image?"),
    expected=784,
    hints=[
        N_("Each image is a square grid of grey levels, one number per little square (pixel)."),
        N_("The grid has 28 rows, and each row has 28 pixels."),
        N_("Multiply the number of rows by the number of pixels in a row: 28 * 28."),
    ],
    mistakes={
        56: N_("you added the sides (28 + 28); a grid has rows times columns squares."),
        28: N_("28 is one row; there are 28 rows of 28 pixels."),
    },
)
def pixels_per_image():
    return 28 * 28
