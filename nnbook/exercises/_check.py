"""The safe check: ``check(id)`` runs the learner's answer and never raises.

A blank answer is "not attempted" (:func:`is_blank`); anything else runs through the
exercise's checker within the time limit, and an answer that raises, calls ``exit()`` or runs
too long is "incorrect" with a message that says so. The status is recorded for ``results()``.
"""

from __future__ import annotations

import dis
import sys
from typing import Any

from nnbook.exercises._display import CheckResult
from nnbook.exercises._progress import record
from nnbook.exercises._registry import Exercise, get
from nnbook.exercises._time_limit import TimeUp, within_time_limit
from nnbook.messages import say, translated

_MISSING = object()


def is_blank(answer: Any) -> bool:
    """Whether ``answer`` is still the blank the notebook ships with.

    One rule: the blank is ``...``, either the value itself (``name = ...``) or the whole body
    of a function (``def f(x): ...``, maybe after a docstring). Python compiles such a body to
    "return None" and nothing else, so a body of only ``pass`` is blank too.
    """
    code = getattr(answer, "__code__", None)
    if answer is Ellipsis or code is None:
        return answer is Ellipsis
    return all(
        i.opname in ("RESUME", "NOP", "CACHE", "RETURN_VALUE", "POP_TOP")
        or (i.opname in ("LOAD_CONST", "RETURN_CONST") and i.argval is None)
        for i in dis.get_instructions(code)
    )


def _caller_value(name: str) -> Any:
    """Look ``name`` up where the learner works: IPython's namespace, else the caller's module."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None and name in shell.user_ns:
        return shell.user_ns[name]
    return sys._getframe(2).f_globals.get(name, _MISSING)  # the caller of check


def check(exercise_id: str, answer: Any = _MISSING) -> CheckResult:
    """Check the ``answer`` (a value or function; by default the notebook's variable named by
    the exercise's ``answer_name``) to exercise ``exercise_id`` and record the status.

    Returns a :class:`CheckResult`: ``"correct"``, ``"incorrect"`` or ``"not attempted"`` (see
    :func:`is_blank`), with a message. Never raises (only a real Ctrl+C gets through): an
    unknown id, an answer that raises, calls ``exit()`` or runs past ``TIME_LIMIT_S`` is
    "incorrect".
    """
    try:
        exercise = get(exercise_id)
    except Exception as error:  # an unknown id, or a lesson module that fails to import
        return CheckResult(
            "incorrect", say("cannot check this exercise: {error}", error=str(error))
        )
    if answer is _MISSING:
        answer = _caller_value(exercise.answer_name)
    status, message = _run_checker(exercise, answer)
    record(exercise.id, status)
    return CheckResult(status, message, translated(exercise.title))


def _run_checker(exercise: Exercise, answer: Any) -> tuple[str, str]:
    name = exercise.answer_name
    if answer is _MISSING:
        return "not attempted", say(
            "`{name}` is not defined yet: replace the `...` in the exercise cell above with "
            "your answer (`{name}`), run that cell, then run this one again.",
            name=name,
        )
    if is_blank(answer):
        return "not attempted", say(
            "replace the `...` in the exercise cell above with your answer (`{name}`), run "
            "that cell, then run this one again.",
            name=name,
        )
    try:
        passed, message = within_time_limit(exercise.checker, answer, exercise)
    except TimeUp as stop:
        return "incorrect", say(
            "your function did not finish within {seconds:g} s: does a loop never end?",
            seconds=stop.seconds,
        )
    except SystemExit:
        return "incorrect", say(
            "your answer called `exit()` (SystemExit): return a result instead."
        )
    except Exception as error:
        return "incorrect", say(
            "checking your answer raised {error_type}: {error}",
            error_type=type(error).__name__,
            error=str(error),
        )
    return ("correct" if passed else "incorrect"), message
