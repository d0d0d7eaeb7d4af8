"""A class starting a lab: N students run the same lesson at once, as on one shared server.

Each "student" is a fresh Jupyter kernel that runs a lesson top to bottom (Kernel > Restart
Kernel and Run All Cells), all N started together. The script reports each kernel's time to
finish and its peak memory (``VmHWM``), and the memory of all kernels together, sampled while
they run, then the figures a teacher sizes a server with:

- **core-seconds per student**: cores x the time until the last kernel finished / N;
- **students per GiB**: 1024 / the largest peak of one kernel (MiB);
- **students per core** who all finish "Run All" within ``--deadline`` seconds.

Usage (from the repository root; MNIST as for the lessons, ``NNBOOK_DATA_DIR``)::

    taskset -c 0 python benchmarks/bench_class.py --lesson 05 --students 1 2 4
    python benchmarks/bench_class.py --lesson 07 --students 1 4 8

``taskset`` limits every kernel to the cores it lists (they inherit it), as a Binder or a
Kubernetes CPU limit would. Every BLAS library in a kernel gets one thread
(``OPENBLAS_NUM_THREADS=1``), as many students on few cores should have. Linux only (``/proc``).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.execute_notebooks import kernel_manager, run_notebook  # noqa: E402

MIB = 1024 * 1024


def status_kib(pid: int, field: str) -> int:
    """A ``kB`` field (``VmHWM``, ``VmRSS``) of ``/proc/<pid>/status``; 0 once it has exited."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


class Student:
    """One kernel running the lesson: its pid, time to finish and peak memory."""

    def __init__(self, notebook: Path) -> None:
        self.nb = nbformat.read(notebook, as_version=4)
        self.cwd = notebook.parent
        self.manager = kernel_manager()
        self.pid = 0
        self.seconds = 0.0
        self.peak_mib = 0.0

    def run(self, start: threading.Event) -> None:
        def after_cell(**_: object) -> None:
            self.pid = self.manager.provisioner.process.pid
            self.peak_mib = max(self.peak_mib, status_kib(self.pid, "VmHWM") / 1024)

        start.wait()
        began = time.perf_counter()
        run_notebook(
            self.nb, self.cwd, timeout=1800, manager=self.manager, on_cell_executed=after_cell
        )
        self.seconds = time.perf_counter() - began


def class_of(notebook: Path, n: int) -> dict[str, float]:
    """Run ``n`` kernels on ``notebook`` at once; return the class's figures."""
    students = [Student(notebook) for _ in range(n)]
    start = threading.Event()
    together_kib = 0
    with ThreadPoolExecutor(max_workers=n) as pool:
        futures = [pool.submit(s.run, start) for s in students]
        began = time.perf_counter()
        start.set()
        while not all(f.done() for f in futures):
            together_kib = max(together_kib, sum(status_kib(s.pid, "VmRSS") for s in students))
            time.sleep(0.2)  # a sampling interval, not a wait for a condition
        for future in futures:
            future.result()  # a failing cell stops the benchmark
        wall = time.perf_counter() - began
    return {
        "wall": wall,
        "fastest": min(s.seconds for s in students),
        "slowest": max(s.seconds for s in students),
        "peak_one": max(s.peak_mib for s in students),
        "peak_all": together_kib / 1024,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lesson", default="05", help="the lesson's number, e.g. 05")
    parser.add_argument("--students", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--language", default="", help="e.g. zh_CN for notebooks/zh_CN/")
    parser.add_argument(
        "--deadline", type=float, default=120.0, help="seconds a student may wait for Run All"
    )
    args = parser.parse_args(argv)
    folder = ROOT / "notebooks" / args.language
    matches = sorted(folder.glob(f"{args.lesson}_*.ipynb"))
    if len(matches) != 1:
        parser.error(f"no single notebook {args.lesson}_*.ipynb in {folder}")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    cores = len(os.sched_getaffinity(0))
    print(f"{matches[0].name} on {cores} core(s), one BLAS thread per kernel")
    print(
        f"{'students':>8} {'fastest s':>10} {'slowest s':>10} {'core-s/student':>15} "
        f"{'peak MiB/kernel':>16} {'peak MiB all':>13}"
    )
    rows = []
    for n in args.students:
        row = class_of(matches[0], n)
        rows.append((n, row))
        print(
            f"{n:>8} {row['fastest']:>10.1f} {row['slowest']:>10.1f} "
            f"{cores * row['wall'] / n:>15.1f} {row['peak_one']:>16.0f} {row['peak_all']:>13.0f}"
        )
    n, busiest = rows[-1]
    per_student = cores * busiest["wall"] / n
    print(
        f"\nsizing from the busiest run ({n} students): {per_student:.1f} core-seconds per "
        f"student; {1024 / busiest['peak_one']:.1f} students per GiB; "
        f"{args.deadline / per_student:.1f} students per core finish Run All within "
        f"{args.deadline:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
