"""nnbook.plots: each function returns a Figure with the expected axes and artists, leaves
no pyplot figure open, never calls plt.show, and keeps the global style untouched."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.text import Text

import nnbook
from nnbook import plots


@pytest.fixture(autouse=True)
def _no_pyplot(monkeypatch):
    """Fail if a plot function calls plt.show or leaves a pyplot figure open."""
    plt.close("all")
    before = dict(matplotlib.rcParams)

    def forbidden(*args, **kwargs):
        raise AssertionError("plt.show() called inside nnbook.plots")

    monkeypatch.setattr(plt, "show", forbidden)
    yield
    assert plt.get_fignums() == [], "a plot function left a pyplot figure open"
    assert dict(matplotlib.rcParams) == before, "a plot function changed the global style"


@pytest.fixture(scope="module")
def digits():
    rng = np.random.default_rng(0)
    X = rng.random((30, 784))
    labels = np.arange(30) % 10
    return X, labels


@pytest.fixture(scope="module")
def trained_moons():
    X, labels = nnbook.moons(120, seed=0)
    net = nnbook.Network([2, 8, 2], output="softmax", cost="cross_entropy", seed=0)
    history = net.fit(
        X, nnbook.one_hot(labels, 2), epochs=30, batch_size=10, learning_rate=1.0,
        validation=(X, labels), progress=False,
    )  # fmt: skip
    return net, X, labels, history


def _texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def test_plot_function_draws_f_and_its_derivative():
    figure = plots.plot_function(nnbook.sigmoid, nnbook.sigmoid_prime, title="sigmoid")
    assert isinstance(figure, Figure)
    (ax,) = figure.axes
    curves = [line for line in ax.lines if line.get_label() in ("f(z)", "f'(z)")]
    assert [c.get_label() for c in curves] == ["f(z)", "f'(z)"]
    z, y = curves[0].get_data()
    np.testing.assert_allclose(y, nnbook.sigmoid(z), rtol=0, atol=1e-15)
    z, dy = curves[1].get_data()
    assert dy.max() == pytest.approx(0.25, abs=1e-4)  # the peak of sigma' at z = 0
    assert ax.get_title() == "sigmoid"
    only_f = plots.plot_function(np.tanh, z=np.linspace(-2, 2, 5))
    assert [line.get_label() for line in only_f.axes[0].lines if line.get_label() == "f(z)"]
    with pytest.raises(ValueError, match="1-D array"):
        plots.plot_function(np.tanh, z=np.zeros((2, 2)))


def test_style_is_applied_inside_only():
    figure = plots.plot_function(np.tanh)
    assert figure.dpi == plots.STYLE["figure.dpi"]
    assert not figure.axes[0].spines["top"].get_visible()  # STYLE hides it; default shows it
    assert matplotlib.rcParams["axes.spines.top"] is True


def test_plot_history_from_history_and_dict(trained_moons):
    _, _, _, history = trained_moons
    figure = plots.plot_history(history, title="moons")
    cost_ax, accuracy_ax = figure.axes
    assert [line.get_label() for line in cost_ax.lines] == ["training"]
    assert [line.get_label() for line in accuracy_ax.lines] == ["training", "validation"]
    np.testing.assert_allclose(cost_ax.lines[0].get_ydata(), history.costs)
    np.testing.assert_allclose(cost_ax.lines[0].get_xdata(), np.arange(1, 31))
    np.testing.assert_allclose(accuracy_ax.lines[1].get_ydata(), history.validation_accuracy)
    from_dict = plots.plot_history({"cost": [3, 2, 1], "validation_cost": [3, 2.5, 2.4]})
    assert [line.get_label() for line in from_dict.axes[0].lines] == ["training", "validation"]
    assert len(from_dict.axes[1].lines) == 0
    # History.cost is becoming History.costs: both names are read, the new one first
    plural = plots.plot_history({"costs": [3, 2, 1], "cost": [9, 9, 9]})
    np.testing.assert_allclose(plural.axes[0].lines[0].get_ydata(), [3, 2, 1])
    with pytest.raises(TypeError, match="History"):
        plots.plot_history([1, 2, 3])


def test_plot_cost_curve():
    figure = plots.plot_cost_curve([4.0, 2.0, 1.0], log=True)
    (ax,) = figure.axes
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [4.0, 2.0, 1.0])
    assert ax.get_yscale() == "log"
    with pytest.raises(ValueError, match="1-D"):
        plots.plot_cost_curve([[1.0]])


def test_plot_decision_boundary_regions_follow_the_classifier():
    X = np.array([[-1.0, 0.0], [1.0, 0.0], [-1.0, 1.0], [1.0, 1.0]])
    labels = np.array([0, 1, 0, 1])

    def predict(points):  # the boundary is the line x1 = 0
        return (points[:, 0] > 0).astype(int)

    figure = plots.plot_decision_boundary(predict, X, labels, resolution=30, title="x1 > 0")
    (ax,) = figure.axes
    scatter = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(scatter) == 1
    np.testing.assert_allclose(scatter[0].get_offsets(), X)
    np.testing.assert_array_equal(scatter[0].get_array(), labels)
    assert ax.get_xlim() == pytest.approx((-1.5, 1.5))
    assert ax.get_title() == "x1 > 0"


def test_plot_decision_boundary_accepts_network_and_scores_and_an_axes(trained_moons):
    net, X, labels, _ = trained_moons
    assert isinstance(plots.plot_decision_boundary(net, X, labels, resolution=20), Figure)
    scores = plots.plot_decision_boundary(net.feedforward, X, labels, resolution=20)
    assert isinstance(scores, Figure)
    host = plots.new_figure(1, 2)[0]
    returned = plots.plot_decision_boundary(net, X, labels, ax=host.axes[1], resolution=20)
    assert returned is host
    assert len(host.axes[1].collections) >= 2 and not host.axes[0].collections


def test_plot_decision_boundary_validates_its_input():
    with pytest.raises(ValueError, match=r"X must have shape \(n_samples, 2\)"):
        plots.plot_decision_boundary(lambda P: P[:, 0] > 0, np.zeros((4, 3)), [0, 1, 0, 1])
    with pytest.raises(ValueError, match="labels must be integer class labels of shape"):
        plots.plot_decision_boundary(lambda P: P[:, 0] > 0, np.zeros((4, 2)), [0, 1])
    with pytest.raises(TypeError, match="anything with .predict"):
        plots.plot_decision_boundary(3, np.zeros((4, 2)), [0, 1, 0, 1])
    with pytest.raises(ValueError, match="prediction for"):
        plots.plot_decision_boundary(lambda P: [0, 1], np.zeros((4, 2)), [0, 1, 0, 1])


def test_plot_weights_one_image_per_unit():
    W = np.random.default_rng(1).normal(size=(784, 12))
    figure = plots.plot_weights(W, ncols=5)
    assert len(figure.axes) == 15  # 3 rows of 5; the last 3 hidden
    images = [ax.images[0] for ax in figure.axes if ax.images]
    assert len(images) == 12
    np.testing.assert_allclose(images[3].get_array(), W[:, 3].reshape(28, 28))
    low, high = images[3].get_clim()
    assert low == -high == -np.abs(W[:, 3]).max()  # 0 is the middle of the colour scale
    assert len(plots.plot_weights(np.ones((4, 3)), shape=(2, 2), n=2).axes) == 2
    with pytest.raises(ValueError, match="n_in = 28\\*28 = 784"):
        plots.plot_weights(W.T)


def test_plot_digits_titles_mark_wrong_predictions(digits):
    X, labels = digits
    predictions = labels.copy()
    predictions[3] = 5
    figure = plots.plot_digits(X, labels, predictions, n=12, ncols=6)
    assert len(figure.axes) == 12
    assert all(isinstance(ax.images[0], AxesImage) for ax in figure.axes)
    titles = [ax.title for ax in figure.axes]
    assert titles[3].get_text() == "3 → 5"
    assert titles[3].get_color() != titles[2].get_color()
    np.testing.assert_allclose(figure.axes[0].images[0].get_array(), X[0].reshape(28, 28))
    plain = plots.plot_digits(X.reshape(30, 28, 28), labels, n=3)
    assert [ax.get_title() for ax in plain.axes] == ["0", "1", "2"]
    with pytest.raises(ValueError, match=r"\(n_samples, 784\)"):
        plots.plot_digits(X[0], labels[:1])


def test_plot_confusion_matrix_counts_in_cells():
    labels = np.array([0, 0, 1, 1, 2, 2, 2])
    predictions = np.array([0, 1, 1, 1, 2, 0, 2])
    figure = plots.plot_confusion_matrix(labels, predictions)
    ax = figure.axes[0]
    counts = ax.images[0].get_array()
    np.testing.assert_array_equal(counts, [[1, 1, 0], [0, 2, 0], [1, 0, 2]])
    texts = [t for t in ax.texts if isinstance(t, Text)]
    assert [t.get_text() for t in texts] == ["1", "1", "0", "0", "2", "0", "1", "0", "2"]
    assert ax.get_title() == "confusion matrix (accuracy 71.4%)"  # 5 of 7
    assert len(figure.axes) == 2  # the matrix and its colour bar
    ten = plots.plot_confusion_matrix([0], [0], n_classes=10)
    assert ten.axes[0].images[0].get_array().shape == (10, 10)


def test_plot_confident_mistakes_most_confident_first(digits):
    X, labels = digits
    probabilities = np.full((30, 10), 0.01)
    probabilities[np.arange(30), labels] = 0.9  # all right ...
    probabilities[4] = 0.0
    probabilities[4, 7] = 0.6  # ... except 4 (60% sure of 7) and 9 (99% sure of 1)
    probabilities[9] = 0.0
    probabilities[9, 1] = 0.99
    figure = plots.plot_confident_mistakes(X, labels, probabilities, n=5, percent=True)
    shown = [ax for ax in figure.axes if ax.images]
    assert [ax.get_title() for ax in shown] == ["#9: 9 → 1\n(99%)", "#4: 4 → 7\n(60%)"]
    none = plots.plot_confident_mistakes(X, labels, np.eye(10)[labels])
    assert "no mistakes" in _texts(none.axes[0])
    with pytest.raises(ValueError, match="probabilities must have shape"):
        plots.plot_confident_mistakes(X, labels, probabilities[:3])
    with pytest.raises(TypeError, match="percent must be True, False or None"):
        plots.plot_confident_mistakes(X, labels, probabilities, percent="yes")


def test_plot_confident_mistakes_calls_only_probabilities_percentages(digits):
    # Sigmoid outputs need not add up to 1: they are labelled as outputs, not as percentages.
    X, labels = digits
    sigmoid_outputs = np.full((30, 10), 0.05)
    sigmoid_outputs[np.arange(30), (labels + 1) % 10] = 0.999  # every one wrong, and sure of it
    figure = plots.plot_confident_mistakes(X, labels, sigmoid_outputs, n=1)
    shown = [ax for ax in figure.axes if ax.images]
    assert shown[0].get_title() == f"#0: {labels[0]} → {(labels[0] + 1) % 10}\n(output 1.00)"
    assert "%" not in shown[0].get_title() and "winning output" in figure.get_suptitle()
    # Softmax outputs add up to 1: they are probabilities, labelled as percentages.
    softmax_outputs = sigmoid_outputs / sigmoid_outputs.sum(axis=1, keepdims=True)
    figure = plots.plot_confident_mistakes(X, labels, softmax_outputs, n=1)
    title = [ax for ax in figure.axes if ax.images][0].get_title()
    assert title.endswith(f"({softmax_outputs[0].max():.0%})")
    assert "probability" in figure.get_suptitle()
    # An explicit choice overrides the rule.
    figure = plots.plot_confident_mistakes(X, labels, softmax_outputs, n=1, percent=False)
    assert [ax for ax in figure.axes if ax.images][0].get_title().endswith("(output 0.69)")


def test_figures_display_as_png_without_pyplot():
    figure = plots.plot_cost_curve([1.0, 0.5])
    png = figure._repr_png_()
    assert png.startswith(b"\x89PNG")
    assert plots.figure_png(figure).startswith(b"\x89PNG")


# --------------------------------------------------------------------------------------------
# The one rule for one output neuron, and a learner's mistakes
# --------------------------------------------------------------------------------------------


def test_one_output_neuron_is_read_by_predicted_labels():
    points = np.zeros((4, 2))
    half = plots._predict_labels(lambda P: np.full((len(P), 1), 0.5), points)
    np.testing.assert_array_equal(half, [1, 1, 1, 1])  # >= 0.5 is a 1, as nnbook.predicted_labels
    np.testing.assert_array_equal(half, nnbook.predicted_labels(np.full((4, 1), 0.5)))


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: plots.plot_digits(np.zeros((3, 784)), [0, 1, 2], n=0), ValueError, "n must be"),
        (lambda: plots.plot_digits(np.zeros((3, 784)), [0, 1, 2], ncols=0), ValueError, "ncols"),
        (lambda: plots.plot_digits(np.zeros((3, 784)), [0.0, 1.5, 2.0]), TypeError, "integers"),
        (lambda: plots.plot_digits(np.zeros((3, 784)), [0, -1, 2]), ValueError, "0, 1, 2, ..."),
        (lambda: plots.plot_digits(np.zeros((0, 784)), []), ValueError, "at least one"),
        (lambda: plots.plot_weights(np.ones((784, 3)), n=0), ValueError, "n must be"),
        (lambda: plots.plot_weights(np.ones((4, 3)), shape=(2, 0)), ValueError, "shape"),
        (lambda: plots.plot_cost_curve([]), ValueError, "at least one"),
        (lambda: plots.plot_cost_curve([1.0, 0.0], log=True), ValueError, "log=True needs"),
        (lambda: plots.plot_function(np.tanh, z=[0.0, np.nan]), ValueError, "finite"),
        (lambda: plots.plot_function(lambda z: z[:2]), ValueError, "one value per point"),
        (lambda: plots.plot_function(3), TypeError, "function of z"),
        (lambda: plots.plot_history({"cost": ["a", "b"]}), ValueError, "list of numbers"),
        (lambda: plots.plot_confusion_matrix([0, 3], [0, 1], n_classes=3), ValueError,
         r"labels must lie in \[0, 2\]"),
        (lambda: plots.plot_confusion_matrix([], []), ValueError, "at least one"),
        (lambda: plots.plot_confusion_matrix([0, 1], [0.0, 1.0]), TypeError,
         "predictions must be integers"),
        (lambda: plots.plot_confident_mistakes(np.zeros((2, 784)), [0, 12], np.eye(10)[:2]),
         ValueError, r"labels must lie in \[0, 9\]"),
        (lambda: plots.plot_confident_mistakes(np.zeros((2, 784)), [0, 1], np.eye(10)[:2], n=0),
         ValueError, "n must be"),
    ],
)  # fmt: skip
def test_bad_input_gets_a_clear_error(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize(
    ("options", "labels", "predict", "error", "message"),
    [
        ({"resolution": 0}, [0, 1], None, ValueError, "resolution must be an integer >= 2"),
        ({"resolution": 1.5}, [0, 1], None, TypeError, "resolution must be an integer"),
        ({"padding": -1.0}, [0, 1], None, ValueError, "padding must be"),
        ({"padding": np.inf}, [0, 1], None, ValueError, "padding must be a finite number"),
        ({}, [0.0, 1.0], None, TypeError, "labels must be integers"),
        ({}, [0, 7], None, ValueError, "colours classes 0 to 5"),
        ({}, [0, 1], lambda P: P[:, 0] * 0.3, TypeError, "must be integer labels"),
    ],
)
def test_plot_decision_boundary_refuses(options, labels, predict, error, message):
    X = np.array([[0.0, 0.0], [1.0, 1.0]])
    predict = predict or (lambda P: (P[:, 0] > 0.5).astype(int))
    with pytest.raises(error, match=message):
        plots.plot_decision_boundary(predict, X, labels, **options)
    with pytest.raises(ValueError, match="NaN or infinite"):
        plots.plot_decision_boundary(predict, [[0.0, np.nan], [1.0, 1.0]], [0, 1])


def test_digit_images_are_drawn_by_one_function(digits):
    X, labels = digits
    figure = plots.plot_digits(X, labels, n=2)
    host = plots.new_figure()[0]
    plots.draw_digit(host.axes[0], X[0].reshape(28, 28), "0", fontsize=9)
    ours, theirs = figure.axes[0], host.axes[0]
    np.testing.assert_array_equal(ours.images[0].get_array(), theirs.images[0].get_array())
    assert ours.images[0].get_cmap().name == theirs.images[0].get_cmap().name == "gray_r"
    assert ours.get_title() == theirs.get_title() and not ours.get_xticks().size


# --------------------------------------------------------------------------------------------
# A diverged training (NaN or infinite numbers) is said in words, never drawn as a blank
# --------------------------------------------------------------------------------------------


def _diverged_network():
    net = nnbook.Network([2, 3, 2], output="softmax", cost="cross_entropy", seed=0)
    net.weights[0][0, 0] = np.nan  # what a too-large learning rate leaves behind
    return net


def test_nan_weights_are_refused_with_the_cause_and_the_fix():
    W = np.random.default_rng(0).normal(size=(4, 3))
    W[2, 1] = np.nan
    with pytest.raises(ValueError, match=r"NaN or infinite weights \(the first in unit 1\)"):
        plots.plot_weights(W, shape=(2, 2))
    W[2, 1] = np.inf
    with pytest.raises(ValueError, match="diverged.*smaller learning rate"):
        plots.plot_weights(W, shape=(2, 2))
    assert len(plots.plot_weights(W, shape=(2, 2), n=1).axes) == 1  # unit 0 alone is fine


def test_nan_outputs_are_refused_by_plot_confident_mistakes(digits):
    X, labels = digits
    outputs = np.eye(10)[(labels + 1) % 10]
    outputs[5] = np.nan
    with pytest.raises(ValueError, match=r"NaN or infinite outputs \(the first in row 5\)"):
        plots.plot_confident_mistakes(X, labels, outputs)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_a_diverged_cost_curve_says_where_and_why(bad):
    figure = plots.plot_cost_curve([3.0, 2.0, bad, bad])
    (note,) = _texts(figure.axes[0])
    assert note == (
        f"The cost curve reaches {bad} at step 3: the training diverged there. Train again "
        "with a smaller learning rate."
    )
    history = {"cost": [1.0, 0.5, bad], "train_accuracy": [0.5, 0.7, 0.1]}
    cost_ax, accuracy_ax = plots.plot_history(history).axes
    assert _texts(cost_ax) == [
        f"The training curve reaches {bad} at epoch 3: the training diverged there. Train "
        "again with a smaller learning rate."
    ]
    assert _texts(accuracy_ax) == []  # its numbers are all finite
    assert _texts(plots.plot_cost_curve([3.0, 2.0]).axes[0]) == []


def test_a_diverged_network_has_no_regions_and_the_plot_says_why():
    X = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    labels = np.array([0, 1, 1])
    net = _diverged_network()
    for classifier in (net, net.predict, net.feedforward, lambda P: np.full((len(P), 2), np.nan)):
        figure = plots.plot_decision_boundary(classifier, X, labels, resolution=10)
        (ax,) = figure.axes
        assert [t for t in _texts(ax) if "training diverged" in t], classifier
        assert not [c for c in ax.collections if not isinstance(c, PathCollection)]  # no regions
        assert len([c for c in ax.collections if isinstance(c, PathCollection)]) == 1  # the data
    healthy = nnbook.Network([2, 3, 2], output="softmax", cost="cross_entropy", seed=0)
    assert _texts(plots.plot_decision_boundary(healthy, X, labels, resolution=10).axes[0]) == []


# --------------------------------------------------------------------------------------------
# Lesson 07's preparation steps: each at its own size
# --------------------------------------------------------------------------------------------


def _preparation():
    """Lesson 07's example: an MNIST-like digit drawn three times its size on a 280 pad, then
    cropped (60 x 48), scaled to 20 pixels (20 x 16) and placed in 28 x 28."""
    from nnbook.datasets import handwriting as hw

    digit = np.zeros((28, 28))
    digit[4:24, 6:22] = np.random.default_rng(0).random((20, 16))  # ink in a 20 x 16 box
    drawing = hw.paste_into_canvas(digit, canvas=280, scale=3.0, top=170, left=30)
    cropped = hw.crop_to_ink(drawing)
    scaled = hw.resize_area(cropped, (20, 16))
    return drawing, cropped, scaled, hw.place_by_centre_of_mass(scaled)


def _height_on_screen(image) -> float:
    image.axes.figure.canvas.draw()
    return image.get_window_extent().height


def test_plot_preparation_draws_each_step_at_its_own_size():
    drawing, cropped, scaled, placed = _preparation()
    assert (cropped.shape, scaled.shape) == ((60, 48), (20, 16))
    figure = plots.plot_preparation(drawing, {"1. cropped": cropped, "2. scaled": scaled,
                                              "3. placed": placed})  # fmt: skip
    drawn_ax, cropped_ax, scaled_ax, placed_ax = figure.axes
    assert [ax.get_title() for ax in figure.axes] == [
        "drawn\n280 x 280 pixels", "1. cropped\n60 x 48 pixels", "2. scaled\n20 x 16 pixels",
        "3. placed\n28 x 28 pixels",
    ]  # fmt: skip
    # The steps share one scale: the crop is 3 times as tall as its scaled copy on the page,
    # the placed digit's field 28/20 times as tall.
    heights = [_height_on_screen(ax.images[0]) for ax in (cropped_ax, scaled_ax, placed_ax)]
    assert heights[0] / heights[1] == pytest.approx(3.0, rel=0.02)
    assert heights[2] / heights[1] == pytest.approx(28 / 20, rel=0.02)
    np.testing.assert_array_equal(scaled_ax.images[0].get_array(), scaled)  # drawn as computed
    # The drawing panel outlines its ink's box: what cropping keeps.
    (box,) = drawn_ax.patches
    rows, cols = np.flatnonzero(drawing.max(axis=1) > 0), np.flatnonzero(drawing.max(axis=0) > 0)
    assert box.get_xy() == (cols[0] - 0.5, rows[0] - 0.5)
    assert (box.get_height(), box.get_width()) == cropped.shape
    # Drawn to fill a panel each (what lesson 07 did), the two would be the same size.
    host, axes = plots.new_figure(1, 2)
    plots.draw_digit(axes[0, 0], cropped)
    plots.draw_digit(axes[0, 1], scaled)
    filled = [_height_on_screen(ax.images[0]) for ax in axes[0]]
    assert filled[0] == pytest.approx(filled[1], rel=0.02)


def test_plot_preparation_refuses_what_is_not_an_image():
    with pytest.raises(ValueError, match=r"'1. cropped' has shape \(3,\)"):
        plots.plot_preparation(np.zeros((5, 5)), {"1. cropped": np.zeros(3)})
