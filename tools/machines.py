"""Which numeric kernels a notebook ran on, and the settings that make a run look like another
processor's.

A trained network's digits depend on the order in which the BLAS library adds up a matrix
product, and that order depends on the processor: OpenBLAS (numpy's wheels on Linux, Windows
and Intel macOS) picks a kernel for the CPU it finds, Apple silicon's numpy uses Accelerate,
and numpy's own vectorised ``exp`` and ``log`` pick an instruction set (AVX2, AVX-512, ...).
``tools/execute_notebooks.py`` records what the saved outputs were computed with
(:func:`numeric_kernels`); the test suite runs every notebook kernel under *another* processor's
settings (:func:`other_processor`), so an output whose digits depend on the machine fails here
instead of on a learner's laptop.

Two environment variables do it, both read when numpy is imported in a new process:

- ``OPENBLAS_CORETYPE`` forces OpenBLAS's kernel (numpy's wheels are built with DYNAMIC_ARCH,
  so all of them are there; only older kernels than the CPU's own are chosen, so they run);
- ``NPY_DISABLE_CPU_FEATURES`` turns off numpy's AVX-512 code paths, as on a CPU without them.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

#: OpenBLAS kernels to run as "another processor", newest first, with the CPU features each
#: needs (numpy's names): any x86-64 CPU of the last fifteen years runs one of them.
X86_KERNELS = {
    "Haswell": ("AVX2", "FMA3"),
    "Sandybridge": ("AVX",),
    "Nehalem": ("SSE42",),
}
#: The generic ARMv8 kernel runs on every 64-bit ARM CPU.
ARM_KERNELS = {"ARMV8": ()}


def _cpu_features() -> tuple[dict[str, bool], list[str]]:
    """numpy's view of this CPU: which features it has, and the extensions numpy's own loops
    can dispatch to (in increasing order)."""
    try:
        from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
    except ImportError:  # numpy 1.x
        from numpy.core._multiarray_umath import __cpu_dispatch__, __cpu_features__
    return dict(__cpu_features__), list(__cpu_dispatch__)


def numeric_kernels() -> dict[str, object]:
    """What numpy computes with in this process: the BLAS library and its kernel (as
    ``threadpoolctl`` reports them), the BLAS threads, and the widest SIMD extension numpy's
    own loops dispatch to."""
    import numpy  # noqa: F401  (threadpoolctl lists the libraries loaded so far)
    from threadpoolctl import threadpool_info

    blas = next((info for info in threadpool_info() if info.get("user_api") == "blas"), {})
    features, dispatch = _cpu_features()
    dispatched = [f for f in dispatch if features.get(f)]
    return {
        "blas": blas.get("internal_api", "unknown"),
        "blas_kernel": blas.get("architecture", "unknown"),
        "blas_threads": blas.get("num_threads", 0),
        "numpy_simd": dispatched[-1] if dispatched else "baseline",
    }


def other_processor(saved: Mapping[str, object] | None, environ: Mapping[str, str]) -> dict:
    """Environment variables that make new processes compute like a different processor from
    the one ``saved`` (a :func:`numeric_kernels` record) describes, on this CPU.

    Variables already in ``environ`` are never changed (a machine may set
    ``OPENBLAS_CORETYPE`` because its CPU needs it, and a developer may choose both on purpose).
    The BLAS kernel is the newest in :data:`X86_KERNELS` (or :data:`ARM_KERNELS`) that this CPU
    runs and that differs from the saved one; numpy's AVX-512 loops are turned off where this
    CPU has them. Returns ``{}`` where numpy does not use OpenBLAS (e.g. Accelerate): a run
    there is already another machine's.
    """
    saved = saved or {}
    here = numeric_kernels()
    if here["blas"] != "openblas":
        return {}
    change: dict[str, str] = {}
    features, dispatch = _cpu_features()
    if "OPENBLAS_CORETYPE" not in environ:
        arm = platform.machine().lower() in ("arm64", "aarch64")
        candidates = ARM_KERNELS if arm else X86_KERNELS
        for kernel, needs in candidates.items():
            if kernel.lower() != str(saved.get("blas_kernel", "")).lower() and all(
                features.get(f) for f in needs
            ):
                change["OPENBLAS_CORETYPE"] = kernel
                break
    if "NPY_DISABLE_CPU_FEATURES" not in environ:
        avx512 = [f for f in dispatch if f.startswith(("AVX512", "X86_V4")) and features.get(f)]
        if avx512:
            change["NPY_DISABLE_CPU_FEATURES"] = " ".join(avx512)
    return change


def numeric_kernels_of_a_new_process() -> dict[str, object]:
    """:func:`numeric_kernels` as a new Python process with this environment sees them: what a
    notebook kernel started now computes with."""
    code = "import json, tools.machines as m; print(json.dumps(m.numeric_kernels()))"
    probe = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(probe.stdout)


def describe(kernels: Mapping[str, object]) -> str:
    """One line for a log: ``openblas SkylakeX, 2 thread(s), numpy SIMD up to AVX512_SPR``."""
    return (
        f"{kernels.get('blas')} {kernels.get('blas_kernel')}, {kernels.get('blas_threads')} "
        f"thread(s), numpy SIMD up to {kernels.get('numpy_simd')}"
    )


if __name__ == "__main__":  # python tools/machines.py: what this environment computes with
    print(describe(numeric_kernels()))
    print("another processor:", other_processor(None, os.environ))
