"""The Playground's own points, without a browser: a click (as the browser sends it) adds a
point where it lands, of the chosen class; Clear removes them all; Train uses them, and says
so instead of training when the points are all of one class.

The browser side (clicking on the plot in JupyterLab) is tests/test_browser.py's job.
"""

from __future__ import annotations

import ipywidgets
import numpy as np
import pytest

from nnbook import widgets as nw
from nnbook.widgets.playground import ClickablePlot

pytestmark = pytest.mark.usefixtures("no_pyplot_figures")  # tests/conftest.py


def _playground(**options):
    return nw.Playground(**{"n_samples": 40, "epochs": 20, "resolution": 20, **options})


def _fractions(playground, x1, x2):
    """Where on the image (fractions from its top left) the data point (x1, x2) is drawn."""
    box = playground.axes.get_position()
    (x_min, y_min), (x_max, y_max) = playground.view
    fx, fy = (x1 - x_min) / (x_max - x_min), (x2 - y_min) / (y_max - y_min)
    return box.x0 + fx * box.width, 1 - (box.y0 + fy * box.height)


def test_the_plot_reports_clicks_and_carries_its_classes():
    playground = _playground()
    assert isinstance(playground.plot, ClickablePlot)
    assert bytes(playground.plot.value).startswith(b"\x89PNG")
    assert {"nnbook-plot"} <= set(playground.plot._dom_classes)
    assert "nnbook-point-class" in playground.point_class._dom_classes
    assert isinstance(playground.point_class, ipywidgets.ToggleButtons)
    assert {"nnbook-clear", "nnbook-control"} <= set(playground.clear_button._dom_classes)
    assert {"nnbook-playground", "nnbook-main-widget"} <= set(playground._dom_classes)
    assert playground.readout.value.startswith("moons: 40 points (20 of class 0, 20 of class 1);")


def test_a_click_adds_a_point_of_the_chosen_class_where_it_lands():
    playground = _playground()
    before = bytes(playground.plot.value)
    centre = playground.view.mean(axis=0)
    fx, fy = _fractions(playground, *centre)
    playground.plot.click = [fx, fy, 1]  # what the browser sends
    assert len(playground.X) == 41 and playground.labels[-1] == 0
    np.testing.assert_allclose(playground.X[-1], centre, atol=1e-9)
    assert "moons and your points: 41 points (21 of class 0, 20 of class 1)" in (
        playground.readout.value
    )
    assert bytes(playground.plot.value) != before
    playground.point_class.value = 1
    target = centre + [0.3, -0.2]
    playground.plot.click = [*_fractions(playground, *target), 2]
    np.testing.assert_allclose(playground.X[-1], target, atol=1e-9)
    assert playground.labels[-1] == 1
    assert "42 points (21 of class 0, 21 of class 1)" in playground.readout.value


def test_a_click_outside_the_axes_says_so():
    playground = _playground()
    playground.plot.click = [0.001, 0.999, 1]  # the bottom left corner, in the margin
    assert len(playground.X) == 40
    assert "Click inside the axes (the shaded area) to add a point." in playground.readout.value


def test_clear_then_one_class_only_gets_a_message_not_training():
    playground = _playground()
    playground.clear_button.click()
    assert playground.X.shape == (0, 2)
    assert playground.readout.value.startswith("your points: 0 points (0 of class 0, 0 of class 1)")
    assert bytes(playground.plot.value).startswith(b"\x89PNG")
    playground.train_button.click()
    assert "training needs points of both classes, and there are no points" in (
        playground.readout.value
    )
    for x in (-0.5, 0.0, 0.5):
        playground.add_point(x, 0.0)
    assert playground.error is None  # a new point clears the message
    playground.train_button.click()
    assert playground.epochs_trained == 0
    assert "only points of class 0. Choose class 1 and click on the plot" in (
        playground.readout.value
    )
    playground.point_class.value = 1
    playground.add_point(0.0, 1.0)
    playground.train_button.click()
    assert playground.epochs_trained == 20 and playground.error is None
    assert "4 points (3 of class 0, 1 of class 1); " in playground.readout.value


def test_training_uses_the_added_points():
    playground = _playground(epochs=200, learning_rate=1.0)
    corner = playground.view[1] - 0.1  # top right, away from the moons
    for dx in (0.0, -0.05, -0.1):
        playground.add_point(corner[0] + dx, corner[1], label=1)
    assert playground.Y.shape == (43, 2) and playground.Y[-1].tolist() == [0.0, 1.0]
    playground.train()
    assert playground.network.predict(corner[None, :])[0] == 1


def test_reset_keeps_the_points_and_a_dataset_replaces_them():
    playground = _playground()
    playground.add_point(0.0, 0.0, label=1)
    playground.train()
    playground.reset_button.click()
    assert len(playground.X) == 41 and playground.epochs_trained == 0
    playground.hidden_neurons.value = 3
    assert len(playground.X) == 41 and playground.network.sizes == [2, 3, 2]
    playground.dataset.value = "xor"
    assert len(playground.X) == 40
    assert playground.readout.value.startswith("xor: 40 points")


def test_sigmoid_output_trains_on_the_points():
    playground = _playground(output="sigmoid", cost="quadratic", init="normal")
    playground.clear()
    for x1, label in [(-1.0, 0), (-0.8, 0), (1.0, 1), (0.8, 1)]:
        playground.add_point(x1, 0.0, label=label)
    assert playground.Y.tolist() == [[0.0], [0.0], [1.0], [1.0]]
    playground.train()
    assert playground.epochs_trained == 20


def test_bad_labels_are_refused():
    playground = _playground()
    with pytest.raises(ValueError, match="label must be 0 or 1; got 2"):
        playground.add_point(0.0, 0.0, label=2)


@pytest.mark.parametrize("point", [(np.nan, 0.0), (0.0, np.inf), ("1", 0.0), (None, 1.0)])
def test_a_point_without_two_finite_coordinates_is_refused(point):
    """``add_point(nan, ...)`` used to be accepted and then broke every later Train (issue 18)."""
    playground = nw.Playground()
    before = len(playground.X)
    with pytest.raises(ValueError, match=r"A point needs two finite numbers \(x1, x2\)"):
        playground.add_point(*point)
    assert len(playground.X) == before
    playground.add_point(0.5, -1.0)
    assert len(playground.X) == before + 1
