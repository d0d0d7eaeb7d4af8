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

import numpy as np

from nnbook.exercises._compare import (
    comparable,
    differs,
    form_problem,
    is_number_in_quotes,
    mismatch,
)
from nnbook.exercises._near_miss import near_miss
from nnbook.exercises._registry import Exercise, F, Mistake, Outcome, custom_exercise
from nnbook.messages import dtype_kind, say, say_n, shown, shown_call, translated


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
        if not differs(answer, right, rtol, atol):
            return True, say("`{name}` = {answer} is right.", name=name, answer=shown(answer))
        if is_number_in_quotes(answer) and dtype_kind(right) in "biuf":
            return False, form_problem(answer, right, name=name)  # before the mistakes' tests
        for known, message in known_mistakes:
            if _matches_value(answer, known, rtol, atol):
                return False, say(
                    "{name} = {answer} is not right yet: {explanation}",
                    name=name,
                    answer=shown(answer),
                    explanation=translated(message),
                )
        problem = form_problem(answer, right, name=name)
        if problem is not None and dtype_kind(right) in "biuf":
            return False, problem
        if near_misses and dtype_kind(right) in "iuf":
            near = near_miss([(answer, right, n)], rtol, atol)
            if near is not None:
                return False, say(
                    "{name} = {answer} is not right yet: {explanation}",
                    name=name,
                    answer=shown(answer),
                    explanation=near,
                )
        if show_expected:
            return False, say(
                '{name} = {answer} is not right yet. Expected {expected}. hint("{id}") gives a '
                "hint.",
                name=name,
                answer=shown(answer),
                expected=shown(right),
                id=exercise.id,
            )
        return False, say(
            '{name} = {answer} is not right yet. hint("{id}") gives a hint.',
            name=name,
            answer=shown(answer),
            id=exercise.id,
        )

    examples = [(known, message) for known, message in known_mistakes if not callable(known)]
    wrong = [*examples, *wrong_answers]
    return custom_exercise(
        id, title, checker=checker, hints=hints, kind="value", wrong_answers=wrong
    )


def _matches_value(answer: Any, known: Any, rtol: float, atol: float) -> bool:
    try:
        return bool(known(answer)) if callable(known) else not differs(answer, known, rtol, atol)
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
    errors: Iterable[KnownError] = (),
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
    errors : iterable of (predicate, message)
        Typical mistakes that raise: ``predicate(error, args)`` says whether the exception
        ``error``, raised by the learner's function on the inputs ``args``, is one; its message
        then follows the exception's.
    """
    cases = [case if isinstance(case, tuple) else (case,) for case in inputs]
    mistakes = tuple(mistakes)
    known_errors = tuple(errors)

    def checker(answer: Any, exercise: Exercise) -> Outcome:
        name = exercise.answer_name
        if not callable(answer):
            return False, say(
                "`{name}` should be a function (`def {name}(...):`), but it is {answer}.",
                name=name,
                answer=shown(answer),
            )
        outputs = []
        for args in cases:
            expected = (reference or exercise.solution)(*copy.deepcopy(args))
            call = shown_call(name, args)
            try:
                with warnings.catch_warnings():
                    if warnings_are_errors:
                        warnings.simplefilter("error", RuntimeWarning)
                    got = answer(*copy.deepcopy(args))
            except Exception as error:
                return False, _raised(error, args, call, known_errors)
            outputs.append((args, got, expected, mismatch(got, expected, rtol, atol, call)))
        failures = [(args, problem) for args, _, _, problem in outputs if problem is not None]
        if not failures:
            return True, say_n(
                "`{name}` gives the expected result on the {n} input.",
                "`{name}` gives the expected result on all {n} inputs.",
                len(cases),
                name=name,
            )
        first = failures[0][1]
        for wrong, explanation in mistakes:
            if _same_as(wrong, outputs, rtol, atol):
                return False, say(
                    "{problem}: {explanation}", problem=first, explanation=translated(explanation)
                )
        if all(comparable(got, e) and dtype_kind(e) in "iuf" for _, got, e, _ in outputs):
            pairs = [(got, e, n_of(*args) if n_of else None) for args, got, e, _ in outputs]
            near = near_miss(pairs, rtol, atol)
            if near is not None:
                return False, say("{problem}: {explanation}", problem=first, explanation=near)
        return False, say(
            "{problem} (wrong on {wrong} of {n} inputs)",
            problem=first,
            wrong=len(failures),
            n=len(cases),
        )

    return custom_exercise(
        id,
        title,
        checker=checker,
        hints=hints,
        kind="function",
        wrong_answers=[*mistakes, *wrong_answers],
    )


#: A mistake that raises: ``(predicate(error, args) -> bool, message)``.
KnownError = tuple[Callable[[Exception, tuple], bool], str]


def works_on_numbers_only(error: Exception, args: tuple) -> bool:
    """A predicate of ``errors``: a TypeError on an array input, the mark of ``math.exp`` or
    Python's ``round`` given an array (they take one number; numpy's functions take arrays)."""
    return isinstance(error, TypeError) and any(isinstance(a, np.ndarray) for a in args)


def _raised(error: Exception, args: tuple, call: str, known: tuple[KnownError, ...]) -> str:
    """The message for an answer that raised ``error`` when called on ``args``."""
    error_type = type(error).__name__
    for matches, explanation in known:
        try:
            found = matches(error, args)
        except Exception:  # a predicate that cannot handle this error
            found = False
        if found:
            return say(
                "{call} raised {error_type} ({error}): {explanation}",
                call=call,
                error_type=error_type,
                error=str(error),
                explanation=translated(explanation),
            )
    return say(
        "{call} raised {error_type}: {error}", call=call, error_type=error_type, error=str(error)
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
        if differs(got, theirs, rtol, atol):
            return False
    return True
