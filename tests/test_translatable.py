"""Every text a learner reads that is kept in a table (an exercise's title, hints and known
mistakes' messages, the bugs' descriptions) is marked with ``N_`` where it is written, so Babel
extracts it, and goes through the catalog where it is shown (``translated``), so a language
chosen after import still applies.
"""

from __future__ import annotations

import gettext
import inspect
from functools import cache
from typing import Any

import pytest
from babel.messages.extract import extract_from_dir

import nnbook
import nnbook.exercises as ex
from nnbook import bugs, messages
from nnbook.activations import sigmoid
from nnbook.classroom import grading
from nnbook.exercises._training_loop import SGD_MISTAKES
from nnbook.messages import BABEL_KEYWORDS


@cache
def extracted() -> frozenset[str]:
    """Every text Babel extracts from the package: the catalog a translator gets."""
    found = set()
    for _, _, message, _, _ in extract_from_dir(
        nnbook.__path__[0], method_map=[("**.py", "python")], keywords=BABEL_KEYWORDS
    ):
        found.update(message if isinstance(message, tuple) else (message,))
    return frozenset(found)


def _messages(pairs: Any) -> list[str]:
    return [message for _, message in pairs or ()]


def shown_texts(exercise: ex.Exercise) -> list[str]:
    """The exercise's title, hints and every message its checker keeps in a table: the known
    mistakes (values, predicates or wrong functions), the known errors, the gradient hints."""
    texts = [exercise.title, *exercise.hints]
    closure = inspect.getclosurevars(exercise.checker)
    kept = {**closure.nonlocals, **closure.globals}
    texts += _messages(kept.get("known_mistakes"))  # value_exercise
    texts += _messages(kept.get("mistakes"))  # function_exercise
    texts += _messages(kept.get("known_errors"))  # function_exercise
    texts += _messages(kept.get("SGD_MISTAKES"))  # lesson 05's training loop
    texts += [kept[k] for k in ("db_shape_hint", "bp2_hint") if k in kept]  # gradient_exercise
    return texts


def lesson_exercises() -> list[ex.Exercise]:
    """The exercises of nnbook's lessons (not those a test registers)."""
    return [e for e in ex.all_exercises() if e.solution.__module__.startswith("nnbook.")]


@pytest.mark.parametrize("exercise", lesson_exercises(), ids=lambda e: e.id)
def test_every_text_of_an_exercise_is_extracted(exercise):
    missing = [text for text in shown_texts(exercise) if text not in extracted()]
    assert not missing, f"{exercise.id}: wrap these in N_(...) where they are written: {missing}"


def test_the_tables_outside_the_exercises_are_extracted():
    texts = [*_messages(SGD_MISTAKES), *bugs.BUGS.values()]
    assert [text for text in texts if text not in extracted()] == []


def test_the_checkers_tables_are_found():
    """The test above reads the checkers' closures: it must find the tables it checks."""
    counts = {e.id: len(shown_texts(e)) - 1 - len(e.hints) for e in lesson_exercises()}
    assert counts["01-slope-at-zero"] == 3  # mistakes as values
    assert counts["01-my-sigmoid-prime"] == 5  # 4 wrong functions, 1 known error
    assert counts["03-matrix-backward"] == 2  # db_shape_hint, bp2_hint
    assert counts["05-my-sgd"] == len(SGD_MISTAKES)


class Marked(gettext.NullTranslations):
    """A catalog that "translates" every text by marking it: «text»."""

    def gettext(self, message: str) -> str:
        return f"«{message}»"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"«{singular if n == 1 else plural}»"


@pytest.fixture
def marked(monkeypatch):
    ex.reset_progress()
    monkeypatch.setattr(messages, "_catalog", Marked())
    yield
    ex.reset_progress()


def test_a_hint_and_its_title_are_translated_when_shown(marked):
    exercise = ex.get("01-slope-at-zero")
    shown = ex.hint(exercise.id)
    assert shown.text == f"«{exercise.hints[0]}»"
    assert shown.title == f"«{exercise.title}»"
    assert f"«{exercise.hints[0]}»" in str(shown)
    assert f"«{exercise.title}»" in shown._repr_html_()
    last = [ex.hint(exercise.id) for _ in exercise.hints][-1]  # past the last hint
    assert last.title == f"«{exercise.title}»"


def test_a_known_mistake_is_translated_when_checked(marked):
    value = ex.get("01-slope-at-zero")
    result = ex.check(value.id, 0.5)
    message = _messages(inspect.getclosurevars(value.checker).nonlocals["known_mistakes"])[0]
    assert f"«{message}»" in result.message
    assert result.title == f"«{value.title}»"

    function = ex.get("01-my-sigmoid-prime")
    result = ex.check(function.id, sigmoid)
    assert "«that is sigma(z) itself; multiply it by 1 - sigma(z).»" in result.message


def test_a_training_loop_mistake_and_a_gradient_hint_are_translated(marked):
    result = ex.check("05-my-sgd", SGD_MISTAKES[0][0])
    assert f"«{SGD_MISTAKES[0][1]}»" in result.message
    exercise = ex.get("03-matrix-backward")
    hint = inspect.getclosurevars(exercise.checker).nonlocals["bp2_hint"]
    wrong = next(a for a, fragment in exercise.wrong_answers if fragment in hint)
    assert f"«{hint}»" in ex.check(exercise.id, wrong).message


def test_the_graded_solution_note_shows_the_translated_title(marked):
    exercise = ex.get("01-slope-at-zero")
    note = grading.solution(exercise.id)
    assert note.title == f"«{exercise.title}»"
    assert f"«{exercise.title}»" in note._repr_html_()


def test_in_english_the_texts_are_shown_as_written():
    ex.reset_progress()
    try:
        exercise = ex.get("01-slope-at-zero")
        assert str(ex.hint(exercise.id)) == (
            f"Hint 1 of {len(exercise.hints)} ({exercise.title}): {exercise.hints[0]}"
        )
        assert str(ex.check(exercise.id, 0.5)) == (
            "✘ Not yet (The slope of the sigmoid at z = 0): slope_at_zero = 0.5 is not right yet: "
            "0.5 is sigma(0), the height of the curve at 0; the slope is sigma(0) * (1 - sigma(0))."
        )
    finally:
        ex.reset_progress()
