"""One meaning per name: an attribute name means the same kind of thing in every nnbook class.

A learner who meets ``net.cost`` (the cost's name) and then ``history.cost`` (a list of numbers)
or ``scalar_net.cost(X, Y)`` (a method) has three meanings to keep apart. These tests read the
package's classes, so that a name cannot quietly regain a second meaning.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from collections import defaultdict

import numpy as np

import nnbook
from nnbook import History, Network
from nnbook.costs import COSTS
from nnbook.scalar_net import ScalarNetwork

#: Second meanings the package still has (found by these tests in issue 18, left for their own
#: change): each entry is a name and why it is known. Remove an entry when the name is settled;
#: never add one to silence a new clash.
KNOWN_METHOD_DATA_CLASHES = {
    "gradients",  # ScalarNetwork.gradients(...) vs LoopNetwork.gradients, a function attribute
    "forward",  # Network.forward(X) vs widgets.diagram_text.Stage.forward
    "values",  # NetworkDiagram.values(...) vs FunctionExplorer.values
    "accuracy",  # Network.accuracy(X, labels) vs Playground.accuracy, a number
}
KNOWN_TYPE_CLASHES = {
    "history",  # Network.history, a History, vs TrainingStepper.history, a dict of lists
    "number",  # classroom Lesson.number, a str such as "04", vs HintText.number, an int
}


def _modules():
    for info in pkgutil.walk_packages(nnbook.__path__, "nnbook."):
        yield importlib.import_module(info.name)


def _class_definitions() -> list[tuple[str, ast.ClassDef]]:
    """Every class defined in the package's source, with its qualified name."""
    found = []
    for module in _modules():
        tree = ast.parse(inspect.getsource(module))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                found.append((f"{module.__name__}.{node.name}", node))
    return found


def _methods_and_data(node: ast.ClassDef) -> tuple[set[str], dict[str, str | None]]:
    """A class's methods (and properties), and its data attributes with their annotations:
    dataclass fields, class-level annotations and ``self.name = ...`` in its methods."""
    methods, data = set(), {}
    for item in node.body:
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
            decorators = {ast.unparse(d) for d in item.decorator_list}
            if "property" in decorators or "cached_property" in decorators:
                data.setdefault(item.name, ast.unparse(item.returns) if item.returns else None)
            elif not any(d.endswith(".setter") for d in decorators):
                methods.add(item.name)
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            data[item.target.id] = ast.unparse(item.annotation)
        elif isinstance(item, ast.Assign):  # fit = training.fit: a method too
            for target in item.targets:
                if isinstance(target, ast.Name) and isinstance(item.value, ast.Attribute):
                    methods.add(target.id)
    for item in ast.walk(node):
        target, annotation = None, None
        if isinstance(item, ast.AnnAssign):
            target, annotation = item.target, ast.unparse(item.annotation)
        elif isinstance(item, ast.Assign) and len(item.targets) == 1:
            target = item.targets[0]
        if (
            isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and target.value.id == "self"
            and not target.attr.startswith("_")
        ):
            if annotation is not None or target.attr not in data:
                data[target.attr] = annotation or data.get(target.attr)
    return methods - {name for name in methods if name.startswith("_")}, data


def test_no_name_is_a_method_in_one_class_and_data_in_another():
    methods, data = defaultdict(set), defaultdict(set)
    for qualname, node in _class_definitions():
        class_methods, class_data = _methods_and_data(node)
        for name in class_methods:
            methods[name].add(qualname)
        for name in class_data:
            data[name].add(qualname)
    clashes = {
        name: (sorted(methods[name]), sorted(data[name]))
        for name in set(methods) & set(data) - KNOWN_METHOD_DATA_CLASHES
    }
    assert clashes == {}, "a method in the first classes, data in the second: " + repr(clashes)


def test_a_data_attribute_has_one_annotated_type_across_classes():
    annotations = defaultdict(dict)
    for qualname, node in _class_definitions():
        for name, annotation in _methods_and_data(node)[1].items():
            if annotation is not None:
                # the kind of thing: Callable[[A], B] and Callable[[A, B], C] are both functions
                annotations[name][qualname] = annotation.split("[")[0]
    differing = {
        name: where
        for name, where in annotations.items()
        if len(set(where.values())) > 1 and name not in KNOWN_TYPE_CLASHES
    }
    assert differing == {}, differing


def test_the_decided_names():
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(6, 2)), rng.random((6, 1))
    net = Network([2, 3, 1], seed=0)
    history = net.fit(X, Y, epochs=2, batch_size=3, learning_rate=0.5, progress=False)
    # Network.cost and Network.hidden are names; cost_of computes a cost
    assert isinstance(net.cost, str) and net.cost in COSTS
    assert isinstance(net.hidden, str)
    assert callable(net.cost_of)
    # History.costs: the per-epoch training costs; no History.cost
    assert isinstance(history, History)
    assert len(history.costs) == 2 and all(isinstance(c, float) for c in history.costs)
    assert not hasattr(history, "cost")
    # ScalarNetwork.cost_of(X, Y) computes the cost, as Network's does; no ScalarNetwork.cost
    scalar = ScalarNetwork.random(seed=0)
    assert scalar.cost_of(X, Y[:, 0]) > 0
    assert not hasattr(scalar, "cost")
