"""Checked exercises: every registered exercise keeps its contract; the framework behaves.

The first part iterates over the whole registry (the lessons' exercises, loaded from
``nnbook/exercises/lessonNN.py``, and the demo exercises below): the solution passes, each
wrong example fails with its message, a blank is "not attempted", hints come in order.
The second part tests the framework itself with the demo exercises.
"""

from __future__ import annotations

import sys
import textwrap
import warnings
from pathlib import Path

import numpy as np
import pytest
from IPython.display import Code
from IPython.lib.pretty import pretty

import nnbook
from nnbook import exercises as ex
from nnbook.exercises import _core


def _sigmoid(z):
    z = np.asarray(z, dtype=float)
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # = 1 / (1 + e^-z), without overflow


def _sigmoid_prime(z):
    s = _sigmoid(z)
    return s * (1.0 - s)


SETUP = textwrap.dedent(
    """\
    import numpy as np

    def sigmoid(z):
        z = np.asarray(z, dtype=float)
        return 0.5 * (1.0 + np.tanh(0.5 * z))
    """
)

# Demo exercises, registered at import so that the registry-wide tests cover them too.
DEMO_FUNCTION = ex.register(
    ex.function_exercise(
        "00-demo-sigmoid-prime",
        "The derivative of the sigmoid",
        "sigmoid_prime",
        _sigmoid_prime,
        [0.0, 2.0, -1000.0, 1000.0, np.linspace(-5.0, 5.0, 7), np.zeros((2, 3))],
        mistakes=[
            (_sigmoid, "did you multiply sigma(z) by 1 - sigma(z)?"),
            (lambda z: 1.0 - _sigmoid(z), "that is only 1 - sigma(z): multiply it by sigma(z)."),
        ],
        hints=["The derivative is built from sigma itself.", "sigma(z) * (1 - sigma(z))."],
        setup_code=SETUP,
        solution_code="def sigmoid_prime(z):\n    return sigmoid(z) * (1 - sigmoid(z))\n",
        wrong_examples=[
            ("def sigmoid_prime(z):\n    return sigmoid(z)", "did you multiply sigma(z)"),
            ("def sigmoid_prime(z):\n    return 1 - sigmoid(z)", "only 1 - sigma(z)"),
            ("def sigmoid_prime(z):\n    s = sigmoid(z)", "forget the `return`"),
        ],
    )
)

DEMO_VALUE = ex.register(
    ex.value_exercise(
        "00-demo-mean",
        "The mean of 1, 2 and 6",
        "mean",
        3.0,
        mistakes=[
            (9.0, "that is the sum: divide it by how many numbers there are."),
            (lambda answer: np.isclose(answer, 2.0), "that is the median, not the mean."),
        ],
        hints=["Add them up.", "Divide the sum, 9, by 3.", "(1 + 2 + 6) / 3"],
        solution_code="mean = (1 + 2 + 6) / 3",
        wrong_examples=[("mean = 9", "that is the sum"), ("mean = 2", "the median")],
    )
)

DEMO_MATRIX = ex.register(
    ex.value_exercise(
        "00-demo-weights",
        "A weight matrix for 3 inputs and 2 neurons",
        "W",
        np.arange(6.0).reshape(3, 2),
        hints=["W has shape (n_in, n_out).", "np.arange(6.0).reshape(3, 2)"],
        setup_code="import numpy as np",
        solution_code="W = np.arange(6.0).reshape(3, 2)",
        wrong_examples=[("W = np.arange(6.0).reshape(2, 3)", "(transposed?)")],
    )
)


def _demo_checker(answer):
    if answer() != 42:  # the answer is a function of no arguments; it may raise
        return False, f"the function returned {answer()!r}, not the answer to everything"
    return True, "that is the answer"


DEMO_CUSTOM = ex.register(
    ex.Exercise(
        id="00-demo-custom",
        title="A custom checker",
        answer_name="answer",
        checker=_demo_checker,
        hints=["A function with no arguments.", "It returns 42."],
        solution_code="def answer():\n    return 42",
        wrong_examples=[("def answer():\n    return 41", "returned 41")],
    )
)

EXERCISES = ex.all_exercises()
WRONG = [(e, src, fragment) for e in EXERCISES for src, fragment in e.wrong_examples]


def _blank_source(exercise: ex.Exercise) -> str:
    if exercise.kind == "function":
        return f"def {exercise.answer_name}(*args, **kwargs):\n    ...\n"
    return f"{exercise.answer_name} = ...\n"


@pytest.fixture(autouse=True)
def _fresh_progress():
    ex.reset_progress()
    yield
    ex.reset_progress()


# --------------------------------------------------------------------------------------------
# Every registered exercise
# --------------------------------------------------------------------------------------------


def test_lesson_modules_are_loaded_and_demos_registered():
    ids = {e.id for e in EXERCISES}
    assert {"00-demo-sigmoid-prime", "00-demo-mean", "00-demo-weights"} <= ids
    for path in sorted(Path(ex.__file__).parent.glob("lesson[0-9]*.py")):
        assert f"nnbook.exercises.{path.stem}" in sys.modules, f"{path.name} was not imported"
        number = path.stem.removeprefix("lesson")
        assert any(i.startswith(f"{number}-") for i in ids), f"{path.name} registered nothing"


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.id for e in EXERCISES])
def test_solution_passes_its_check(exercise):
    answer = ex.run_answer(exercise, exercise.solution_code)
    result = ex.check(exercise.id, answer)
    assert result.status == "correct", str(result)
    assert ex.results() == {exercise.id: "correct"}


@pytest.mark.parametrize(
    "exercise, source, fragment", WRONG, ids=[f"{e.id}-{i}" for i, (e, _, _) in enumerate(WRONG)]
)
def test_wrong_example_fails_with_its_message(exercise, source, fragment):
    with warnings.catch_warnings():
        # Typical wrong answers overflow; a learner sees numpy's warning, the test need not.
        warnings.simplefilter("ignore", RuntimeWarning)
        result = ex.check(exercise.id, ex.run_answer(exercise, source))
    assert result.status == "incorrect", str(result)
    assert fragment in result.message, f"expected {fragment!r} in: {result.message}"
    assert ex.results() == {exercise.id: "incorrect"}


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.id for e in EXERCISES])
def test_blank_answer_is_not_attempted(exercise):
    result = ex.check(exercise.id, ex.run_answer(exercise, _blank_source(exercise)))
    assert result.status == "not attempted", str(result)
    assert ex.check(exercise.id, ...).status == "not attempted"
    assert ex.results() == {exercise.id: "not attempted"}


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.id for e in EXERCISES])
def test_hints_come_in_order_then_run_out(exercise):
    assert len(exercise.hints) >= 2
    for number, text in enumerate(exercise.hints, start=1):
        shown = ex.hint(exercise.id)
        assert (shown.number, shown.total, shown.text) == (number, len(exercise.hints), text)
    for _ in range(2):
        last = ex.hint(exercise.id)
        assert last.number == 0
        assert "No more hints" in str(last)
        assert f'solution("{exercise.id}")' in str(last)


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.id for e in EXERCISES])
def test_solution_is_highlighted_code(exercise):
    shown = ex.solution(exercise.id)
    assert isinstance(shown, Code)
    assert shown.data.strip() == exercise.solution_code.strip()
    assert "<span" in shown._repr_html_()  # pygments markup


# --------------------------------------------------------------------------------------------
# Function exercises
# --------------------------------------------------------------------------------------------


def _check_function(source: str) -> ex.CheckResult:
    return ex.check(DEMO_FUNCTION.id, ex.run_answer(DEMO_FUNCTION, source))


def test_function_message_names_input_result_expected_and_mistake():
    result = _check_function("def sigmoid_prime(z):\n    return sigmoid(z)")
    assert result.message == (
        "sigmoid_prime(0) gave 0.5, expected 0.25: did you multiply sigma(z) by 1 - sigma(z)?"
    )
    assert str(result) == ("✘ Not yet (The derivative of the sigmoid): " + result.message)


def test_function_without_known_mistake_counts_wrong_inputs():
    result = _check_function("def sigmoid_prime(z):\n    return np.asarray(z) * 0 + 0.25")
    assert result.status == "incorrect"
    # right at 0 and on zeros((2, 3)) (0.25); wrong at 2, +-1000 and on the linspace.
    # sigma'(2) = e^-2 / (1 + e^-2)^2 = 0.104994
    assert result.message == (
        "sigmoid_prime(2) gave 0.25, expected 0.104994 (wrong on 4 of 6 inputs)"
    )


def test_function_edge_cases_catch_overflow_to_nan():
    naive = "def sigmoid_prime(z):\n    return np.exp(-z) / (1 + np.exp(-z)) ** 2"
    with np.errstate(over="ignore", invalid="ignore"):
        result = _check_function(naive)
    assert result.status == "incorrect"
    assert result.message.startswith("sigmoid_prime(-1000) gave nan, expected 0")
    assert "overflow" in result.message


def test_function_shape_mismatch_is_reported():
    result = _check_function(
        "def sigmoid_prime(z):\n    return np.atleast_1d(sigmoid(z) * (1 - sigmoid(z)))"
    )
    assert result.message.startswith(
        "sigmoid_prime(0) gave an array of shape (1,), expected a single number"
    )


def test_function_that_raises_is_incorrect_with_the_exception():
    result = _check_function("def sigmoid_prime(z):\n    raise ValueError('no idea')")
    assert (result.status, result.message) == (
        "incorrect",
        "sigmoid_prime(0) raised ValueError: no idea",
    )
    result = _check_function("def sigmoid_prime(z):\n    return sigmoid(z) * (1 - sigma(z))")
    assert "raised NameError" in result.message and "sigma" in result.message


def test_answer_that_is_not_a_function():
    result = ex.check(DEMO_FUNCTION.id, 0.25)
    assert result.status == "incorrect"
    assert "should be a function" in result.message and "0.25" in result.message


@pytest.mark.parametrize(
    "body",
    [
        "...",
        "pass",
        '"""Return sigma\'(z)."""',
        '"""Return sigma\'(z)."""\n    ...',
        "return ...",
        "raise NotImplementedError",
        "raise NotImplementedError('write me')",
    ],
)
def test_blank_function_bodies_are_not_attempted(body):
    result = _check_function(f"def sigmoid_prime(z):\n    {body}\n")
    assert result.status == "not attempted", str(result)
    assert "replace the `...`" in result.message


def test_blank_values_are_not_attempted():
    for blank in (..., None, lambda z: ...):
        assert ex.check(DEMO_FUNCTION.id, blank).status == "not attempted"


def test_answer_cannot_change_the_inputs_of_later_checks():
    # A correct answer that scribbles over its argument after computing.
    source = textwrap.dedent(
        """\
        def sigmoid_prime(z):
            result = sigmoid(z) * (1 - sigmoid(z))
            if isinstance(z, np.ndarray):
                z[...] = 99.0
            return result
        """
    )
    assert _check_function(source).status == "correct"
    assert _check_function(DEMO_FUNCTION.solution_code).status == "correct"


def test_warnings_are_errors_rejects_an_overflowing_formula():
    exercise = ex.function_exercise(
        "00-demo-stable-sigmoid",
        "A sigmoid that never overflows",
        "sigmoid",
        _sigmoid,
        [0.0, 1000.0, -1000.0],
        warnings_are_errors=True,
        hints=["exp(-z) overflows for z = -1000.", "Use np.tanh or split on the sign of z."],
        solution_code="def sigmoid(z):\n    return 0.5 * (1 + np.tanh(0.5 * z))",
        wrong_examples=[("def sigmoid(z):\n    return 1 / (1 + np.exp(-z))", "overflow")],
        setup_code="import numpy as np",
    )
    ex.register(exercise)
    try:
        naive = ex.run_answer(exercise, exercise.wrong_examples[0][0])
        result = ex.check(exercise.id, naive)
        assert result.status == "incorrect"
        assert result.message == (
            "sigmoid(-1000) raised RuntimeWarning: overflow encountered in exp"
        )
        assert ex.check(exercise.id, ex.run_answer(exercise, exercise.solution_code))
    finally:
        ex.unregister(exercise.id)


def test_function_exercise_rejects_bad_definitions():
    common = dict(hints=["a", "b"], solution_code="f = 1", wrong_examples=[("f = 2", "x")])
    with pytest.raises(ValueError, match="at least one input"):
        ex.function_exercise("00-x", "t", "f", abs, [], **common)
    with pytest.raises(TypeError, match="wrong_function, message"):
        ex.function_exercise("00-x", "t", "f", abs, [1], mistakes=[(3, "m")], **common)


# --------------------------------------------------------------------------------------------
# Value exercises
# --------------------------------------------------------------------------------------------


def test_value_tolerance_is_relative():
    assert ex.check(DEMO_VALUE.id, 3.0 * (1 + 5e-7)).status == "correct"
    assert ex.check(DEMO_VALUE.id, 3.0 * (1 + 5e-6)).status == "incorrect"
    assert ex.check(DEMO_VALUE.id, np.float32(3.0)).status == "correct"


def test_value_known_mistakes_by_value_and_by_predicate():
    assert ex.check(DEMO_VALUE.id, 9).message == (
        "mean = 9 is not right yet: that is the sum: divide it by how many numbers there are."
    )
    assert "the median" in ex.check(DEMO_VALUE.id, 2.0).message
    # A predicate that raises on a strange answer just does not match.
    result = ex.check(DEMO_VALUE.id, "three")
    assert result.status == "incorrect"
    assert "hint(" in result.message


def test_value_message_does_not_give_the_answer_away():
    result = ex.check(DEMO_VALUE.id, 4.0)
    assert result.message == 'mean = 4 is not right yet. hint("00-demo-mean") gives a hint.'
    assert "3" not in result.message.replace("00-demo", "")


def test_value_shape_mismatch_says_transposed():
    result = ex.check(DEMO_MATRIX.id, np.zeros((2, 3)))
    assert result.message == (
        "`W` is an array of shape (2, 3), expected an array of shape (3, 2) (transposed?)."
    )


def test_value_exercise_with_strings_and_show_expected():
    exercise = ex.value_exercise(
        "00-demo-word",
        "A word",
        "word",
        "Sigmoid",
        show_expected=True,
        hints=["It squashes.", "S-shaped."],
        solution_code="word = 'sigmoid'",
        wrong_examples=[("word = 'relu'", "Expected 'Sigmoid'")],
    )
    assert exercise.checker("  SIGMOID ")[0] is True
    assert exercise.checker("relu") == (
        False,
        "word = 'relu' is not right yet. Expected 'Sigmoid'. hint(\"00-demo-word\") gives a hint.",
    )


# --------------------------------------------------------------------------------------------
# check, results, display
# --------------------------------------------------------------------------------------------


def test_check_never_raises():
    def explode():
        raise ZeroDivisionError("boom")

    result = ex.check(DEMO_CUSTOM.id, explode)
    assert (result.status, result.message) == (
        "incorrect",
        "checking your answer raised ZeroDivisionError: boom",
    )
    result = ex.check(DEMO_CUSTOM.id, lambda: 41)
    assert result.message == "the function returned 41, not the answer to everything"


def test_unknown_id_is_reported_not_raised_and_not_recorded():
    result = ex.check("00-demo-meen", 3.0)
    assert result.status == "incorrect"
    assert "No exercise with id '00-demo-meen'" in result.message
    assert "'00-demo-mean'" in result.message  # the close match
    assert ex.results() == {}


def test_check_finds_the_answer_by_name_when_not_given(monkeypatch):
    monkeypatch.setitem(globals(), "mean", 3.0)
    assert ex.check(DEMO_VALUE.id).status == "correct"
    monkeypatch.delitem(globals(), "mean")
    result = ex.check(DEMO_VALUE.id)
    assert result.status == "not attempted"
    assert "`mean` is not defined yet" in result.message


def test_results_are_recorded_and_copied():
    ex.check(DEMO_VALUE.id, 3.0)
    ex.check(DEMO_FUNCTION.id, ...)
    ex.check(DEMO_CUSTOM.id, lambda: 0)
    copy = ex.results()
    assert copy == {
        "00-demo-mean": "correct",
        "00-demo-sigmoid-prime": "not attempted",
        "00-demo-custom": "incorrect",
    }
    copy.clear()
    assert len(ex.results()) == 3
    ex.check(DEMO_VALUE.id, 1.0)  # the latest check counts
    assert ex.results()["00-demo-mean"] == "incorrect"


def test_result_display_is_one_stable_line():
    result = ex.check(DEMO_VALUE.id, 3.0)
    assert bool(result) and result.correct
    text = pretty(result)
    assert text == str(result) == "✔ Correct (The mean of 1, 2 and 6): `mean` = 3 is right."
    assert "\n" not in text and "0x" not in text
    html = result._repr_html_()
    assert 'class="nnbook-check nnbook-check-correct"' in html
    assert "<code>mean</code>" in html
    assert ex.check(DEMO_VALUE.id, 3.0)._repr_html_() == html  # same every time
    blank = ex.check(DEMO_VALUE.id, ...)
    assert not blank
    assert str(blank).startswith("○ Not attempted (The mean of 1, 2 and 6): ")
    assert "nnbook-check-not-attempted" in blank._repr_html_()
    wrong = ex.check(DEMO_VALUE.id, "<b>")
    assert "&lt;b&gt;" in wrong._repr_html_()


def test_hint_display():
    first = ex.hint(DEMO_VALUE.id)
    assert str(first) == "Hint 1 of 3 (The mean of 1, 2 and 6): Add them up."
    assert pretty(first) == str(first)
    assert "Hint 1 of 3" in first._repr_html_()
    ex.reset_progress()
    assert ex.hint(DEMO_VALUE.id).number == 1


def test_top_level_exports():
    assert nnbook.check is ex.check
    assert nnbook.hint is ex.hint
    assert nnbook.solution is ex.solution
    for name in ("check", "hint", "solution", "show_source", "exercises", "plots", "widgets"):
        assert name in nnbook.__all__


# --------------------------------------------------------------------------------------------
# Registry and definitions
# --------------------------------------------------------------------------------------------


def test_get_and_register():
    assert ex.get(DEMO_VALUE.id) is DEMO_VALUE
    with pytest.raises(KeyError, match="Did you mean '00-demo-mean'"):
        ex.get("00-demo-mea")
    # Registering the same exercise again (a reloaded lesson module) is fine ...
    twin = ex.value_exercise(
        DEMO_VALUE.id, DEMO_VALUE.title, "mean", 3.0, hints=["a", "b"],
        solution_code=DEMO_VALUE.solution_code, wrong_examples=[("mean = 9", "sum")],
    )  # fmt: skip
    try:
        assert ex.register(twin) is twin
    finally:
        ex.unregister(DEMO_VALUE.id)
        ex.register(DEMO_VALUE)
    # ... a different one under a taken id is not.
    other = ex.value_exercise(
        DEMO_VALUE.id, "Something else", "x", 1, hints=["a", "b"], solution_code="x = 1",
        wrong_examples=[("x = 2", "not right")],
    )  # fmt: skip
    with pytest.raises(ValueError, match="already registered"):
        ex.register(other)
    with pytest.raises(TypeError, match="expects an Exercise"):
        ex.register("00-demo")


@pytest.mark.parametrize(
    "changes, error, match",
    [
        ({"id": "Lesson 1"}, ValueError, "lowercase letters, digits and hyphens"),
        ({"answer_name": "my answer"}, ValueError, "answer_name must be a Python variable"),
        ({"answer_name": "lambda"}, ValueError, "answer_name must be a Python variable"),
        ({"hints": ["only one"]}, ValueError, "at least two non-empty hints"),
        ({"hints": ["one", " "]}, ValueError, "at least two non-empty hints"),
        ({"wrong_examples": []}, ValueError, "at least one wrong example"),
        ({"solution_code": "def f(:"}, ValueError, "solution_code of exercise .* not valid"),
        ({"checker": 3}, TypeError, "checker must be callable"),
    ],
)
def test_exercise_definitions_are_validated(changes, error, match):
    fields = dict(
        id="00-demo-ok", title="t", answer_name="x", checker=lambda a: (True, ""),
        hints=["a", "b"], solution_code="x = 1", wrong_examples=[("x = 2", "no")],
    )  # fmt: skip
    fields.update(changes)
    with pytest.raises(error, match=match):
        ex.Exercise(**fields)


def test_run_answer_requires_the_answer_name():
    with pytest.raises(ValueError, match="does not define 'mean'"):
        ex.run_answer(DEMO_VALUE, "average = 3")


def test_lesson_modules_in_the_package_are_imported(tmp_path, monkeypatch):
    (tmp_path / "lesson98.py").write_text(
        textwrap.dedent(
            """\
            from nnbook.exercises import register, value_exercise

            register(value_exercise(
                "98-demo-loaded", "Loaded from a lesson module", "x", 1,
                hints=["a", "b"], solution_code="x = 1", wrong_examples=[("x = 2", "not")],
            ))
            """
        )
    )
    (tmp_path / "helpers98.py").write_text("raise RuntimeError('not a lesson: never imported')")
    package = sys.modules["nnbook.exercises"]
    monkeypatch.setattr(package, "__path__", [*package.__path__, str(tmp_path)])
    monkeypatch.setattr(_core, "_lessons_loaded", False)
    try:
        assert ex.get("98-demo-loaded").title == "Loaded from a lesson module"
        assert "nnbook.exercises.lesson98" in sys.modules
        assert "nnbook.exercises.helpers98" not in sys.modules
    finally:
        ex.unregister("98-demo-loaded")
        sys.modules.pop("nnbook.exercises.lesson98", None)


def test_a_lesson_module_that_fails_is_reported_by_check(tmp_path, monkeypatch):
    (tmp_path / "lesson97.py").write_text("raise ImportError('lesson97 is broken')")
    package = sys.modules["nnbook.exercises"]
    monkeypatch.setattr(package, "__path__", [*package.__path__, str(tmp_path)])
    monkeypatch.setattr(_core, "_lessons_loaded", False)
    try:
        result = ex.check(DEMO_VALUE.id, 3.0)
        assert result.status == "incorrect"
        assert "lesson97 is broken" in result.message
        with pytest.raises(ImportError, match="lesson97 is broken"):
            ex.all_exercises()
    finally:
        sys.modules.pop("nnbook.exercises.lesson97", None)
