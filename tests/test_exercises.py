"""Checked exercises: every registered exercise keeps the authoring rules; the framework behaves.

The first part iterates over the whole registry (the lessons' exercises, loaded from
``nnbook/exercises/lessonNN.py``, and the demo exercises below): the authoring rules of the
package docstring (id, hints, the solution passes, each wrong answer gets its message, a blank
is "not attempted"). The rest tests the framework with the demo exercises, then the messages
that the lessons' exercises give for the near misses learners make.
"""

from __future__ import annotations

import dataclasses
import keyword
import re
import sys
import textwrap
import threading
import time
import warnings
from pathlib import Path

import numpy as np
import pytest
from IPython.display import Code
from IPython.lib.pretty import pretty

import nnbook
from nnbook import exercises as ex
from nnbook.exercises import _registry, _time_limit, lesson03


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # = 1 / (1 + e^-z), without overflow


def _forgets_return(z):
    s = sigmoid(z)  # noqa: F841 - the mistake being demonstrated


# Demo exercises, registered at import so that the registry-wide tests cover them too.
@ex.function_exercise(
    "00-demo-sigmoid-prime",
    "The derivative of the sigmoid",
    inputs=[0.0, 2.0, -1000.0, 1000.0, np.linspace(-5.0, 5.0, 7), np.zeros((2, 3))],
    mistakes=[
        (sigmoid, "did you multiply sigma(z) by 1 - sigma(z)?"),
        (lambda z: 1.0 - sigmoid(z), "that is only 1 - sigma(z): multiply it by sigma(z)."),
    ],
    wrong_answers=[(_forgets_return, "forget the `return`")],
    hints=["The derivative is built from sigma itself.", "sigma(z) * (1 - sigma(z))."],
)
def sigmoid_prime(z):
    return sigmoid(z) * (1 - sigmoid(z))


@ex.value_exercise(
    "00-demo-mean",
    "The mean of 1, 2 and 6",
    expected=3.0,
    mistakes={
        9.0: "that is the sum: divide it by how many numbers there are.",
        (lambda answer: np.isclose(answer, 2.0)): "that is the median, not the mean.",
    },
    wrong_answers=[(2, "the median")],
    hints=["Add them up.", "Divide the sum, 9, by 3.", "(1 + 2 + 6) / 3"],
)
def mean():
    return (1 + 2 + 6) / 3


@ex.value_exercise(
    "00-demo-weights",
    "A weight matrix for 3 inputs and 2 neurons",
    hints=["W has shape (n_in, n_out).", "np.arange(6.0).reshape(3, 2)"],
    wrong_answers=[(np.arange(6.0).reshape(2, 3), "(transposed?)")],
)
def W():
    values = np.arange(6.0)  # 0, 1, ..., 5
    return values.reshape(3, 2)


def _demo_checker(answer, exercise):
    if answer() != 42:  # the answer is a function of no arguments; it may raise
        return False, f"the function returned {answer()!r}, not the answer to everything"
    return True, "that is the answer"


@ex.custom_exercise(
    "00-demo-custom",
    "A custom checker",
    checker=_demo_checker,
    kind="function",
    hints=["A function with no arguments.", "It returns 42."],
    wrong_answers=[(lambda: 41, "returned 41")],
)
def answer():
    return 42


DEMO_FUNCTION, DEMO_VALUE, DEMO_MATRIX, DEMO_CUSTOM = (
    ex.get(i)
    for i in ("00-demo-sigmoid-prime", "00-demo-mean", "00-demo-weights", "00-demo-custom")
)
EXERCISES = ex.all_exercises()
WRONG = [(e, answer, fragment) for e in EXERCISES for answer, fragment in e.wrong_answers]


def solved(exercise: ex.Exercise):
    """What a learner who solved ``exercise`` has defined: the function, or its value."""
    return exercise.solution if exercise.kind == "function" else exercise.solution()


@pytest.fixture(autouse=True)
def _fresh_progress():
    ex.reset_progress()
    yield
    ex.reset_progress()


def _check_quietly(exercise_id, answer):
    with warnings.catch_warnings():
        # Typical wrong answers overflow; a learner sees numpy's warning, the test need not.
        warnings.simplefilter("ignore", RuntimeWarning)
        return ex.check(exercise_id, answer)


# --------------------------------------------------------------------------------------------
# The authoring rules, for every registered exercise
# --------------------------------------------------------------------------------------------


def test_lesson_modules_are_loaded_and_demos_registered():
    ids = {e.id for e in EXERCISES}
    assert {"00-demo-sigmoid-prime", "00-demo-mean", "00-demo-weights"} <= ids
    for path in sorted(Path(ex.__file__).parent.glob("lesson[0-9]*.py")):
        assert f"nnbook.exercises.{path.stem}" in sys.modules, f"{path.name} was not imported"
        number = path.stem.removeprefix("lesson")
        assert any(i.startswith(f"{number}-") for i in ids), f"{path.name} registered nothing"


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.id for e in EXERCISES])
def test_definition_follows_the_rules(exercise):
    assert re.fullmatch(r"\d\d-[0-9a-z]+(-[0-9a-z]+)*", exercise.id), exercise.id
    assert exercise.title.strip()
    assert exercise.answer_name.isidentifier() and not keyword.iskeyword(exercise.answer_name)
    assert exercise.kind in ("value", "function")
    assert len(exercise.hints) >= 2, "at least two hints, from a gentle nudge to nearly there"
    assert all(isinstance(h, str) and h.strip() for h in exercise.hints)
    assert exercise.wrong_answers, "at least one typical wrong answer, with its message"


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.id for e in EXERCISES])
def test_solution_passes_its_check(exercise):
    result = ex.check(exercise.id, solved(exercise))
    assert result.status == "correct", str(result)
    assert ex.results() == {exercise.id: "correct"}


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.id for e in EXERCISES])
def test_answer_cell_runs_and_defines_the_solution(exercise):
    # The cell that solution() shows (and the notebook test runs), run with the lesson
    # module's names, defines the answer, and that answer passes.
    namespace = dict(sys.modules[exercise.solution.__module__].__dict__)
    namespace.pop(exercise.answer_name)
    exec(compile(exercise.solution_code, f"<{exercise.id}>", "exec"), namespace)
    assert ex.check(exercise.id, namespace[exercise.answer_name]).status == "correct"
    assert "@" not in exercise.solution_code.splitlines()[0], "the decorator is not shown"


@pytest.mark.parametrize(
    "exercise, answer, fragment", WRONG, ids=[f"{e.id}-{i}" for i, (e, _, _) in enumerate(WRONG)]
)
def test_wrong_answer_fails_with_its_message(exercise, answer, fragment):
    result = _check_quietly(exercise.id, answer)
    assert result.status == "incorrect", str(result)
    assert fragment in result.message, f"expected {fragment!r} in: {result.message}"
    assert ex.results() == {exercise.id: "incorrect"}


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.id for e in EXERCISES])
def test_blank_answer_is_not_attempted(exercise):
    def blank(*args, **kwargs):
        """What the notebook's answer cell ships with."""
        ...

    assert ex.check(exercise.id, ...).status == "not attempted"
    if exercise.kind == "function":
        assert ex.check(exercise.id, blank).status == "not attempted"
    assert ex.results() == {exercise.id: "not attempted"}


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.id for e in EXERCISES])
def test_hints_come_in_order_then_run_out(exercise):
    for number, text in enumerate(exercise.hints, start=1):
        shown = ex.hint(exercise.id)
        assert (shown.number, shown.total, shown.text) == (number, len(exercise.hints), text)
    for _ in range(2):
        last = ex.hint(exercise.id)
        assert last.number == 0
        assert "No more hints" in str(last)
        assert f'solution("{exercise.id}")' in str(last)


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.id for e in EXERCISES])
def test_solution_is_highlighted_code_of_the_solution_function(exercise):
    shown = ex.solution(exercise.id)
    assert isinstance(shown, Code)
    assert shown.data == exercise.solution_code
    assert "<span" in shown._repr_html_()  # pygments markup


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.id for e in EXERCISES])
def test_learner_text_does_not_mention_the_seeds(exercise):
    texts = [*exercise.hints, exercise.title, *(f for _, f in exercise.wrong_answers)]
    for text in texts:
        assert not re.search(r"\bseeds?\b", text, re.IGNORECASE), text


def test_answer_cells_of_both_kinds():
    assert DEMO_FUNCTION.solution_code == (
        "def sigmoid_prime(z):\n    return sigmoid(z) * (1 - sigmoid(z))\n"
    )
    assert DEMO_MATRIX.solution_code == (
        "values = np.arange(6.0)  # 0, 1, ..., 5\nW = values.reshape(3, 2)\n"
    )


# --------------------------------------------------------------------------------------------
# Function exercises
# --------------------------------------------------------------------------------------------


def test_function_message_names_input_result_expected_and_mistake():
    result = ex.check(DEMO_FUNCTION.id, sigmoid)
    assert result.message == (
        "sigmoid_prime(0) gave 0.5, expected 0.25: did you multiply sigma(z) by 1 - sigma(z)?"
    )
    assert str(result) == ("✘ Not yet (The derivative of the sigmoid): " + result.message)


def test_function_without_known_mistake_counts_wrong_inputs():
    result = ex.check(DEMO_FUNCTION.id, lambda z: np.asarray(z) * 0 + 0.25)
    # right at 0 and on zeros((2, 3)) (0.25); wrong at 2, +-1000 and on the linspace.
    # sigma'(2) = e^-2 / (1 + e^-2)^2 = 0.104994
    assert result.message == (
        "sigmoid_prime(2) gave 0.25, expected 0.104994 (wrong on 4 of 6 inputs)"
    )


def test_function_edge_cases_catch_overflow_to_nan():
    with np.errstate(over="ignore", invalid="ignore"):
        result = ex.check(DEMO_FUNCTION.id, lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2)
    assert result.message.startswith("sigmoid_prime(-1000) gave nan, expected 0")
    assert "overflow" in result.message


def test_function_shape_mismatch_is_reported():
    result = ex.check(DEMO_FUNCTION.id, lambda z: np.atleast_1d(sigmoid_prime(z)))
    assert result.message.startswith(
        "sigmoid_prime(0) gave an array of shape (1,), expected a single number"
    )


def test_function_that_raises_is_incorrect_with_the_exception():
    def raises(z):
        raise ValueError("no idea")

    assert (ex.check(DEMO_FUNCTION.id, raises).message) == (
        "sigmoid_prime(0) raised ValueError: no idea"
    )


def test_answer_that_is_not_a_function():
    result = ex.check(DEMO_FUNCTION.id, 0.25)
    assert result.status == "incorrect"
    assert "should be a function" in result.message and "0.25" in result.message


def test_answer_cannot_change_the_inputs_of_later_checks():
    def scribbles(z):  # a correct answer that overwrites its argument after computing
        result = sigmoid_prime(z)
        if isinstance(z, np.ndarray):
            z[...] = 99.0
        return result

    assert ex.check(DEMO_FUNCTION.id, scribbles).status == "correct"
    assert ex.check(DEMO_FUNCTION.id, sigmoid_prime).status == "correct"


def test_warnings_are_errors_rejects_an_overflowing_formula():
    @ex.function_exercise(
        "00-demo-stable-sigmoid",
        "A sigmoid that never overflows",
        inputs=[0.0, 1000.0, -1000.0],
        warnings_are_errors=True,
        hints=["exp(-z) overflows for z = -1000.", "Use np.tanh."],
    )
    def stable_sigmoid(z):
        return 0.5 * (1 + np.tanh(0.5 * z))

    try:
        result = ex.check("00-demo-stable-sigmoid", lambda z: 1 / (1 + np.exp(-z)))
        assert result.message == (
            "stable_sigmoid(-1000) raised RuntimeWarning: overflow encountered in exp"
        )
        assert ex.check("00-demo-stable-sigmoid", stable_sigmoid)
    finally:
        ex.unregister("00-demo-stable-sigmoid")


# --------------------------------------------------------------------------------------------
# The blank rule
# --------------------------------------------------------------------------------------------


def _defined(source: str):
    namespace: dict = {}
    exec(textwrap.dedent(source), namespace)
    return namespace["f"]


@pytest.mark.parametrize(
    "source",
    [
        "def f(z): ...",
        "def f(z):\n    ...",
        'def f(z):\n    """Return sigma\'(z)."""\n    ...',
        "def f(z):\n    pass",
    ],
)
def test_a_function_whose_body_is_the_blank_is_not_attempted(source):
    result = ex.check(DEMO_FUNCTION.id, _defined(source))
    assert result.status == "not attempted", str(result)
    assert "replace the `...`" in result.message


def test_a_function_that_does_something_is_checked():
    assert ex.check(DEMO_FUNCTION.id, _defined("def f(z):\n    return ...")).status == "incorrect"
    assert ex.check(DEMO_VALUE.id, None).status == "incorrect"


def test_the_notebooks_blank_cells_are_blank():
    nbformat = pytest.importorskip("nbformat")
    from nnbook.classroom import find_notebooks

    for path in find_notebooks():
        notebook = nbformat.read(path, as_version=4)
        for index, exercise_id in ex.answer_cells(notebook):
            exercise, source = ex.get(exercise_id), notebook.cells[index].source
            namespace: dict = {}
            exec(source, namespace)
            result = ex.check(exercise.id, namespace[exercise.answer_name])
            assert result.status == "not attempted", f"{path.name}: {source}"


# --------------------------------------------------------------------------------------------
# Safe and strict: time limit, exit(), complex numbers and strings, unknown ids
# --------------------------------------------------------------------------------------------


def _forever(z):
    while True:
        pass


def test_an_answer_that_never_ends_is_stopped(monkeypatch):
    monkeypatch.setattr(_time_limit, "TIME_LIMIT_S", 0.3)
    start = time.perf_counter()
    result = ex.check(DEMO_FUNCTION.id, _forever)
    assert time.perf_counter() - start < 3
    assert result.status == "incorrect"
    assert result.message == "your function did not finish within 0.3 s: does a loop never end?"
    assert ex.check(DEMO_FUNCTION.id, sigmoid_prime)  # the timer is gone


def test_the_time_limit_is_five_seconds():
    assert ex.TIME_LIMIT_S == _time_limit.TIME_LIMIT_S == 5


def test_time_limit_off_the_main_thread(monkeypatch):
    monkeypatch.setattr(_time_limit, "TIME_LIMIT_S", 0.3)
    seen = []

    def slow(z):
        time.sleep(1.0)  # ends on its own: the fallback cannot interrupt it
        return sigmoid_prime(z)

    def in_a_thread():
        seen.append(ex.check(DEMO_FUNCTION.id, slow))
        seen.append(ex.check(DEMO_FUNCTION.id, sigmoid_prime))
        seen.append(ex.check(DEMO_CUSTOM.id, lambda: 1 / 0))

    worker = threading.Thread(target=in_a_thread)
    worker.start()
    worker.join(10)
    assert "did not finish within 0.3 s" in seen[0].message
    assert seen[1].status == "correct"
    assert seen[2].message == "checking your answer raised ZeroDivisionError: division by zero"


def test_exit_is_reported_but_ctrl_c_gets_through():
    result = ex.check(DEMO_FUNCTION.id, lambda z: sys.exit(1))
    assert result.status == "incorrect"
    assert "SystemExit" in result.message and "exit()" in result.message

    def interrupted(z):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ex.check(DEMO_FUNCTION.id, interrupted)


def test_complex_answers_are_never_correct():
    result = ex.check(DEMO_VALUE.id, 3.0 + 0j)
    assert result.message == (
        "`mean` is a complex number (3+0j), expected a real number: drop the `j` part."
    )
    result = ex.check(DEMO_FUNCTION.id, lambda z: sigmoid_prime(z) + 1e-12j)
    assert result.status == "incorrect" and "gave a complex number" in result.message
    backprop = ex.get("04-backprop").solution
    result = ex.check("04-backprop", lambda *case: [[g + 1j for g in backprop(*case)[0]], [0]])
    assert "complex" in result.message


@pytest.mark.parametrize(
    "answer, fragment",
    [
        ("3", "`mean` is the text '3', expected a number: write 3 without the quotes."),
        ("three", "`mean` is 'three', expected a real number."),
        (np.array([3.0], dtype=object), "expected a real number."),
    ],
)
def test_strings_and_objects_are_not_numbers(answer, fragment):
    result = ex.check(DEMO_VALUE.id, answer)
    assert result.status == "incorrect"
    assert fragment in result.message


def test_unknown_ids_list_the_lessons_ids():
    result = ex.check("04-nope", 1)
    assert result.status == "incorrect"
    assert "No exercise with id '04-nope'. The ids of lesson 04: '04-backprop'" in result.message
    assert ex.results() == {}
    with pytest.raises(ValueError, match="The ids of lesson 00: '00-demo-custom'"):
        ex.hint("00-nope")
    with pytest.raises(ValueError, match="No exercise with id 'nope'. The ids of all lessons"):
        ex.solution("nope")


# --------------------------------------------------------------------------------------------
# Value exercises and near misses
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


def test_value_message_does_not_give_the_answer_away():
    result = ex.check(DEMO_VALUE.id, 4.0)
    assert result.message == 'mean = 4 is not right yet. hint("00-demo-mean") gives a hint.'


def test_value_shape_mismatch_says_transposed():
    result = ex.check(DEMO_MATRIX.id, np.zeros((2, 3)))
    assert result.message == (
        "`W` is an array of shape (2, 3), expected an array of shape (3, 2) (transposed?)."
    )


@pytest.mark.parametrize(
    "answer, message",
    [
        (-3.0, "check the sign: that is the expected value with its sign flipped."),
        (6.0, "twice too big: look for an extra factor 2"),
        (1.5, "half too small"),
    ],
)
def test_near_misses_of_a_value(answer, message):
    assert message in ex.check(DEMO_VALUE.id, answer).message


def test_near_misses_of_a_function():
    assert "check the sign" in ex.check(DEMO_FUNCTION.id, lambda z: -sigmoid_prime(z)).message
    result = ex.check(DEMO_FUNCTION.id, lambda z: sigmoid_prime(z) * 1.001)
    assert "keep more digits" in result.message


def test_n_times_too_big_where_the_exercise_knows_n():
    gradient = ex.get("02-weight-gradient").solution
    result = ex.check("02-weight-gradient", lambda X, Y, W, b: len(X) * gradient(X, Y, W, b))
    assert "n times too big (n = the number of examples)" in result.message
    result = ex.check("02-weight-gradient", lambda X, Y, W, b: gradient(X, Y, W, b) / len(X))
    assert "n times too small" in result.message


def test_integer_answers_are_not_close_by_rounding():
    assert "keep more digits" not in ex.check("03-count-parameters", 23_870).message


def test_value_exercise_with_strings_and_show_expected():
    @ex.value_exercise("00-demo-word", "A word", show_expected=True, hints=["It squashes.", "S."])
    def word():
        return "Sigmoid"

    try:
        assert ex.check("00-demo-word", "  SIGMOID ").correct
        assert ex.check("00-demo-word", "relu").message == (
            "word = 'relu' is not right yet. Expected 'Sigmoid'. hint(\"00-demo-word\") gives a "
            "hint."
        )
    finally:
        ex.unregister("00-demo-word")


# --------------------------------------------------------------------------------------------
# The lessons' exercises: the cases from the issue
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "exercise_id, answer, fragment",
    [
        ("06-softmax-ce-gradient", [-0.33, 0.24, 0.09], "close: keep more digits (don't round)"),
        ("06-init-std", 0.036, "close: keep more digits (don't round)"),
        ("06-momentum-speedup", -10, "check the sign"),
        ("03-dc-dx1", "w2", "w2 is x2's weight into h1"),
        ("01-saturation-point", 4.7, "already dropped below 0.01"),
    ],
)
def test_near_misses_from_the_issue(exercise_id, answer, fragment):
    if answer == "w2":
        answer = lesson03._paths("w1", "w2")  # delta_h1 w1 + delta_h2 w2, w2 for w3
    result = ex.check(exercise_id, answer)
    assert result.status == "incorrect"
    assert fragment in result.message
    assert "well below" not in result.message


def test_init_std_hint_agrees_with_the_notebook():
    assert any("near 2" in text for text in ex.get("06-init-std").hints)


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
# Registry
# --------------------------------------------------------------------------------------------


def test_get_and_register():
    assert ex.get(DEMO_VALUE.id) is DEMO_VALUE
    twin = ex.Exercise(**{**DEMO_VALUE.__dict__})  # a reloaded lesson module
    try:
        assert ex.register(twin) is twin
    finally:
        ex.register(DEMO_VALUE)
    other = ex.Exercise(**{**DEMO_VALUE.__dict__, "title": "Something else"})
    with pytest.raises(ValueError, match="already registered"):
        ex.register(other)


def test_lesson_modules_in_the_package_are_imported(tmp_path, monkeypatch):
    (tmp_path / "lesson98.py").write_text(
        textwrap.dedent(
            """\
            from nnbook.exercises import value_exercise

            @value_exercise("98-demo-loaded", "Loaded from a lesson module", hints=["a", "b"])
            def x():
                return 1
            """
        )
    )
    (tmp_path / "helpers98.py").write_text("raise RuntimeError('not a lesson: never imported')")
    package = sys.modules["nnbook.exercises"]
    monkeypatch.setattr(package, "__path__", [*package.__path__, str(tmp_path)])
    monkeypatch.setattr(_registry, "_lessons_loaded", False)
    try:
        assert ex.get("98-demo-loaded").title == "Loaded from a lesson module"
        assert ex.solution("98-demo-loaded").data == "x = 1\n"
        assert "nnbook.exercises.lesson98" in sys.modules
        assert "nnbook.exercises.helpers98" not in sys.modules
    finally:
        ex.unregister("98-demo-loaded")
        sys.modules.pop("nnbook.exercises.lesson98", None)


def test_a_lesson_module_that_fails_is_reported_by_check(tmp_path, monkeypatch):
    (tmp_path / "lesson97.py").write_text("raise ImportError('lesson97 is broken')")
    package = sys.modules["nnbook.exercises"]
    monkeypatch.setattr(package, "__path__", [*package.__path__, str(tmp_path)])
    monkeypatch.setattr(_registry, "_lessons_loaded", False)
    try:
        result = ex.check(DEMO_VALUE.id, 3.0)
        assert result.status == "incorrect"
        assert "lesson97 is broken" in result.message
        with pytest.raises(ImportError, match="lesson97 is broken"):
            ex.all_exercises()
    finally:
        sys.modules.pop("nnbook.exercises.lesson97", None)


# --------------------------------------------------------------------------------------------
# Issue 18: whole sentences, values as the learner wrote them, the mistake named
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "exercise_id, answer, message",
    [
        (
            "00-pixels",
            "784",
            "`pixels_per_image` is the text '784', expected a number: write 784 without the "
            "quotes.",
        ),
        (
            "04-bug-batch-size",
            "1",
            "`batch_size_per_step` is the text '1', expected a number: write 1 without the quotes.",
        ),
        (
            "04-bug-batch-size",
            "4",
            "`batch_size_per_step` is the text '4', expected a number: write 4 without the quotes.",
        ),
        (
            "01-saturation-point",
            3,
            "z_saturation = 3 is not right yet: at that z the slope is still above 0.01. Go "
            "further out.",
        ),
        (
            "01-steepest-slope",
            (0.25, 2),
            "steepest = (0.25, 2) is not right yet: the chain rule brings a factor w: d/dx "
            "sigma(w x + b) = w sigma'(w x + b), and w = 3.",
        ),
    ],
)
def test_glued_feedback_from_the_issue_is_one_sentence(exercise_id, answer, message):
    assert ex.check(exercise_id, answer).message == message


@pytest.mark.parametrize(
    "exercise, answer, fragment", WRONG, ids=[f"{e.id}-{i}" for i, (e, _, _) in enumerate(WRONG)]
)
def test_no_wrong_answer_gets_a_glued_message(exercise, answer, fragment):
    message = _check_quietly(exercise.id, answer).message
    assert "number of real numbers" not in message
    assert not re.search(r"\bnot (right )?yet: not yet\b", message, re.IGNORECASE), message
    if isinstance(answer, tuple):  # a tuple is shown as a tuple
        assert "[" not in message.partition(" is not right yet")[0], message


def _whole_columns(labels, n_classes):
    Y = np.zeros((len(labels), n_classes))
    Y[:, labels] = 1  # the classic: every row gets a 1 in every label's column
    return Y


def _dc_dx1_multiplied(net, x1, x2, y):
    v = net.forward(x1, x2)
    delta_o = (v.o - y) * v.o * (1 - v.o)
    delta_h1 = delta_o * net.w5 * v.h1 * (1 - v.h1)
    delta_h2 = delta_o * net.w6 * v.h2 * (1 - v.h2)
    return (delta_h1 * net.w1) * (delta_h2 * net.w3)  # the paths multiplied


def _backward_untransposed(weights, biases, X, Y):
    W1, W2 = weights
    b1, b2 = biases
    A1 = sigmoid(X @ W1 + b1)
    A2 = sigmoid(A1 @ W2 + b2)
    delta2 = (A2 - Y) / len(X) * A2 * (1 - A2)
    delta1 = (delta2 @ W2) * A1 * (1 - A1)  # W2 where W2.T belongs
    return [X.T @ delta1, A1.T @ delta2], [delta1.sum(axis=0), delta2.sum(axis=0)]


def _sigmoid_prime_with_math(z):
    import math

    s = 1 / (1 + math.exp(-z))
    return s * (1 - s)


def _crop_to_the_last(image):
    r, c = np.nonzero(image)
    return image[r.min() : r.max(), c.min() : c.max()]  # stops before the last row of ink


@pytest.mark.parametrize(
    "exercise_id, answer, fragment",
    [
        ("04-backprop", lesson03.two_layer_gradients, "unpacks a fixed number of layers"),
        ("05-one-hot", _whole_columns, "`Y[:, labels] = 1` puts a 1 in the columns of *all*"),
        ("03-dc-dx1", _dc_dx1_multiplied, "the two paths are multiplied"),
        ("03-count-parameters", 784 + 30 + 10, "that counts the neurons"),
        ("05-pixel-index", lambda row, col: 28 * (row - 1) + (col - 1), "already count from 0"),
        ("05-pixel-index", lambda row, col: 28 * (row - 1) + col, "already counts from 0"),
        ("07-centre-of-mass", (2.5, 2.75), "you counted the rows and columns from 1"),
        ("07-my-crop", _crop_to_the_last, "a slice `a:b` stops before `b`"),
        ("01-steepest-slope", (2, 0.75), "swapped"),
        ("03-matrix-backward", _backward_untransposed, "multiplies by its transpose, `W.T`"),
        ("01-my-sigmoid-prime", _sigmoid_prime_with_math, "`math.exp`"),
        ("05-single-output-digit", lambda a: round(9 * a), "Python's `round`"),
    ],
)
def test_the_learners_rough_edges_name_the_mistake(exercise_id, answer, fragment):
    result = _check_quietly(exercise_id, answer)
    assert result.status == "incorrect"
    assert fragment in result.message, result.message
    assert "gives a hint" not in result.message and "wrong on" not in result.message


@pytest.mark.parametrize(
    "guess, status, message",
    [
        (0.06, "correct", "yes, spot on: you predicted 6%, and the next cell measures about 6%."),
        (0.1, "correct", "You predicted 10%, and the next cell measures about 6%, 4 percentage "),
        (
            0.0,
            "correct",
            "you predicted 0%, and the next cell measures about 6%, 6 percentage points higher.",
        ),
        (0.15, "correct", "9 percentage points lower"),
        (
            0.3,
            "incorrect",
            "you predicted 30%; the next cell measures about 6%, 24 percentage "
            "points lower: the network does not cope.",
        ),
        (0.95, "incorrect", "89 percentage points lower"),
    ],
)
def test_shift_prediction_says_how_close_the_guess_was(guess, status, message):
    result = ex.check("07-shift-prediction", guess)
    assert result.status == status
    assert message in result.message


def test_the_package_holds_no_test_only_helpers():
    # every public method or property of Exercise is used by the package, a notebook or a tool
    root = Path(nnbook.__file__).parent.parent
    sources = [
        p.read_text()
        for pattern in ("nnbook/**/*.py", "notebooks/*.ipynb", "tools/*.py")
        for p in root.glob(pattern)
        if p.name != "_registry.py"
    ]
    fields = [f.name for f in dataclasses.fields(ex.Exercise)]
    members = [m for m in [*vars(ex.Exercise), *fields] if not m.startswith("_")]
    for member in members:
        assert any(f".{member}" in text for text in sources), f"Exercise.{member} is for tests"
