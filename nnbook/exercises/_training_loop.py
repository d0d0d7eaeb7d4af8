"""The checker of a training loop written by hand (exercise 05-my-sgd, in ``lesson05``).

The learner's my_sgd is compared with Network.fit (nnbook.training.fit) on two copies of one
small network: fit shuffles with np.random.default_rng(seed).permutation(n) once per epoch
and steps through order[first : first + batch_size]; with no momentum and no L2 each step
is backprop, then update. Both runs make the same float operations, so the weights must agree
to rounding. A wrong loop is recognised by running the typical mistakes on the same copies.
"""

from __future__ import annotations

import numpy as np

from nnbook.messages import N_, say, shown, translated

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
        N_(
            "your loop does not shuffle: every epoch takes the examples in their stored order. "
            "Draw `order = rng.permutation(n)` at the start of each epoch and cut the batches from "
            "`order`."
        ),
    ),
    (
        _mistake(orders=lambda rng, n, epochs, seed: [rng.permutation(n)] * epochs),
        N_(
            "your loop takes the examples in the same shuffled order in every epoch: it shuffles "
            "once, before the first epoch, or makes a new generator in every epoch (which starts "
            "the same way each time). Make `rng = np.random.default_rng(...)` once, before the "
            "loop over epochs, and draw a new `rng.permutation(n)` at the start of every epoch."
        ),
    ),
    (
        _mistake(batches=lambda n, batch_size: range(0, n - batch_size + 1, batch_size)),
        N_(
            "your loop skips the last, smaller mini-batch (here 23 examples in batches of 5 leave "
            "3 over). `range(0, n, batch_size)` gives every batch's first position, the last "
            "included; the slice `order[first:first + batch_size]` simply stops at n."
        ),
    ),
    (
        _mistake(rate=lambda eta, batch: eta / len(batch)),
        N_(
            "your steps are batch_size times too small: `net.backprop` already returns the "
            "gradient of the batch's *mean* cost, so pass `learning_rate` to `net.update` "
            "unchanged, without dividing it by the batch size again."
        ),
    ),
)


def sgd_checker(answer, exercise):
    """Whether ``answer`` trains like ``Network.fit``; else the mistake it makes, if known."""
    if not callable(answer):
        return False, say(
            "`my_sgd` should be a function, `def my_sgd(net, X, Y, epochs, batch_size, "
            "learning_rate, seed):`; it is {answer}.",
            answer=shown(answer),
        )
    start = _parameters(_fresh_network())
    expected = _trained_by(_fit)
    got = _trained_by(answer)
    if all(np.allclose(g, e, rtol=1e-9, atol=1e-12) for g, e in zip(got, expected, strict=True)):
        return True, say(
            "after 3 epochs in mini-batches of 5, your network's weights and biases equal "
            "those `Network.fit` reaches from the same start and the same shuffling."
        )
    if all(np.array_equal(g, s) for g, s in zip(got, start, strict=True)):
        return False, say(
            "the network's weights did not change: train the `net` you are given, calling "
            "`dW, db = net.backprop(Xb, Yb)` and then `net.update(dW, db, learning_rate)` for "
            "each mini-batch."
        )
    for wrong, message in SGD_MISTAKES:
        theirs = _trained_by(wrong)
        if all(np.allclose(g, t, rtol=1e-9, atol=1e-12) for g, t in zip(got, theirs, strict=True)):
            return False, say(
                "your function trained the network (3 epochs, mini-batches of 5, 23 examples) "
                "to other weights than `Network.fit` with the same arguments: {explanation}",
                explanation=translated(message),
            )
    return False, say(
        "your function trained the network (3 epochs, mini-batches of 5, 23 examples) to other "
        "weights than `Network.fit` with the same arguments. Check the order of the steps: one "
        "generator made before the epochs; per epoch `order = rng.permutation(n)`; per batch "
        '`order[first:first + batch_size]`, then backprop and update. hint("{id}") gives a '
        "hint.",
        id=exercise.id,
    )
