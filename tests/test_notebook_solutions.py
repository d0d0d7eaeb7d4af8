"""Every notebook with exercises, run a second time with every exercise answered by its solution.

The committed notebooks keep their blanks (nbval runs them as they are: each check says "not
attempted"). Here each answer cell (tag ``exercise``, metadata ``{"nnbook": {"exercise":
id}}``) is replaced by that exercise's solution, the cell read from the source of its solution
function (``Exercise.solution_code``, what ``solution(id)`` shows), the notebook is executed with
nbclient in this environment's kernel (cwd ``notebooks/``, no widget state stored), and a last
cell prints ``nnbook.exercises.results()``: every exercise tagged in the notebook must be
"correct", and no cell may fail. A notebook without exercise cells is not collected.

``NNBOOK_DATA_DIR`` is passed on to the kernel (the ``mnist_environment`` fixture of
``conftest.py``).
"""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Mapping
from pathlib import Path

import nbformat
import pytest

from nnbook import exercises
from nnbook.classroom import find_notebooks
from nnbook.exercises import answer_cells

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
TIMEOUT_S = 600  # per cell; MNIST lessons train for a while
RESULTS_MARKER = "NNBOOK-EXERCISE-RESULTS:"


def with_solutions(
    notebook: nbformat.NotebookNode, solutions: Mapping[str, str] | None = None
) -> nbformat.NotebookNode:
    """A copy of ``notebook`` whose answer cells hold the solutions, plus a results cell.

    ``solutions`` maps exercise ids to code; by default each registered exercise's answer
    cell, read from its solution function (``Exercise.solution_code``).
    """
    solved = nbformat.from_dict(json.loads(json.dumps(notebook)))
    for index, exercise_id in answer_cells(solved):
        if solutions is not None:
            code = solutions[exercise_id]
        else:
            code = exercises.get(exercise_id).solution_code
        solved.cells[index].source = code
        solved.cells[index].outputs = []
    solved.cells.append(
        nbformat.v4.new_code_cell(
            "import json as _json\nimport nnbook.exercises as _exercises\n"
            f"print({RESULTS_MARKER!r}, _json.dumps(_exercises.results()))"
        )
    )
    return solved


def execute(notebook: nbformat.NotebookNode, cwd: Path) -> dict[str, str]:
    """Run ``notebook`` (from :func:`with_solutions`) in this environment's Python; return
    the results its last cell printed. Raises nbclient's CellExecutionError if a cell fails."""
    from tools.execute_notebooks import run_notebook

    run_notebook(notebook, cwd, timeout=TIMEOUT_S)
    errors = [
        f"cell {i}: {o.get('ename')}: {o.get('evalue')}"
        for i, cell in enumerate(notebook.cells)
        for o in cell.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    assert not errors, f"error output: {errors}"
    printed = "".join(
        o.get("text", "") for o in notebook.cells[-1].outputs if o.get("name") == "stdout"
    )
    line = next(line for line in printed.splitlines() if line.startswith(RESULTS_MARKER))
    return json.loads(line[len(RESULTS_MARKER) :])


def _notebooks_with_exercises() -> list[Path]:
    paths = find_notebooks(NOTEBOOK_DIR)
    return [path for path in paths if answer_cells(nbformat.read(path, as_version=4))]


NOTEBOOKS = _notebooks_with_exercises()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_exercise_cells_follow_the_convention(path):
    notebook = nbformat.read(path, as_version=4)
    cells = answer_cells(notebook)
    for index, exercise_id in cells:
        where = f"{path.name}, cell {index}"
        exercise = exercises.get(exercise_id)  # a ValueError lists the lesson's ids
        source = notebook.cells[index].source
        assert "..." in source, f"{where}: the committed answer cell must be left blank (...)"
        following = "".join(c.source for c in notebook.cells[index + 1 : index + 2])
        assert f'check("{exercise_id}"' in following, (
            f'{where}: the next cell must call check("{exercise_id}", {exercise.answer_name})'
        )
        assert exercise.solution_code.strip() not in "\n".join(c.source for c in notebook.cells), (
            f"{where}: the solution of {exercise_id} is in plain sight in the notebook"
        )
    ids = [exercise_id for _, exercise_id in cells]
    assert len(ids) == len(set(ids)), f"{path.name}: an exercise has two answer cells"


def test_answer_cells_reads_the_convention_from_plain_json():
    notebook = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "Write it."},
            {"cell_type": "code", "metadata": {"tags": ["exercise"], "nnbook": {"exercise": "a"}}},
            {"cell_type": "code", "metadata": {"tags": ["other"]}},
            {"cell_type": "code"},
        ]
    }
    assert answer_cells(notebook) == [(1, "a")]
    notebook["cells"][2]["metadata"]["tags"].append("exercise")
    with pytest.raises(ValueError, match=r'Cell 2 is tagged "exercise" but has no exercise id'):
        answer_cells(notebook)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_with_solutions_checks_correct(path, mnist_environment):
    notebook = nbformat.read(path, as_version=4)
    ids = [exercise_id for _, exercise_id in answer_cells(notebook)]
    solved = with_solutions(notebook)
    results = execute(solved, cwd=NOTEBOOK_DIR)
    statuses = {i: results.get(i, "never checked") for i in ids}
    failed = [i for i in ids if statuses[i] != "correct"]
    said = [
        output["data"]["text/plain"]
        for cell in solved.cells
        if any(f'check("{i}"' in cell.source for i in failed)
        for output in cell.get("outputs", [])
        if "text/plain" in output.get("data", {})
    ]
    assert statuses == dict.fromkeys(ids, "correct"), "check said:\n" + "\n".join(said)


# --------------------------------------------------------------------------------------------
# The mechanism itself, on a throwaway notebook with demo exercises
# --------------------------------------------------------------------------------------------

DEMO_MODULE = textwrap.dedent(
    """\
    import numpy as np

    from nnbook.exercises import function_exercise, value_exercise


    @function_exercise(
        "00-demo-nb-double", "Double it", inputs=[0.0, 1.5, np.arange(3.0)],
        mistakes=[(lambda x: np.asarray(x) ** 2, "that squares; double means times two.")],
        hints=["Times what?", "Times 2."],
    )
    def double(x):
        return 2 * x


    @value_exercise("00-demo-nb-answer", "The answer", hints=["Six times seven.", "42."])
    def answer():
        return 6 * 7
    """
)


def _answer_cell(source: str, exercise_id: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["tags"] = ["exercise"]
    cell.metadata["nnbook"] = {"exercise": exercise_id}
    return cell


def _demo_notebook(module: str) -> nbformat.NotebookNode:
    code = nbformat.v4.new_code_cell
    return nbformat.v4.new_notebook(
        cells=[
            code(f"import numpy as np\nfrom nnbook import check, hint, solution\nimport {module}"),
            nbformat.v4.new_markdown_cell("Write `double(x)`, which returns twice `x`."),
            _answer_cell("def double(x):\n    ...", "00-demo-nb-double"),
            code('check("00-demo-nb-double", double)'),
            code('hint("00-demo-nb-double")'),
            _answer_cell("answer = ...", "00-demo-nb-answer"),
            code('check("00-demo-nb-answer")'),  # the answer found by name in the kernel
        ]
    )


@pytest.fixture
def demo_module(tmp_path, monkeypatch):
    name = "nnbook_demo_exercises"
    (tmp_path / f"{name}.py").write_text(DEMO_MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, name, raising=False)
    __import__(name)  # registers the demo exercises here too, for their solutions
    yield name
    for exercise_id in ("00-demo-nb-double", "00-demo-nb-answer"):
        exercises.unregister(exercise_id)
    sys.modules.pop(name, None)


def test_mechanism_on_a_throwaway_notebook(tmp_path, demo_module):
    notebook = _demo_notebook(demo_module)
    assert answer_cells(notebook) == [(2, "00-demo-nb-double"), (5, "00-demo-nb-answer")]

    as_committed = {i: notebook.cells[index].source for index, i in answer_cells(notebook)}
    blank = execute(with_solutions(notebook, as_committed), tmp_path)
    assert blank == {"00-demo-nb-double": "not attempted", "00-demo-nb-answer": "not attempted"}

    solved = with_solutions(notebook)
    assert solved.cells[2].source == "def double(x):\n    return 2 * x\n"
    assert solved.cells[5].source == "answer = 6 * 7\n"
    assert notebook.cells[2].source == "def double(x):\n    ...", "the original is left alone"
    assert execute(solved, tmp_path) == {
        "00-demo-nb-double": "correct",
        "00-demo-nb-answer": "correct",
    }
    check_output = solved.cells[3].outputs[0]["data"]
    assert check_output["text/plain"].startswith("✔ Correct (Double it)")
    assert "nnbook-check-correct" in check_output["text/html"]

    wrong = with_solutions(
        notebook,
        solutions={
            "00-demo-nb-double": "def double(x):\n    return x ** 2",
            "00-demo-nb-answer": "answer = 41",
        },
    )
    assert execute(wrong, tmp_path) == {
        "00-demo-nb-double": "incorrect",
        "00-demo-nb-answer": "incorrect",
    }
    assert "that squares" in wrong.cells[3].outputs[0]["data"]["text/plain"]


def test_a_failing_cell_is_reported(tmp_path, demo_module):
    from nbclient.exceptions import CellExecutionError

    notebook = _demo_notebook(demo_module)
    broken = with_solutions(
        notebook, solutions={"00-demo-nb-double": "1 / 0", "00-demo-nb-answer": "answer = 42"}
    )
    with pytest.raises(CellExecutionError, match="ZeroDivisionError"):
        execute(broken, tmp_path)
