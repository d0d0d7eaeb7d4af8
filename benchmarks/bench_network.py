"""Benchmark nnbook.Network on MNIST against hand-written loops (not a test).

What it measures, for the network [784, 30, 10], sigmoid, quadratic cost, learning rate 3.0,
at batch sizes 10 and 128, in float64 and float32, all in one run:

- ``fit``: ``Network.fit`` (no validation, no progress bar), wall-clock seconds per epoch,
  including its one-off input checks.
- ``per-sample``: the blog posts' way (Nielsen's ``network.py``): column vectors, backprop one
  example at a time, sum the gradients of a mini-batch, then update. Same math. Timed on
  the first ``--loop-samples`` examples of an epoch and scaled to the full epoch.
- ``bare``: a vectorized mini-batch loop written plainly in this file: shuffle, fancy-index
  each batch, forward, backward, update; no cost, no accuracy, no checks, and the naive
  sigmoid ``1 / (1 + exp(-z))``.
- ``GEMM``: only the five matrix products of each batch (two forward, three backward) on
  consecutive slices of X; nothing else. The floor for any implementation of this math.

Every timing is the best of ``--repeats`` rounds (the methods alternate within a round, so
that a busy machine hurts them alike). Then the peak RSS of a full MNIST training run
(load + one epoch of ``fit`` with validation), measured in a fresh process per dtype.

``--accuracy`` trains 30 epochs at batch 10 (float64) and reports the test accuracy;
Nielsen's book reports 95.42% for this network.

Usage::

    python benchmarks/bench_network.py [--data-dir DIR] [--quick] [--accuracy]

MNIST is read with ``nnbook.load_mnist`` from ``--data-dir``, else ``$NNBOOK_DATA_DIR``
(never downloaded here).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable

import numpy as np

import nnbook

SIZES = [784, 30, 10]
LEARNING_RATE = 3.0


def load(
    data_dir: str | None, dtype: type
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    from nnbook import load_mnist

    (X, y), (X_test, y_test) = load_mnist(data_dir, download=False, dtype=dtype, progress=False)
    return X, y, X_test, y_test


# ---------------------------------------------------------------------------- baselines


def naive_sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def bare_epoch(net: nnbook.Network, X, Y, batch_size: int, rng: np.random.Generator) -> None:
    """One epoch of plain vectorized mini-batch SGD on net's parameters (same math as fit)."""
    (W1, W2), (b1, b2) = net.weights, net.biases
    order = rng.permutation(len(X))
    for first in range(0, len(X), batch_size):
        batch = order[first : first + batch_size]
        x, y = X[batch], Y[batch]
        a1 = naive_sigmoid(x @ W1 + b1)
        a2 = naive_sigmoid(a1 @ W2 + b2)
        d2 = (a2 - y) * a2 * (1 - a2) / len(batch)
        d1 = (d2 @ W2.T) * a1 * (1 - a1)
        W2 -= LEARNING_RATE * (a1.T @ d2)
        b2 -= LEARNING_RATE * d2.sum(axis=0)
        W1 -= LEARNING_RATE * (x.T @ d1)
        b1 -= LEARNING_RATE * d1.sum(axis=0)


def gemm_epoch(net: nnbook.Network, X, batch_size: int) -> None:
    """Only the five matrix products per batch that any implementation must do."""
    (W1, W2) = net.weights
    d2 = np.ones((batch_size, SIZES[2]), dtype=X.dtype)
    for first in range(0, len(X), batch_size):
        x = X[first : first + batch_size]
        a1 = x @ W1
        a1 @ W2
        d = d2[: len(x)]
        a1.T @ d
        d1 = d @ W2.T
        x.T @ d1


def per_sample_seconds(net: nnbook.Network, X, Y, batch_size: int, n_samples: int) -> float:
    """Seconds for n_samples examples trained one at a time, the blog posts' way."""
    # Column-vector layout as in the blog posts: w is (n_out, n_in), b is (n_out, 1).
    ws = [W.T.copy() for W in net.weights]
    bs = [b.reshape(-1, 1).copy() for b in net.biases]
    order = np.random.default_rng(0).permutation(len(X))[:n_samples]
    start = time.perf_counter()
    for first in range(0, n_samples, batch_size):
        nabla_w = [np.zeros_like(w) for w in ws]
        nabla_b = [np.zeros_like(b) for b in bs]
        batch = order[first : first + batch_size]
        for i in batch:
            x, y = X[i].reshape(-1, 1), Y[i].reshape(-1, 1)
            activation, activations, zs = x, [x], []
            for w, b in zip(ws, bs, strict=True):
                z = w @ activation + b
                zs.append(z)
                activation = naive_sigmoid(z)
                activations.append(activation)
            s = naive_sigmoid(zs[-1])
            delta = (activations[-1] - y) * s * (1 - s)
            nabla_b[-1] += delta
            nabla_w[-1] += delta @ activations[-2].T
            for layer in range(2, len(ws) + 1):
                s = naive_sigmoid(zs[-layer])
                delta = (ws[-layer + 1].T @ delta) * s * (1 - s)
                nabla_b[-layer] += delta
                nabla_w[-layer] += delta @ activations[-layer - 1].T
        step = LEARNING_RATE / len(batch)
        for w, nw, b, nb in zip(ws, nabla_w, bs, nabla_b, strict=True):
            w -= step * nw
            b -= step * nb
    return time.perf_counter() - start


# ---------------------------------------------------------------------------- measurement


def best_of(repeats: int, functions: dict[str, Callable[[], float]]) -> dict[str, float]:
    best = dict.fromkeys(functions, float("inf"))
    for _ in range(repeats):
        for name, function in functions.items():
            best[name] = min(best[name], function())
    return best


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def measure(X, Y, dtype: type, batch_size: int, args: argparse.Namespace) -> dict[str, float]:
    n, epochs = len(X), args.epochs
    net = nnbook.Network(SIZES, dtype=dtype, seed=0)
    rng = np.random.default_rng(0)

    def fit() -> float:
        return timed(
            lambda: net.fit(
                X, Y, epochs=epochs, batch_size=batch_size, learning_rate=LEARNING_RATE,
                progress=False,
            )
        ) / epochs  # fmt: skip

    def bare() -> float:
        # the overflow of exp(-z) cannot happen here, but the naive formula could warn
        with np.errstate(over="ignore"):
            return timed(lambda: [bare_epoch(net, X, Y, batch_size, rng) for _ in range(epochs)])

    def gemm() -> float:
        return timed(lambda: [gemm_epoch(net, X, batch_size) for _ in range(epochs)]) / epochs

    result = best_of(args.repeats, {"fit": fit, "bare": bare, "gemm": gemm})
    result["bare"] /= epochs
    loop_n = min(args.loop_samples, n)
    with np.errstate(over="ignore"):
        loop = min(per_sample_seconds(net, X, Y, batch_size, loop_n) for _ in range(args.repeats))
    result["per_sample"] = loop * n / loop_n
    return result


def peak_rss_child(data_dir: str | None, dtype_name: str) -> None:
    dtype = np.dtype(dtype_name).type
    X, y, X_test, y_test = load(data_dir, dtype)
    net = nnbook.Network(SIZES, dtype=dtype, seed=0)
    net.fit(X, nnbook.one_hot(y, 10, dtype=dtype), epochs=1, batch_size=10,
            learning_rate=LEARNING_RATE, validation=(X_test, y_test), progress=False)  # fmt: skip
    print(peak_rss_kib())


def peak_rss_kib() -> int:
    """Peak resident memory of this process, in KiB.

    On Linux, /proc/self/status's VmHWM: unlike getrusage's ru_maxrss, it starts afresh at
    exec, so a child process does not inherit its parent's peak.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def peak_rss_mib(data_dir: str | None, dtype_name: str) -> float:
    command = [sys.executable, __file__, "--rss-child", dtype_name]
    if data_dir:
        command += ["--data-dir", data_dir]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return int(output.split()[-1]) / 1024


def accuracy_run(data_dir: str | None, epochs: int, seeds: list[int]) -> None:
    X, y, X_test, y_test = load(data_dir, np.float64)
    Y = nnbook.one_hot(y, 10)
    print(f"\nAccuracy: {nnbook.Network(SIZES)}, batch 10, learning rate {LEARNING_RATE}, "
          f"{epochs} epochs on the 60000 training images; test accuracy on the 10000 test "
          "images after each epoch")  # fmt: skip
    finals = []
    for seed in seeds:
        net = nnbook.Network(SIZES, seed=seed)
        history = net.fit(X, Y, epochs=epochs, batch_size=10, learning_rate=LEARNING_RATE,
                          validation=(X_test, y_test), progress=False)  # fmt: skip
        accuracy = history.validation_accuracy
        finals.append(accuracy[-1])
        every_fifth = " ".join(f"{a:.2%}" for a in accuracy[4::5])
        print(f"  seed {seed}: final {accuracy[-1]:.2%}, peak {max(accuracy):.2%} "
              f"(epoch {int(np.argmax(accuracy))}); every 5th epoch: {every_fifth}; "
              f"{sum(history.seconds):.1f} s")  # fmt: skip
    print(f"mean final test accuracy over {len(seeds)} seed(s): {np.mean(finals):.2%} "
          "(Nielsen's book: 95.42% at its peak epoch)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", default=os.environ.get("NNBOOK_DATA_DIR"))
    parser.add_argument("--epochs", type=int, default=2, help="epochs per timed fit (default 2)")
    parser.add_argument("--repeats", type=int, default=3, help="rounds; best kept (default 3)")
    parser.add_argument("--loop-samples", type=int, default=5000,
                        help="examples timed for the per-sample loop (default 5000)")  # fmt: skip
    parser.add_argument("--quick", action="store_true",
                        help="1 epoch, 2 rounds, 2000 loop examples, no RSS runs")  # fmt: skip
    parser.add_argument("--accuracy", action="store_true", help="also train 30 epochs")
    parser.add_argument("--accuracy-only", action="store_true", help="only the accuracy run")
    parser.add_argument("--accuracy-epochs", type=int, default=30)
    parser.add_argument("--accuracy-seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--rss-child", metavar="DTYPE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rss_child:
        peak_rss_child(args.data_dir, args.rss_child)
        return
    if args.accuracy_only:
        accuracy_run(args.data_dir, args.accuracy_epochs, args.accuracy_seeds)
        return
    if args.quick:
        args.epochs, args.repeats, args.loop_samples = 1, 2, 2000

    print(f"numpy {np.__version__}, Python {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}, "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '(unset)')}, "
          f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    print(f"Network {SIZES}, sigmoid, quadratic cost, learning rate {LEARNING_RATE}; "
          f"seconds per epoch of 60000 examples, best of {args.repeats} rounds, "
          f"{args.epochs} epoch(s) per timing")  # fmt: skip
    print(f"per-sample: timed on {args.loop_samples} examples and scaled to 60000\n")
    header = (f"{'dtype':8} {'batch':>5} {'fit':>8} {'bare':>8} {'GEMM':>8} {'per-sample':>10}"
              f" | {'fit/GEMM':>8} {'fit/bare':>8} {'loop/fit':>8}")  # fmt: skip
    print(header)
    print("-" * len(header))
    for dtype in (np.float64, np.float32):
        X, y, _, _ = load(args.data_dir, dtype)
        Y = nnbook.one_hot(y, 10, dtype=dtype)
        for batch_size in (10, 128):
            r = measure(X, Y, dtype, batch_size, args)
            print(f"{np.dtype(dtype).name:8} {batch_size:5d} {r['fit']:8.3f} {r['bare']:8.3f} "
                  f"{r['gemm']:8.3f} {r['per_sample']:10.2f} | {r['fit'] / r['gemm']:7.2f}x "
                  f"{r['fit'] / r['bare']:7.2f}x {r['per_sample'] / r['fit']:7.1f}x",
                  flush=True)  # fmt: skip
        del X, Y
    print("\ntargets: fit/bare <= 1.2x at batch 10 and 128; batch 10 loop/fit >= 6x")
    print(f"peak RSS of this benchmark process: {peak_rss_kib() / 1024:.0f} MiB")
    if not args.quick:
        for name in ("float64", "float32"):
            print(f"peak RSS, load MNIST + 1 epoch fit (batch 10, validation), {name}: "
                  f"{peak_rss_mib(args.data_dir, name):.0f} MiB")  # fmt: skip
    if args.accuracy:
        accuracy_run(args.data_dir, args.accuracy_epochs, args.accuracy_seeds)


if __name__ == "__main__":
    main()
