"""Answer cells: the cell a solution stands for, and where a notebook's answer cells are.

An exercise's solution is a real function; :func:`answer_cell` reads from its source the cell
a learner would write (``solution(id)`` shows it). :func:`answer_cells` finds the cells of a
notebook that hold the learner's answers, by the lessons' tag and metadata.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable, Mapping
from typing import Any

from nnbook.messages import say


def answer_cell(solution: Callable[..., Any], kind: str) -> str:
    """The notebook cell that a solution function stands for, read from its source.

    For a function exercise, the definition without its decorator; for a value exercise, the
    body, with its last statement ``return <expr>`` written as ``<name> = <expr>``.
    """
    source = textwrap.dedent(inspect.getsource(solution))
    lines, node = source.splitlines(), ast.parse(source).body[0]  # a FunctionDef
    if kind == "function":
        return "\n".join(lines[node.lineno - 1 : node.end_lineno]) + "\n"
    first, last = node.body[0].lineno - 1, node.body[-1]
    if not isinstance(last, ast.Return):
        raise ValueError(  # not a message: for the authors of exercises
            f"the value solution {node.name} must end with `return <value>`"
        )
    cell = textwrap.dedent("\n".join(lines[first : node.end_lineno])).splitlines()
    cell[last.lineno - 1 - first] = cell[last.lineno - 1 - first].replace(
        "return ", f"{node.name} = ", 1
    )
    return "\n".join(cell) + "\n"


def answer_cells(notebook: Mapping[str, Any]) -> list[tuple[int, str]]:
    """``(cell index, exercise id)`` of every answer cell in a notebook, in order.

    The lessons' convention: an answer cell has the tag ``exercise`` and the metadata
    ``{"nnbook": {"exercise": "<id>"}}``. ``notebook`` is an ``nbformat`` notebook or the
    plain dict of its JSON. (:func:`answer_cell`, singular, is the *solution's* cell text.)

    Raises ``ValueError`` for a cell tagged ``exercise`` without an exercise id.
    """
    found = []
    for index, cell in enumerate(notebook["cells"]):
        metadata = cell.get("metadata", {})
        if "exercise" not in metadata.get("tags", []):
            continue
        exercise_id = metadata.get("nnbook", {}).get("exercise")
        if not exercise_id:
            raise ValueError(
                say(
                    'Cell {index} is tagged "exercise" but has no exercise id: give it the '
                    "metadata {metadata}, the id its check cell uses.",
                    index=index,
                    metadata='{"nnbook": {"exercise": "<id>"}}',
                )
            )
        found.append((index, exercise_id))
    return found
