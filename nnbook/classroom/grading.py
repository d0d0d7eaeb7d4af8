"""What the graded notebooks call: ``grade``, and the classroom's ``hint`` and ``solution``.

The course that ``python -m nnbook.classroom nbgrader DIR`` writes imports these in place of
:func:`nnbook.check`'s companions. ``grade`` is ``check`` for an autograder: the same checker
and message, but a cell that raises unless the answer is correct (nbgrader gives a test cell
its points when it runs without an error). ``hint`` gives the same hints; ``solution`` says
that the worked answers are not part of the graded version.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from IPython.display import display

from nnbook.exercises import HintText, check, get
from nnbook.exercises import hint as self_study_hint
from nnbook.exercises._display import html_box
from nnbook.messages import say, say_n, translated

__all__ = ["SolutionUnavailable", "grade", "hint", "solution"]


def grade(exercise_id: str, answer: Any) -> None:
    """Check ``answer`` like :func:`nnbook.check`, and raise unless it is correct.

    A correct answer's result is displayed ("✔ Correct ..."), not returned: nbgrader reads a
    test cell's returned value as partial credit. Otherwise raises ``AssertionError`` whose
    message is the check's own (``"✘ Not yet (title): ..."`` or ``"○ Not attempted (title):
    ..."``), so nbgrader's test cell fails and its feedback says why. An unknown
    ``exercise_id`` is a ``ValueError`` listing the lesson's ids.
    """
    get(exercise_id)  # an unknown id is the author's mistake, not the learner's: raise it
    result = check(exercise_id, answer)
    if not result.correct:
        raise AssertionError(str(result))
    display(result)


def hint(exercise_id: str) -> HintText:
    """:func:`nnbook.hint`, except that the last note sends the learner to the teacher
    instead of to ``solution``."""
    text = self_study_hint(exercise_id)
    if text.number == 0:
        note = say_n(
            "No more hints: you have seen {n} hint. Ask your teacher.",
            "No more hints: you have seen all {n}. Ask your teacher.",
            text.total,
        )
        return HintText(note, total=text.total, title=text.title)
    return text


@dataclass(frozen=True)
class SolutionUnavailable:
    """What ``solution`` shows in the graded version: a note, not the answer."""

    exercise_id: str
    title: str = ""

    def __str__(self) -> str:
        return say(
            "solutions are not available in the graded version of this notebook; ask your "
            "teacher. hint({id!r}) gives a hint.",
            id=self.exercise_id,
        )

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))

    def _repr_html_(self) -> str:
        label = say("No worked solution")
        head = f"<strong>{label}</strong>"
        return html_box("nnbook-solution-unavailable", "#757575", head, self.title, str(self))


def solution(exercise_id: str) -> SolutionUnavailable:
    """In the graded version, a note that worked solutions are not available.

    Raises ``ValueError`` listing the lesson's ids if ``exercise_id`` is unknown, like
    :func:`nnbook.solution`.
    """
    return SolutionUnavailable(exercise_id, translated(get(exercise_id).title))
