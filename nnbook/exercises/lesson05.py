"""Exercises of lesson 05, MNIST (``notebooks/05_mnist.ipynb``).

Layout as everywhere in nnbook: rows are examples; an image is a row of 784 pixels, read row
by row from the 28 x 28 grid. (The count of ``[784, 30, 10]``'s parameters is exercise
03-count-parameters, in lesson 03.)
"""

from __future__ import annotations

import numpy as np

from nnbook.exercises import custom_exercise, function_exercise, value_exercise


@function_exercise(
    "05-pixel-index",
    "Where a pixel lands in the 784-long row",
    inputs=[(0, 0), (0, 27), (1, 0), (2, 5), (14, 14), (27, 27)],
    mistakes=[
        (
            lambda row, col: 28 * col + row,
            "that reads the image column by column; the rows of pixels are laid end to "
            "end, so a whole row of 28 comes before the next row starts.",
        ),
        (
            lambda row, col: 28 * row + col + 1,
            "Python counts from 0: pixel (0, 0) is element 0 of the row.",
        ),
        (
            lambda row, col: 27 * row + col,
            "each row holds 28 pixels (columns 0 to 27), so each row above adds 28.",
        ),
        (
            lambda row, col: row * col,
            "the rows before this one each contribute all their 28 pixels: row * 28, then "
            "add the column.",
        ),
    ],
    hints=[
        "Flattening lays the 28 rows end to end: first the 28 pixels of row 0, then the "
        "28 of row 1, and so on.",
        "Before row `row` begins, `row` complete rows of 28 pixels have been laid down.",
        "`return 28 * row + col`.",
    ],
)
def pixel_index(row, col):
    return 28 * row + col  # row full rows of 28 pixels come first


@function_exercise(
    "05-one-hot",
    "One-hot targets from integer labels",
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
            "rows are examples: the result has one row per label, (n_samples, n_classes).",
        ),
        (
            lambda labels, n: my_one_hot(np.asarray(labels) - 1, n),
            "the 1 goes in column `label` itself, counting from 0: digit 0 in column 0.",
        ),
        (
            lambda labels, n: 1.0 - my_one_hot(labels, n),
            "the 1 marks the label's column and every other entry is 0, not the other way round.",
        ),
    ],
    hints=[
        "Start from a matrix of zeros with one row per label and one column per class: "
        "`np.zeros((len(labels), n_classes))`.",
        "In row i, set the entry in column `labels[i]` to 1. A loop over i works; numpy can "
        "do all rows at once with two index arrays.",
        "`Y[np.arange(len(labels)), labels] = 1` sets Y[i, labels[i]] for every i.",
    ],
)
def my_one_hot(labels, n_classes):
    labels = np.asarray(labels)
    Y = np.zeros((len(labels), n_classes))  # (n_samples, n_classes)
    Y[np.arange(len(labels)), labels] = 1.0  # row i: a 1 in column labels[i]
    return Y


@value_exercise(
    "05-untrained-accuracy",
    "The accuracy of the untrained network",
    expected=0.1,
    rtol=0.0,
    atol=0.05,
    hints=[
        "The random weights know nothing about digits, so the prediction has nothing to do "
        "with the image: it is as good as a guess.",
        "There are ten classes, in roughly equal numbers. How often is a guess right?",
        "About one time in ten: give a fraction between 0 and 1.",
    ],
    mistakes={
        (
            lambda a: 1.0 < float(a) <= 100.0
        ): "give the accuracy as a fraction between 0 and 1, not a percentage.",
        0.5: "a coin toss is right half the time with two classes; here there are ten.",
        0.0: "even a guess is right sometimes.",
        (lambda a: 0.3 <= float(a) <= 1.0): "much too optimistic for weights that know nothing.",
    },
    wrong_answers=[(10, "fraction"), (0.8, "optimistic")],
)
def untrained_accuracy():
    return 1 / 10  # ten classes of about equal size


@function_exercise(
    "05-single-output-digit",
    "From one output neuron to a digit",
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
            "round to the nearest digit; cutting off the fraction turns 0.949 * 9 = 8.54 into 8.",
        ),
        (
            lambda a: np.rint(10 * np.asarray(a)),
            "the target was label / 9 (so that 9 maps to 1), so multiply by 9, not 10.",
        ),
        (
            lambda a: np.floor(10 * np.asarray(a)),
            "the target was label / 9, so multiply by 9, and round to the nearest digit.",
        ),
        (
            lambda a: (np.asarray(a) >= 0.5).astype(np.int64),
            "that is the rule for a yes/no output; here a stands for label / 9.",
        ),
    ],
    hints=[
        "The network was trained towards a = label / 9. Undo that, then pick the nearest "
        "whole digit.",
        "9 * a is the network's guess as a number between 0 and 9; `np.rint` rounds every "
        "entry of an array to the nearest whole number.",
        "`return np.rint(9 * a).astype(int)`.",
    ],
)
def digit_from_output(a):
    return np.rint(9 * np.asarray(a)).astype(int)  # undo a = label / 9, round


# ------------------------------------------------------------------ the training loop, by hand
# The learner's my_sgd is compared with Network.fit (nnbook.training.fit) on two copies of one
# small network: fit shuffles with np.random.default_rng(seed).permutation(n) once per epoch
# and steps through order[first : first + batch_size]; with no momentum and no L2 each step
# is backprop, then update. Both runs make the same float operations, so the weights must agree
# to rounding. A wrong loop is recognised by running the typical mistakes on the same copies.

SGD_CASE = {"epochs": 3, "batch_size": 5, "learning_rate": 0.5, "seed": 7}  # 23 = 4 * 5 + 3
SGD_SIZES = [4, 5, 3]


def _sgd_data():
    """A small problem: 23 examples (so the last mini-batch has 3), 4 inputs, 3 classes."""
    rng = np.random.default_rng(2024)
    X = rng.normal(size=(23, 4))
    Y = np.eye(3)[rng.integers(0, 3, size=23)]
    return X, Y


def _fresh_network():
    from nnbook.network import Network  # imported here: lesson modules load with nnbook

    return Network(SGD_SIZES, seed=3)


def _parameters(net):
    return [np.array(p, dtype=float, copy=True) for p in (*net.weights, *net.biases)]


def _trained_by(train):
    """The parameters of a fresh network after ``train(net, X, Y, epochs, batch_size,
    learning_rate, seed)`` on the small problem (on copies of the data)."""
    net = _fresh_network()
    X, Y = _sgd_data()
    case = SGD_CASE
    train(net, X, Y, case["epochs"], case["batch_size"], case["learning_rate"], case["seed"])
    return _parameters(net)


def _fit(net, X, Y, epochs, batch_size, learning_rate, seed):
    net.fit(
        X,
        Y,
        epochs=epochs,
        batch_size=batch_size,
        learning_rate=learning_rate,
        seed=seed,
        progress=False,
    )


def _loop(net, X, Y, epochs, batch_size, learning_rate, seed, *, orders, batches, rate):
    """The training loop with its parts swappable, to make the typical mistakes:
    ``orders(rng, n, epochs)`` gives one order per epoch, ``batches(n, batch_size)`` the first
    positions, ``rate(learning_rate, batch)`` the learning rate of a step."""
    rng = np.random.default_rng(seed)
    for order in orders(rng, len(X), epochs, seed):
        for first in batches(len(X), batch_size):
            batch = order[first : first + batch_size]
            dW, db = net.backprop(X[batch], Y[batch])
            net.update(dW, db, rate(learning_rate, batch))


def _each_epoch(rng, n, epochs, seed):
    return [rng.permutation(n) for _ in range(epochs)]


def _all_batches(n, batch_size):
    return range(0, n, batch_size)


def _mistake(orders=_each_epoch, batches=_all_batches, rate=lambda eta, batch: eta):
    def train(net, X, Y, epochs, batch_size, learning_rate, seed):
        _loop(net, X, Y, epochs, batch_size, learning_rate, seed,
              orders=orders, batches=batches, rate=rate)  # fmt: skip

    return train


SGD_MISTAKES = (
    (
        _mistake(orders=lambda rng, n, epochs, seed: [np.arange(n)] * epochs),
        "your loop does not shuffle: every epoch takes the examples in their stored order. Draw "
        "`order = rng.permutation(n)` at the start of each epoch and cut the batches from "
        "`order`.",
    ),
    (
        _mistake(orders=lambda rng, n, epochs, seed: [rng.permutation(n)] * epochs),
        "your loop takes the examples in the same shuffled order in every epoch: it shuffles "
        "once, before the first epoch, or makes a new generator in every epoch (which starts "
        "the same way each time). Make `rng = np.random.default_rng(...)` once, before the "
        "loop over epochs, and draw a new `rng.permutation(n)` at the start of every epoch.",
    ),
    (
        _mistake(batches=lambda n, batch_size: range(0, n - batch_size + 1, batch_size)),
        "your loop skips the last, smaller mini-batch (here 23 examples in batches of 5 leave 3 "
        "over). `range(0, n, batch_size)` gives every batch's first position, the last "
        "included; the slice `order[first:first + batch_size]` simply stops at n.",
    ),
    (
        _mistake(rate=lambda eta, batch: eta / len(batch)),
        "your steps are batch_size times too small: `net.backprop` already returns the gradient "
        "of the batch's *mean* cost, so pass `learning_rate` to `net.update` unchanged, without "
        "dividing it by the batch size again.",
    ),
)


def _sgd_checker(answer, exercise):
    if not callable(answer):
        return False, (
            "`my_sgd` should be a function, `def my_sgd(net, X, Y, epochs, batch_size, "
            "learning_rate, seed):`."
        )
    start = _parameters(_fresh_network())
    expected = _trained_by(_fit)
    got = _trained_by(answer)
    if all(np.allclose(g, e, rtol=1e-9, atol=1e-12) for g, e in zip(got, expected, strict=True)):
        return True, (
            "after 3 epochs in mini-batches of 5, your network's weights and biases equal "
            "those `Network.fit` reaches from the same start and the same shuffling."
        )
    said = (
        "your function trained the network (3 epochs, mini-batches of 5, 23 examples) to other "
        "weights than `Network.fit` with the same arguments"
    )
    if all(np.array_equal(g, s) for g, s in zip(got, start, strict=True)):
        return False, (
            "the network's weights did not change: train the `net` you are given, calling "
            "`dW, db = net.backprop(Xb, Yb)` and then `net.update(dW, db, learning_rate)` for "
            "each mini-batch."
        )
    for wrong, message in SGD_MISTAKES:
        theirs = _trained_by(wrong)
        if all(np.allclose(g, t, rtol=1e-9, atol=1e-12) for g, t in zip(got, theirs, strict=True)):
            return False, f"{said}: {message}"
    return False, (
        f"{said}. Check the order of the steps: one generator made before the epochs; per "
        "epoch `order = rng.permutation(n)`; per batch `order[first:first + batch_size]`, "
        f'then backprop and update. hint("{exercise.id}") gives a hint.'
    )


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
    "Mini-batch stochastic gradient descent, by hand",
    checker=_sgd_checker,
    kind="function",
    hints=[
        "An epoch is one pass over all n examples in a new random order: draw the order, then "
        "walk along it `batch_size` examples at a time. Each mini-batch is one step of "
        "gradient descent.",
        "Make the generator once, before the epochs: `rng = np.random.default_rng(...)` with "
        "your function's last argument. At the start of *every* epoch draw `order = "
        "rng.permutation(n)`; `range(0, n, batch_size)` gives each batch's first position and "
        "`order[first:first + batch_size]` its rows (the last batch may be smaller).",
        "For each batch: `dW, db = net.backprop(X[batch], Y[batch])`, then `net.update(dW, db, "
        "learning_rate)`. `backprop` already averages over the batch, so pass the learning "
        "rate unchanged.",
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
