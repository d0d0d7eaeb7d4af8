"""Regenerate the generated parts of TEACHING.md, the instructor guide, from the lessons.

Usage (from the repository root)::

    python tools/teaching_guide.py            # rewrite TEACHING.md's generated sections
    python tools/teaching_guide.py --check    # exit 1 if they are stale (what the test does)
    python tools/teaching_guide.py --times    # first execute every notebook and record its time

Each lesson's section of the guide has a generated part, between the marker comments
``<!-- BEGIN GENERATED lesson NN -->`` and ``<!-- END GENERATED lesson NN -->``, read from:

- the notebook's "After this notebook you can" list (the learning goals);
- the ``nnbook.widgets`` classes its code cells use, with the section they appear in;
- its exercises' typical wrong answers (``Exercise.wrong_answers``), each run through the
  exercise's own check, so the guide quotes the message a student gets;
- the time it takes to run, from ``tools/lesson_times.json``, which ``--times`` writes by
  executing each notebook top to bottom in a fresh kernel (notebooks are not saved).

Everything outside the markers is written by hand (the 50-minute session plans, the offline
classroom, Binder, grading with nbgrader) and kept as it is. A lesson without a section gets
one, appended before ``<!-- END LESSONS -->``, with a session plan still to be written;
``tests/test_teaching_guide.py`` fails until it is.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import sys
import warnings
from pathlib import Path

import nbformat

from nnbook.classroom import find_lessons, find_notebooks
from nnbook.exercises import answer_cells

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "TEACHING.md"
TIMES = Path(__file__).resolve().parent / "lesson_times.json"
END_LESSONS = "<!-- END LESSONS -->"
TO_BE_WRITTEN = "*(to be written: a suggested 50-minute session for this lesson)*"
BLOCK = re.compile(
    r"(<!-- BEGIN GENERATED (?P<name>[\w -]+?) -->\n)(?P<body>.*?)"
    r"(<!-- END GENERATED (?P=name) -->)",
    re.DOTALL,
)


# ----------------------------------------------------------------- reading the lessons


def title(notebook: nbformat.NotebookNode) -> str:
    """The notebook's first heading without its ``#``, e.g. "01 · The sigmoid"."""
    first = notebook.cells[0].source.splitlines()[0]
    return first.lstrip("#").strip()


def goals(notebook: nbformat.NotebookNode) -> list[str]:
    """The items of the first cell's "After this notebook you can" list, each on one line."""
    text = notebook.cells[0].source
    start = text.find("**After this notebook you can**")
    if start < 0:
        raise ValueError(f"{title(notebook)}: no 'After this notebook you can' list")
    items: list[str] = []
    for line in text[start:].splitlines()[1:]:
        if line.startswith("**"):
            break
        if line.startswith("- "):
            items.append(line[2:].strip())
        elif line.strip() and items:
            items[-1] += " " + line.strip()
    return items


def _heading(source: str) -> str | None:
    for line in source.splitlines():
        if line.startswith("## "):
            return line[3:].strip()
    return None


def widgets_used(notebook: nbformat.NotebookNode) -> list[tuple[str, str, list[str]]]:
    """``(name, what it is, sections)`` for each ``nnbook.widgets`` class the notebook's code
    cells construct, in order of first use, then for the ipywidgets controls the notebook
    builds itself (``import ipywidgets as widgets``, then ``widgets.IntSlider(...)``)."""
    import nnbook.widgets

    classes = [n for n in nnbook.widgets.__all__ if isinstance(getattr(nnbook.widgets, n), type)]
    found: dict[str, list[str]] = {}
    own: dict[str, None] = {}
    section = "the introduction"
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            section = _heading(cell.source) or section
            continue
        names = [n for n in classes if re.search(rf"\b{n}\(", cell.source)]
        controls = re.findall(r"\bwidgets\.([A-Z]\w+)\(", cell.source)
        own.update(dict.fromkeys(controls))
        for name in names + (["ipywidgets"] if controls else []):
            sections = found.setdefault(name, [])
            if section not in sections:
                sections.append(section)
    result = []
    for name, sections in found.items():
        if name == "ipywidgets":
            doc = f"controls built in the notebook itself ({', '.join(own)})."
        else:
            doc = (getattr(nnbook.widgets, name).__doc__ or "").strip().splitlines()[0]
            doc = re.sub(r":\w+:`~?([^`]+)`", r"`\1`", doc)  # Sphinx roles: plain code
        result.append((name, doc, sections))
    return result


def exercise_ids(notebook: nbformat.NotebookNode) -> list[str]:
    return [exercise_id for _, exercise_id in answer_cells(notebook)]


def misconceptions(exercise_id: str) -> list[str]:
    """What the exercise's check says to each of its typical wrong answers."""
    from nnbook import exercises

    exercise = exercises.get(exercise_id)
    messages = []
    try:
        for answer, _ in exercise.wrong_answers:
            with warnings.catch_warnings():  # a wrong formula may overflow: that is its point
                warnings.simplefilter("ignore", RuntimeWarning)
                result = exercises.check(exercise_id, answer)
            if result.correct:  # pragma: no cover - tests/test_exercises.py forbids it
                raise ValueError(f"{exercise_id}: a typical wrong answer is accepted: {answer!r}")
            if result.message not in messages:
                messages.append(result.message)
    finally:
        exercises.reset_progress()
    return messages


# ----------------------------------------------------------------- times


def _machine() -> str:
    import numpy

    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, numpy {numpy.__version__}"
    )


def measure_times(paths: list[Path]) -> dict:
    """Execute each notebook in a fresh kernel (cwd ``notebooks/``, not saved); return the
    times file's content."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))  # tools/ is not a package
    from execute_notebooks import run_notebook

    seconds = {}
    for path in paths:
        notebook = nbformat.read(path, as_version=4)
        seconds[path.stem] = round(run_notebook(notebook, path.parent), 1)
        print(f"{path.name}: {seconds[path.stem]} s", flush=True)
    return {
        "about": "Seconds to run every cell of each notebook in a fresh kernel, measured by "
        "`python tools/teaching_guide.py --times`.",
        "machine": _machine(),
        "measured_on": datetime.date.today().isoformat(),
        "seconds": seconds,
    }


def read_times() -> dict:
    if not TIMES.is_file():
        return {"machine": "", "measured_on": "", "seconds": {}}
    return json.loads(TIMES.read_text())


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.0f} s" if seconds >= 10 else f"{seconds:.1f} s"
    return f"{seconds // 60:.0f} min {seconds % 60:02.0f} s"


# ----------------------------------------------------------------- writing the guide


def _markdown(text: str) -> str:
    """``text`` safe in a Markdown list: ``*``, ``<``, ``[`` and ``|`` escaped outside
    `code`."""
    parts = text.split("`")
    for i in range(0, len(parts), 2):
        parts[i] = re.sub(r"([*<\[|])", r"\\\1", parts[i])
    return "`".join(parts)


def lesson_block(path: Path, times: dict) -> str:
    """The generated part of one lesson's section."""
    from nnbook import exercises

    notebook = nbformat.read(path, as_version=4)
    seconds = times.get("seconds", {}).get(path.stem)
    lines = [f"Notebook: [`notebooks/{path.name}`](notebooks/{path.name}).", ""]
    if seconds is None:
        lines.append("**Run time:** not measured yet (`python tools/teaching_guide.py --times`).")
    else:
        lines.append(
            f"**Run time:** {_duration(seconds)} to run every cell, top to bottom, in a fresh "
            "kernel (see [run times](#run-times)); reading, thinking and the exercises take the "
            "rest of the session."
        )
    lines += ["", "**Learning goals.** After this lesson a student can:", ""]
    lines += [f"- {goal}" for goal in goals(notebook)]
    lines += ["", "**Widgets worth projecting:**", ""]
    used = widgets_used(notebook)
    if not used:
        lines.append("- none: this lesson's figures are static.")
    for name, doc, sections in used:
        where = "; ".join(f'"{s}"' for s in sections)
        lines.append(f"- `{name}` (section {where}): {_markdown(doc)}")
    lines += ["", "**Misconceptions the exercises catch** (what the check tells the student):", ""]
    ids = exercise_ids(notebook)
    if not ids:
        lines.append("- this lesson has no checked exercises.")
    for exercise_id in ids:
        exercise = exercises.get(exercise_id)
        lines.append(f"- `{exercise_id}`, {_markdown(exercise.title)}:")
        lines += [f"  - {_markdown(message)}" for message in misconceptions(exercise_id)]
    return "\n".join(lines) + "\n"


def overview_block(paths: list[Path], times: dict) -> str:
    """The table of lessons at the top of the guide."""
    rows = [
        "| lesson | run time | exercises | widgets |",
        "|---|---|---|---|",
    ]
    for path in paths:
        notebook = nbformat.read(path, as_version=4)
        seconds = times.get("seconds", {}).get(path.stem)
        widgets = ", ".join(f"`{name}`" for name, _, _ in widgets_used(notebook)) or "none"
        anchor = _anchor(title(notebook))
        run = _duration(seconds) if seconds is not None else "not measured"
        rows.append(
            f"| [{title(notebook)}](#{anchor}) | {run} | {len(exercise_ids(notebook))} "
            f"| {widgets} |"
        )
    return "\n".join(rows) + "\n"


def times_block(times: dict) -> str:
    if not times.get("seconds"):
        return "Not measured yet: run `python tools/teaching_guide.py --times`.\n"
    total = sum(times["seconds"].values())
    return (
        f"Measured on {times['measured_on']} on {times['machine']}, by "
        "`python tools/teaching_guide.py --times` (every notebook run top to bottom in a "
        f"fresh kernel, 00 included): {_duration(total)} for the whole series.\n"
    )


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def lesson_section(path: Path, times: dict) -> str:
    """A new lesson's whole section: its heading, generated part and session placeholder."""
    notebook = nbformat.read(path, as_version=4)
    number = path.name[:2]
    return (
        f"### {title(notebook)}\n\n"
        f"<!-- BEGIN GENERATED lesson {number} -->\n"
        f"{lesson_block(path, times)}"
        f"<!-- END GENERATED lesson {number} -->\n\n"
        f"**Suggested 50-minute session.** {TO_BE_WRITTEN}\n\n"
    )


def render(text: str, times: dict | None = None) -> str:
    """``text`` (the guide) with every generated block rewritten, and a section added for
    each lesson that has none."""
    times = read_times() if times is None else times
    lessons = find_lessons()  # 01 to the last: 00, the welcome, is not a lesson
    paths = [lesson.path for lesson in lessons]
    by_number = {lesson.number: lesson.path for lesson in lessons}

    def block(match: re.Match) -> str:
        name = match["name"]
        if name == "overview":
            body = overview_block(paths, times)
        elif name == "times":
            body = times_block(times)
        elif name.startswith("lesson ") and name[7:] in by_number:
            body = lesson_block(by_number[name[7:]], times)
        else:
            raise ValueError(f"TEACHING.md: a generated block for {name!r}, which is no lesson")
        return f"{match.group(1)}{body}{match.group(4)}"

    text = BLOCK.sub(block, text)
    missing = [
        p for n, p in by_number.items() if f"<!-- BEGIN GENERATED lesson {n} -->" not in text
    ]
    if missing:
        if END_LESSONS not in text:
            raise ValueError(f"TEACHING.md has no {END_LESSONS} marker to add lessons before")
        new = "".join(lesson_section(path, times) for path in missing)
        text = text.replace(END_LESSONS, new + END_LESSONS)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--times",
        action="store_true",
        help="execute every notebook (00 to the last) and record its time in "
        f"{TIMES.relative_to(ROOT)} first",
    )
    parser.add_argument(
        "--check", action="store_true", help="only say whether TEACHING.md is up to date"
    )
    args = parser.parse_args(argv)
    if args.times:
        times = measure_times(find_notebooks())
        TIMES.write_text(json.dumps(times, indent=2) + "\n")
        print(f"wrote {TIMES.relative_to(ROOT)}")
    current = GUIDE.read_text()
    fresh = render(current)
    if args.check:
        if fresh != current:
            print("TEACHING.md is stale: run python tools/teaching_guide.py")
            return 1
        print("TEACHING.md is up to date")
        return 0
    if fresh != current:
        GUIDE.write_text(fresh)
        print("rewrote the generated parts of TEACHING.md")
    else:
        print("TEACHING.md was up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
