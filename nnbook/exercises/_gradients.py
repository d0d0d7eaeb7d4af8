"""Exercises whose answer is a backward pass, ``f(weights, biases, X, Y) -> (dW, db)``.

Lessons 03 (two layers) and 04 (any number of layers) both ask for this function; both are
made by :func:`gradient_exercise`. The learner's gradients are compared with
:meth:`nnbook.network.Network.backprop` on a few small random networks. A wrong shape gets its
own message (transposed, or ``db`` not summed over the examples), the near misses of every
numeric answer are recognised (:func:`~nnbook.exercises._near_miss.near_miss`: the sign, ``n``
times too big), and an output layer that is right before wrong hidden layers points at BP2.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from nnbook.exercises._compare import differs, form_problem
from nnbook.exercises._near_miss import near_miss
from nnbook.exercises._registry import Exercise, F, Outcome, custom_exercise
from nnbook.messages import say, say_n, shown, translated
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
        The sentence after a ``db[k]`` that came back 2-D: how to sum over the examples.
    bp2_hint : str
        Added when the output layer's gradients are right and some others are not: how the
        error is carried back a layer (BP2).
    """

    def checker(answer: Any, exercise: Exercise) -> Outcome:
        name = exercise.answer_name
        if not callable(answer):
            return False, say(
                "`{name}` should be a function (`def {name}(weights, biases, X, Y):`); it is "
                "{answer}.",
                name=name,
                answer=shown(answer),
            )
        pairs, first_wrong = [], None
        for case in cases:
            weights, biases, X, _ = case
            L = len(weights)
            call = say_n(
                "{name}(...) for sizes {sizes} and n = {n} example",
                "{name}(...) for sizes {sizes} and n = {n} examples",
                len(X),
                name=name,
                sizes=[len(weights[0]), *[len(b) for b in biases]],
            )
            try:
                result = answer(*copy.deepcopy(case))
            except Exception as error:
                return False, _raised(error, call, L, bp2_hint)
            if not (isinstance(result, (tuple, list)) and len(result) == 2):
                return False, say(
                    "{call} returned {result}; return the pair `(dW, db)`.",
                    call=call,
                    result=shown(result),
                )
            if not all(isinstance(g, (tuple, list)) and len(g) == L for g in result):
                return False, say_n(
                    "{call}: dW and db should be lists with one array per layer ({n} layer).",
                    "{call}: dW and db should be lists with one array per layer ({n} layers).",
                    L,
                    call=call,
                )
            names = [f"dW[{k}]" for k in range(L)] + [f"db[{k}]" for k in range(L)]
            got, expected = [*result[0], *result[1]], network_gradients(*case)
            for param, g, e in zip(names, got, expected, strict=True):
                problem = form_problem(g, e, name=param)
                if problem is not None and param[:2] == "db" and np.ndim(g) == 2:
                    return False, say(
                        "{call}: {problem} {db_hint}",
                        call=call,
                        problem=problem,
                        db_hint=translated(db_shape_hint),
                    )
                if problem is not None:
                    return False, say("{call}: {problem}", call=call, problem=problem)
            wrong = [
                p for p, g, e in zip(names, got, expected, strict=True)
                if differs(g, e, _RTOL, _ATOL)
            ]  # fmt: skip
            pairs += [(g, e, len(X)) for g, e in zip(got, expected, strict=True)]
            first_wrong = first_wrong or (wrong and (call, wrong, L))
        if not first_wrong:
            return True, say_n(
                "`{name}` matches `Network.backprop` on the {n} network.",
                "`{name}` matches `Network.backprop` on all {n} networks.",
                len(cases),
                name=name,
            )
        near = near_miss(pairs, _RTOL, _ATOL)
        call, wrong, L = first_wrong
        if near is not None:
            return False, say("{call}: {explanation}", call=call, explanation=near)
        if f"dW[{L - 1}]" not in wrong and f"db[{L - 1}]" not in wrong:
            return False, say(
                "{call}: the output layer is right but {wrong} are not: {bp2_hint}",
                call=call,
                wrong=", ".join(wrong),
                bp2_hint=translated(bp2_hint),
            )
        return False, say(
            "{call}: {wrong} differ from Network.backprop.", call=call, wrong=", ".join(wrong)
        )

    return custom_exercise(
        id, title, checker=checker, hints=hints, kind="function", wrong_answers=wrong_answers
    )


def _raised(error: Exception, call: str, layers: int, bp2_hint: str) -> str:
    """The message for a backward pass that raised ``error``; two mistakes get their own: a
    function written for a fixed number of layers, and a matrix product whose shapes do not fit
    (a weight matrix not transposed)."""
    error_type, text = type(error).__name__, str(error)
    if isinstance(error, ValueError) and "unpack" in text:
        return say_n(
            "{call} raised ValueError ({error}): your function unpacks a fixed number of "
            "layers (like `W1, W2 = weights`), but this network has {n} layer. Loop over the "
            "layers instead: `for k in range(len(weights) - 1, -1, -1):`.",
            "{call} raised ValueError ({error}): your function unpacks a fixed number of "
            "layers (like `W1, W2 = weights`), but this network has {n} layers. Loop over the "
            "layers instead: `for k in range(len(weights) - 1, -1, -1):`.",
            layers,
            call=call,
            error=text,
        )
    if isinstance(error, ValueError) and "matmul" in text:
        return say(
            "{call} raised ValueError ({error}): the shapes of a matrix product `@` do not "
            "fit. Write each array's shape beside its line: a weight matrix has shape (n_in, "
            "n_out), so carrying the error back a layer multiplies by its transpose, `W.T`: "
            "{bp2_hint}",
            call=call,
            error=text,
            bp2_hint=translated(bp2_hint),
        )
    return say("{call} raised {error_type}: {error}", call=call, error_type=error_type, error=text)


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
