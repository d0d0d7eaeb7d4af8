"""Checking a learner's backward pass, ``f(weights, biases, X, Y) -> (dW, db)``.

Lessons 03 (two layers) and 04 (any number of layers) both ask for this function. Both are
checked the same way, by :func:`check_gradient_function`: the learner's gradients are compared
with :meth:`nnbook.network.Network.backprop` on a few small random networks, and the common
mistakes get a message of their own:

- a gradient of the wrong shape: transposed, or ``db`` not summed over the examples;
- every gradient ``n`` times too big: the output error was not divided by ``n``, the batch size;
- every gradient with the wrong sign: ``Y - A`` instead of ``A - Y``;
- only some gradients wrong: the lesson says which step to look at (``explain_wrong``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from nnbook.exercises._core import NotAttempted, Outcome, describe
from nnbook.network import Network

#: One network to try: ``(weights, biases, X, Y)`` in the row layout, ``Z = A_prev @ W + b``.
GradientCase = tuple[Sequence[NDArray], Sequence[NDArray], NDArray, NDArray]

# Both the learner's gradients and Network.backprop's are exact float64 formulas, so they
# should agree to rounding error.
_RTOL, _ATOL = 1e-7, 1e-12


def _close(got: NDArray, expected: NDArray) -> bool:
    return np.allclose(got, expected, rtol=_RTOL, atol=_ATOL)


def network_gradients(
    weights: Sequence[NDArray], biases: Sequence[NDArray], X: NDArray, Y: NDArray
) -> tuple[list[NDArray], list[NDArray]]:
    """The reference: ``Network.backprop`` on a sigmoid network holding these parameters."""
    sizes = [weights[0].shape[0], *[W.shape[1] for W in weights]]
    net = Network(sizes)
    net.weights = [np.array(W, dtype=np.float64) for W in weights]
    net.biases = [np.array(b, dtype=np.float64) for b in biases]
    return net.backprop(X, Y)


def check_gradient_function(
    answer: Any,
    *,
    name: str,
    cases: Iterable[GradientCase],
    db_shape_hint: str,
    too_big_hint: str,
    wrong_sign_hint: str,
    explain_wrong: Callable[[str, list[str], int], str],
    success: str,
) -> Outcome:
    """Compare the learner's ``answer(weights, biases, X, Y) -> (dW, db)`` with backprop.

    For each case the learner's function is called on copies of the parameters and data (so
    it cannot change what the reference sees), and must return ``(dW, db)``: two lists with
    one array per layer, ``dW[k]`` shaped like ``weights[k]`` and ``db[k]`` like ``biases[k]``.
    The first case that fails gives the message; a function that raises
    ``NotImplementedError`` or returns ``...`` has not been attempted yet.

    Parameters
    ----------
    answer : object
        What the learner defined; it should be a function.
    name : str
        Its name in the notebook, e.g. ``"my_backprop"``.
    cases : iterable of (weights, biases, X, Y)
        The networks and batches to try. Include a batch of one example (``n = 1``) and some
        with several, where dividing by ``n`` matters.
    db_shape_hint : str
        Added after a ``db[k]`` that came back 2-D: how to sum over the examples.
    too_big_hint : str
        Added after "every gradient is n times too big": what to divide by ``n``.
    wrong_sign_hint : str
        Added after "every gradient has the wrong sign": what the output error is.
    explain_wrong : callable
        ``explain_wrong(call, wrong_names, n_layers) -> message`` when some gradients are
        wrong and no mistake above explains it. ``wrong_names`` lists them, dW first, in layer
        order: ``["dW[0]", "db[0]"]``; the output layer's are ``dW[n_layers - 1]`` and
        ``db[n_layers - 1]``. ``call`` describes the case, for the start of the message.
    success : str
        The message when every case matches.

    Returns
    -------
    (bool, str)
        Whether every case matches, and the message for the learner.
    """
    if not callable(answer):
        return False, (
            f"`{name}` should be a function (`def {name}(weights, biases, X, Y):`); "
            f"it is {describe(answer)}."
        )
    for weights, biases, X, Y in cases:
        sizes = [weights[0].shape[0], *[W.shape[1] for W in weights]]
        n, L = len(X), len(weights)
        call = f"{name}(...) for sizes {sizes} and n = {n} examples"
        copies = [[W.copy() for W in weights], [b.copy() for b in biases], X.copy(), Y.copy()]
        try:
            result = answer(*copies)
        except NotImplementedError as error:
            raise NotAttempted() from error
        except Exception as error:
            return False, f"{call} raised {type(error).__name__}: {error}"
        if result is Ellipsis:
            raise NotAttempted()

        # The structure: a pair of lists with one array per layer.
        if not (isinstance(result, (tuple, list)) and len(result) == 2):
            return False, f"{call} returned {describe(result)}; return the pair `(dW, db)`."
        dW, db = result
        if not all(isinstance(g, (tuple, list)) and len(g) == L for g in (dW, db)):
            return False, (
                f"{call}: dW and db should be lists with one array per layer ({L} here)."
            )

        # The shapes: each gradient is shaped like the parameter it belongs to.
        expected_dW, expected_db = network_gradients(weights, biases, X, Y)
        names = [f"dW[{k}]" for k in range(L)] + [f"db[{k}]" for k in range(L)]
        got = [np.asarray(g, dtype=float) for g in [*dW, *db]]
        expected = [*expected_dW, *expected_db]
        for param, g, e in zip(names, got, expected, strict=True):
            if g.shape != e.shape:
                extra = " (transposed?)" if g.shape == e.shape[::-1] else ""
                if param.startswith("db") and g.ndim == 2:
                    extra = f": {db_shape_hint}"
                return False, f"{call}: {param} has shape {g.shape}, expected {e.shape}{extra}."

        # The values, then the mistakes that change every gradient the same way.
        wrong = [p for p, g, e in zip(names, got, expected, strict=True) if not _close(g, e)]
        if not wrong:
            continue
        pairs = list(zip(got, expected, strict=True))
        if n > 1 and all(_close(g, n * e) for g, e in pairs):
            return False, f"{call}: every gradient is n = {n} times too big: {too_big_hint}"
        if all(_close(g, -e) for g, e in pairs):
            return False, f"{call}: every gradient has the wrong sign: {wrong_sign_hint}"
        return False, explain_wrong(call, wrong, L)
    return True, success
