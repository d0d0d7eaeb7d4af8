"""Exercises whose answer is a backward pass, ``f(weights, biases, X, Y) -> (dW, db)``.

Lessons 03 (two layers) and 04 (any number of layers) both ask for this function; both are
made by :func:`gradient_exercise`. The learner's gradients are compared with
:meth:`nnbook.network.Network.backprop` on a few small random networks. A wrong shape gets its
own message (transposed, or ``db`` not summed over the examples), the near misses of every
numeric answer are recognised (:func:`~nnbook.exercises._compare.near_miss`: the sign, ``n``
times too big), and an output layer that is right before wrong hidden layers points at BP2.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from nnbook.exercises._compare import form_problem, mismatch, near_miss
from nnbook.exercises._describe import describe
from nnbook.exercises._registry import Exercise, F, Outcome, custom_exercise
from nnbook.network import Network

#: One network to try: ``(weights, biases, X, Y)`` in the row layout, ``Z = A_prev @ W + b``.
GradientCase = tuple[list[NDArray], list[NDArray], NDArray, NDArray]

# Both the learner's gradients and Network.backprop's are exact float64 formulas, so they
# should agree to rounding error.
_RTOL, _ATOL = 1e-7, 1e-12


def random_cases(seed: int, shapes: Sequence[tuple[int, Sequence[int]]]) -> list[GradientCase]:
    """One random case per ``(n, sizes)``: weights, biases and ``X`` normal, ``Y`` uniform."""
    rng = np.random.default_rng(seed)
    cases = []
    for n, sizes in shapes:
        weights = [rng.normal(size=(a, b)) for a, b in zip(sizes[:-1], sizes[1:], strict=True)]
        biases = [rng.normal(size=b) for b in sizes[1:]]
        cases.append(
            (weights, biases, rng.normal(size=(n, sizes[0])), rng.uniform(size=(n, sizes[-1])))
        )
    return cases


def network_gradients(
    weights: Sequence[NDArray], biases: Sequence[NDArray], X: NDArray, Y: NDArray
) -> list[NDArray]:
    """The reference, ``[*dW, *db]`` from ``Network.backprop`` with these parameters."""
    net = Network([weights[0].shape[0], *[W.shape[1] for W in weights]])
    net.weights = [np.array(W, dtype=np.float64) for W in weights]
    net.biases = [np.array(b, dtype=np.float64) for b in biases]
    dW, db = net.backprop(X, Y)
    return [*dW, *db]


def gradient_exercise(
    id: str,
    title: str,
    *,
    hints: Sequence[str],
    cases: Sequence[GradientCase],
    db_shape_hint: str,
    bp2_hint: str,
    wrong_answers: Sequence[tuple[Any, str]] = (),
) -> Callable[[F], F]:
    """Decorator: an exercise whose answer, like the solution, returns ``(dW, db)``.

    The answer must return two lists with one array per layer, ``dW[k]`` shaped like
    ``weights[k]`` and ``db[k]`` like ``biases[k]``; it is called on copies of each case.

    Parameters
    ----------
    cases : sequence of (weights, biases, X, Y)
        The networks and batches to try; include a batch of one example and some with several,
        where dividing by ``n`` matters.
    db_shape_hint : str
        Added after a ``db[k]`` that came back 2-D: how to sum over the examples.
    bp2_hint : str
        Added when the output layer's gradients are right and some others are not: how the
        error is carried back a layer (BP2).
    """

    def checker(answer: Any, exercise: Exercise) -> Outcome:
        name = exercise.answer_name
        if not callable(answer):
            return False, (
                f"`{name}` should be a function (`def {name}(weights, biases, X, Y):`); "
                f"it is {describe(answer)}."
            )
        pairs, first_wrong = [], None
        for case in cases:
            weights, _, X, _ = case
            L = len(weights)
            call = f"{name}(...) for sizes {[len(weights[0]), *[len(b) for b in case[1]]]}"
            call += f" and n = {len(X)} examples"
            try:
                result = answer(*copy.deepcopy(case))
            except Exception as error:
                return False, f"{call} raised {type(error).__name__}: {error}"
            if not (isinstance(result, (tuple, list)) and len(result) == 2):
                return False, f"{call} returned {describe(result)}; return the pair `(dW, db)`."
            if not all(isinstance(g, (tuple, list)) and len(g) == L for g in result):
                return False, f"{call}: dW and db should be lists with one array per layer ({L})."
            names = [f"dW[{k}]" for k in range(L)] + [f"db[{k}]" for k in range(L)]
            got, expected = [*result[0], *result[1]], network_gradients(*case)
            for param, g, e in zip(names, got, expected, strict=True):
                problem = form_problem(g, e)
                if problem is not None:
                    extra = f": {db_shape_hint}" if param[:2] == "db" and np.ndim(g) == 2 else ""
                    return False, f"{call}: {param} {problem.replace('gave', 'is', 1)}{extra}."
            wrong = [
                p for p, g, e in zip(names, got, expected, strict=True)
                if mismatch(g, e, _RTOL, _ATOL) is not None
            ]  # fmt: skip
            pairs += [(g, e, len(X)) for g, e in zip(got, expected, strict=True)]
            first_wrong = first_wrong or (wrong and (call, wrong, L))
        if not first_wrong:
            return True, f"`{name}` matches `Network.backprop` on all {len(cases)} networks."
        near = near_miss(pairs, _RTOL, _ATOL)
        call, wrong, L = first_wrong
        if near is None and f"dW[{L - 1}]" not in wrong and f"db[{L - 1}]" not in wrong:
            near = f"the output layer is right but {', '.join(wrong)} are not: {bp2_hint}"
        return False, f"{call}: {near or ', '.join(wrong) + ' differ from Network.backprop.'}"

    return custom_exercise(
        id, title, checker=checker, hints=hints, kind="function", wrong_answers=wrong_answers
    )


def scaled(solution: Callable[..., Any], factor: Callable[[NDArray], Any]) -> Callable[..., Any]:
    """A wrong answer for the tests: every gradient of ``solution`` times ``factor(X)``."""

    def wrong(weights: Any, biases: Any, X: NDArray, Y: NDArray) -> Any:
        dW, db = solution(weights, biases, X, Y)
        return [g * factor(X) for g in dW], [g * factor(X) for g in db]

    return wrong


def hidden_layers_off(*case: Any, solution: Callable[..., Any]) -> Any:
    """A wrong answer for the tests: the output layer's gradients right, the others tripled."""
    dW, db = solution(*case)
    return [3 * g for g in dW[:-1]] + dW[-1:], [3 * g for g in db[:-1]] + db[-1:]
