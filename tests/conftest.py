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
