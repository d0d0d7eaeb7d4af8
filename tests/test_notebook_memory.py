"""Every lesson fits on a Binder: each notebook's kernel peaks under 512 MiB of memory.

mybinder.org gives a session about 1-2 GB, shared by JupyterLab, the kernel and the browser's
share of the server; the lessons promise to stay under 512 MiB. Each notebook runs top to bottom
in a fresh kernel (the same kernel manager as ``tools/execute_notebooks.py``: this environment's
Python, cwd ``notebooks/``), and after its last cell, before the kernel shuts down, the test
reads the kernel process's peak resident set size, ``VmHWM`` in ``/proc/<pid>/status`` (Linux
only; skipped elsewhere). The measurement is printed (``pytest -s`` shows it) and in the
assertion message. Not a timing test: only memory is asserted.

``NNBOOK_DATA_DIR`` is passed on to the kernel (the ``mnist_environment`` fixture of
``conftest.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest

from nnbook.classroom import find_notebooks

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = find_notebooks(ROOT / "notebooks")
BUDGET_MIB = 512
TIMEOUT_S = 600  # per cell


def peak_rss_mib(pid: int) -> float:
    """The peak resident set size (``VmHWM``) of process ``pid`` so far, in MiB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            value, unit = line.split()[1:3]
            assert unit == "kB", line
            return int(value) / 1024
    raise RuntimeError(f"no VmHWM line in /proc/{pid}/status")


def run_and_measure(path: Path) -> float:
    """Execute the notebook at ``path`` in a fresh kernel; return the kernel's peak RSS in MiB,
    read after the last cell and before the kernel shuts down. Cell errors raise."""
    from tools.execute_notebooks import kernel_manager, run_notebook

    notebook = nbformat.read(path, as_version=4)
    manager = kernel_manager()
    peaks: list[float] = []

    def after_cell(**_: object) -> None:  # nbclient's on_cell_executed hook, kernel still up
        peaks.append(peak_rss_mib(manager.provisioner.process.pid))

    run_notebook(
        notebook, path.parent, timeout=TIMEOUT_S, manager=manager, on_cell_executed=after_cell
    )
    assert peaks, f"{path.name}: no cell was executed"
    return peaks[-1]  # VmHWM never decreases: the last reading is the notebook's peak


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads VmHWM from /proc/<pid>/status (Linux)"
)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_kernel_peak_memory_fits_a_binder(path, mnist_environment):
    peak = run_and_measure(path)
    print(f"{path.name}: kernel peak RSS {peak:.0f} MiB (budget {BUDGET_MIB} MiB)")
    assert peak < BUDGET_MIB, (
        f"{path.name}: the kernel's peak RSS was {peak:.0f} MiB, over the {BUDGET_MIB} MiB a "
        "lesson may use on a Binder. Look for full copies of MNIST (float64 is 8 bytes a "
        "pixel: 60,000 x 784 is 359 MiB); load it as float32 or work on slices."
    )
