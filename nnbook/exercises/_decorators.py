"""The two common kinds of exercise: :func:`value_exercise` and :func:`function_exercise`.

Each decorator builds a checker from the decorated solution (compare the learner's value, or
call the learner's function on inputs and compare with the solution's results), with the
known mistakes' messages and the near misses, and registers it with ``custom_exercise``.
"""

from __future__ import annotations

import copy
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from nnbook.exercises._compare import form_problem, mismatch, near_miss
from nnbook.exercises._describe import describe, describe_call, dtype_kind
from nnbook.exercises._registry import Exercise, F, Mistake, Outcome, custom_exercise


def value_exercise(
    id: str,
    title: str,
    *,
    hints: Sequence[str],
    expected: Any = None,
    mistakes: Mapping[Any, str] | None = None,
    wrong_answers: Iterable[tuple[Any, str]] = (),
    rtol: float = 1e-6,
    atol: float = 1e-9,
    n: int | None = None,
    near_misses: bool = True,
    show_expected: bool = False,
) -> Callable[[F], F]:
    """Decorator: an exercise whose answer is a value, the one the decorated function returns.

    The answer passes if :func:`mismatch` finds nothing: the expected shape and ``|answer -
    expected| <= atol + rtol * |expected|`` elementwise, for numbers.

    Parameters
    ----------
    expected : object, optional
        The right value (the tests check that the solution returns it); by default what the
        solution returns.
    mistakes : dict
        ``{wrong value or predicate: message}``, the first match winning: a value matches with
        the same tolerances, a predicate ``answer -> bool`` when it returns True.
    wrong_answers : iterable of (answer, message fragment)
        More wrong answers for the tests to try.
    n : int, optional
        The number of examples, if the answer involves a mean (see :func:`near_miss`).
    near_misses : bool
        False for answers that are labels rather than quantities (a weight's number).
    show_expected : bool
        Whether a wrong answer's message gives the expected value (off by default).
    """
    known_mistakes = tuple((mistakes or {}).items())

    def checker(answer: Any, exercise: Exercise) -> Outcome:
        name = exercise.answer_name
        right = exercise.solution() if expected is None else expected
        if mismatch(answer, right, rtol, atol) is None:
            return True, f"`{name}` = {describe(answer)} is right."
        said = f"{name} = {describe(answer)} is not right yet"
        for known, message in known_mistakes:
            if _matches_value(answer, known, rtol, atol):
                return False, f"{said}: {message}"
        problem = form_problem(answer, right)
        if problem is not None and dtype_kind(right) in "biuf":
            return False, f"`{name}` {problem.replace('gave', 'is', 1)}."
        if near_misses and dtype_kind(right) in "iuf":
            near = near_miss([(answer, right, n)], rtol, atol)
            if near is not None:
                return False, f"{said}: {near}"
        detail = f" Expected {describe(right)}." if show_expected else ""
        return False, f'{said}.{detail} hint("{exercise.id}") gives a hint.'

    examples = [(known, message) for known, message in known_mistakes if not callable(known)]
    wrong = [*examples, *wrong_answers]
    return custom_exercise(
        id, title, checker=checker, hints=hints, kind="value", wrong_answers=wrong
    )


def _matches_value(answer: Any, known: Any, rtol: float, atol: float) -> bool:
    try:
        return (
            bool(known(answer)) if callable(known) else mismatch(answer, known, rtol, atol) is None
        )
    except Exception:  # a predicate that cannot handle this answer
        return False


def function_exercise(
    id: str,
    title: str,
    *,
    inputs: Iterable[Any],
    hints: Sequence[str],
    reference: Callable[..., Any] | None = None,
    mistakes: Iterable[Mistake] = (),
    wrong_answers: Iterable[tuple[Any, str]] = (),
    rtol: float = 1e-6,
    atol: float = 1e-9,
    n_of: Callable[..., int] | None = None,
    warnings_are_errors: bool = False,
) -> Callable[[F], F]:
    """Decorator: an exercise whose answer is a function, like the decorated solution.

    Parameters
    ----------
    inputs : iterable
        The inputs to try, in order, edge cases included (0, large ``|z|``, several shapes). A
        tuple is the positional arguments of one call; anything else is a single argument.
    reference : callable, optional
        The function to compare with, if not the solution (the package's own version). Both
        are called on deep copies of each input, so neither can change what the other sees.
    mistakes : iterable of (wrong_function, message)
        Typical wrong implementations (the tests try them): a learner's function that agrees
        with one on every input gets its message after the first failing input's.
    rtol, atol : float
        Tolerances, elementwise: ``|got - expected| <= atol + rtol * |expected|``.
    n_of : callable, optional
        ``n_of(*args)``, the number of examples in a call (see :func:`near_miss`).
    warnings_are_errors : bool
        Fail on a ``RuntimeWarning`` (overflow in ``exp``) raised by the learner's function:
        for lessons about numerically stable formulas.
    """
    cases = [case if isinstance(case, tuple) else (case,) for case in inputs]
    mistakes = tuple(mistakes)

    def checker(answer: Any, exercise: Exercise) -> Outcome:
        name = exercise.answer_name
        if not callable(answer):
            return False, f"`{name}` should be a function (`def {name}(...):`), but it is " + (
                f"{describe(answer)}."
            )
        outputs = []
        for args in cases:
            expected = (reference or exercise.solution)(*copy.deepcopy(args))
            try:
                with warnings.catch_warnings():
                    if warnings_are_errors:
                        warnings.simplefilter("error", RuntimeWarning)
                    got = answer(*copy.deepcopy(args))
            except Exception as error:
                return False, f"{describe_call(name, args)} raised {type(error).__name__}: {error}"
            outputs.append((args, got, expected, mismatch(got, expected, rtol, atol)))
        failures = [(args, problem) for args, _, _, problem in outputs if problem is not None]
        if not failures:
            return True, f"`{name}` gives the expected result on all {len(cases)} inputs."
        message = f"{describe_call(name, failures[0][0])} {failures[0][1]}"
        for wrong, explanation in mistakes:
            if _same_as(wrong, outputs, rtol, atol):
                return False, f"{message}: {explanation}"
        if all(form_problem(got, e) is None and dtype_kind(e) in "iuf" for _, got, e, _ in outputs):
            pairs = [(got, e, n_of(*args) if n_of else None) for args, got, e, _ in outputs]
            near = near_miss(pairs, rtol, atol)
            if near is not None:
                return False, f"{message}: {near}"
        return False, f"{message} (wrong on {len(failures)} of {len(cases)} inputs)"

    return custom_exercise(
        id,
        title,
        checker=checker,
        hints=hints,
        kind="function",
        wrong_answers=[*mistakes, *wrong_answers],
    )


def _same_as(wrong: Callable[..., Any], outputs: list[tuple], rtol: float, atol: float) -> bool:
    """Whether the learner's outputs equal ``wrong``'s on every input."""
    for args, got, _, _ in outputs:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                theirs = wrong(*copy.deepcopy(args))
        except Exception:
            return False
        if mismatch(got, theirs, rtol, atol) is not None:
            return False
    return True
