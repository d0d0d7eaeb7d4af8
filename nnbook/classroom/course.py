"""Write an nbgrader course from the lessons: ``source/<lesson>/<lesson>.ipynb`` and its config.

Each source notebook is the committed lesson, outputs cleared, with two kinds of cells turned
into nbgrader cells (metadata ``{"nbgrader": {...}}``, schema version 3):

- every **answer cell** (tag ``exercise``, metadata ``{"nnbook": {"exercise": id}}``) becomes a
  *solution cell* (``grade_id`` = the exercise id) that holds the exercise's reference solution
  (:attr:`nnbook.exercises.Exercise.solution_code`) between ``### BEGIN SOLUTION`` and
  ``### END SOLUTION``. For a function, the region is the function's body, under the
  signature and docstring of the notebook's blank; for a value, the whole answer, under the
  blank as a comment. ``nbgrader generate_assignment`` replaces the region with
  ``raise NotImplementedError()``;
- each answer cell's **check cell**, the very next cell, ``check("<id>", name)``, becomes a
  *locked, autograded test cell* (``grade_id`` ``<id>-test``, 1 point unless told otherwise)
  that runs ``grade("<id>", name)`` (:func:`nnbook.classroom.grade`): the same check, raising
  ``AssertionError`` with the check's message unless the answer is correct.

The lesson's import of ``hint`` and ``solution`` is followed by one importing the classroom's
versions: the same hints, and no worked solutions. Every other cell is left as it is. A lesson
that breaks these conventions (the blank's signature is not the solution's, no check cell right
after an answer cell, no import of ``hint`` and ``solution``) is a ``ValueError`` saying which.
"""

from __future__ import annotations

import ast
import importlib
import numbers
import re
import shutil
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from math import inf
from pathlib import Path
from typing import Any

import nnbook
from nnbook.exercises import Exercise, answer_cells, get
from nnbook.messages import say, say_n

__all__ = [
    "CLASSROOM_IMPORT",
    "Lesson",
    "find_lessons",
    "find_notebooks",
    "parse_points",
    "require_nbgrader",
    "select_lessons",
    "source_notebook",
    "write_nbgrader_course",
]

#: The line added after a lesson's import of ``hint``/``solution`` in the graded version.
CLASSROOM_IMPORT = (
    "from nnbook.classroom import hint, solution  # noqa: F811  (graded: no worked solutions)"
)
INSTALL_HINT = 'pip install -e ".[classroom]"'
DEFAULT_NOTEBOOK_DIR = Path(nnbook.__file__).resolve().parent.parent / "notebooks"

CONFIG_TEMPLATE = '''\
"""nbgrader's configuration for the nnbook course (written by `python -m nnbook.classroom`).

Run every nbgrader command from this directory. Set NNBOOK_DATA_DIR (a folder holding the four
MNIST files) in the environment of `nbgrader validate` and `nbgrader autograde`: lessons 05 and
06 load MNIST, and without it the kernel would download it.
"""

c = get_config()  # noqa: F821  (nbgrader provides it)

c.CourseDirectory.course_id = {course_id!r}

# Lessons 05 and 06 train on MNIST: give a cell up to 10 minutes (nbgrader's default is 30 s).
c.Execute.timeout = 600
'''


@dataclass(frozen=True)
class Lesson:
    """One lesson notebook, ``NN_name.ipynb``; its assignment is named after the notebook."""

    path: Path

    @property
    def number(self) -> str:
        """``"01"``, ``"02"``, ..."""
        return self.path.name[:2]

    @property
    def name(self) -> str:
        """The assignment's (and notebook's) name, ``"01_sigmoid"``."""
        return self.path.stem


def find_notebooks(notebook_dir: Path | str | None = None) -> list[Path]:
    """Every notebook of the series, ``00_*.ipynb`` to the last, in ``notebook_dir`` (by
    default the series' ``notebooks/``), in order."""
    directory = Path(notebook_dir) if notebook_dir is not None else DEFAULT_NOTEBOOK_DIR
    if not directory.is_dir():
        raise FileNotFoundError(
            say(
                "No notebook directory at {directory}. The lessons are read from the series' "
                "notebooks/ folder: run this from a clone of the repository (pip install -e .), "
                "or name the folder with --notebooks.",
                directory=str(directory),
            )
        )
    return sorted(directory.glob("[0-9][0-9]_*.ipynb"))


def find_lessons(notebook_dir: Path | str | None = None) -> list[Lesson]:
    """Every lesson ``01_*.ipynb`` to the last in ``notebook_dir`` (by default the series'
    ``notebooks/``), in order; the welcome notebook 00 is not a lesson."""
    return [Lesson(path) for path in find_notebooks(notebook_dir) if path.name[:2] != "00"]


def select_lessons(lessons: list[Lesson], wanted: Iterable[str] | None) -> list[Lesson]:
    """The lessons named in ``wanted`` (``"1"``, ``"01"`` or ``"01_sigmoid"``; commas allowed),
    in the series' order; all of them if ``wanted`` is None or empty.

    Raises ``ValueError`` naming the unknown ones and listing the lessons.
    """
    names = [part.strip() for item in wanted or () for part in str(item).split(",")]
    names = [name for name in names if name]
    if not names:
        return list(lessons)
    by_key = {}
    for lesson in lessons:
        for key in (lesson.number, str(int(lesson.number)), lesson.name):
            by_key[key] = lesson
    unknown = [name for name in names if name not in by_key]
    if unknown:
        listing = ", ".join(f"{lesson.number} ({lesson.name})" for lesson in lessons)
        raise ValueError(
            say_n(
                "Unknown lesson {names}. The lessons are: {listing}.",
                "{n} unknown lessons: {names}. The lessons are: {listing}.",
                len(unknown),
                names=", ".join(repr(n) for n in unknown),
                listing=listing,
            )
        )
    chosen = {by_key[name] for name in names}
    return [lesson for lesson in lessons if lesson in chosen]


def parse_points(specs: Iterable[str]) -> dict[str, float]:
    """``{"05-one-hot": 3.0}`` from ``["05-one-hot=3"]``; ``ValueError`` on a malformed item
    or points that are not a positive number."""
    points = {}
    for spec in specs:
        exercise_id, sep, value = str(spec).partition("=")
        try:
            number = float(value) if sep else float("nan")
        except ValueError:
            number = float("nan")
        if not (number > 0):
            raise ValueError(
                say(
                    "--points takes EXERCISE_ID=POINTS with POINTS a positive number, like "
                    "--points 01-my-sigmoid-prime=3; got {spec!r}.",
                    spec=str(spec),
                )
            )
        points[exercise_id.strip()] = number
    return points


def require_nbgrader() -> Any:
    """Import nbgrader, or raise ``ModuleNotFoundError`` saying how to install it."""
    try:
        return importlib.import_module("nbgrader")
    except ImportError as error:
        raise ModuleNotFoundError(
            say(
                "nbgrader is not installed, and the course is meant for it. Install the "
                "teacher's extra from the repository's folder: {install}",
                install=INSTALL_HINT,
            ),
            name="nbgrader",
        ) from error


# ----------------------------------------------------------------- rewriting the cells


def _nbgrader_metadata(grade_id: str, *, solution: bool, points: float | None) -> dict:
    meta = {
        "grade": points is not None,
        "grade_id": grade_id,
        "locked": not solution,
        "schema_version": 3,
        "solution": solution,
    }
    if points is not None:
        meta["points"] = int(points) if float(points).is_integer() else float(points)
    return meta


def _is_docstring(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def _is_placeholder(node: ast.stmt) -> bool:
    blank = isinstance(node, ast.Expr) and getattr(node.value, "value", None) is Ellipsis
    return blank or isinstance(node, ast.Pass)


def _body_lines(code: str, function: ast.FunctionDef) -> list[str]:
    """The lines of ``function``'s body after its docstring (``code`` is its source)."""
    lines = code.splitlines()
    first = function.body[0]
    if _is_docstring(first):
        return lines[first.end_lineno :]
    # the header may span lines: it ends where `header + pass` first parses
    for end in range(function.lineno, first.lineno):
        try:
            header = "\n".join(lines[function.lineno - 1 : end])
            ast.parse(header + "\n    pass")  # not a message: code
        except SyntaxError:
            continue
        return lines[end:]
    raise ValueError(say("the body of {name} starts on its `def` line", name=function.name))


def _mismatch(exercise_id: str, reason: str, blank: str, code: str) -> ValueError:
    return ValueError(
        say(
            "Cannot make the solution cell of {exercise_id!r}: {reason}. The notebook's blank "
            "must be the solution function's signature and docstring with `...` as its body, "
            "and the solution's body must start on a line of its own. The blank is:\n"
            "{blank}\nThe solution ({exercise_id} in nnbook/exercises/) is:\n{code}",
            exercise_id=exercise_id,
            reason=reason,
            blank=blank,
            code=code,
        )
    )


def _inside_function(blank: str, code: str, exercise_id: str) -> str:
    """The blank's signature and docstring with the solution's body as the solution region.

    Raises ``ValueError`` saying what differs when the blank and the solution do not line up.
    """
    try:
        blank_tree = ast.parse(blank)
    except SyntaxError as error:
        reason = say("the blank does not parse ({error})", error=str(error))
        raise _mismatch(exercise_id, reason, blank, code) from None
    solution_tree = ast.parse(code)  # the source of a function that was imported
    mine, theirs = blank_tree.body, solution_tree.body
    if not (len(mine) == len(theirs) == 1 and isinstance(mine[0], ast.FunctionDef)):
        reason = say("the blank is not one function definition")
        raise _mismatch(exercise_id, reason, blank, code)
    mine, theirs = mine[0], theirs[0]
    if mine.name != theirs.name or ast.dump(mine.args) != ast.dump(theirs.args):
        reason = say("the blank's name or arguments differ from the solution's")
        raise _mismatch(exercise_id, reason, blank, code)
    placeholder = mine.body[-1]
    if not _is_placeholder(placeholder) or not all(_is_docstring(s) for s in mine.body[:-1]):
        reason = say("the blank's body is not a docstring and `...`")
        raise _mismatch(exercise_id, reason, blank, code)
    try:
        body = _body_lines(code, theirs)
    except ValueError as error:
        raise _mismatch(exercise_id, str(error), blank, code) from None
    lines = blank.splitlines()
    head = lines[: placeholder.lineno - 1]
    before = lines[placeholder.lineno - 1][: placeholder.col_offset].rstrip()
    if placeholder.lineno == mine.lineno:  # `def f(x): ...`
        head.append(before)
        indent = " " * (mine.col_offset + 4)
    else:
        indent = " " * placeholder.col_offset
    region = textwrap.indent(textwrap.dedent("\n".join(body)).strip("\n"), indent)
    begin = f"{indent}### BEGIN SOLUTION"  # not a message: nbgrader's marker
    end = f"{indent}### END SOLUTION"  # not a message: nbgrader's marker
    return "\n".join([*head, begin, region, end])


def answer_source(blank: str, exercise: Exercise) -> str:
    """The solution cell for an answer cell whose source is ``blank``.

    The blank's leading comments (``# Your answer``) stay. A function exercise keeps the
    blank's signature and docstring, and its body is the solution region (``ValueError`` if
    the blank's signature is not the solution's); otherwise the blank stays as a comment and
    the whole solution is the region.
    """
    lines = blank.strip("\n").splitlines()
    n_comments = 0
    while n_comments < len(lines) and lines[n_comments].lstrip().startswith("#"):
        n_comments += 1
    comments, rest = lines[:n_comments], "\n".join(lines[n_comments:])
    code = exercise.solution_code.strip("\n")
    if exercise.kind == "function":
        return "\n".join([*comments, _inside_function(rest, code, exercise.id)])
    commented_blank = [f"# {line}" for line in rest.splitlines() if line.strip()]
    return "\n".join([*comments, *commented_blank, "### BEGIN SOLUTION", code, "### END SOLUTION"])


def graded_check_source(source: str, exercise_id: str) -> str:
    """The test cell for a check cell: ``check("<id>", ...)`` becomes ``grade("<id>", ...)``,
    imported from :mod:`nnbook.classroom` in the cell itself (a locked cell must not depend on
    one the student can edit)."""
    call = r"\bcheck\(\s*([\"'])"  # not a message: a regex
    pattern = re.compile(call + re.escape(exercise_id) + r"\1")
    if not pattern.search(source):
        raise ValueError(
            say(
                "The cell after the answer cell of {exercise_id!r} should call "
                'check("{exercise_id}", ...); it is:\n{source}',
                exercise_id=exercise_id,
                source=source,
            )
        )

    def graded_call(match: re.Match[str]) -> str:
        quote = match.group(1)
        return f"grade({quote}{exercise_id}{quote}"  # not a message: code

    graded = pattern.sub(graded_call, source)
    return "from nnbook.classroom import grade\n\n" + graded  # not a message: code


def _imports_helpers(source: str) -> bool:
    """Whether a cell imports ``hint`` or ``solution`` from ``nnbook``."""
    from IPython.core.inputtransformer2 import TransformerManager

    tree = ast.parse(TransformerManager().transform_cell(source))  # IPython magics -> Python
    return any(
        isinstance(node, ast.ImportFrom)
        and node.module == "nnbook"
        and any(alias.name in ("hint", "solution") for alias in node.names)
        for node in ast.walk(tree)
    )


def _graded(
    notebook: Any, where: object, points: Mapping[str, float], default_points: float
) -> Any:
    """Turn the lesson ``notebook`` (read from ``where``) into its nbgrader source, in place."""
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    answers = answer_cells(notebook)
    for index, exercise_id in answers:
        cell = notebook.cells[index]
        cell.source = answer_source(cell.source, get(exercise_id))
        cell.metadata["nbgrader"] = _nbgrader_metadata(exercise_id, solution=True, points=None)
        test = notebook.cells[index + 1] if index + 1 < len(notebook.cells) else None
        if test is None or test.cell_type != "code":  # the convention: the very next cell
            raise ValueError(
                say(
                    "{where}: the cell right after the answer cell of {exercise_id!r} should be "
                    'a code cell calling check("{exercise_id}", ...).',
                    where=str(where),
                    exercise_id=exercise_id,
                )
            )
        test.source = graded_check_source(test.source, exercise_id)
        test.metadata["nbgrader"] = _nbgrader_metadata(
            f"{exercise_id}-test",  # not a message: nbgrader's grade id
            solution=False,
            points=points.get(exercise_id, default_points),
        )
    if answers:
        importer = next(
            (c for c in notebook.cells if c.cell_type == "code" and _imports_helpers(c.source)),
            None,
        )
        if importer is None:
            raise ValueError(
                say(
                    "{where}: no cell imports hint and solution from nnbook (`from nnbook "
                    "import check, hint, solution`), and the graded version replaces that "
                    "import; add it before the first exercise.",
                    where=str(where),
                )
            )
        importer.source = importer.source.rstrip("\n") + "\n" + CLASSROOM_IMPORT
    return notebook


def _positive(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and 0 < value < inf


def _check_points(
    points: Mapping[str, float], default_points: float, ids: list[str] | None = None
) -> None:
    """``ValueError`` unless every number of points is positive and, given the chosen lessons'
    exercise ``ids``, every key of ``points`` is one of them."""
    if not _positive(default_points):
        raise ValueError(
            say(
                "default_points (--default-points), the points of each test cell, must be a "
                "positive number; got {value!r}.",
                value=default_points,
            )
        )
    bad = {key: value for key, value in points.items() if not _positive(value)}
    if bad:
        raise ValueError(
            say(
                "points maps exercise ids to positive numbers, like "
                "{{'01-my-sigmoid-prime': 3}}; got {bad}.",
                bad=str(bad),
            )
        )
    unknown = sorted(set(points) - set(ids)) if ids is not None else []
    if unknown:
        raise ValueError(
            say(
                "points (--points) name {unknown}, not an exercise of the chosen lessons. "
                "Their exercises are: {ids}.",
                unknown=", ".join(repr(i) for i in unknown),
                ids=", ".join(ids),
            )
        )


def source_notebook(
    lesson_path: Path | str, points: Mapping[str, float] | None = None, default_points: float = 1
) -> Any:
    """The nbgrader source notebook of one lesson (an ``nbformat`` notebook, not written).

    ``points`` maps exercise ids to their test cell's points; the others get
    ``default_points``. Raises ``ValueError`` if points are not positive numbers, or if the
    lesson breaks the answer-cell convention (see :mod:`nnbook.classroom.course`).
    """
    import nbformat

    points = dict(points or {})
    _check_points(points, default_points)
    notebook = nbformat.read(str(lesson_path), as_version=4)
    return _graded(notebook, lesson_path, points, default_points)


# ----------------------------------------------------------------- the course directory


def write_nbgrader_course(
    directory: Path | str,
    lessons: Iterable[str] | None = None,
    *,
    points: Mapping[str, float] | None = None,
    default_points: float = 1,
    force: bool = False,
    notebook_dir: Path | str | None = None,
    course_id: str = "nnbook",
) -> list[Path]:
    """Write ``directory/nbgrader_config.py`` and ``directory/source/<lesson>/<lesson>.ipynb``
    for each lesson (all, 01 to the last, by default); return the files written.

    Raises
    ------
    ModuleNotFoundError
        nbgrader is not installed (the message says how to install it).
    ValueError
        An unknown lesson; ``points`` naming something that is not one of their exercises;
        points or ``default_points`` that are not positive numbers; a lesson that breaks the
        answer-cell convention.
    FileExistsError
        ``directory`` exists and is not empty, and ``force`` is False. With ``force``, the
        config and the chosen lessons' ``source/`` folders are replaced; everything else
        (release/, submitted/, autograded/, feedback/, gradebook.db) is left as it is.
    FileNotFoundError
        No ``notebook_dir``.
    """
    require_nbgrader()
    import nbformat

    directory = Path(directory)
    chosen = select_lessons(find_lessons(notebook_dir), lessons)
    read = {lesson: nbformat.read(str(lesson.path), as_version=4) for lesson in chosen}
    points = dict(points or {})
    ids = [exercise_id for nb in read.values() for _, exercise_id in answer_cells(nb)]
    _check_points(points, default_points, ids)
    if directory.exists() and not directory.is_dir():
        raise FileExistsError(
            say(
                "{directory} exists and is not a directory. Choose a new directory for the course.",
                directory=str(directory),
            )
        )
    if directory.is_dir() and any(directory.iterdir()) and not force:
        raise FileExistsError(
            say(
                "{directory} exists and is not empty. Choose a new directory, or pass --force "
                "to overwrite its nbgrader_config.py and the lessons' source/ folders "
                "(release/, submitted/, autograded/, feedback/ and gradebook.db are kept).",
                directory=str(directory),
            )
        )
    notebooks = {
        lesson: _graded(notebook, lesson.path, points, default_points)
        for lesson, notebook in read.items()
    }
    written = []
    directory.mkdir(parents=True, exist_ok=True)
    config = directory / "nbgrader_config.py"
    config.write_text(CONFIG_TEMPLATE.format(course_id=course_id))
    written.append(config)
    for lesson, notebook in notebooks.items():
        folder = directory / "source" / lesson.name
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        path = folder / f"{lesson.name}.ipynb"  # not a message: a file name
        nbformat.write(notebook, str(path))
        written.append(path)
    return written
