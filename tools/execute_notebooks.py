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

import nbformat
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


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


def execute(path: Path, timeout: int = 600) -> float:
    """Execute ``path`` in place; return the seconds it took."""
    nb = nbformat.read(path, as_version=4)
    manager = kernel_manager()
    client = NotebookClient(
        nb,
        km=manager,
        timeout=timeout,
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=False,
        record_timing=False,  # no per-cell timestamps: they would change every run
    )
    start = time.perf_counter()
    try:
        client.execute()
    finally:  # nbclient leaves a kernel it did not start running: stop it, and its memory
        if manager.has_kernel:
            manager.shutdown_kernel(now=True)
    seconds = time.perf_counter() - start
    strip_widget_state(nb)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
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
    paths = args.paths or sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    for path in paths:
        seconds = execute(path)
        print(f"{path.name}: executed in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
