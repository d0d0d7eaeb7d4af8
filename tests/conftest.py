"""Fixtures shared by the tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Where a checkout keeps MNIST beside the repository, used when ``NNBOOK_DATA_DIR`` is unset.
SHARED_MNIST = ROOT.parent / "shared" / "data" / "mnist"


@pytest.fixture
def mnist_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """``NNBOOK_DATA_DIR`` for the kernels and processes a test starts: as it is if set (and
    not empty), else ``../shared/data/mnist`` next to the repository if that folder exists,
    else left unset (the lessons then download MNIST)."""
    if not os.environ.get("NNBOOK_DATA_DIR") and SHARED_MNIST.is_dir():
        monkeypatch.setenv("NNBOOK_DATA_DIR", str(SHARED_MNIST))


@pytest.fixture
def no_pyplot_figures():
    """Fail a test that leaves a pyplot figure open: a widget or plot must close what it draws
    (an open pyplot figure would also show a second time in a notebook)."""
    import matplotlib.pyplot as plt

    plt.close("all")
    yield
    assert plt.get_fignums() == [], "a widget left a pyplot figure open"


@pytest.fixture
def registered_tanh():
    """tanh registered as a new activation, for hidden and output layers, by the one public
    call a contributor would make; removed afterwards. Yields its name, ``"tanh"``, or
    ``"test_tanh"`` once the package has a tanh of its own."""
    import numpy as np

    from nnbook.activations import ACTIVATIONS, Activation, register_activation

    name = "test_tanh" if "tanh" in ACTIVATIONS else "tanh"
    # tanh'(z) = 1 - tanh(z)^2 = 1 - a^2, written from the output A as the others are
    register_activation(Activation(name, np.tanh, lambda A: 1.0 - A * A))
    try:
        yield name
    finally:
        del ACTIVATIONS[name]


@pytest.fixture
def registered_cost():
    """A new cost, log-cosh, registered by the one public call a contributor would make, for
    every output activation (written from the outputs A); removed afterwards. Yields its name.

    Per example :math:`\\sum_j \\ln\\cosh(a_j - y_j)`, whose derivative is :math:`\\tanh(a - y)`;
    the batch's cost is the mean over its examples."""
    import numpy as np

    from nnbook.costs import COSTS, Cost, CostFormula, register_cost

    def log_cosh(A, Y):
        D = A - Y
        return float(np.sum(np.logaddexp(D, -D) - np.log(2.0))) / len(D)  # ln cosh, stably

    def log_cosh_gradient(A, Y):
        return np.tanh(A - Y) / len(A)

    name = "test_log_cosh"
    register_cost(Cost(name, CostFormula(log_cosh, log_cosh_gradient)))
    try:
        yield name
    finally:
        del COSTS[name]


@pytest.fixture
def registered_initialization():
    """A new initialization registered by the one public call a contributor would make:
    weights with standard deviation 1/2 whatever the layer, biases at 0; removed afterwards.
    Yields its name."""
    from nnbook.initializations import INITIALIZATIONS, Initialization, register_initialization

    name = "test_half"
    register_initialization(Initialization(name, lambda n_in: 0.5, zero_biases=True))
    try:
        yield name
    finally:
        del INITIALIZATIONS[name]
