"""The notebooks are compared on another processor than the one that saved them.

``tools/execute_notebooks.py`` records the numeric kernels a notebook's outputs were computed
with; the root ``conftest.py`` sets the environment so that every notebook kernel the test run
starts computes with a different OpenBLAS kernel (``tools/machines.py``). These tests check the
choice, that the kernels really get it, and that every rule that masks machine-dependent digits
says what it covers.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from tools.machines import (
    X86_KERNELS,
    numeric_kernels,
    numeric_kernels_of_a_new_process,
    other_processor,
)

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
openblas = pytest.mark.skipif(
    numeric_kernels()["blas"] != "openblas", reason="numpy here does not use OpenBLAS"
)


def _recorded(path: Path) -> dict:
    return json.loads(path.read_text())["metadata"].get("nnbook", {}).get("computed_with", {})


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_each_notebook_records_what_computed_its_outputs(path):
    recorded = _recorded(path)
    assert {"blas", "blas_kernel", "blas_threads", "numpy_simd"} <= set(recorded), (
        f"{path.name}: no record of the kernels its outputs came from; re-execute it with "
        f"python tools/execute_notebooks.py notebooks/{path.name}"
    )


@openblas
def test_another_kernel_than_the_saved_one_is_chosen():
    here = numeric_kernels()["blas_kernel"]
    for saved in (here, *X86_KERNELS):
        chosen = other_processor({"blas_kernel": saved}, environ={})
        assert chosen["OPENBLAS_CORETYPE"].lower() != str(saved).lower(), saved


@openblas
def test_what_the_environment_sets_is_kept():
    environ = {"OPENBLAS_CORETYPE": "Sandybridge", "NPY_DISABLE_CPU_FEATURES": ""}
    assert other_processor({"blas_kernel": "Sandybridge"}, environ) == {}


@openblas
def test_notebook_kernels_of_this_run_compute_on_another_processor():
    """What a kernel started by this test run computes with (it inherits this environment)."""
    saved = _recorded(NOTEBOOKS[0])
    here = numeric_kernels_of_a_new_process()
    if os.environ.get("OPENBLAS_CORETYPE", "").lower() == str(saved["blas_kernel"]).lower():
        pytest.skip("OPENBLAS_CORETYPE is set to the saved kernel by whoever runs the tests")
    assert here["blas_kernel"].lower() != str(saved["blas_kernel"]).lower(), (here, saved)


def test_every_sanitizer_rule_says_what_it_covers_and_why():
    text = (ROOT / "tests" / "nbval_sanitize.cfg").read_text()
    rules = re.findall(r"^\[(.+)\]\nregex: (.+)\nreplace: (.*)$", text, flags=re.MULTILINE)
    assert len(rules) == text.count("\nregex: ") + text.startswith("regex: "), (
        "every regex must come right after a [name] line that says what it covers"
    )
    for name, regex, _ in rules:
        re.compile(regex)
        assert len(name.split()) >= 2, f"[{name}]: name the outputs the rule covers"
