"""nnbook.widgets and a learner's mistakes: bad arguments are refused with a message that says
what was expected and what came; errors while the widget runs land in its readout, never in
the browser; and the defects fixed when widgets.py became a package stay fixed."""

from __future__ import annotations

import math

import numpy as np
import pytest

import nnbook
from nnbook import plots
from nnbook import widgets as nw
from nnbook.activations import hidden_activations
from nnbook.widgets import digit_browser, function_explorer, training_stepper

pytestmark = pytest.mark.usefixtures("no_pyplot_figures")  # tests/conftest.py


@pytest.fixture
def moons():
    X, labels = nnbook.moons(60, seed=1)
    return X, nnbook.one_hot(labels, 2), labels


def _network(**options):
    options = {"output": "softmax", "cost": "cross_entropy", "seed": 3, **options}
    return nnbook.Network([2, 4, 2], **options)


def _small_playground(**options):
    return nw.Playground(**{"epochs": 5, "n_samples": 40, "resolution": 10, **options})


# --------------------------------------------------------------------------------------------
# The package: the same names, shared drawing in one place
# --------------------------------------------------------------------------------------------


def test_package_exports_every_widget_class_of_its_modules():
    """Every widget class defined in nnbook/widgets/<module>.py is exported from
    nnbook.widgets (one module per widget), and every export is defined in such a module."""
    import importlib
    import inspect
    import pkgutil

    import anywidget
    import ipywidgets

    defined = set()
    for info in pkgutil.iter_modules(nw.__path__):
        module = importlib.import_module(f"nnbook.widgets.{info.name}")
        for name, obj in vars(module).items():
            is_widget = inspect.isclass(obj) and issubclass(
                obj, (ipywidgets.VBox, anywidget.AnyWidget)
            )
            if is_widget and obj.__module__ == module.__name__ and not name.startswith("_"):
                defined.add(name)
    assert defined - {"Block", "ClickablePlot"} <= set(nw.__all__)  # bases and parts aside
    assert {"DigitBrowser", "DrawingPad", "NetworkDiagram", "Playground"} <= defined
    for name in nw.__all__:
        assert getattr(nw, name).__module__.startswith("nnbook.widgets.")


def test_widgets_draw_with_the_plots_functions():
    # One function each: a curve, a digit, a function looks the same in a widget and a figure.
    assert training_stepper.draw_curves is plots.draw_curves
    assert digit_browser.draw_digit is plots.draw_digit
    assert function_explorer.draw_function is plots.draw_function


def test_stepper_curves_match_plot_history():
    history = {"cost": [3.0, 2.0, 1.0], "train_accuracy": [0.5, 0.7, 0.9]}
    figure = plots.plot_history(history)
    stepper = nw.TrainingStepper(lambda lr: {})
    stepper.history = {key: list(values) for key, values in history.items()}
    drawn = {}

    def keep(draw):
        drawn["figure"] = draw()

    stepper.show_plot = keep
    stepper.redraw()
    for ours, theirs in zip(drawn["figure"].axes, figure.axes, strict=True):
        assert ours.get_title() == theirs.get_title()
        np.testing.assert_array_equal(ours.lines[0].get_ydata(), theirs.lines[0].get_ydata())
        assert ours.lines[0].get_color() == theirs.lines[0].get_color()


# --------------------------------------------------------------------------------------------
# Defects fixed on the way
# --------------------------------------------------------------------------------------------


def test_live_training_one_output_neuron_in_mini_batches(moons):
    # Its labels used to be bool, which Network.accuracy refuses: it stopped on step 1.
    X, _, labels = moons
    net = nnbook.Network([2, 4, 1], seed=0)
    Y = labels[:, None].astype(float)
    live = nw.LiveTraining(net, X, Y, batches_per_step=2, validation=(X, labels))
    live.step(2)
    assert live.error is None, live.error
    assert live.steps == 2
    assert 0.0 <= live.history["train_accuracy"][-1] <= 1.0
    assert "validation accuracy" in live.readout.value


def test_playground_offers_every_hidden_activation_from_the_registry():
    playground = _small_playground()
    assert list(playground.activation.options) == list(hidden_activations())


def test_playground_menu_offers_a_newly_registered_activation_and_trains_with_it(
    registered_tanh,
):
    """Registered after the package was imported, tanh is in the menu, and choosing it
    trains a tanh network: the Playground has no list of its own."""
    playground = _small_playground()
    assert registered_tanh in playground.activation.options
    playground.activation.value = registered_tanh
    playground.train()
    assert playground.network.hidden == registered_tanh
    assert playground.epochs_trained == 5 and "5 epochs trained" in playground.readout.value
    assert _small_playground(activation=registered_tanh).network.hidden == registered_tanh


def test_playground_readout_uses_singular_for_one():
    playground = _small_playground(hidden_neurons=1, epochs=1)
    assert "hidden layer of 1 sigmoid neuron;" in playground.readout.value
    playground.train()
    assert "1 epoch trained" in playground.readout.value
    playground.hidden_neurons.value = 2
    assert "hidden layer of 2 sigmoid neurons;" in playground.readout.value
    assert "0 epochs trained" in playground.readout.value


def test_learner_visible_text_has_no_internal_vocabulary():
    import inspect

    for module in (nw, plots, training_stepper, digit_browser, function_explorer):
        text = inspect.getsource(module)
        assert "seed 000" not in text and "the seeds" not in text


# --------------------------------------------------------------------------------------------
# Constructors refuse bad values (never clipped to the slider's range)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"z_range": (1.0, 1.0)}, ValueError, "the high end must be a finite number > 1.0"),
        ({"z_range": (0.0, math.inf)}, ValueError, "finite"),
        ({"at": 9.0}, ValueError, r"at = 9.0 is outside z_range \[-6.0, 6.0\]"),
        ({"parameters": {"w": (0.0, 1.0, 0.0, 0.5)}}, ValueError, "step must be > 0"),
        ({"parameters": {"w": (1.0, 0.0, 0.5)}}, ValueError, "the high end must be a finite"),
        ({"parameters": {"w": (0.0, 1.0, "a")}}, TypeError, "step and value must be numbers"),
    ],
)
def test_function_explorer_refuses(options, error, message):
    with pytest.raises(error, match=message):
        nw.FunctionExplorer(lambda z, w=1.0, b=0.0: w * z + b, **options)


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"learning_rate": 50.0}, ValueError, r"must lie in \[0.001, 10.0\]"),
        ({"lr_range": (0.0, 1.0)}, ValueError, "min must be a finite number > 0"),
        ({"interval": 0}, ValueError, "interval"),
        ({"steps_per_tick": 1.5}, TypeError, "steps_per_tick must be an integer"),
        ({"max_steps": 0}, ValueError, "max_steps must be an integer >= 1"),
        ({"draw_fn": "bars"}, TypeError, "draw_fn must be a function"),
    ],
)
def test_training_stepper_refuses(options, error, message):
    with pytest.raises(error, match=message):
        nw.TrainingStepper(lambda lr: {}, **options)


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"batch_size": 0}, ValueError, "batch_size must be an integer >= 1"),
        ({"momentum": 1.0}, ValueError, "momentum must be a finite number >= 0.0 and < 1.0"),
        ({"l2": -1.0}, ValueError, "l2 must be"),
        ({"seed": "zero"}, TypeError, "seed must be"),
        ({"learning_rate": 0.0}, ValueError, "must lie in"),
        ({"validation": ([[0.0, 0.0]], [0.5])}, TypeError, "labels_val must be integers"),
        ({"validation": ([[0.0, 0.0]], [2])}, ValueError, r"labels_val must lie in \[0, 1\]"),
    ],
)
def test_live_training_refuses(moons, options, error, message):
    X, Y, _ = moons
    with pytest.raises(error, match=message):
        nw.LiveTraining(_network(), X, Y, **options)


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"epochs": 0}, ValueError, "epochs must be an integer >= 1"),
        ({"batch_size": 0}, ValueError, "batch_size must be an integer >= 1"),
        ({"resolution": 0}, ValueError, "resolution must be an integer >= 2"),
        ({"n_samples": 2}, ValueError, "n_samples must be an integer >= 4"),
        ({"hidden_neurons": 0}, ValueError, "hidden_neurons must be an integer >= 1; got 0"),
        ({"learning_rate": 20.0}, ValueError, r"must lie in \[0.001, 10.0\]"),
        ({"activation": "no_such_activation"}, ValueError, "Unknown activation='no_such_"),
        ({"cost": "hinge"}, ValueError, "Unknown cost='hinge'"),
        ({"seed": 1.5}, TypeError, "seed must be an integer"),
    ],
)
def test_playground_refuses(options, error, message):
    with pytest.raises(error, match=message):
        _small_playground(**options)


def test_digit_browser_refuses():
    X, labels, outputs = np.zeros((5, 784)), np.arange(5), np.eye(10)[:5]
    with pytest.raises(ValueError, match="index must be a digit's number, 0 to 4; got 5"):
        nw.DigitBrowser(outputs, X, labels, index=5)
    with pytest.raises(TypeError, match="labels must be integers"):
        nw.DigitBrowser(outputs, X, labels.astype(float) + 0.5)
    with pytest.raises(ValueError, match=r"labels must lie in \[0, 9\]"):
        nw.DigitBrowser(outputs, X, [0, 1, 2, 3, 10])
    with pytest.raises(ValueError, match=r"\(n_samples, 784\)"):
        nw.DigitBrowser(outputs, np.zeros(784), labels)
    net = nnbook.Network([784, 3, 10], seed=0)
    with pytest.raises(ValueError, match=r"network's input layer: \(n_samples, 784\)"):
        nw.DigitBrowser(net, np.zeros((5, 100)), labels)


# --------------------------------------------------------------------------------------------
# Handlers never raise into the browser: the readout says what happened
# --------------------------------------------------------------------------------------------


def test_stepper_handlers_report_in_the_readout():
    def broken_reset():
        raise RuntimeError("reset_fn is not written yet")

    stepper = nw.TrainingStepper(lambda lr: {"cost": 1.0}, broken_reset)
    stepper.play.playing = True
    stepper._on_reset_click()  # as the Reset button does; must not raise
    assert "Training stopped: RuntimeError: reset_fn is not written yet" in stepper.readout.value
    assert stepper.play.playing is False


def test_stepper_play_tick_stops_on_divergence():
    def diverging(learning_rate):
        raise nnbook.TrainingDivergedError("The cost became nan: try a smaller learning rate")

    stepper = nw.TrainingStepper(diverging)
    stepper.play.playing = True
    stepper._on_play_tick({"old": 0, "new": 1})
    assert stepper.play.playing is False
    assert stepper.readout.value.endswith(
        "Training stopped: The cost became nan: try a smaller learning rate</span>"
    )


def test_stepper_reports_a_failing_draw_fn():
    def draw(ax):
        raise KeyError("weights")

    stepper = nw.TrainingStepper(lambda lr: {"cost": 1.0}, draw_fn=draw)
    assert "Drawing failed: KeyError" in stepper.readout.value
    stepper.step_button.click()
    assert stepper.steps == 1


def test_live_training_reports_divergence(moons):
    X, Y, _ = moons
    net = _network()
    live = nw.LiveTraining(net, X, Y, batches_per_step=1)

    def diverge(*args, **kwargs):
        raise nnbook.TrainingDivergedError("The cost became inf with learning_rate=10")

    net.step = diverge
    live.play.playing = True
    live._on_play_tick({"old": 0, "new": 1})
    assert "Training stopped: The cost became inf with learning_rate=10" in live.readout.value
    assert live.play.playing is False and live.steps == 0


def test_playground_handlers_report_in_the_readout(monkeypatch):
    playground = _small_playground()

    def broken(*args, **kwargs):
        raise RuntimeError("no network")

    monkeypatch.setattr(playground, "redraw", broken)
    playground.dataset.value = "xor"  # the observer runs reset(), which fails
    playground._on_train_click()
    assert "Training stopped: RuntimeError: no network" in playground.readout.value


def test_digit_browser_handlers_report_in_the_readout():
    X, labels = np.zeros((4, 784)), np.arange(4)

    def outputs(rows):
        if rows.shape[0] == 1 and outputs.broken:
            raise ValueError("the network is not trained")
        return np.eye(10)[: len(rows)]

    outputs.broken = False
    browser = nw.DigitBrowser(outputs, X, labels)
    outputs.broken = True
    browser.next_button.click()  # must not raise
    assert "Could not show the digit: ValueError: the network is not trained" in (
        browser.readout.value
    )
    outputs.broken = False
    browser.next_button.click()
    assert "Could not" not in browser.readout.value


# --------------------------------------------------------------------------------------------
# LiveTraining says when the ReLUs have died
# --------------------------------------------------------------------------------------------


def test_live_training_says_when_every_relu_died(moons):
    X, Y, _ = moons
    net = _network(hidden="relu")
    net.biases[0][...] = -100.0  # every hidden z < 0 for these inputs: every ReLU outputs 0
    live = nw.LiveTraining(net, X, Y, batches_per_step=1)
    live.play.playing = True
    live._on_play_tick({"old": 0, "new": 1})
    assert live.play.playing is False
    assert "every ReLU of hidden layer 1 outputs 0" in live.readout.value
    assert "Press Reset" in live.readout.value


def test_live_training_warns_when_the_cost_is_stuck_at_ln_classes(moons):
    X, Y, _ = moons
    live = nw.LiveTraining(_network(hidden="relu"), X, Y, batches_per_step=1)
    live.history = {"cost": [math.log(2)] * 3}
    assert "stayed at ln 2 ≈ 0.693" in live.readout_text()
    assert "Reset helps" in live.readout_text()
    live.history = {"cost": [0.9, math.log(2), math.log(2)]}
    assert "stayed" not in live.readout_text()


def test_live_training_alive_relus_train_on(moons):
    X, Y, _ = moons
    live = nw.LiveTraining(_network(hidden="relu", init="he"), X, Y, batches_per_step=2)
    live.step(3)
    assert live.error is None and live.steps == 3


# --------------------------------------------------------------------------------------------
# Issue 18: a stopped widget stays stopped; Clear resets the readout; NaN is never computed with
# --------------------------------------------------------------------------------------------


def test_live_training_step_count_stays_where_training_stopped(moons):
    """The count used to rise on every Step after "Training stopped" (the dead ReLUs)."""
    X, Y, _ = moons
    net = _network(hidden="relu")
    net.biases[0][...] = -100.0  # every ReLU dead
    live = nw.LiveTraining(net, X, Y, batches_per_step=1)
    live.step_button.click()
    assert live.steps == 1 and "Training stopped: every ReLU" in live.readout.value
    weights = [W.copy() for W in net.weights]
    live.step_button.click()
    live._on_play_tick({"old": 1, "new": 2})
    assert live.steps == 1 and live.readout_text().startswith("step 1")
    for W, W_then in zip(net.weights, weights, strict=True):
        np.testing.assert_array_equal(W, W_then)  # nothing trained after the stop
    assert "Training stopped: every ReLU" in live.readout.value
    live.reset_button.click()  # Reset: training can start again
    assert live.steps == 0 and live.error is None and not live.halted


def test_training_stepper_does_not_step_after_it_stopped():
    calls = []

    def failing(learning_rate):
        calls.append(learning_rate)
        raise nnbook.TrainingDivergedError("the cost became inf")

    stepper = nw.TrainingStepper(failing)
    stepper.step_button.click()
    stepper.step_button.click()
    assert len(calls) == 1 and stepper.steps == 0
    assert "Training stopped: the cost became inf" in stepper.readout.value


def test_a_nan_metric_stops_training_and_says_so():
    stepper = nw.TrainingStepper(lambda lr: {"cost": math.nan})
    stepper.step(3)
    assert stepper.steps == 1 and stepper.halted
    assert "cost became nan: the network" in stepper.readout.value
    assert "numbers are NaN or infinite, training diverged" in stepper.readout.value


def test_playground_clear_resets_the_readout():
    """Clear used to keep the last cost (and the epochs) of the points it removed."""
    playground = _small_playground()
    playground.train()
    assert ", cost " in playground.readout.value
    playground.clear_button.click()
    assert playground.readout.value == (
        "your points: 0 points (0 of class 0, 0 of class 1); hidden layer of 8 sigmoid "
        "neurons; softmax output, cross-entropy cost; 0 epochs trained"
    )
    assert playground.latest_cost is None and playground.epochs_trained == 0


def test_a_slider_set_to_nan_is_refused_with_a_message():
    explorer = nw.FunctionExplorer(lambda z, w, b: nnbook.sigmoid(w * z + b), label="σ")
    before = explorer.point_value
    explorer.sliders["w"].value = math.nan  # as code, or a browser, could set it
    assert "The slider w is set to nan, not a number: move it to a number." in (
        explorer.readout.value
    )
    assert explorer.point_value == before
    explorer.sliders["w"].value = 1.0
    assert explorer.error is None and "slope" in explorer.readout.value

    calls = []
    stepper = nw.TrainingStepper(lambda lr: calls.append(lr) or {"cost": 1.0})
    stepper.learning_rate.value = math.nan
    stepper.step_button.click()
    assert calls == [] and stepper.steps == 0
    assert "the learning rate η is nan, not a number" in stepper.readout.value
    stepper.learning_rate.value = 0.1
    stepper.step_button.click()  # a number again: training goes on
    assert calls == [0.1] and stepper.error is None

    playground = _small_playground()
    weights = [W.copy() for W in playground.network.weights]
    playground.learning_rate.value = math.nan
    playground.train_button.click()
    assert playground.epochs_trained == 0
    assert "the learning rate η is nan, not a number" in playground.readout.value
    for W, W_then in zip(playground.network.weights, weights, strict=True):
        np.testing.assert_array_equal(W, W_then)
    playground.learning_rate.value = 1.0
    playground.train_button.click()  # a number again: it trains, and the message is gone
    assert playground.epochs_trained == 5 and playground.error is None
    assert "not a number" not in playground.readout.value


def test_widgets_say_when_the_networks_numbers_are_nan():
    playground = _small_playground()
    playground.network.weights[0][0, 0] = math.nan
    playground.redraw()
    assert "the network's weights are NaN or infinite: training diverged" in (
        playground.readout.value
    )
    assert "training accuracy" not in playground.readout.value

    # outputs computed elsewhere (a learner's function, or saved ones) may be NaN: a Network's
    # own feedforward refuses NaN weights with a message already
    outputs = np.full((3, 10), 0.1)
    outputs[1] = math.nan
    browser = nw.DigitBrowser(outputs, np.random.default_rng(0).random((3, 784)), [0, 1, 2])
    assert browser.prediction == 0
    browser.next_button.click()
    assert browser.prediction is None
    assert "the network's outputs are NaN or infinite" in browser.readout.value
    assert "prediction" not in browser.readout.value.split(";")[0]

    small = nnbook.Network([2, 2, 1], seed=0)
    diagram = nw.NetworkDiagram(small, [[0.0, 1.0]], [[1.0]])
    small.biases[0][0] = math.inf  # trained elsewhere until it diverged, then Reset:
    diagram.reset_button.click()
    assert diagram.stages == [] and diagram.drawing.value == ""
    assert "weights are NaN or infinite: its training diverged" in diagram.readout.value
