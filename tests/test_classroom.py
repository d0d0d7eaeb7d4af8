"""The teacher's kit: ``python -m nnbook.classroom nbgrader DIR``, and a course graded by the
real nbgrader.

The unit tests check the command's options and errors and the rewritten cells. The last test
runs nbgrader itself in a temporary course (under 2 minutes on a 2-core machine): every lesson
is generated and its source validated with every cell executed (``validate_all``: any error
or stderr fails it, as nbval would); the releases fail ``validate --invert`` (the lessons that
train on MNIST are checked statically instead, to keep the time); and three submissions of
lesson 01 are autograded: the solved one gets full marks, the untouched release zero on every
test cell, one with a single wrong answer loses exactly that exercise's points, and its
feedback holds the check's message. The Chinese course (``--language zh_CN``) is graded too,
lesson 01 only (about 30 s on a busy 2-core machine): one submission with a wrong answer and a
blank one, whose feedback says why in Chinese.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import nnbook
from nnbook import exercises, messages
from nnbook.classroom import (
    find_lessons,
    find_notebooks,
    grade,
    hint,
    parse_points,
    select_lessons,
    solution,
    source_notebook,
    write_nbgrader_course,
)
from nnbook.classroom.__main__ import lesson_folder, main
from nnbook.classroom.course import CLASSROOM_IMPORT
from nnbook.exercises import answer_cells

ROOT = Path(__file__).resolve().parent.parent
LESSONS = find_lessons(ROOT / "notebooks")
CHINESE_LESSONS = find_lessons(ROOT / "notebooks" / "zh_CN")  # the edition --language zh_CN reads
HAN = re.compile(r"[\u4e00-\u9fff]")  # a Chinese character
STUB = "raise NotImplementedError()"


def run_cli(*args: str) -> int:
    try:
        return main(["nbgrader", *args])
    except SystemExit as stop:
        return stop.code


# ----------------------------------------------------------------- the command


def test_lessons_are_every_notebook_from_01_to_the_last():
    numbers = [lesson.number for lesson in LESSONS]
    assert numbers == [f"{n:02d}" for n in range(1, len(numbers) + 1)]
    assert [p.name[:2] for p in find_notebooks(ROOT / "notebooks")] == ["00", *numbers]


def test_help_documents_every_option(capsys):
    assert run_cli("--help") == 0
    text = capsys.readouterr().out
    for option in ("--lessons", "--points", "--default-points", "--force", "--course-id"):
        assert option in text, f"--help does not mention {option}"
    assert "--points 01-my-sigmoid-prime=3" in text
    assert 'pip install -e ".[classroom]"' in text
    assert "nbgrader autograde" in text and "NNBOOK_DATA_DIR" in text


def test_writes_config_and_one_source_notebook_per_lesson(tmp_path, capsys):
    course = tmp_path / "course"
    assert run_cli(str(course)) == 0
    assert "Wrote" in capsys.readouterr().out
    config = (course / "nbgrader_config.py").read_text()
    assert "c.CourseDirectory.course_id = 'nnbook'" in config
    assert "c.Execute.timeout = 600" in config
    written = sorted(p.relative_to(course).as_posix() for p in course.rglob("*.ipynb"))
    assert written == [f"source/{n.name}/{n.name}.ipynb" for n in LESSONS]


def test_a_directory_that_is_not_empty_needs_force(tmp_path, capsys):
    course = tmp_path / "course"
    (course / "submitted" / "ada").mkdir(parents=True)
    (course / "submitted" / "ada" / "keep.txt").write_text("her work")
    assert run_cli(str(course), "--lessons", "01") == 1
    error = capsys.readouterr().err
    assert str(course) in error and "is not empty" in error and "--force" in error
    assert not (course / "source").exists()
    assert run_cli(str(course), "--lessons", "01", "--force") == 0
    assert (course / "source" / LESSONS[0].name / f"{LESSONS[0].name}.ipynb").is_file()
    assert (course / "submitted" / "ada" / "keep.txt").read_text() == "her work"


def test_an_unknown_lesson_lists_the_lessons(tmp_path, capsys):
    assert run_cli(str(tmp_path / "course"), "--lessons", "09") == 2
    error = capsys.readouterr().err
    assert "Unknown lesson '09'" in error
    for lesson in LESSONS:
        assert f"{lesson.number} ({lesson.name})" in error
    assert not (tmp_path / "course").exists()


def _graded_cells(notebook) -> list[tuple[dict, str]]:
    return [(c.metadata.nbgrader, c.source) for c in notebook.cells if "nbgrader" in c.metadata]


def test_language_zh_CN_writes_the_chinese_lessons(tmp_path, capsys):
    english, chinese = tmp_path / "en", tmp_path / "zh"
    assert run_cli(str(english)) == 0
    assert run_cli(str(chinese), "--language", "zh_CN") == 0
    assert lesson_folder(ROOT / "notebooks", "zh_CN") == ROOT / "notebooks" / "zh_CN"
    assert [lesson.name for lesson in CHINESE_LESSONS] == [lesson.name for lesson in LESSONS]
    for lesson in CHINESE_LESSONS:
        mine, theirs = (
            nbformat.read(course / "source" / lesson.name / f"{lesson.name}.ipynb", 4)
            for course in (chinese, english)
        )
        first = mine.cells[0]  # the edition's language cell, run first by nbgrader too
        assert first.cell_type == "code" and 'nnbook.set_language("zh_CN")' in first.source
        assert not any("set_language" in c.source for c in theirs.cells)  # English: the default
        markdown = [c.source for c in mine.cells if c.cell_type == "markdown"]
        assert HAN.search(markdown[0]), f"{lesson.name}: the title is not Chinese"
        assert sum(bool(HAN.search(m)) for m in markdown) >= 0.9 * len(markdown), lesson.name
        assert markdown != [c.source for c in theirs.cells if c.cell_type == "markdown"]
        # the same answer and test cells, points and ids: one gradebook for either language
        assert _graded_cells(mine) == _graded_cells(theirs), lesson.name
        assert sum(CLASSROOM_IMPORT in c.source for c in mine.cells) == 1
    capsys.readouterr()


def test_an_unknown_language_names_the_languages(tmp_path, capsys):
    assert run_cli(str(tmp_path / "course"), "--lessons", "01", "--language", "fr") == 2
    error = capsys.readouterr().err
    assert "--language must be one of en, zh_CN; got 'fr'" in error
    assert not (tmp_path / "course").exists()
    assert run_cli("--help") == 0
    assert "--language" in capsys.readouterr().out


def test_lessons_by_number_or_name_in_the_series_order():
    chosen = select_lessons(LESSONS, ["3,1", LESSONS[1].name])
    assert [lesson.number for lesson in chosen] == ["01", "02", "03"]
    assert select_lessons(LESSONS, None) == LESSONS


def test_without_nbgrader_the_error_says_how_to_install_it(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "nbgrader", None)  # makes `import nbgrader` fail
    assert run_cli(str(tmp_path / "course")) == 1
    error = capsys.readouterr().err
    assert "nbgrader is not installed" in error and 'pip install -e ".[classroom]"' in error
    assert not (tmp_path / "course").exists()


def test_points_per_exercise(tmp_path, capsys):
    assert parse_points(["01-slope-at-zero=3", "01-my-sigmoid-prime = 0.5"]) == {
        "01-slope-at-zero": 3.0,
        "01-my-sigmoid-prime": 0.5,
    }
    for bad in ("01-slope-at-zero", "01-slope-at-zero=three", "01-slope-at-zero=0"):
        with pytest.raises(ValueError, match="EXERCISE_ID=POINTS"):
            parse_points([bad])
    course = tmp_path / "course"
    args = ["--lessons", "01", "--points", "01-slope-at-zero=3", "--default-points", "2"]
    assert run_cli(str(course), *args) == 0
    notebook = nbformat.read(course / "source" / "01_sigmoid" / "01_sigmoid.ipynb", 4)
    points = {
        cell.metadata.nbgrader.grade_id: cell.metadata.nbgrader.points
        for cell in notebook.cells
        if cell.metadata.get("nbgrader", {}).get("grade")
    }
    ids = [exercise_id for _, exercise_id in answer_cells(notebook)]
    assert points == {f"{i}-test": 3 if i == "01-slope-at-zero" else 2 for i in ids}
    assert run_cli(str(tmp_path / "other"), "--lessons", "01", "--points", "02-x=2") == 2
    error = capsys.readouterr().err
    assert "'02-x', not an exercise of the chosen lessons" in error and ids[0] in error
    assert run_cli(str(tmp_path / "other"), "--points", "01-slope-at-zero=-1") == 2
    assert "EXERCISE_ID=POINTS" in capsys.readouterr().err
    assert run_cli(str(tmp_path / "other"), "--default-points", "0") == 2
    error = capsys.readouterr().err
    assert "--default-points" in error and "got 0.0" in error
    assert not (tmp_path / "other").exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"default_points": 0}, r"default_points .* must be a positive number; got 0\."),
        ({"default_points": float("nan")}, r"must be a positive number; got nan\."),
        ({"points": {"01-slope-at-zero": -2}}, r"positive numbers.*got \{'01-slope-at-zero': -2\}"),
        ({"points": {"01-slope-at-zero": True}}, r"positive numbers"),
    ],
)
def test_write_nbgrader_course_checks_the_points(tmp_path, options, message):
    with pytest.raises(ValueError, match=message):
        write_nbgrader_course(tmp_path / "course", ["01"], **options)
    assert not (tmp_path / "course").exists()


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.number)
def test_source_notebook_cells(lesson):
    from nbgrader.nbgraderformat import MetadataValidator

    notebook = source_notebook(lesson.path)
    MetadataValidator().validate_nb(notebook)  # nbgrader's own schema check
    assert all(not c.get("outputs") for c in notebook.cells if c.cell_type == "code")
    answers = answer_cells(notebook)
    graded = [c for c in notebook.cells if "nbgrader" in c.metadata]
    assert len(graded) == 2 * len(answers)
    for index, exercise_id in answers:
        exercise = exercises.get(exercise_id)
        cell = notebook.cells[index]
        assert cell.metadata.nbgrader == {
            "grade": False,
            "grade_id": exercise_id,
            "locked": False,
            "schema_version": 3,
            "solution": True,
        }
        assert cell.metadata.nnbook.exercise == exercise_id  # the self-study metadata stays
        body = cell.source.split("### BEGIN SOLUTION\n", 1)[1].split("### END SOLUTION")[0]
        solution_lines = exercise.solution_code.strip().splitlines()
        assert solution_lines[-1].strip() in body, f"{exercise_id}: the solution is not inside"
        if exercise.kind == "function":
            assert f"def {exercise.answer_name}(" in cell.source.split("### BEGIN")[0]
        test = notebook.cells[index + 1]  # the convention: the check cell is the next cell
        assert test.metadata.nbgrader == {
            "grade": True,
            "grade_id": f"{exercise_id}-test",
            "locked": True,
            "points": 1,
            "schema_version": 3,
            "solution": False,
        }
        assert test.source.startswith("from nnbook.classroom import grade\n")
        assert f'grade("{exercise_id}", ' in test.source and "check(" not in test.source
    if answers:
        assert sum(CLASSROOM_IMPORT in c.source for c in notebook.cells) == 1


def _lesson_01_changed(tmp_path: Path, change) -> Path:
    """A copy of lesson 01 with ``change(notebook, index)`` applied at its first function
    exercise's answer cell."""
    notebook = nbformat.read(LESSONS[0].path, 4)
    index = next(i for i, e in answer_cells(notebook) if exercises.get(e).kind == "function")
    change(notebook, index)
    path = tmp_path / LESSONS[0].path.name
    nbformat.write(notebook, path)
    return path


def _rename_argument(notebook, index):
    cell = notebook.cells[index]
    name = exercises.get(cell.metadata.nnbook.exercise).answer_name
    cell.source = cell.source.replace(f"def {name}(", f"def {name}(extra, ", 1)


def _markdown_after(notebook, index):
    notebook.cells.insert(index + 1, nbformat.v4.new_markdown_cell("Now check it."))


def _no_helpers_import(notebook, index):
    for cell in notebook.cells:
        if cell.cell_type == "code":  # `hint` and `solution` come from nnbook.exercises instead
            cell.source = re.sub(
                r"^from nnbook import", "from nnbook.exercises import", cell.source, flags=re.M
            )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_rename_argument, r"the blank's name or arguments differ from the solution's"),
        (_markdown_after, r"the cell right after the answer cell of '01-.*' should be a code"),
        (_no_helpers_import, r"no cell imports hint and solution from nnbook"),
    ],
    ids=["signature", "check-cell", "import"],
)
def test_a_lesson_that_breaks_the_convention_is_an_error(tmp_path, change, message):
    path = _lesson_01_changed(tmp_path, change)
    with pytest.raises(ValueError, match=message):
        source_notebook(path)


def test_the_committed_notebooks_are_left_as_they_are(tmp_path):
    before = {lesson.path: lesson.path.read_bytes() for lesson in LESSONS}
    write_nbgrader_course(tmp_path / "course")
    assert {lesson.path: lesson.path.read_bytes() for lesson in LESSONS} == before


# ----------------------------------------------------------------- what the kernel runs


def test_grade_fails_with_the_checks_own_message():
    try:
        exercises.reset_progress()
        wrong = str(exercises.check("01-slope-at-zero", 0.5))
        with pytest.raises(AssertionError) as failure:
            grade("01-slope-at-zero", 0.5)
        assert str(failure.value) == wrong and "0.5 is sigma(0)" in wrong
        with pytest.raises(AssertionError, match="Not attempted"):
            grade("01-slope-at-zero", ...)
        assert grade("01-slope-at-zero", 0.25) is None  # displayed, not returned
        with pytest.raises(ValueError, match="01-slope-at-zero"):
            grade("01-no-such-exercise", 1)
    finally:
        exercises.reset_progress()


def test_hint_works_and_solution_is_not_available():
    exercise = exercises.get("01-slope-at-zero")
    try:
        exercises.reset_progress()
        shown = [str(hint(exercise.id)) for _ in exercise.hints]
        assert [s.split(": ", 1)[1] for s in shown] == list(exercise.hints)
        last = str(hint(exercise.id))
        assert "Ask your teacher" in last and "solution(" not in last
        note = solution(exercise.id)
        assert "not available in the graded version" in str(note)
        assert 'class="nnbook-solution-unavailable"' in note._repr_html_()
        assert "not available in the graded version" in note._repr_html_()
        assert exercise.solution_code.strip() not in str(note) + note._repr_html_()
        with pytest.raises(ValueError, match="01-slope-at-zero"):
            solution("01-no-such-exercise")
        # the self-study path is unchanged
        assert exercises.solution(exercise.id).data == exercise.solution_code
        assert exercises.check(exercise.id, ...).status == "not attempted"
        assert nnbook.solution is exercises.solution
    finally:
        exercises.reset_progress()


# ----------------------------------------------------------------- the real nbgrader


def _environment() -> dict[str, str]:
    env = dict(os.environ)  # NNBOOK_DATA_DIR from the mnist_environment fixture
    # nbgrader runs the `alembic` script when it creates gradebook.db: find this venv's
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    # two nbgrader processes run at once: one BLAS thread each, or they fight for the cores
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[name] = "1"
    return env


def _nbgrader(course: Path, *args: str, background: bool = False):
    command = [sys.executable, "-m", "nbgrader", *args]
    options = dict(cwd=course, env=_environment(), text=True)
    if background:
        return subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **options
        )
    done = subprocess.run(command, capture_output=True, timeout=300, **options)
    assert done.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{done.stdout}{done.stderr}"
    return done.stdout + done.stderr


def _uses_mnist(lesson) -> bool:
    return "load_mnist" in lesson.path.read_text()


def _paths(kind: str, lessons) -> list[str]:
    return [f"{kind}/{lesson.name}/{lesson.name}.ipynb" for lesson in lessons]


def _failures(output: str) -> str:
    """nbgrader validate's report of the failing cells, without its log lines."""
    lines = [line for line in output.splitlines() if not line.startswith("[")]
    text = "\n".join(lines)
    return text[text.index("VALIDATION FAILED") :][:6000]


def _submit(course: Path, student: str, release: Path, answers: dict[str, str]) -> None:
    notebook = nbformat.read(release, 4)
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and meta["grade_id"] in answers:
            cell.source = answers[meta["grade_id"]]
    folder = course / "submitted" / student / release.parent.name
    folder.mkdir(parents=True)
    nbformat.write(notebook, folder / release.name)


def _scores(course: Path, lesson, students) -> dict[str, dict[str, tuple[float, float]]]:
    """``{student: {grade id: (score, max score)}}`` from the course's gradebook."""
    from nbgrader.api import Gradebook

    scores = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "nnbook") as gradebook:
        for student in students:
            submitted = gradebook.find_submission_notebook(lesson.name, lesson.name, student)
            scores[student] = {g.name: (g.score, g.max_score) for g in submitted.grades}
    return scores


def _feedback_text(course: Path, student: str, lesson) -> str:
    """The text of a student's feedback page (``nbgrader generate_feedback``), tags removed."""
    feedback = course / "feedback" / student / lesson.name / f"{lesson.name}.html"
    return html.unescape(re.sub(r"<[^>]+>", "", feedback.read_text(encoding="utf-8")))


def _check_message(exercise_id: str, answer, language: str = "en") -> str:
    """What ``grade`` raises for ``answer`` in ``language``: the check's own line."""
    try:
        exercises.reset_progress()
        messages.set_language(language)
        return str(exercises.check(exercise_id, answer))
    finally:
        messages.set_language("en")
        exercises.reset_progress()


def test_a_course_graded_by_the_real_nbgrader(tmp_path, mnist_environment):
    course = tmp_path / "course"
    lesson = LESSONS[0]  # 01, a fast one: autograded three times
    points = {"01-slope-at-zero": 3}
    assert run_cli(str(course), "--points", "01-slope-at-zero=3") == 0
    _nbgrader(course, "generate_assignment", "*")
    releases = {
        other.name: course / "release" / other.name / f"{other.name}.ipynb" for other in LESSONS
    }
    assert all(path.is_file() for path in releases.values())

    # Every source notebook with every cell executed: no error, nothing on stderr, every test
    # passes. The MNIST lessons run in the background while the rest of the test goes on.
    slow = [o for o in LESSONS if _uses_mnist(o)]
    quick = [o for o in LESSONS if not _uses_mnist(o)]
    validate_sources = ("validate", "--Validator.validate_all=True")
    sources = _nbgrader(course, *validate_sources, *_paths("source", slow), background=True)
    try:
        # the releases: no solution left, and no test passes
        for name, path in releases.items():
            source = nbformat.read(course / "source" / name / f"{name}.ipynb", 4)
            released = nbformat.read(path, 4)
            for mine, theirs in zip(source.cells, released.cells, strict=True):
                meta = mine.metadata.get("nbgrader", {})
                if meta.get("solution"):
                    assert STUB in theirs.source and "BEGIN SOLUTION" not in theirs.source
                elif meta.get("grade"):
                    assert theirs.source == mine.source
        inverted = _nbgrader(course, "validate", "--invert", *_paths("release", quick))
        assert inverted.count("Success! The notebook does not pass any tests.") == len(quick)
        assert "The following cell passed" not in inverted

        # three submissions of lesson 01
        release = releases[lesson.name]
        ids = [i for _, i in answer_cells(nbformat.read(lesson.path, 4))]
        solved = {i: exercises.get(i).solution_code for i in ids}
        wrong_id, wrong_answer = "01-slope-at-zero", "slope_at_zero = 0.5\n"
        _submit(course, "solved", release, solved)
        _submit(course, "untouched", release, {})
        _submit(course, "one-wrong", release, {**solved, wrong_id: wrong_answer})
        _nbgrader(course, "autograde", lesson.name)
        scores = _scores(course, lesson, ("solved", "untouched", "one-wrong"))
        expected_max = {f"{i}-test": float(points.get(i, 1)) for i in ids}
        for student, grades in scores.items():
            assert {k: m for k, (_, m) in grades.items()} == expected_max, student
        assert {k: s for k, (s, _) in scores["solved"].items()} == expected_max
        assert {k: s for k, (s, _) in scores["untouched"].items()} == dict.fromkeys(
            expected_max, 0.0
        )
        lost = {k: m - scores["one-wrong"][k][0] for k, m in expected_max.items()}
        assert lost == {k: (3.0 if k == f"{wrong_id}-test" else 0.0) for k in expected_max}

        _nbgrader(course, "generate_feedback", lesson.name)
        message = _check_message(wrong_id, 0.5)
        text = _feedback_text(course, "one-wrong", lesson)
        assert message in text, f"the feedback lacks the check's message {message!r}"

        output = _nbgrader(course, *validate_sources, *_paths("source", quick))
    finally:
        output_slow, _ = sources.communicate(timeout=300)
    assert sources.returncode == 0, output_slow
    output += output_slow
    assert "VALIDATION FAILED" not in output, _failures(output)
    assert output.count("Success! Your notebook passes all the tests.") == len(LESSONS), output


def test_a_chinese_course_graded_by_the_real_nbgrader(tmp_path, mnist_environment, monkeypatch):
    # strict: a message the catalog lacks would raise in the kernel instead of being English
    monkeypatch.setenv("NNBOOK_STRICT_TRANSLATIONS", "1")
    monkeypatch.delenv("NNBOOK_LANG", raising=False)  # the lesson's first cell sets zh_CN
    course = tmp_path / "course"
    lesson = CHINESE_LESSONS[0]  # 01, the fast one
    assert run_cli(str(course), "--lessons", "01", "--language", "zh_CN") == 0
    _nbgrader(course, "generate_assignment", lesson.name)
    release = course / "release" / lesson.name / f"{lesson.name}.ipynb"

    # one wrong answer, one left blank (the lesson's own `name = ...`), the others solved
    notebook = nbformat.read(lesson.path, 4)
    blanks = {i: notebook.cells[index].source for index, i in answer_cells(notebook)}
    wrong_id, wrong_answer = "01-slope-at-zero", "slope_at_zero = 0.5\n"
    blank_id = "01-saturation-point"
    assert blanks[blank_id].rstrip().endswith("z_saturation = ...")
    answers = {i: exercises.get(i).solution_code for i in blanks}
    answers.update({wrong_id: wrong_answer, blank_id: blanks[blank_id]})
    _submit(course, "one-wrong", release, answers)
    _nbgrader(course, "autograde", lesson.name)
    grades = _scores(course, lesson, ["one-wrong"])["one-wrong"]
    failed = {f"{wrong_id}-test", f"{blank_id}-test"}
    assert {k: s for k, (s, _) in grades.items()} == {
        f"{i}-test": (0.0 if f"{i}-test" in failed else 1.0) for i in blanks
    }

    _nbgrader(course, "generate_feedback", lesson.name)
    text = _feedback_text(course, "one-wrong", lesson)
    wrong = _check_message(wrong_id, 0.5, "zh_CN")
    blank = _check_message(blank_id, ..., "zh_CN")
    assert wrong.startswith("✘ 还不对（") and blank.startswith("○ 未作答（")
    assert f"AssertionError: {wrong}" in text, f"the feedback lacks {wrong!r}"
    assert f"AssertionError: {blank}" in text, f"the feedback lacks {blank!r}"
    assert "Not yet" not in text and "Not attempted" not in text
    assert "MissingTranslationError" not in text
