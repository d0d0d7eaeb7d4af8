"""Root pytest configuration: a closing summary of every notebook nbval executed.

The summary makes a CI log show, notebook by notebook, that each one ran and how long it took.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

_notebooks: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))


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
