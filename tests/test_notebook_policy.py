"""The notebook policy of the README, checked on every notebook in ``notebooks/``.

Notebooks are committed executed, with outputs; numbered without gaps; all collected by nbval;
no saved widget state; nbval markers as cell tags, not comments; no saved errors.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
NAME = re.compile(r"(\d\d)_[a-z0-9_]+\.ipynb")


def _load(path: Path) -> dict:
    return json.loads(path.read_text())


def _code_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no notebook"


def test_numbering_has_no_gaps():
    numbers = []
    for path in NOTEBOOKS:
        match = NAME.fullmatch(path.name)
        assert match, f"{path.name}: notebooks are named NN_lowercase_words.ipynb"
        numbers.append(int(match.group(1)))
    assert numbers == list(range(len(numbers))), f"numbering must run 00, 01, ...; got {numbers}"


def test_every_notebook_is_collected_by_nbval():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-n",
            "0",
            "-p",
            "no:cacheprovider",
            "notebooks",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    collected = {line.split("::", 1)[0] for line in result.stdout.splitlines() if "::" in line}
    missing = [p.name for p in NOTEBOOKS if f"notebooks/{p.name}" not in collected]
    assert not missing, f"nbval did not collect {missing}:\n{result.stdout}\n{result.stderr}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_code_cells_are_saved_with_outputs(path):
    unrun = [i for i, c in enumerate(_code_cells(_load(path))) if c.get("execution_count") is None]
    assert not unrun, (
        f"{path.name}: code cells {unrun} were saved without running; "
        "re-execute with: python tools/execute_notebooks.py " + f"notebooks/{path.name}"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_execution_counts_run_in_order(path):
    counts = [c["execution_count"] for c in _code_cells(_load(path))]
    assert counts == sorted(counts) and len(set(counts)) == len(counts), (
        f"{path.name}: execution counts {counts} show cells run out of order; "
        "re-execute it top to bottom"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_no_saved_widget_state(path):
    assert "widgets" not in _load(path)["metadata"], (
        f"{path.name}: saved widget state in metadata; strip it (tools/execute_notebooks.py does)"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_nbval_markers_are_tags_not_comments(path):
    marked = [
        i
        for i, c in enumerate(_code_cells(_load(path)))
        if re.search(r"#\s*NBVAL_", "".join(c["source"]))
    ]
    assert not marked, f"{path.name}: cells {marked} use '# NBVAL_' comments; use cell tags"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_no_saved_errors(path):
    errors = [
        i
        for i, c in enumerate(_code_cells(_load(path)))
        if any(o.get("output_type") == "error" for o in c.get("outputs", []))
        and "raises-exception" not in c.get("metadata", {}).get("tags", [])
    ]
    assert not errors, f"{path.name}: cells {errors} were saved with an error"


def test_readme_lists_every_notebook():
    readme = (ROOT / "README.md").read_text()
    listed = set(re.findall(r"notebooks/(\d\d_[a-z0-9_]+\.ipynb)", readme))
    on_disk = {p.name for p in NOTEBOOKS}
    assert listed == on_disk, (
        f"README lists {sorted(listed - on_disk)} that do not exist and misses "
        f"{sorted(on_disk - listed)}"
    )


def _private_names(source: str) -> list[str]:
    """Every name starting with ``_`` that the code imports, shows, reads or calls (a lone ``_``
    and dunder names such as ``__version__`` are not private)."""
    import ast

    code = "\n".join(
        line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))
    )
    found = []

    def private(name: str) -> bool:
        return name.startswith("_") and name != "_" and not name.endswith("__")

    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Attribute) and private(node.attr):
            found.append(node.attr)
        elif isinstance(node, ast.Name) and private(node.id):
            found.append(node.id)
        elif isinstance(node, ast.ImportFrom):
            found += [part for part in (node.module or "").split(".") if private(part)]
            found += [alias.name for alias in node.names if private(alias.name)]
        elif isinstance(node, ast.Import):
            found += [p for alias in node.names for p in alias.name.split(".") if private(p)]
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_notebook_uses_a_private_name(path):
    """A lesson shows and calls the package's public, documented code only."""
    for index, cell in enumerate(_code_cells(_load(path))):
        names = _private_names("".join(cell["source"]))
        assert not names, f"{path.name} cell {index} uses private names {names}"


def test_the_private_name_check_can_fail():
    source = "from nnbook.datasets.idx import _read_header\nshow_source(Network._forward)\n"
    assert sorted(_private_names(source)) == ["_forward", "_read_header"]
    assert _private_names("for _ in range(3):\n    print(nnbook.__version__)\n") == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_a_notebook_that_checks_exercises_imports_hint_and_solution(path):
    """Every "not yet" message says to call hint(...): the name must exist in the notebook."""
    sources = "\n".join("".join(c["source"]) for c in _code_cells(_load(path)))
    if re.search(r"^check\(", sources, re.MULTILINE):
        for name in ("hint", "solution"):
            assert re.search(rf"\b{name}\b", sources.split("check(", 1)[0]), (
                f"{path.name} calls check(...) but does not import {name} before it"
            )


def test_the_source_material_is_not_named_to_learners_or_maintainers():
    """The blog posts the series grew from are numbered seeds in our notes: ours to learn from,
    not names in the course, its package or its tests (issue 18)."""
    pattern = re.compile(r"\b[Ss]eeds? 0\d\d\b")
    texts = [ROOT / "README.md", ROOT / "TEACHING.md", *NOTEBOOKS]
    texts += sorted((ROOT / "nnbook").rglob("*.py")) + sorted((ROOT / "tests").glob("*.py"))
    named = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in texts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if pattern.search(line) and "pattern" not in line and '"seed 000" not in' not in line
    ]
    assert not named, f"the source material is named at {named}"
