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
        return CheckResult("incorrect", f"cannot check this exercise: {error}")
    if answer is _MISSING:
        answer = _caller_value(exercise.answer_name)
    status, message = _run_checker(exercise, answer)
    record(exercise.id, status)
    return CheckResult(status, message, exercise.title)


def _run_checker(exercise: Exercise, answer: Any) -> tuple[str, str]:
    name = exercise.answer_name
    if answer is _MISSING or is_blank(answer):
        undefined = f"`{name}` is not defined yet: " if answer is _MISSING else ""
        return "not attempted", (
            f"{undefined}replace the `...` in the exercise cell above with your answer "
            f"(`{name}`), run that cell, then run this one again."
        )
    try:
        passed, message = within_time_limit(exercise.checker, answer, exercise)
    except TimeUp as stop:
        limit = f"{stop.seconds:g} s"
        return "incorrect", f"your function did not finish within {limit}: does a loop never end?"
    except SystemExit:
        return "incorrect", "your answer called `exit()` (SystemExit): return a result instead."
    except Exception as error:
        return "incorrect", f"checking your answer raised {type(error).__name__}: {error}"
    return ("correct" if passed else "incorrect"), message
