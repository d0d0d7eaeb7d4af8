"""Exercises of lesson 05, MNIST (``notebooks/05_mnist.ipynb``).

Layout as everywhere in nnbook: rows are examples; an image is a row of 784 pixels, read row
by row from the 28 x 28 grid. (The count of ``[784, 30, 10]``'s parameters is exercise
03-count-parameters, in lesson 03.)
"""

from __future__ import annotations

import numpy as np

from nnbook.exercises import custom_exercise, function_exercise, value_exercise
from nnbook.exercises._decorators import works_on_numbers_only
from nnbook.exercises._training_loop import SGD_MISTAKES, sgd_checker
from nnbook.messages import N_


@function_exercise(
    "05-pixel-index",
    N_("Where a pixel lands in the 784-long row"),
    inputs=[(0, 0), (0, 27), (1, 0), (2, 5), (14, 14), (27, 27)],
    mistakes=[
        (
            lambda row, col: 28 * col + row,
            N_(
                "that reads the image column by column; the rows of pixels are laid end to "
                "end, so a whole row of 28 comes before the next row starts."
            ),
        ),
        (
            lambda row, col: 28 * row + col + 1,
            N_("Python counts from 0: pixel (0, 0) is element 0 of the row."),
        ),
        (
            lambda row, col: 28 * (row - 1) + col - 1,
            N_(
                "row and col already count from 0 (row 0 is the top row), like Python's indices: "
                "there is no 1 to subtract. Pixel (0, 0) is element 0."
            ),
        ),
        (
            lambda row, col: 28 * (row - 1) + col,
            N_(
                "row already counts from 0 (row 0 is the top row): the rows before row `row` are "
                "`row` of them, not `row - 1`."
            ),
        ),
        (
            lambda row, col: 27 * row + col,
            N_("each row holds 28 pixels (columns 0 to 27), so each row above adds 28."),
        ),
        (
            lambda row, col: row * col,
            N_(
                "the rows before this one each contribute all their 28 pixels: row * 28, then add "
                "the column."
            ),
        ),
    ],
    hints=[
        N_(
            "Flattening lays the 28 rows end to end: first the 28 pixels of row 0, then the "
            "28 of row 1, and so on."
        ),
        N_("Before row `row` begins, `row` complete rows of 28 pixels have been laid down."),
        N_("`return 28 * row + col`."),
    ],
)
def pixel_index(row, col):
    return 28 * row + col  # row full rows of 28 pixels come first


def _whole_columns(labels, n_classes):
    Y = np.zeros((len(labels), n_classes))
    Y[:, labels] = 1.0  # the mistake: every row gets a 1 in every label's column
    return Y


@function_exercise(
    "05-one-hot",
    N_("One-hot targets from integer labels"),
    inputs=[
        ([3, 0, 9], 10),
        ([1, 1, 0], 2),
        (np.array([4]), 5),
        (np.arange(10), 10),
        (np.array([2, 2, 2, 0, 1]), 3),
    ],
    mistakes=[
        (
            lambda labels, n: my_one_hot(labels, n).T,
            N_("rows are examples: the result has one row per label, (n_samples, n_classes)."),
        ),
        (
            lambda labels, n: my_one_hot(np.asarray(labels) - 1, n),
            N_("the 1 goes in column `label` itself, counting from 0: digit 0 in column 0."),
        ),
        (
            _whole_columns,
            N_(
                "`Y[:, labels] = 1` puts a 1 in the columns of *all* the labels, in every row. "
                "Pair each row with its own label: `Y[np.arange(len(labels)), labels] = 1` sets "
                "Y[i, labels[i]] for every i."
            ),
        ),
        (
            lambda labels, n: 1.0 - my_one_hot(labels, n),
            N_(
                "the 1 marks the label's column and every other entry is 0, not the other way "
                "round."
            ),
        ),
    ],
    hints=[
        N_(
            "Start from a matrix of zeros with one row per label and one column per class: "
            "`np.zeros((len(labels), n_classes))`."
        ),
        N_(
            "In row i, set the entry in column `labels[i]` to 1. A loop over i works; numpy can "
            "do all rows at once with two index arrays."
        ),
        N_("`Y[np.arange(len(labels)), labels] = 1` sets Y[i, labels[i]] for every i."),
    ],
)
def my_one_hot(labels, n_classes):
    labels = np.asarray(labels)
    Y = np.zeros((len(labels), n_classes))  # (n_samples, n_classes)
    Y[np.arange(len(labels)), labels] = 1.0  # row i: a 1 in column labels[i]
    return Y


@value_exercise(
    "05-untrained-accuracy",
    N_("The accuracy of the untrained network"),
    expected=0.1,
    rtol=0.0,
    atol=0.05,
    hints=[
        N_(
            "The random weights know nothing about digits, so the prediction has nothing to do "
            "with the image: it is as good as a guess."
        ),
        N_("There are ten classes, in roughly equal numbers. How often is a guess right?"),
        N_("About one time in ten: give a fraction between 0 and 1."),
    ],
    mistakes={
        (lambda a: 1.0 < float(a) <= 100.0): N_(
            "give the accuracy as a fraction between 0 and 1, not a percentage."
        ),
        0.5: N_("a coin toss is right half the time with two classes; here there are ten."),
        0.0: N_("even a guess is right sometimes."),
        (lambda a: 0.3 <= float(a) <= 1.0): N_(
            "much too optimistic for weights that know nothing."
        ),
    },
    wrong_answers=[(10, "fraction"), (0.8, "optimistic")],
)
def untrained_accuracy():
    return 1 / 10  # ten classes of about equal size


@function_exercise(
    "05-single-output-digit",
    N_("From one output neuron to a digit"),
    inputs=[
        np.array([0.0, 1.0]),
        np.array([0.3, 0.62, 0.05, 0.949]),
        np.array([0.111, 0.222, 0.333, 0.444, 0.556, 0.667, 0.778, 0.889]),
        np.array([0.16, 0.84]),
    ],
    rtol=0.0,
    atol=1e-9,
    mistakes=[
        (
            lambda a: np.floor(9 * np.asarray(a)),
            N_(
                "round to the nearest digit; cutting off the fraction turns 0.949 * 9 = 8.54 into "
                "8."
            ),
        ),
        (
            lambda a: np.rint(10 * np.asarray(a)),
            N_("the target was label / 9 (so that 9 maps to 1), so multiply by 9, not 10."),
        ),
        (
            lambda a: np.floor(10 * np.asarray(a)),
            N_("the target was label / 9, so multiply by 9, and round to the nearest digit."),
        ),
        (
            lambda a: (np.asarray(a) >= 0.5).astype(np.int64),
            N_("that is the rule for a yes/no output; here a stands for label / 9."),
        ),
    ],
    errors=[
        (
            works_on_numbers_only,
            N_(
                "Python's `round` (like `int`) takes one number, and `a` is an array of outputs. "
                "`np.rint(9 * a)` rounds every entry; then `.astype(int)`."
            ),
        )
    ],
    wrong_answers=[(lambda a: round(9 * a), "`np.rint(9 * a)` rounds every entry")],
    hints=[
        N_(
            "The network was trained towards a = label / 9. Undo that, then pick the nearest whole "
            "digit."
        ),
        N_(
            "9 * a is the network's guess as a number between 0 and 9; `np.rint` rounds every "
            "entry of an array to the nearest whole number."
        ),
        N_("`return np.rint(9 * a).astype(int)`."),
    ],
)
def digit_from_output(a):
    return np.rint(9 * np.asarray(a)).astype(int)  # undo a = label / 9, round


# ------------------------------------------------------------------ the training loop, by hand
# Checked against Network.fit by _training_loop.sgd_checker, which knows SGD_MISTAKES; the
# three wrong loops below are more wrong answers for the tests.


def _new_generator_every_epoch(net, X, Y, epochs, batch_size, learning_rate, seed):
    for _ in range(epochs):
        order = np.random.default_rng(seed).permutation(len(X))  # the same order every time
        for first in range(0, len(X), batch_size):
            batch = order[first : first + batch_size]
            dW, db = net.backprop(X[batch], Y[batch])
            net.update(dW, db, learning_rate)


def _never_updates(net, X, Y, epochs, batch_size, learning_rate, seed):
    for first in range(0, len(X), batch_size):
        net.backprop(X[first : first + batch_size], Y[first : first + batch_size])


def _shuffles_labels_separately(net, X, Y, epochs, batch_size, learning_rate, seed):
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        X_order, Y_order = rng.permutation(len(X)), rng.permutation(len(X))
        for first in range(0, len(X), batch_size):
            batch_X = X_order[first : first + batch_size]
            batch_Y = Y_order[first : first + batch_size]
            dW, db = net.backprop(X[batch_X], Y[batch_Y])
            net.update(dW, db, learning_rate)


@custom_exercise(
    "05-my-sgd",
    N_("Mini-batch stochastic gradient descent, by hand"),
    checker=sgd_checker,
    kind="function",
    hints=[
        N_(
            "An epoch is one pass over all n examples in a new random order: draw the order, then "
            "walk along it `batch_size` examples at a time. Each mini-batch is one step of "
            "gradient descent."
        ),
        N_(
            "Make the generator once, before the epochs: `rng = np.random.default_rng(...)` with "
            "your function's last argument. At the start of *every* epoch draw `order = "
            "rng.permutation(n)`; `range(0, n, batch_size)` gives each batch's first position and "
            "`order[first:first + batch_size]` its rows (the last batch may be smaller)."
        ),
        N_(
            "For each batch: `dW, db = net.backprop(X[batch], Y[batch])`, then `net.update(dW, db, "
            "learning_rate)`. `backprop` already averages over the batch, so pass the learning "
            "rate unchanged."
        ),
    ],
    wrong_answers=[
        *((wrong, message[:40]) for wrong, message in SGD_MISTAKES),
        (_new_generator_every_epoch, "or makes a new generator in every epoch"),
        (_never_updates, "weights did not change"),
        (_shuffles_labels_separately, "Check the order of the steps"),
        (42, "should be a function"),
    ],
)
def my_sgd(net, X, Y, epochs, batch_size, learning_rate, seed):
    rng = np.random.default_rng(seed)  # one generator for the whole training
    n = len(X)
    for _ in range(epochs):  # an epoch: one pass over all n examples
        order = rng.permutation(n)  # a new random order every epoch
        for first in range(0, n, batch_size):
            batch = order[first : first + batch_size]  # the last batch may be smaller
            dW, db = net.backprop(X[batch], Y[batch])  # gradients of the batch's mean cost
            net.update(dW, db, learning_rate)  # W <- W - eta dW, b <- b - eta db
