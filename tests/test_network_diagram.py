"""NetworkDiagram without a browser: every number it shows is Network's, stage by stage.

The expected values come from Network's own forward / output_error / backward / update, called
here directly, and, independently of backprop, from central differences of the cost and from
lesson 03's hand-written ScalarNetwork. The browser side is tests/test_browser.py's job.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import numpy as np
import pytest

from nnbook import Network
from nnbook.activations import ACTIVATIONS
from nnbook.datasets import weight_height
from nnbook.scalar_net import PARAMETER_NAMES, ScalarNetwork
from nnbook.widgets import NetworkDiagram
from nnbook.widgets.network_diagram import LESSON_03_NAMES, number, past_the_end


def _data(sizes, n=3, seed=1):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, sizes[0])), rng.uniform(size=(n, sizes[-1]))


def _expected(net, X, Y, i, learning_rate):
    """The label -> value a diagram of ``net`` should show for example ``i``, from Network."""
    x, y = X[i : i + 1], Y[i : i + 1]
    Zs, As = net.forward(x)
    delta = net.output_error(Zs, As, y)
    dW, db = net.backward(As, delta)
    after = copy.deepcopy(net)
    after.update(dW, db, learning_rate)
    L = len(net.weights)
    want = {f"x_{j + 1}": x[0, j] for j in range(net.sizes[0])}
    want |= {f"y_{k + 1}": y[0, k] for k in range(net.sizes[-1])}
    want["C"] = net.cost_of(Zs[L], As[L], y)
    for l in range(1, L + 1):  # noqa: E741
        name = net.output if l == L else net.hidden
        f_prime = ACTIVATIONS[name].derivative_from_output(As[l])
        for k in range(net.sizes[l]):
            want[f"z^({l})_{k + 1}"] = Zs[l][0, k]
            want[f"a^({l})_{k + 1}"] = As[l][0, k]
            want[f"δ^({l})_{k + 1}"] = delta[0, k] if l == L else db[l - 1][k]
            if not (l == L and net.cost == "cross_entropy"):
                want[
                    f"σ′(z^({l})_{k + 1})" if name == "sigmoid" else f"{name}′(z^({l})_{k + 1})"
                ] = f_prime[0, k]
            want[f"∂C/∂b^({l})_{k + 1}"] = db[l - 1][k]
            want[f"new b^({l})_{k + 1}"] = after.biases[l - 1][k]
            for j in range(net.sizes[l - 1]):
                want[f"∂C/∂w^({l})_{j + 1}{k + 1}"] = dW[l - 1][j, k]
                want[f"new w^({l})_{j + 1}{k + 1}"] = after.weights[l - 1][j, k]
    return want


NETWORKS = [
    dict(sizes=[2, 2, 1]),
    dict(sizes=[2, 3, 2, 1]),
    dict(sizes=[2, 4, 4, 1]),
    dict(sizes=[3, 2, 2], hidden="relu", output="sigmoid", cost="cross_entropy"),
]


@pytest.mark.parametrize("options", NETWORKS, ids=lambda o: str(o["sizes"]))
@pytest.mark.parametrize("example", [0, 2])
def test_every_number_shown_is_networks(options, example):
    assert_every_number_shown_is_networks(options, example)


def test_a_newly_registered_activation_is_drawn_and_stepped(registered_tanh):
    """The diagram reads the registry: a tanh network, registered after import, is shown with
    Network's numbers at every stage, tanh′ included."""
    options = dict(sizes=[2, 3, 2], hidden=registered_tanh, output=registered_tanh)
    assert_every_number_shown_is_networks(options, example=1)
    net = Network([2, 3, 2], hidden=registered_tanh, seed=0)
    assert f"{registered_tanh}′(z^(1)_1)" in NetworkDiagram(net, *_data([2, 3, 2])).all_values()


def assert_every_number_shown_is_networks(options, example):
    options = dict(options)
    sizes = options.pop("sizes")
    net = Network(sizes, seed=0, **options)
    X, Y = _data(sizes)
    before = [W.copy() for W in net.weights]
    diagram = NetworkDiagram(net, X, Y, example=example, learning_rate=0.5)
    shown = diagram.all_values()
    want = _expected(net, X, Y, example, 0.5)
    assert set(shown) == set(want), set(shown) ^ set(want)
    for label, value in want.items():
        assert shown[label] == pytest.approx(value, rel=1e-12, abs=1e-15), label
    # each stage's readout shows each of its values, formatted as number() formats them
    for i in range(len(diagram.stages)):
        diagram.stage = i
        diagram.show()
        for label, value in diagram.values().items():
            assert f"<b>{number(value)}</b>" in diagram.readout.value, (i, label)
    assert all(np.array_equal(a, b) for a, b in zip(before, net.weights, strict=True))


def test_gradients_agree_with_central_differences():
    """Independent of backprop: nudge each weight, watch the cost of the one example."""
    net = Network([2, 3, 2, 1], seed=3)
    X, Y = _data(net.sizes, seed=4)
    shown = NetworkDiagram(net, X, Y, example=1).all_values()
    h = 1e-6
    for l, W in enumerate(net.weights, start=1):  # noqa: E741
        for (j, k), w in np.ndenumerate(W):
            W[j, k] = w + h
            plus = net.total_cost(X[1:2], Y[1:2])
            W[j, k] = w - h
            minus = net.total_cost(X[1:2], Y[1:2])
            W[j, k] = w
            numerical = (plus - minus) / (2 * h)
            assert shown[f"∂C/∂w^({l})_{j + 1}{k + 1}"] == pytest.approx(numerical, abs=1e-8)


def test_lesson_03_names_match_the_hand_derivation():
    X, Y = weight_height()
    scalar = ScalarNetwork.random(seed=0)
    net = Network([2, 2, 1])
    net.weights, net.biases = scalar.to_matrices()
    diagram = NetworkDiagram(net, X, Y, names=LESSON_03_NAMES, example=1)
    shown = diagram.all_values()
    by_hand = scalar.gradients(X[1, 0], X[1, 1], Y[1, 0])
    for name in PARAMETER_NAMES:
        assert shown[f"∂C/∂{name}"] == pytest.approx(by_hand[name], rel=1e-12, abs=1e-15)
    v = scalar.forward(X[1, 0], X[1, 1])
    for label in ("z_h1", "h1", "z_h2", "h2", "z_o", "o"):
        assert shown[label] == pytest.approx(getattr(v, label), rel=1e-12)
    # the readout writes the lesson's symbols: ∂C/∂w<sub>4</sub> = x<sub>2</sub> δ<sub>h2</sub>
    diagram.stage = 6
    diagram.show()
    assert "∂C/∂w<sub>4</sub></td><td>= x<sub>2</sub> δ<sub>h2</sub> =" in diagram.readout.value


def test_step_walks_every_stage_then_says_past_the_end():
    net = Network([2, 3, 2, 1], seed=0)
    X, Y = _data(net.sizes)
    diagram = NetworkDiagram(net, X, Y)
    titles = [stage.title for stage in diagram.stages]
    assert titles == [
        "the example",
        "forward pass, layer 1",
        "forward pass, layer 2",
        "forward pass, layer 3",
        "BP1, the output error",
        "BP2, the errors of hidden layer 2",
        "BP2, the errors of hidden layer 1",
        "BP3 and BP4, the gradients of layer 3",
        "BP3 and BP4, the gradients of layer 2",
        "BP3 and BP4, the gradients of layer 1",
        "the update",
    ]
    seen = [(diagram.readout.value, diagram.drawing.value)]
    for i in range(1, len(titles)):
        diagram.step_button.click()
        assert diagram.stage == i
        assert f"Stage {i + 1} of {len(titles)} · {titles[i]}" in diagram.readout.value
        assert (diagram.readout.value, diagram.drawing.value) != seen[-1]
        seen.append((diagram.readout.value, diagram.drawing.value))
    assert "Past the end" not in diagram.readout.value
    diagram.step_button.click()  # past the end: a message, no exception, same stage
    assert diagram.stage == len(titles) - 1
    assert past_the_end() in diagram.readout.value and diagram.error is None
    diagram.reset_button.click()
    assert diagram.stage == 0 and "Past the end" not in diagram.readout.value
    assert diagram.readout.value == seen[0][0]


def test_the_drawing_shows_weights_and_highlights_the_stage():
    net = Network([2, 2, 1], seed=0)
    X, Y = _data(net.sizes)
    diagram = NetworkDiagram(net, X, Y)
    svg = diagram.drawing.value
    assert svg.startswith("<svg") and svg.count("<circle") == 5
    for W in net.weights:
        for w in W.ravel():
            assert f">{number(w)}<" in svg
    bp1 = [s.title for s in diagram.stages].index("BP1, the output error")
    diagram.stage = bp1
    diagram.show()
    svg = diagram.drawing.value
    assert svg.count('stroke="#ffbf00"') == 1  # the output neuron, and no connection
    assert f"δ {number(diagram.values()['δ^(2)_1'])}" in svg
    diagram.stage = len(diagram.stages) - 1  # the update: the new weights are drawn
    diagram.show()
    for label, value in diagram.values().items():
        if label.startswith("new w"):
            assert f">{number(value)}<" in diagram.drawing.value


def test_choosing_another_example_starts_again_with_its_numbers():
    net = Network([2, 2, 1], seed=0)
    X, Y = _data(net.sizes)
    diagram = NetworkDiagram(net, X, Y, example_names=["first", "second", "third"])
    assert diagram.example.options[1][0].startswith("second: x = (")
    diagram.step()
    diagram.example.value = 2
    assert diagram.stage == 0
    assert diagram.values() == {"x_1": X[2, 0], "x_2": X[2, 1], "y_1": Y[2, 0]}
    assert diagram.all_values() == pytest.approx(_expected(net, X, Y, 2, 1.0))


@pytest.mark.parametrize("sizes", [[2, 5, 1], [2, 3, 3, 3, 1], [8, 2, 1]])
def test_too_large_a_network_gets_a_message_in_the_widget(sizes):
    X, Y = _data(sizes)
    diagram = NetworkDiagram(Network(sizes, seed=0), X, Y)
    text = diagram.readout.value
    assert f"This network, {sizes}, is too large to draw" in text
    assert "at most 4 layers (the input layer included) of at most 4 neurons each" in text
    assert diagram.drawing.value == "" and diagram.values() == {}
    diagram.step_button.click()  # no exception, the same message
    assert "too large to draw" in diagram.readout.value and diagram.error is None


def test_css_classes_and_controls():
    net = Network([2, 2, 1], seed=0)
    diagram = NetworkDiagram(net, *_data(net.sizes))
    classes = set(diagram._dom_classes)
    assert {"nnbook-network-diagram", "nnbook-main-widget"} <= classes
    assert {"nnbook-step", "nnbook-control"} <= set(diagram.step_button._dom_classes)
    assert "nnbook-reset" in diagram.reset_button._dom_classes
    assert "nnbook-example" in diagram.example._dom_classes
    assert "nnbook-readout" in diagram.readout._dom_classes
    assert "nnbook-plot" in diagram.drawing._dom_classes
    # Step is the first control: the browser test's generic check clicks it
    assert diagram.children[0].children[0] is diagram.step_button


def test_handler_errors_go_to_the_readout(monkeypatch):
    net = Network([2, 2, 1], seed=0)
    diagram = NetworkDiagram(net, *_data(net.sizes))

    def broken():
        raise RuntimeError("no walk")

    monkeypatch.setattr(diagram, "_stages", broken)
    diagram._on_reset()  # as the Reset button does: must not raise
    assert "Stopped: RuntimeError: no walk" in diagram.readout.value


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda X, Y: NetworkDiagram("net", X, Y), TypeError, "must be an nnbook Network"),
        (lambda X, Y: NetworkDiagram(Network([2, 2, 1]), X[:, :1], Y), ValueError, "X"),
        (lambda X, Y: NetworkDiagram(Network([2, 2, 1]), X, Y, example=3), ValueError,
         re.escape("example must be a row of X, 0 to 2; got 3")),
        (lambda X, Y: NetworkDiagram(Network([2, 2, 1]), X, Y, learning_rate=0), ValueError,
         "learning_rate"),
        (lambda X, Y: NetworkDiagram(Network([2, 2, 1]), X, Y, example_names=["a"]), ValueError,
         "one name per row of X, 3; got 1"),
    ],
)  # fmt: skip
def test_bad_arguments_raise_clear_errors(call, error, message):
    X, Y = _data([2, 2, 1])
    with pytest.raises(error, match=message):
        call(X, Y)


def test_lesson_03_titles_the_steps_in_words_before_lesson_04_names_them():
    """Lesson 03's diagram said "BP1" ... "BP3 and BP4" a lesson before 04 defines them."""
    net = Network([2, 2, 1], seed=0)
    X, Y = _data(net.sizes)
    words = NetworkDiagram(net, X, Y, bp_labels=False)
    labelled = NetworkDiagram(net, X, Y)
    for stage in words.stages:
        assert "BP" not in stage.title and "BP" not in stage.equation, stage.title
    assert [s.title for s in words.stages][3:6] == [
        "the output error",
        "the errors of hidden layer 1",
        "the gradients of layer 2",
    ]
    assert [s.title for s in labelled.stages][3] == "BP1, the output error"
    assert words.all_values() == labelled.all_values()  # the same numbers, only the words
    with pytest.raises(TypeError, match="bp_labels must be True or False"):
        NetworkDiagram(net, X, Y, bp_labels="no")


def test_lesson_03_builds_its_diagram_without_bp_labels():
    import nbformat

    notebook = Path(__file__).resolve().parent.parent / "notebooks" / "03_hidden_layer.ipynb"
    cells = nbformat.read(notebook, as_version=4).cells
    [source] = [c.source for c in cells if c.cell_type == "code" and "NetworkDiagram(" in c.source]
    assert "bp_labels=False" in source
