"""TEACHING.md, the instructor guide: every lesson is in it, and its generated parts are fresh.

The generated parts (goals, widgets, misconceptions, run times) are rebuilt in memory by
``tools/teaching_guide.py`` and compared with the file; nothing is executed or timed here: the
run times are read from ``tools/lesson_times.json``, which ``--times`` writes.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from nnbook.classroom import find_lessons, find_notebooks

ROOT = Path(__file__).resolve().parent.parent
FIX = "run `python tools/teaching_guide.py` and commit TEACHING.md"


def _load_tool():
    spec = importlib.util.spec_from_file_location(
        "teaching_guide", ROOT / "tools" / "teaching_guide.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


guide_tool = _load_tool()
LESSONS = [lesson.path for lesson in find_lessons(ROOT / "notebooks")]
GUIDE = (ROOT / "TEACHING.md").read_text()


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name[:2])
def test_every_lesson_has_its_section_and_a_session_plan(path):
    number = path.name[:2]
    begin = f"<!-- BEGIN GENERATED lesson {number} -->"
    assert begin in GUIDE, f"TEACHING.md has no section for lesson {number}: {FIX}"
    section = GUIDE.split(begin, 1)[1].split("\n### ", 1)[0].split("<!-- END LESSONS -->")[0]
    plan = section.split("**Suggested 50-minute session.**", 1)
    assert len(plan) == 2, f"lesson {number}: no 'Suggested 50-minute session' in TEACHING.md"
    assert guide_tool.TO_BE_WRITTEN not in plan[1], f"lesson {number}: write its session plan"
    minutes = [int(m) for m in re.findall(r"\*(?:\d+)-(\d+) min\.\*", plan[1])]
    assert minutes and max(minutes) == 50, f"lesson {number}: the plan should end at 50 min"


def test_the_generated_parts_are_up_to_date():
    fresh = guide_tool.render(GUIDE)
    if fresh != GUIDE:
        old, new = GUIDE.splitlines(), fresh.splitlines()
        first = next(
            (i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
            min(len(old), len(new)),
        )
        context = "\n".join(new[max(0, first - 2) : first + 3])
        pytest.fail(f"TEACHING.md is stale from line {first + 1}:\n{context}\n{FIX}")


def test_the_times_file_has_every_notebook():
    times = json.loads(guide_tool.TIMES.read_text())
    names = {p.stem for p in find_notebooks(ROOT / "notebooks")}
    missing = names - set(times["seconds"])
    assert not missing, (
        f"tools/lesson_times.json lacks {sorted(missing)}: "
        "run `python tools/teaching_guide.py --times`"
    )
    assert all(s > 0 for s in times["seconds"].values())
    assert times["machine"] and times["measured_on"]


def test_the_guide_quotes_the_exercises_messages():
    """The misconceptions are the checks' own words (spot check of one lesson)."""
    from nnbook import exercises

    for answer, _ in exercises.get("01-slope-at-zero").wrong_answers:
        try:
            message = exercises.check("01-slope-at-zero", answer).message
        finally:
            exercises.reset_progress()
        assert guide_tool._markdown(message) in GUIDE


def test_a_new_lesson_gets_a_section_to_write(monkeypatch):
    last = LESSONS[-1].name[:2]
    without = re.sub(
        rf"### [^\n]*\n\n<!-- BEGIN GENERATED lesson {last} -->.*?(?=<!-- END LESSONS -->)",
        "",
        GUIDE,
        flags=re.DOTALL,
    )
    assert f"lesson {last} -->" not in without
    rendered = guide_tool.render(without)
    assert f"<!-- BEGIN GENERATED lesson {last} -->" in rendered
    assert guide_tool.TO_BE_WRITTEN in rendered


def test_a_block_for_no_lesson_is_an_error():
    text = GUIDE + "\n<!-- BEGIN GENERATED lesson 99 -->\n<!-- END GENERATED lesson 99 -->\n"
    with pytest.raises(ValueError, match="lesson 99"):
        guide_tool.render(text)
