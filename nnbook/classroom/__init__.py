"""The teacher's kit: the lessons' exercises, autograded by nbgrader.

``python -m nnbook.classroom nbgrader DIR`` writes an nbgrader course into ``DIR``: its
``nbgrader_config.py`` and ``source/<lesson>/<lesson>.ipynb`` for each lesson, 01 to the last
(:func:`write_nbgrader_course`; how the cells are rewritten: :mod:`nnbook.classroom.course`).
In those notebooks each exercise's answer cell is an nbgrader solution cell holding the
reference solution, and each ``check`` cell is a locked test cell that calls :func:`grade`:
the same check, raising ``AssertionError`` with the check's message unless the answer is
correct. :func:`hint` gives the lessons' hints; :func:`solution` only says that the graded
version has no worked solutions. ``TEACHING.md`` walks through grading, step by step.

This package does not import nbgrader (the graded notebooks import :func:`grade` from it in
the student's kernel); the command needs it: ``pip install -e ".[classroom]"``.
"""

from nnbook.classroom.course import (
    Lesson,
    find_lessons,
    find_notebooks,
    parse_points,
    select_lessons,
    source_notebook,
    write_nbgrader_course,
)
from nnbook.classroom.grading import grade, hint, solution

__all__ = [
    "Lesson",
    "find_lessons",
    "find_notebooks",
    "grade",
    "hint",
    "parse_points",
    "select_lessons",
    "solution",
    "source_notebook",
    "write_nbgrader_course",
]
