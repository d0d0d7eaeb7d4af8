"""Execute notebooks in place and save them with their outputs, the way the series commits them.

Usage (from the repository root)::

    python tools/execute_notebooks.py                 # every notebook in notebooks/
    python tools/execute_notebooks.py notebooks/01_sigmoid.ipynb

Each notebook runs top to bottom in a fresh kernel with ``notebooks/`` as the working directory,
exactly as nbval will run it. Saved widget state is stripped (``store_widget_state=False`` and the
``widgets`` metadata key removed), so the committed file holds outputs but no widget models.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import nbformat
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from nnbook.classroom import find_notebooks

try:
    from tools.machines import numeric_kernels
except ModuleNotFoundError:  # run as a script: tools/ itself is on sys.path
    from machines import numeric_kernels  # type: ignore[no-redef]


class _ThisInterpreter(KernelSpecManager):
    """Kernel specs that always start this Python, whatever ``python`` the PATH finds first
    (the README runs ``.venv/bin/python`` without activating the environment)."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        return KernelSpec(
            argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            display_name="Python 3 (ipykernel)",
            language="python",
        )


def kernel_manager() -> KernelManager:
    """A kernel manager whose kernel runs in this interpreter's environment."""
    return KernelManager(kernel_name="python3", kernel_spec_manager=_ThisInterpreter())


def strip_widget_state(nb: nbformat.NotebookNode) -> None:
    """Remove saved widget models from the notebook metadata (they change on every run)."""
    nb.metadata.pop("widgets", None)


def run_notebook(
    nb: nbformat.NotebookNode,
    cwd: Path | str,
    *,
    timeout: int = 600,
    manager: KernelManager | None = None,
    **client_options: Any,
) -> float:
    """Execute ``nb`` in place, top to bottom, in a fresh kernel of this interpreter whose
    working directory is ``cwd``; return the seconds it took.

    The one way the tools and tests run a notebook. The kernel is always shut down, even when
    a cell fails (nbclient only stops a kernel it started itself). ``timeout`` is per cell.
    Pass ``manager`` (from :func:`kernel_manager`) to reach the kernel while it runs, e.g. its
    process id from an ``on_cell_executed`` hook; ``client_options`` go to
    ``nbclient.NotebookClient``. No widget state is stored. A failing cell raises nbclient's
    ``CellExecutionError``.
    """
    manager = kernel_manager() if manager is None else manager
    client = NotebookClient(
        nb,
        km=manager,
        timeout=timeout,
        resources={"metadata": {"path": str(cwd)}},
        store_widget_state=False,
        **client_options,
    )
    start = time.perf_counter()
    try:
        client.execute()
    finally:
        if manager.has_kernel:
            manager.shutdown_kernel(now=True)
    return time.perf_counter() - start


def execute(path: Path, timeout: int = 600) -> float:
    """Execute ``path`` in place and save it; return the seconds it took."""
    nb = nbformat.read(path, as_version=4)
    # no per-cell timestamps: they would change every run
    seconds = run_notebook(nb, path.parent, timeout=timeout, record_timing=False)
    strip_widget_state(nb)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    # what the outputs were computed with: the test suite runs the notebooks on another kernel
    nb.metadata.setdefault("nnbook", {})["computed_with"] = numeric_kernels()
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    nbformat.write(nb, path)
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: all)")
    args = parser.parse_args(argv)
    paths = args.paths or find_notebooks()
    for path in paths:
        seconds = execute(path)
        print(f"{path.name}: executed in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
