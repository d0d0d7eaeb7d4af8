"""One training loop: fit, step, LiveTraining and lesson 07 draw their mini-batches from
``minibatches`` and update with ``train_batch``; a learning-rate schedule keeps the momentum;
training.py and persistence.py do not import network.py (no import circle)."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import numpy as np
import pytest

import nnbook
from nnbook import SGD, Network, one_hot, training
from nnbook.training import minibatches, train_batch

PACKAGE = Path(nnbook.__file__).parent


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(23, 3))
    return X, one_hot(rng.integers(0, 2, 23), 2)


def _net(**options):
    return Network([3, 4, 2], output="softmax", cost="cross_entropy", seed=0, **options)


def _assert_same_parameters(a, b):
    for p, q in zip(a.weights + a.biases, b.weights + b.biases, strict=True):
        np.testing.assert_array_equal(p, q)


# ------------------------------------------------------------------------ the iterator


def test_minibatches_cut_one_shuffled_order_drawn_by_the_seed_rule():
    order = np.random.default_rng(4).permutation(10)
    batches = list(minibatches(10, 3, seed=4))
    assert [b.tolist() for b in batches] == [
        order[:3].tolist(), order[3:6].tolist(), order[6:9].tolist(), order[9:].tolist()
    ]  # fmt: skip
    assert [b.tolist() for b in minibatches(10, 3, seed=4)] == [b.tolist() for b in batches]
    # A generator is used as it is: the next call continues it (the next epoch).
    rng, twin = np.random.default_rng(4), np.random.default_rng(4)
    for _ in range(2):
        expected = twin.permutation(10)
        assert np.concatenate(list(minibatches(10, 3, rng))).tolist() == expected.tolist()
    assert [len(b) for b in minibatches(5, 10, seed=0)] == [5]  # a batch larger than n


@pytest.mark.parametrize(
    ("arguments", "error", "match"),
    [
        ((10, 3, -1), ValueError, "seed must be a non-negative integer; got -1"),
        ((10, 3, "0"), TypeError, "got '0' of type str"),
        ((10, 0, 0), ValueError, "batch_size"),
        ((0, 3, 0), ValueError, "n "),
    ],
)
def test_minibatches_refuse_what_the_seed_rule_refuses(arguments, error, match):
    with pytest.raises(error, match=match):
        minibatches(*arguments)  # at the call, not at the first batch


def test_fit_is_minibatches_and_train_batch(data):
    X, Y = data
    net, twin = _net(), _net()
    net.fit(X, Y, epochs=2, batch_size=5, learning_rate=0.5, l2=0.1, momentum=0.9, seed=3,
            progress=False)  # fmt: skip
    rng, optimizer = np.random.default_rng(3), SGD(0.5, momentum=0.9, l2=0.1)
    for _ in range(2):
        for batch in minibatches(len(X), 5, rng):
            train_batch(twin, X[batch], Y[batch], optimizer, len(X))
    _assert_same_parameters(net, twin)


# ------------------------------------------------------------------------ the transform hook


def test_transform_is_applied_to_every_batch_before_its_update(data):
    X, Y = data
    seen = []

    def moved(X_batch):
        seen.append(X_batch.shape)
        return X_batch + 1.0

    net, twin = _net(), _net()
    net.fit(X, Y, epochs=2, batch_size=5, learning_rate=0.5, momentum=0.9, seed=3,
            transform=moved, progress=False)  # fmt: skip
    assert seen == [(5, 3)] * 4 + [(3, 3)] + [(5, 3)] * 4 + [(3, 3)]  # 23 rows: 5+5+5+5+3
    rng, optimizer = np.random.default_rng(3), SGD(0.5, momentum=0.9)
    for _ in range(2):
        for batch in minibatches(len(X), 5, rng):
            train_batch(twin, X[batch] + 1.0, Y[batch], optimizer, len(X))
    _assert_same_parameters(net, twin)
    np.testing.assert_array_equal(X, data[0])  # the training data is left as it was


def test_transform_shares_the_shuffling_generator_in_order(data):
    """Lesson 07's cell: one generator shuffles and draws the shifts, in the loop's order."""
    X, Y = data
    drawn = []

    def noisy(X_batch):
        noise = rng.normal(size=X_batch.shape)
        drawn.append(noise)
        return X_batch + noise

    rng = np.random.default_rng(5)
    _net().fit(X, Y, epochs=2, batch_size=10, learning_rate=0.1, seed=rng, transform=noisy,
               progress=False)  # fmt: skip
    twin = np.random.default_rng(5)
    for _ in range(2):
        twin.permutation(len(X))
        for size in (10, 10, 3):
            np.testing.assert_array_equal(drawn.pop(0), twin.normal(size=(size, 3)))


@pytest.mark.parametrize(
    ("transform", "error", "match"),
    [
        ("shift", TypeError, "transform must be a function transform\\(X_batch\\) or None"),
        (lambda X: X[:2], ValueError, r"shape \(5, 3\), dtype float64\); got shape \(2, 3\)"),
        (lambda X: X.astype(np.float32), ValueError, "got shape .5, 3., dtype float32"),
        (lambda X: None, ValueError, "got NoneType"),
    ],
)
def test_a_wrong_transform_is_named(data, transform, error, match):
    X, Y = data
    with pytest.raises(error, match=match):
        _net().fit(X, Y, epochs=1, batch_size=5, learning_rate=0.1, transform=transform,
                   progress=False)  # fmt: skip


# ------------------------------------------------------------------------ the schedule


def test_sgd_learning_rate_can_be_set_and_keeps_the_momentum(data):
    X, Y = data
    net = _net()
    optimizer = SGD(0.5, momentum=0.9)
    train_batch(net, X, Y, optimizer, len(X))
    velocities = optimizer.velocities
    optimizer.learning_rate = 0.05
    assert optimizer.learning_rate == 0.05 and optimizer.velocities is velocities
    with pytest.raises(ValueError, match="learning_rate must be a finite number > 0"):
        optimizer.learning_rate = 0
    assert optimizer.learning_rate == 0.05
    optimizer.momentum = 0.0  # no momentum: the velocities end
    assert optimizer.velocities is None


def test_a_second_fit_at_a_lower_rate_sets_the_same_optimizer(data):
    X, Y = data
    net = _net()
    net.fit(X, Y, epochs=2, batch_size=5, learning_rate=0.5, momentum=0.9, progress=False)
    optimizer, velocities = net.optimizer, net.optimizer.velocities
    net.fit(X, Y, epochs=1, batch_size=5, learning_rate=0.05, momentum=0.9, progress=False)
    assert net.optimizer is optimizer and optimizer.velocities is velocities
    assert optimizer.learning_rate == 0.05
    with pytest.raises(ValueError, match="momentum"):  # checked before anything changes
        net.fit(X, Y, epochs=1, batch_size=5, learning_rate=0.5, momentum=1.5, progress=False)
    assert optimizer.learning_rate == 0.05 and optimizer.momentum == 0.9


def test_a_schedule_in_one_fit_equals_two_fits(data):
    """Lower the rate from a callback, or call fit again: the same steps, the same weights."""
    X, Y = data
    one, two = _net(), _net()

    def lower(epoch, history):
        if epoch == 1:
            one.optimizer.learning_rate = 0.05

    options = dict(batch_size=5, momentum=0.9, progress=False)
    one.fit(X, Y, epochs=3, learning_rate=0.5, seed=1, callback=lower, **options)
    rng = np.random.default_rng(1)
    two.fit(X, Y, epochs=2, learning_rate=0.5, seed=rng, **options)
    two.fit(X, Y, epochs=1, learning_rate=0.05, seed=rng, **options)
    _assert_same_parameters(one, two)


# ------------------------------------------------------------------------ LiveTraining


def test_live_training_steps_with_train_batch(monkeypatch, data):
    import nnbook.widgets as nw

    X, Y = data
    calls = []

    def counted(*arguments):
        calls.append(len(arguments[1]))
        return train_batch(*arguments)

    monkeypatch.setattr(training, "train_batch", counted)
    live = nw.LiveTraining(_net(), X, Y, batch_size=5, batches_per_step=3)
    live.step()
    assert calls == [5, 5, 5]
    calls.clear()
    nw.LiveTraining(_net(), X, Y, batch_size=5).step()  # one epoch per step
    assert calls == [5, 5, 5, 5, 3]


# ------------------------------------------------------------------------ no import circle


def _runtime_imports(path: Path) -> set[str]:
    """The modules a file imports when it runs (anywhere but under ``if TYPE_CHECKING:``)."""
    tree = ast.parse(path.read_text())
    skipped = {
        id(node)
        for branch in ast.walk(tree)
        if isinstance(branch, ast.If) and ast.unparse(branch.test) == "TYPE_CHECKING"
        for statement in branch.body
        for node in ast.walk(statement)
    }
    names = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom):
            names.add(("." * node.level) + (node.module or ""))
            names.update(f"{'.' * node.level}{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("module", ["training", "persistence", "optim"])
def test_the_training_modules_do_not_import_network(module):
    imported = _runtime_imports(PACKAGE / f"{module}.py")
    assert not {".network", "nnbook.network"} & imported, imported


def test_training_types_the_network_it_trains():
    for function in (training.fit, training.step, training.train_batch):
        assert inspect.signature(function).parameters["net"].annotation == "Network"
    assert inspect.signature(nnbook.persistence.save).parameters["net"].annotation == "Network"


def test_load_builds_the_class_it_is_called_on(tmp_path):
    class Mine(Network):
        pass

    path = Network([2, 3, 1], seed=0).save(tmp_path / "net")
    assert type(Mine.load(path)) is Mine and type(Network.load(path)) is Network


def test_fit_and_live_training_check_a_validation_set_with_one_function(monkeypatch):
    """One check of ``validation=(X_val, labels_val)`` for every trainer (issue 18: it was
    written twice, in training.py and in LiveTraining)."""
    from nnbook import network_checks, training
    from nnbook.widgets import live_training

    calls = []
    real = network_checks.check_validation

    def spy(net, validation):
        calls.append(net)
        return real(net, validation)

    monkeypatch.setattr(training, "check_validation", spy)
    monkeypatch.setattr(live_training.network_checks, "check_validation", spy)
    X = np.zeros((4, 2))
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    net = Network([2, 1], seed=0)
    net.fit(X, Y, epochs=1, batch_size=2, learning_rate=0.1, validation=(X, [0, 1, 1, 0]))
    live_training.LiveTraining(net, X, Y, validation=(X, [0, 1, 1, 0]))
    assert calls == [net, net]
    with pytest.raises(TypeError, match=r"validation must be a pair \(X_val, labels_val\)"):
        live_training.LiveTraining(net, X, Y, validation=X)
