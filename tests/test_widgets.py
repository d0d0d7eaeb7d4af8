"""nnbook.widgets without a browser: build each block, call its handlers (slider values,
button clicks, Play ticks) and check what changes: readouts, plots, histories, networks.

The browser side (that the blocks respond in JupyterLab) is tests/test_browser.py's job: every
block carries ``nnbook-main-widget`` and its controls ``nnbook-control`` for it.
"""

from __future__ import annotations

import ipywidgets
import nbformat
import numpy as np
import pytest

import nnbook
from nnbook import widgets as nw
from nnbook.training import minibatches

pytestmark = pytest.mark.usefixtures("no_pyplot_figures")  # tests/conftest.py


def _classes(widget) -> set[str]:
    return set(widget._dom_classes)


def _png(widget) -> bytes:
    data = bytes(widget.value)  # ipywidgets stores the bytes as a memoryview
    assert data.startswith(b"\x89PNG")
    return data


# --------------------------------------------------------------------------------------------
# Factories
# --------------------------------------------------------------------------------------------


def test_learning_rate_slider_is_logarithmic():
    slider = nw.learning_rate_slider(0.5, min=0.01, max=10.0)
    assert isinstance(slider, ipywidgets.FloatLogSlider)
    assert (slider.value, slider.min, slider.max, slider.base) == (0.5, -2.0, 1.0, 10)
    assert "nnbook-lr" in _classes(slider)
    with pytest.raises(ValueError, match=r"must lie in \[0.01, 10.0\]"):
        nw.learning_rate_slider(20.0, min=0.01, max=10.0)
    with pytest.raises(ValueError, match="min must be a finite number > 0"):
        nw.learning_rate_slider(1.0, min=0.0)


def test_hidden_size_slider():
    slider = nw.hidden_size_slider(30, max=100)
    assert (slider.value, slider.min, slider.max) == (30, 1, 100)
    assert "nnbook-hidden" in _classes(slider)
    with pytest.raises(ValueError, match="value must be an integer >= 1; got 0"):
        nw.hidden_size_slider(0)


# --------------------------------------------------------------------------------------------
# FunctionExplorer
# --------------------------------------------------------------------------------------------


def _neuron(z, w, b):
    return nnbook.sigmoid(w * z + b)


def _neuron_slope(z, w, b):
    return w * nnbook.sigmoid_prime(w * z + b)


def test_function_explorer_follows_its_sliders():
    explorer = nw.FunctionExplorer(_neuron, _neuron_slope, label="a")
    assert {"nnbook-function-explorer", "nnbook-main-widget"} <= _classes(explorer)
    assert "nnbook-slider-w" in _classes(explorer.sliders["w"])
    assert "nnbook-slider-z" in _classes(explorer.z_slider)
    assert "nnbook-readout" in _classes(explorer.readout)
    assert "nnbook-plot" in _classes(explorer.plot)
    assert explorer.readout.value == (
        "w = 1.00, b = 0.00; at z = 0.00: a(z) = 0.5000, slope = 0.2500"
    )
    first_plot = _png(explorer.plot)
    assert explorer.plot.layout.width == "400px"  # 5 inches at 80 dpi, not stretched

    explorer.sliders["w"].value = 2.0  # slope of sigma(2z) at 0: 2 * 0.25
    assert explorer.slope == pytest.approx(0.5, abs=1e-12)
    assert "slope = 0.5000" in explorer.readout.value
    assert _png(explorer.plot) != first_plot

    explorer.z_slider.value = 1.0  # sigma(2) = 0.880797
    assert explorer.point_value == pytest.approx(1 / (1 + np.exp(-2.0)), rel=1e-12)
    assert "at z = 1.00: a(z) = 0.8808" in explorer.readout.value


def test_function_explorer_numerical_slope_and_custom_parameters():
    explorer = nw.FunctionExplorer(
        lambda z, k: k * z**2, parameters={"k": (0.0, 4.0, 0.5, 1.0)}, at=1.5
    )
    assert explorer.slope == pytest.approx(3.0, rel=1e-6)  # d/dz z^2 = 2z at 1.5
    explorer.sliders["k"].value = 2.0
    assert explorer.slope == pytest.approx(6.0, rel=1e-6)
    assert list(explorer.sliders) == ["k"]
    with pytest.raises(ValueError, match=r"\(min, max, value\)"):
        nw.FunctionExplorer(np.tanh, parameters={"k": (1.0,)})
    with pytest.raises(ValueError, match="outside"):
        nw.FunctionExplorer(np.tanh, parameters={"k": (0.0, 1.0, 2.0)})


def test_function_explorer_reports_a_failing_function():
    def broken(z, w, b):
        raise ValueError("not written yet")

    explorer = nw.FunctionExplorer(broken)
    assert "f raised ValueError: not written yet" in explorer.readout.value


# --------------------------------------------------------------------------------------------
# TrainingStepper
# --------------------------------------------------------------------------------------------


class Quadratic:
    """Gradient descent on C(w) = w^2 / 2 from w = 2: w <- w - lr * w."""

    def __init__(self):
        self.w = 2.0
        self.learning_rates = []

    def step(self, learning_rate):
        self.learning_rates.append(learning_rate)
        self.w -= learning_rate * self.w
        return {"cost": self.w**2 / 2, "accuracy": 1.0 if abs(self.w) < 1 else 0.0}

    def reset(self):
        self.w = 2.0


def test_training_stepper_step_play_and_reset():
    model = Quadratic()
    drawn = []
    stepper = nw.TrainingStepper(
        model.step, model.reset, learning_rate=0.5, draw_fn=lambda ax: drawn.append(ax)
    )
    assert {"nnbook-training-stepper", "nnbook-main-widget"} <= _classes(stepper)
    for widget, css in [
        (stepper.play, "nnbook-play"),
        (stepper.step_button, "nnbook-step"),
        (stepper.reset_button, "nnbook-reset"),
        (stepper.learning_rate, "nnbook-lr"),
        (stepper.readout, "nnbook-readout"),
        (stepper.plot, "nnbook-plot"),
    ]:
        assert css in _classes(widget)
    assert isinstance(stepper.play, ipywidgets.Play)
    assert stepper.readout.value == "step 0"
    before = _png(stepper.plot)

    stepper.step_button.click()  # w: 2 -> 1, cost 0.5
    assert model.w == 1.0 and stepper.steps == 1
    assert stepper.readout.value == "step 1, cost 0.5, accuracy 0.0%"
    assert _png(stepper.plot) != before

    stepper.play.value = 1  # a tick from the browser: w -> 0.5
    stepper.learning_rate.value = 0.25  # changed while playing
    stepper.play.value = 2  # w -> 0.375
    assert model.learning_rates == [0.5, 0.5, 0.25]
    assert stepper.history["cost"] == pytest.approx([0.5, 0.125, 0.0703125])
    assert stepper.readout.value == "step 3, cost 0.07031, accuracy 100.0%"
    assert len(drawn) == 4  # the first draw and one per step

    stepper.play.playing = True
    stepper.reset_button.click()
    assert (model.w, stepper.steps, stepper.history) == (2.0, 0, {})
    assert (stepper.play.value, stepper.play.playing) == (0, False)
    assert model.learning_rates == [0.5, 0.5, 0.25]  # resetting the Play took no step
    assert stepper.readout.value == "step 0"


def test_training_stepper_steps_per_tick_and_backwards_ticks():
    model = Quadratic()
    stepper = nw.TrainingStepper(model.step, steps_per_tick=3)
    stepper._on_play_tick({"old": 0, "new": 1})
    assert stepper.steps == 3
    stepper._on_play_tick({"old": 5, "new": 0})  # the Play widget rewinding: no step
    assert stepper.steps == 3


def test_training_stepper_stops_when_training_fails():
    calls = []

    def diverging(learning_rate):
        calls.append(learning_rate)
        if len(calls) == 2:
            raise nnbook.TrainingDivergedError("the cost became inf")
        return {"cost": 1.0}

    stepper = nw.TrainingStepper(diverging)
    stepper.play.playing = True
    stepper.step(5)
    assert len(calls) == 2 and stepper.steps == 1
    assert stepper.play.playing is False
    assert "Training stopped: the cost became inf" in stepper.readout.value
    stepper.reset()
    assert stepper.error is None and "stopped" not in stepper.readout.value


def test_training_stepper_rejects_bad_arguments():
    with pytest.raises(TypeError, match="step_fn"):
        nw.TrainingStepper(3)
    with pytest.raises(ValueError, match="steps_per_tick"):
        nw.TrainingStepper(lambda lr: {}, steps_per_tick=0)
    stepper = nw.TrainingStepper(lambda lr: [1.0])
    stepper.step()
    assert "step_fn must return a dict" in stepper.readout.value


# --------------------------------------------------------------------------------------------
# LiveTraining
# --------------------------------------------------------------------------------------------


@pytest.fixture
def moons():
    X, labels = nnbook.moons(100, seed=1)
    return X, nnbook.one_hot(labels, 2), labels


def _network():
    return nnbook.Network([2, 6, 2], output="softmax", cost="cross_entropy", seed=3)


def test_live_training_one_epoch_per_step_matches_fit(moons):
    X, Y, labels = moons
    net = _network()
    live = nw.LiveTraining(net, X, Y, validation=(X, labels), learning_rate=0.5, batch_size=10)
    assert {"nnbook-live-training", "nnbook-training-stepper"} <= _classes(live)
    start = [w.copy() for w in net.weights]
    live.step_button.click()
    live.step_button.click()
    assert live.readout.value.startswith("epoch 2, cost ")
    assert "validation accuracy" in live.readout.value

    # The same two epochs by hand: same seed for the shuffling, same result.
    twin = _network()
    rng = np.random.default_rng(0)
    expected = twin.fit(X, Y, epochs=1, batch_size=10, learning_rate=0.5, seed=rng, progress=False)
    expected2 = twin.fit(X, Y, epochs=1, batch_size=10, learning_rate=0.5, seed=rng, progress=False)
    assert live.history["cost"] == pytest.approx([expected.costs[0], expected2.costs[0]], rel=1e-12)
    for W_live, W_twin in zip(net.weights, twin.weights, strict=True):
        np.testing.assert_allclose(W_live, W_twin, rtol=1e-12)

    weights_object = net.weights[0]
    live.reset_button.click()
    assert net.weights[0] is weights_object  # restored in place: the learner's net is the same
    for W_now, W_start in zip(net.weights, start, strict=True):
        np.testing.assert_array_equal(W_now, W_start)
    live.step_button.click()  # after a reset, training repeats exactly
    assert live.history["cost"] == pytest.approx([expected.costs[0]], rel=1e-12)


def test_live_training_in_mini_batches_with_changing_rate(moons):
    X, Y, labels = moons
    net = _network()
    live = nw.LiveTraining(net, X, Y, batches_per_step=3, batch_size=8, learning_rate=0.1)
    assert live.step_label == "step"
    live.step()
    live.learning_rate.value = 1.0
    live.play.value = 1
    assert live.steps == 2
    assert set(live.history) == {"cost", "train_accuracy"}
    assert 0.0 <= live.history["train_accuracy"][-1] <= 1.0
    assert live.readout.value.startswith("step 2, cost ")
    # The 6 batches are the first 6 of nnbook.training.minibatches' epoch (seed 0), trained
    # by Network.step; the next step continues that epoch, and the one after starts the next.
    twin = _network()
    rng = np.random.default_rng(0)
    batches = list(minibatches(100, 8, rng)) + list(minibatches(100, 8, rng))
    for k, batch in enumerate(batches[:15]):
        twin.step(X[batch], Y[batch], learning_rate=0.1 if k < 3 else 1.0, n_train=100)
    live.step(3)
    for W_live, W_twin in zip(net.weights + net.biases, twin.weights + twin.biases, strict=True):
        np.testing.assert_array_equal(W_live, W_twin)


def test_live_training_validates_its_input(moons):
    X, Y, labels = moons
    with pytest.raises(TypeError, match="needs an nnbook Network"):
        nw.LiveTraining(object(), X, Y)
    with pytest.raises(ValueError, match="one_hot"):
        nw.LiveTraining(_network(), X, labels)
    with pytest.raises(ValueError, match="batches_per_step"):
        nw.LiveTraining(_network(), X, Y, batches_per_step=0)


# --------------------------------------------------------------------------------------------
# Playground
# --------------------------------------------------------------------------------------------


def test_playground_trains_and_resets():
    playground = nw.Playground(epochs=60, n_samples=120, resolution=30)
    for widget, css in [
        (playground, "nnbook-playground"),
        (playground.dataset, "nnbook-dataset"),
        (playground.hidden, "nnbook-hidden"),
        (playground.activation, "nnbook-activation"),
        (playground.learning_rate, "nnbook-lr"),
        (playground.epochs, "nnbook-epochs"),
        (playground.train_button, "nnbook-train"),
        (playground.reset_button, "nnbook-reset"),
        (playground.readout, "nnbook-readout"),
        (playground.plot, "nnbook-plot"),
    ]:
        assert css in _classes(widget)
    assert "0 epochs trained" in playground.readout.value
    untrained = _png(playground.plot)
    playground.train_button.click()
    assert playground.epochs_trained == 60
    assert "60 epochs trained" in playground.readout.value
    assert playground.accuracy > 0.8  # moons, 8 sigmoid neurons, 60 epochs
    assert _png(playground.plot) != untrained
    playground.train()
    assert "120 epochs trained" in playground.readout.value
    playground.reset_button.click()
    assert "0 epochs trained" in playground.readout.value
    assert _png(playground.plot) == untrained  # same seed, same fresh network


def test_playground_setup_changes_rebuild_the_network():
    playground = nw.Playground(epochs=20, n_samples=90, resolution=20)
    playground.train()
    playground.hidden.value = 3
    assert playground.network.sizes == [2, 3, 2]
    assert playground.epochs_trained == 0
    playground.activation.value = "relu"
    assert playground.network.hidden == "relu"
    for name in ("circles", "spirals", "xor"):
        playground.dataset.value = name
        assert playground.readout.value.startswith(f"{name}: 90 points")
        assert playground.X.shape == (90, 2) and set(np.unique(playground.labels)) == {0, 1}
    with pytest.raises(ValueError, match="Unknown dataset="):
        nw.Playground(dataset="iris")


def test_playground_sigmoid_output_quadratic_cost_without_activation_control():
    playground = nw.Playground(
        dataset="xor",
        hidden=3,
        learning_rate=3.0,
        epochs=40,
        n_samples=80,
        resolution=20,
        output="sigmoid",
        cost="quadratic",
        init="normal",
        show_activation=False,
    )
    net = playground.network
    assert net.sizes == [2, 3, 1]
    assert (net.hidden, net.output, net.cost) == ("sigmoid", "sigmoid", "quadratic")
    assert playground.Y.shape == (80, 1)
    assert np.array_equal(playground.Y[:, 0], playground.labels)
    # the activation dropdown is neither shown nor marked as a control
    shown = [child for box in playground.children[:3] for child in box.children]
    assert playground.activation not in shown
    assert "nnbook-control" not in _classes(playground.activation)
    assert isinstance(shown[0], ipywidgets.Dropdown) and "nnbook-control" in _classes(shown[0])
    assert "nnbook-main-widget" in _classes(playground)
    assert "sigmoid output, quadratic cost" in playground.readout.value
    before = net.total_cost(playground.X, playground.Y)
    playground.train_button.click()
    assert playground.epochs_trained == 40
    assert playground.cost is not None and playground.cost < before
    playground.hidden.value = 5
    assert playground.network.sizes == [2, 5, 1] and playground.epochs_trained == 0
    with pytest.raises(ValueError, match="Unknown output="):
        nw.Playground(output="relu")


def test_playground_reports_divergence():
    playground = nw.Playground(epochs=5, n_samples=60, resolution=10, learning_rate=10.0)

    def diverge(*args, **kwargs):
        raise nnbook.TrainingDivergedError("the cost became nan: lower the learning rate")

    playground.network.fit = diverge
    playground.train()
    assert "Training stopped: the cost became nan" in playground.readout.value


# --------------------------------------------------------------------------------------------
# DigitBrowser
# --------------------------------------------------------------------------------------------


@pytest.fixture
def digits():
    rng = np.random.default_rng(2)
    X = rng.random((12, 784))
    labels = np.arange(12) % 10
    outputs = np.full((12, 10), 0.05)
    outputs[np.arange(12), labels] = 0.9
    outputs[5] = 0.0
    outputs[5, 2] = 0.7  # digit 5 (label 5) is predicted as 2
    return X, labels, outputs


def test_digit_browser_navigation(digits):
    X, labels, outputs = digits
    browser = nw.DigitBrowser(outputs, X, labels, index=4)
    for widget, css in [
        (browser, "nnbook-digit-browser"),
        (browser.index, "nnbook-index"),
        (browser.prev_button, "nnbook-prev"),
        (browser.next_button, "nnbook-next"),
        (browser.mistake_button, "nnbook-next-mistake"),
        (browser.readout, "nnbook-readout"),
        (browser.plot, "nnbook-plot"),
    ]:
        assert css in _classes(widget)
    assert browser.readout.value == ("digit 4 of 12: label 4, prediction 4 (output 0.900), ✔ right")
    image = _png(browser.plot)
    browser.next_button.click()
    assert browser.readout.value == "digit 5 of 12: label 5, prediction 2 (output 0.700), ✘ wrong"
    assert _png(browser.plot) != image
    browser.prev_button.click()
    browser.prev_button.click()
    assert browser.index.value == 3
    browser.index.value = 0
    browser.prev_button.click()  # wraps around
    assert browser.index.value == 11
    browser.mistake_button.click()  # none after 11: back to the first mistake
    assert browser.index.value == 5


def test_digit_browser_with_a_network_and_a_function(digits):
    X, labels, _ = digits
    net = nnbook.Network([784, 5, 10], output="softmax", seed=0)
    browser = nw.DigitBrowser(net, X.reshape(12, 28, 28), labels)
    expected = net.feedforward(X[:1])[0]
    assert browser.prediction == int(expected.argmax())
    assert f"(output {expected.max():.3f})" in browser.readout.value
    perfect = nw.DigitBrowser(lambda rows: np.eye(10)[[0] * len(rows)], X, np.zeros(12, int))
    perfect.mistake_button.click()
    assert perfect.readout.value == "no mistakes: every digit is predicted correctly"
    with pytest.raises(ValueError, match=r"\(n_samples, 784\)"):
        nw.DigitBrowser(net, X[:, :100].reshape(12, 10, 10)[:, :, :5], labels)
    with pytest.raises(ValueError, match="one label per example"):
        nw.DigitBrowser(net, X, labels[:3])


# --------------------------------------------------------------------------------------------
# Headless execution in a real kernel
# --------------------------------------------------------------------------------------------


HEADLESS = """\
import numpy as np
import nnbook
from nnbook import widgets as nw

X, labels = nnbook.moons(60, seed=0)
net = nnbook.Network([2, 4, 2], output="softmax", seed=0)
blocks = [
    nw.FunctionExplorer(lambda z, w, b: nnbook.sigmoid(w * z + b)),
    nw.TrainingStepper(lambda lr: {"cost": 1.0}),
    nw.LiveTraining(net, X, nnbook.one_hot(labels, 2), validation=(X, labels)),
    nw.Playground(epochs=5, n_samples=60, resolution=10),
    nw.DigitBrowser(np.eye(10), np.zeros((10, 784)), np.arange(10)),
]
blocks[1].step_button.click()
blocks[3].train_button.click()
blocks[3]
"""


def test_blocks_build_and_run_in_a_headless_kernel(tmp_path):
    from tools.execute_notebooks import run_notebook

    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(HEADLESS),
            nbformat.v4.new_code_cell("nnbook.plots.plot_cost_curve([1.0, 0.5])"),
        ]
    )
    run_notebook(notebook, tmp_path, timeout=120)
    widget_cell, figure_cell = notebook.cells
    assert [o["output_type"] for o in widget_cell.outputs] == ["execute_result"]
    assert "application/vnd.jupyter.widget-view+json" in widget_cell.outputs[0]["data"]
    # The returned Figure is shown once, as a PNG, and no pyplot figure shows it again.
    assert len(figure_cell.outputs) == 1
    assert "image/png" in figure_cell.outputs[0]["data"]
    assert "widgets" not in notebook.metadata


def test_the_package_docstring_says_which_widgets_are_not_a_vbox():
    """``nnbook.widgets``' docstring said every widget is a VBox; the drawing pad is an
    anywidget (issue 18). Each exported widget class is a VBox or is named as the exception."""
    exported = [getattr(nw, name) for name in nw.__all__]
    widget_classes = [c for c in exported if isinstance(c, type)]
    others = [c.__name__ for c in widget_classes if not issubclass(c, ipywidgets.VBox)]
    assert others == ["DrawingPad"]
    assert "except the drawing\npad, an ``anywidget.AnyWidget``" in nw.__doc__
