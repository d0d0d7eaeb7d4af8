"""The session's progress: the status of each exercise checked, and the hints shown.

``check`` records a status, ``hint`` counts the hints it gives; ``results()`` reads the record
and ``reset_progress()`` clears it. It lasts as long as the kernel.
"""

from __future__ import annotations

_results: dict[str, str] = {}
_hints_shown: dict[str, int] = {}


def record(exercise_id: str, status: str) -> None:
    """Keep ``status``, the latest of ``check``, for ``exercise_id``."""
    _results[exercise_id] = status


def hints_shown(exercise_id: str) -> int:
    """How many hints ``hint`` has shown for ``exercise_id``."""
    return _hints_shown.get(exercise_id, 0)


def count_hint(exercise_id: str) -> None:
    """Count one more hint shown for ``exercise_id``."""
    _hints_shown[exercise_id] = hints_shown(exercise_id) + 1


def forget(exercise_id: str) -> None:
    """Forget the result and the hint count of one exercise."""
    for table in (_results, _hints_shown):
        table.pop(exercise_id, None)


def results() -> dict[str, str]:
    """A copy of ``{exercise id: status}`` for every exercise checked in this session."""
    return dict(_results)


def reset_progress() -> None:
    """Forget every recorded result and how many hints were shown."""
    _results.clear()
    _hints_shown.clear()
