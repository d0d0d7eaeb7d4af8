"""The exercises and their registry: each lesson module registers its own.

An :class:`Exercise` is made and registered by a decorator on its solution function:
:func:`custom_exercise` here (any checker), or ``value_exercise`` and ``function_exercise``
(the two common kinds). :func:`get` looks an exercise up by id, importing every
``nnbook.exercises.lessonNN`` module the first time.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from nnbook.exercises._cells import answer_cell
from nnbook.exercises._progress import forget
from nnbook.messages import say, translated

Outcome = tuple[bool, str]  #: what a checker returns: ``(passed, message)``
Checker = Callable[[Any, "Exercise"], Outcome]  #: ``checker(answer, exercise)``
Mistake = tuple[Callable[..., Any], str]  #: a wrong implementation and its message
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Exercise:
    """One checked exercise, made and registered by :func:`custom_exercise` or a decorator on it.

    ``answer_name`` is the name the learner defines, the solution function's name; ``kind`` is
    ``"function"`` (the answer is ``solution`` itself) or ``"value"`` (it is what
    ``solution()`` returns). ``checker(answer, exercise) -> (passed, message)`` is never
    called with a blank answer. ``wrong_answers`` holds typical wrong answers with a fragment
    of the message each must get (the tests check them; the teaching guide quotes them).
    """

    id: str
    title: str
    answer_name: str
    checker: Checker
    hints: tuple[str, ...]
    solution: Callable[..., Any]
    kind: str
    wrong_answers: tuple[tuple[Any, str], ...] = ()

    @property
    def solution_code(self) -> str:
        """The answer cell the solution stands for: see :func:`answer_cell`."""
        return answer_cell(self.solution, self.kind)


_registry: dict[str, Exercise] = {}
_lessons_loaded = False


def register(exercise: Exercise) -> Exercise:
    """Add ``exercise`` to the registry and return it; the same id, title and answer name again
    (a reloaded lesson module) replaces it, another exercise under a taken id is a ValueError."""
    old = _registry.get(exercise.id)
    if old is not None and (old.title, old.answer_name) != (exercise.title, exercise.answer_name):
        raise ValueError(
            say(
                "An exercise with id {id!r} is already registered ({title!r}). Pick another "
                "id, or unregister({id!r}) first.",
                id=exercise.id,
                title=translated(old.title),
            )
        )
    _registry[exercise.id] = exercise
    return exercise


def unregister(exercise_id: str) -> None:
    """Remove an exercise, with its recorded result and hint count (used by tests)."""
    _registry.pop(exercise_id, None)
    forget(exercise_id)


def custom_exercise(
    id: str,
    title: str,
    *,
    checker: Checker,
    hints: Sequence[str],
    kind: str,
    wrong_answers: Iterable[tuple[Any, str]] = (),
) -> Callable[[F], F]:
    """Decorator: register the decorated solution as exercise ``id``, checked by ``checker``.

    The answer's name is the solution's name; the function is returned unchanged.
    """

    def decorate(solution: F) -> F:
        fields = (solution.__name__, checker, tuple(hints), solution, kind, tuple(wrong_answers))
        register(Exercise(id, title, *fields))
        return solution

    return decorate


def _load_lessons() -> None:
    """Import every ``nnbook.exercises.lessonNN`` module once, so that they register theirs."""
    global _lessons_loaded
    if _lessons_loaded:
        return
    _lessons_loaded = True
    package = sys.modules[__name__.rpartition(".")[0]]
    try:
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
            if re.fullmatch(r"lesson\d+", info.name):
                importlib.import_module(f"{package.__name__}.{info.name}")
    except Exception:
        _lessons_loaded = False
        raise


def get(exercise_id: str) -> Exercise:
    """The registered exercise with this id; else a ValueError that lists the ids of the same
    lesson (or all ids, if no exercise starts with that lesson number)."""
    _load_lessons()
    if exercise_id in _registry:
        return _registry[exercise_id]
    lesson = str(exercise_id).partition("-")[0]
    same_lesson = [i for i in sorted(_registry) if i.partition("-")[0] == lesson]
    if same_lesson:
        raise ValueError(
            say(
                "No exercise with id {id!r}. The ids of lesson {lesson}: {known}.",
                id=exercise_id,
                lesson=lesson,
                known=", ".join(repr(i) for i in same_lesson),
            )
        )
    raise ValueError(
        say(
            "No exercise with id {id!r}. The ids of all lessons: {known}.",
            id=exercise_id,
            known=", ".join(repr(i) for i in sorted(_registry)),
        )
    )


def all_exercises() -> list[Exercise]:
    """Every registered exercise (lesson modules included), sorted by id."""
    _load_lessons()
    return [_registry[key] for key in sorted(_registry)]
