"""Every notebook, run a second time with every exercise answered by its solution, in a fresh
kernel that must stay under 512 MiB.

The committed notebooks keep their blanks (nbval runs them as they are: each check says "not
attempted"). Here each answer cell (tag ``exercise``, metadata ``{"nnbook": {"exercise":
id}}``) is replaced by that exercise's solution, the cell read from the source of its solution
function (``Exercise.solution_code``, what ``solution(id)`` shows), the notebook is executed with
nbclient in this environment's kernel (cwd ``notebooks/``, no widget state stored), and a last
cell prints ``nnbook.exercises.results()``: every exercise tagged in the notebook must be
"correct", and no cell may fail. A notebook without exercise cells is not collected.

The same run measures memory, as a learner who answers everything uses it. mybinder.org gives a
session about 1-2 GB, shared by JupyterLab, the kernel and the browser's share of the server;
the lessons promise to stay under 512 MiB. After each cell the kernel process's peak resident
set size (``VmHWM`` in ``/proc/<pid>/status``, Linux only) is read; the last reading is the
notebook's peak, printed (``pytest -s`` shows it) and asserted. Not a timing test.

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
BUDGET_MIB = 512  # a lesson's kernel on a Binder
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


def peak_rss_mib(pid: int) -> float:
    """The peak resident set size (``VmHWM``) of process ``pid`` so far, in MiB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            value, unit = line.split()[1:3]
            assert unit == "kB", line
            return int(value) / 1024
    raise RuntimeError(f"no VmHWM line in /proc/{pid}/status")


def execute(
    notebook: nbformat.NotebookNode, cwd: Path, peaks: list[float] | None = None
) -> dict[str, str]:
    """Run ``notebook`` (from :func:`with_solutions`) in this environment's Python; return
    the results its last cell printed. Raises nbclient's CellExecutionError if a cell fails.

    With a list ``peaks`` (Linux), the kernel's peak RSS in MiB is appended after each cell,
    while the kernel is still up; ``VmHWM`` never decreases, so the last one is the peak.
    """
    from tools.execute_notebooks import kernel_manager, run_notebook

    manager = kernel_manager()
    hooks = {}
    if peaks is not None:

        def after_cell(**_: object) -> None:  # nbclient's on_cell_executed hook
            peaks.append(peak_rss_mib(manager.provisioner.process.pid))

        hooks["on_cell_executed"] = after_cell
    run_notebook(notebook, cwd, timeout=TIMEOUT_S, manager=manager, **hooks)
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
    """The English notebooks, then each translated edition's (``notebooks/zh_CN/``)."""
    editions = [NOTEBOOK_DIR, *sorted(p.parent for p in NOTEBOOK_DIR.glob("*/00_welcome.ipynb"))]
    paths = [path for folder in editions for path in find_notebooks(folder)]
    return [path for path in paths if answer_cells(nbformat.read(path, as_version=4))]


NOTEBOOKS = _notebooks_with_exercises()
IDS = [str(p.relative_to(NOTEBOOK_DIR).with_suffix("")) for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_with_solutions_checks_correct_and_fits_a_binder(path, mnist_environment):
    notebook = nbformat.read(path, as_version=4)
    ids = [exercise_id for _, exercise_id in answer_cells(notebook)]
    solved = with_solutions(notebook)
    linux = sys.platform.startswith("linux")
    peaks: list[float] = []
    results = execute(solved, cwd=path.parent, peaks=peaks if linux else None)
    # every figure was drawn: a character its font lacks is an empty box and matplotlib's
    # "Glyph ... missing from font(s)" warning (a translated edition needs nnbook.fonts)
    missing_glyphs = [
        output.get("text", "")
        for cell in solved.cells
        for output in cell.get("outputs", [])
        if "missing from font" in output.get("text", "")
    ]
    assert not missing_glyphs, missing_glyphs
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
    if linux:  # VmHWM is read from /proc; elsewhere only the exercises are checked
        peak = peaks[-1]
        print(f"{path.name}: kernel peak RSS {peak:.0f} MiB (budget {BUDGET_MIB} MiB)")
        assert peak < BUDGET_MIB, (
            f"{path.name}: the kernel's peak RSS was {peak:.0f} MiB, over the {BUDGET_MIB} MiB "
            "a lesson may use on a Binder. Look for full copies of MNIST (float64 is 8 bytes a "
            "pixel: 60,000 x 784 is 359 MiB); load it as float32 or work on slices."
        )


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
