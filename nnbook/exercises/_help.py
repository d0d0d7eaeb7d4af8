"""The help a learner asks for: ``hint(id)``, one more hint per call, and ``solution(id)``."""

from __future__ import annotations

from IPython.display import Code

from nnbook.exercises._display import HintText
from nnbook.exercises._progress import count_hint, hints_shown
from nnbook.exercises._registry import get
from nnbook.messages import say_n, translated


def hint(exercise_id: str) -> HintText:
    """The next hint for an exercise, one more per call, then a note that none are left.

    Raises ``ValueError`` listing the lesson's ids if ``exercise_id`` is unknown.
    """
    exercise = get(exercise_id)
    shown, total = hints_shown(exercise_id), len(exercise.hints)
    if shown >= total:
        return HintText(
            say_n(
                'No more hints: you have seen the only one. solution("{id}") shows a worked '
                "answer.",
                'No more hints: you have seen all {n}. solution("{id}") shows a worked answer.',
                total,
                id=exercise_id,
            ),
            total=total,
            title=translated(exercise.title),
        )
    count_hint(exercise_id)
    return HintText(translated(exercise.hints[shown]), shown + 1, total, translated(exercise.title))


def solution(exercise_id: str) -> Code:
    """The worked answer cell, syntax-highlighted, read from the tested solution function.

    Raises ``ValueError`` listing the lesson's ids if ``exercise_id`` is unknown.
    """
    return Code(get(exercise_id).solution_code, language="python")
