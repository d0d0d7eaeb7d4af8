"""Root pytest configuration.

- **Another processor for every notebook.** The saved outputs were computed on one machine
  (``tools/execute_notebooks.py`` records its BLAS kernel in each notebook's metadata). Before
  any kernel starts, the environment is set so that every notebook this run executes (nbval,
  the solutions run, the browser test) computes as a *different* processor would: another
  OpenBLAS kernel, numpy without its AVX-512 loops, one BLAS thread (``tools/machines.py``). An
  output whose digits depend on the machine then fails here, not on a learner's laptop. What a
  developer sets in the environment is kept.
- A closing summary of every notebook nbval executed, so a CI log shows, notebook by notebook,
  that each one ran and how long it took, and what it ran on.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
_notebooks: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
_machine: dict[str, object] = {}


def _saved_kernels() -> dict[str, object]:
    """The numeric kernels the committed notebooks were executed with (the first recorded)."""
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        recorded = json.loads(path.read_text()).get("metadata", {}).get("nnbook", {})
        if "computed_with" in recorded:
            return recorded["computed_with"]
    return {}


def pytest_configure(config: pytest.Config) -> None:
    if hasattr(config, "workerinput"):  # an xdist worker inherits the controller's environment
        return
    from tools.machines import numeric_kernels_of_a_new_process, other_processor

    saved = _saved_kernels()
    change = other_processor(saved, os.environ)
    # One BLAS thread per kernel: the test run executes notebooks in parallel (one per core),
    # and a Binder has one core; OpenBLAS threads that outnumber the cores spin and slow down.
    if "OPENBLAS_NUM_THREADS" not in os.environ:
        change["OPENBLAS_NUM_THREADS"] = "1"
    # A translated edition's kernels raise on a message with no translation, instead of saying
    # it in English (nnbook.messages: strict mode); English is the source and never affected.
    if "NNBOOK_STRICT_TRANSLATIONS" not in os.environ:
        change["NNBOOK_STRICT_TRANSLATIONS"] = "1"
    os.environ.update(change)
    _machine.update(saved=saved, set=change, here=numeric_kernels_of_a_new_process())


#: Files whose tests run longest (each a minute or more on 2 cores), started first so that the
#: xdist workers finish together; a file's tests stay in their order (``--dist loadfile``).
LONGEST_FIRST = (
    "tests/test_browser.py",
    "tests/test_notebook_solutions.py",
    "notebooks/06_better_network.ipynb",
    "notebooks/zh_CN/06_better_network.ipynb",
    "tests/test_classroom.py",
    "tests/test_hub.py",
    "notebooks/05_mnist.ipynb",
    "notebooks/zh_CN/05_mnist.ipynb",
    "notebooks/07_your_handwriting.ipynb",
    "notebooks/zh_CN/07_your_handwriting.ipynb",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return LONGEST_FIRST.index(path) if path in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # stable: the order within a file is kept


def pytest_report_header(config: pytest.Config) -> list[str]:
    if not _machine:
        return []
    from tools.machines import describe

    lines = [f"notebooks saved with: {describe(_machine['saved']) if _machine['saved'] else '?'}"]
    if "here" in _machine:
        lines.append(f"notebook kernels here: {describe(_machine['here'])}")
    lines.append(f"set for them: {_machine['set'] or 'nothing (kept as the environment has it)'}")
    return lines


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    path = report.nodeid.split("::", 1)[0]
    if not path.endswith(".ipynb") or report.when != "call":
        return
    cells = _notebooks[path]
    cells[report.outcome] += 1
    cells["seconds"] += report.duration


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _notebooks:
        return
    terminalreporter.section("notebooks executed by nbval")
    for path, cells in sorted(_notebooks.items()):
        counts = ", ".join(
            f"{int(cells[k])} {k}" for k in ("passed", "failed", "skipped") if cells.get(k)
        )
        terminalreporter.write_line(f"{path:<45} {counts:<28} {cells['seconds']:6.1f} s")
    total = sum(cells["seconds"] for cells in _notebooks.values())
    terminalreporter.write_line(f"{len(_notebooks)} notebooks, {total:.1f} s of cell execution")
    for line in pytest_report_header(terminalreporter.config):
        terminalreporter.write_line(line)
