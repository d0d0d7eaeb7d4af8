"""The teaching core reads like lesson 04, validates once per public call, and its
conveniences (training, optimizer, files, labels) live in modules of their own."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import sys
from pathlib import Path

import numpy as np
import pytest

import nnbook
import nnbook._validation as validation
import nnbook.network_checks as network_checks
from nnbook import SGD, Network, check_gradients, one_hot, predicted_labels

NETWORK_PY = Path(nnbook.network.__file__)
EXERCISES = Path(nnbook.exercises.__file__).parent


def test_network_py_is_short_and_labels_the_four_equations():
    lines = NETWORK_PY.read_text().splitlines()
    assert len(lines) <= 250, f"network.py has {len(lines)} lines; the teaching core keeps <= 250"
    for label in ("BP1", "BP2", "BP3", "BP4"):
        assert any(label in line for line in lines), f"network.py does not label {label}"
    # BP2's "⊙ f'(Z)" is written in network.py itself, next to its label
    bp2 = next(i for i, line in enumerate(lines) if "BP2" in line)
    assert re.search(r"\* f_prime\(As\[l - 1\]\)", "\n".join(lines[bp2 : bp2 + 3]))


def test_everything_a_network_shows_is_public_and_documented():
    for name, member in inspect.getmembers(Network):
        if name.startswith("_"):
            continue
        function = member.fget if isinstance(member, property) else member
        if callable(function):
            assert inspect.getdoc(function), f"Network.{name} has no docstring"


def count_matrix_checks(monkeypatch) -> list[str]:
    """Count the calls of ``check_matrix`` from every nnbook module that imported it."""
    calls: list[str] = []
    original = validation.check_matrix

    def counting(X, name, **options):
        calls.append(name)
        return original(X, name, **options)

    for module in list(sys.modules.values()):
        if module.__name__.startswith("nnbook") and vars(module).get("check_matrix") is original:
            monkeypatch.setattr(module, "check_matrix", counting)
    return calls


def test_accuracy_checks_its_input_once(monkeypatch):
    net = Network([3, 4, 2], seed=0)
    calls = count_matrix_checks(monkeypatch)
    net.accuracy(np.ones((5, 3)), np.zeros(5, dtype=int))
    assert calls == ["X"]


@pytest.mark.parametrize("sizes", [[2, 3, 1], [6, 8, 8, 4]])
def test_check_gradients_validates_once(monkeypatch, sizes):
    """Not once per parameter (it used to be 108 times for a 26-parameter network), and not
    twice either (once in check_gradients and again in backprop)."""
    rng = np.random.default_rng(0)
    net = Network(sizes, seed=0)
    X, Y = rng.normal(size=(4, sizes[0])), rng.random((4, sizes[-1]))
    calls = count_matrix_checks(monkeypatch)
    check_gradients(net, X, Y)
    assert calls == ["X", "Y"]


def test_fit_checks_the_data_once_not_per_batch(monkeypatch):
    net = Network([3, 4, 2], seed=0)
    rng = np.random.default_rng(1)
    X, Y = rng.normal(size=(50, 3)), one_hot(rng.integers(0, 2, 50), 2)
    calls = count_matrix_checks(monkeypatch)
    net.fit(X, Y, epochs=3, batch_size=5, learning_rate=0.1, progress=False)
    assert calls == ["X", "Y"]


def test_fit_is_the_training_module_s_fit():
    assert Network.fit is nnbook.training.fit
    assert Network.save is nnbook.persistence.save


def test_the_optimizer_owns_its_velocities_and_training_continues_them():
    rng = np.random.default_rng(2)
    X, Y = rng.normal(size=(8, 3)), rng.random((8, 2))
    net = Network([3, 4, 2], seed=0)
    net.step(X, Y, learning_rate=0.5, momentum=0.9)
    first = net.optimizer
    assert isinstance(first, SGD) and first.velocities is not None
    net.step(X, Y, learning_rate=0.5, momentum=0.9)
    assert net.optimizer.velocities is first.velocities  # carried over, not restarted
    net.reset_momentum()
    assert net.optimizer is None


def test_sgd_without_momentum_or_l2_is_the_core_update():
    rng = np.random.default_rng(3)
    X, Y = rng.normal(size=(8, 3)), rng.random((8, 2))
    a, b = Network([3, 4, 2], seed=0), Network([3, 4, 2], seed=0)
    dW, db = a.backprop(X, Y)
    a.update(dW, db, 0.7)
    dW, db = b.backprop(X, Y)
    SGD(0.7).step(b, dW, db, n_train=8)
    for W_a, W_b in zip(a.weights + a.biases, b.weights + b.biases, strict=True):
        np.testing.assert_array_equal(W_a, W_b)


def test_one_rule_for_reading_outputs_as_labels():
    assert predicted_labels(np.array([[0.5], [0.49], [0.9]])).tolist() == [1, 0, 1]
    assert predicted_labels(np.array([[0.1, 0.7, 0.2], [0.6, 0.3, 0.1]])).tolist() == [1, 0]
    with pytest.raises(ValueError, match=r"A must be 2-D"):
        predicted_labels(np.array([0.2, 0.8]))


@pytest.mark.parametrize(
    ("seed", "error", "match"),
    [
        (1.5, TypeError, "seed must be None, a non-negative integer or a numpy.random.Generator"),
        ("0", TypeError, "got '0' of type str"),
        (True, TypeError, "of type bool"),
        (-1, ValueError, "seed must be a non-negative integer; got -1"),
    ],
)
def test_one_way_to_turn_a_seed_into_a_generator(seed, error, match):
    """Network, train_validation_split and the toy data sets all use make_rng."""
    with pytest.raises(error, match=match):
        Network([2, 1], seed=seed)
    with pytest.raises(error, match=match.replace("None, ", "")):
        nnbook.moons(10, seed=seed)
    with pytest.raises(error, match=match):
        nnbook.train_validation_split(np.ones((4, 1)), np.zeros(4), n_validation=1, seed=seed)


def test_update_leaves_the_gradients_as_they_were():
    rng = np.random.default_rng(4)
    net = Network([3, 4, 2], seed=0)
    dW, db = net.backprop(rng.normal(size=(5, 3)), rng.random((5, 2)))
    kept = [g.copy() for g in dW + db]
    before = [p.copy() for p in net.weights + net.biases]
    net.update(dW, db, 0.5)
    for g, g0 in zip(dW + db, kept, strict=True):
        np.testing.assert_array_equal(g, g0)
    for p, p0, g in zip(net.weights + net.biases, before, kept, strict=True):
        np.testing.assert_allclose(p, p0 - 0.5 * g, rtol=1e-15)


def test_a_step_without_momentum_ends_the_old_velocities():
    """fit(μ=0.9), then fit(μ=0), then fit(μ=0.9): the third starts from rest."""
    rng = np.random.default_rng(5)
    X, Y = rng.normal(size=(8, 3)), rng.random((8, 2))
    a, b = Network([3, 4, 2], seed=0), Network([3, 4, 2], seed=0)
    for net in (a, b):
        net.step(X, Y, learning_rate=0.5, momentum=0.9)
        net.step(X, Y, learning_rate=0.5)
    b.reset_momentum()  # what the momentum-0 step must have done for a
    for net in (a, b):
        net.step(X, Y, learning_rate=0.5, momentum=0.9)
    for p, q in zip(a.weights + a.biases, b.weights + b.biases, strict=True):
        np.testing.assert_array_equal(p, q)


def test_every_exercises_module_is_short_and_says_its_one_job():
    """exercises/ is split like widgets/: one job per module, each under 300 lines, its job
    said in its first line (a learner opens them beside the lessons)."""
    modules = sorted(EXERCISES.glob("*.py"))
    assert len(modules) > 10, modules
    for path in modules:
        lines = path.read_text().splitlines()
        assert len(lines) <= 300, f"{path.name} has {len(lines)} lines; split it (<= 300)"
        assert ast.get_docstring(ast.parse("\n".join(lines))), f"{path.name} has no docstring"


def test_the_general_checks_know_nothing_of_a_network():
    """A check that reads a network's sizes, weights or cost lives beside Network, in
    network_checks.py; _validation.py keeps the checks any function may use."""
    for name, function in inspect.getmembers(validation, inspect.isfunction):
        if function.__module__ == validation.__name__:
            parameters = inspect.signature(function).parameters
            assert "net" not in parameters, f"_validation.{name} takes a network"
            assert not re.search(r"\bnet\.", inspect.getsource(function)), name
    for name in ("check_parameters", "check_X", "check_Y", "classes_of", "layer_sizes"):
        assert getattr(network_checks, name).__module__ == network_checks.__name__
        assert not hasattr(validation, name), f"{name} is still in _validation.py"


def _nnbook_imports(path: Path) -> set[str]:
    """What the nnbook module at ``path`` imports at its top level: the modules, and the
    modules or names it takes from them (``from a import b`` gives ``a`` and ``a.b``)."""
    folder = path.parent.relative_to(NETWORK_PY.parent.parent).parts
    package = ".".join(folder)
    found = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.ImportFrom) and node.module and node.level <= 1:
            module = node.module if node.level == 0 else f"{package}.{node.module}"
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return {name for name in found if name.startswith("nnbook")}


def test_the_exercises_modules_import_each_other_one_way():
    """No circle: the private modules of exercises/ can be read leaves first, each importing
    only modules read before it, and none imports the package itself;
    network_checks.py needs only _validation.py, messages.py and the costs' registry (whose
    modules import nothing of the network)."""
    modules = {f"nnbook.exercises.{path.stem}": path for path in EXERCISES.glob("_*.py")}
    graph = {}
    for name, path in modules.items():
        imports = _nnbook_imports(path)
        assert "nnbook.exercises" not in imports, f"{name} imports its package"
        graph[name] = imports & set(modules)
    done: set[str] = set()
    while len(done) < len(graph):
        ready = {name for name, needs in graph.items() if name not in done and needs <= done}
        assert ready, f"an import circle among {sorted(set(graph) - done)}"
        done |= ready
    imports = _nnbook_imports(Path(network_checks.__file__))
    leaves = ("nnbook._validation", "nnbook.messages", "nnbook.costs")
    assert all(name.startswith(leaves) for name in imports), imports
    for leaf in ("costs", "activations", "messages", "_validation"):
        assert not {"nnbook.network", "nnbook.network_checks"} & _nnbook_imports(
            NETWORK_PY.parent / f"{leaf}.py"
        ), leaf


CORE_MODULES = ["network", "training", "gradcheck", "reference", "optim", "network_checks"]


@pytest.mark.parametrize("module", CORE_MODULES)
def test_every_parameter_of_the_core_is_used(module):
    """A parameter the body never reads (``backward`` took ``Zs`` once) asks the learner to
    pass something for nothing, and to wonder what it does."""
    tree = ast.parse(inspect.getsource(importlib.import_module(f"nnbook.{module}")))
    unused = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
        read = {n.id for part in node.body for n in ast.walk(part) if isinstance(n, ast.Name)}
        unused += [
            f"{node.name}({a.arg})"
            for a in arguments
            if a.arg not in read and a.arg not in {"self", "cls"} and not a.arg.startswith("_")
        ]
    assert unused == []


def _documented_parameters(function) -> list[str] | None:
    """The names a numpydoc Parameters section lists, in order (None without a section)."""
    doc = inspect.getdoc(function) or ""
    match = re.search(r"^Parameters\n-+\n(.*?)(?=^\w[\w ]*\n-+\n|\Z)", doc, re.M | re.S)
    if not match:
        return None
    names = []
    for line in match.group(1).splitlines():
        if line and not line[0].isspace():
            names += [name.strip() for name in line.split(" : ")[0].split(",")]
    return names


@pytest.mark.parametrize("module", CORE_MODULES)
def test_documented_parameters_are_the_signature_s(module):
    """``fit``'s Parameters section began at X while its signature begins with ``net``."""
    module = importlib.import_module(f"nnbook.{module}")
    wrong = {}
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if function.__module__ != module.__name__:
            continue
        documented = _documented_parameters(function)
        actual = [p for p in inspect.signature(function).parameters if p not in {"self", "cls"}]
        if documented is not None and documented != actual:
            wrong[name] = (documented, actual)
    assert wrong == {}
