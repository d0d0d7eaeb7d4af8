"""Every learner-facing message is one whole-sentence template, filled in by ``say``.

The templates are what a translator gets (extracted with Babel, as a catalog would be); the
source is read for messages built any other way: an f-string, ``+`` or ``.format`` with words in
it, a ``raise`` or warning whose text is not a template, a widget label or plot title written
as a bare string.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import numpy as np
import pytest
from babel.messages.extract import extract_from_dir

import nnbook
from nnbook.messages import BABEL_KEYWORDS, say, say_n, shown

PACKAGE = Path(nnbook.__file__).parent
KEYWORDS = BABEL_KEYWORDS

#: A comment that marks a line's string as not for learners (markup, a file name, a message to
#: the package's own maintainers). Each use says why after the colon.
NOT_A_MESSAGE = "# not a message:"

#: Keyword arguments and methods whose text a learner reads on a widget or a plot.
SHOWN_KEYWORDS = {"description", "tooltip", "placeholder", "title", "xlabel", "ylabel", "label"}
SHOWN_METHODS = {"set_title", "set_xlabel", "set_ylabel", "suptitle", "set_text", "legend"}
WORD = re.compile(r"[A-Za-z]{3,}")
MARKUP = re.compile(r"<[^<>]*>|&\w+;")


def test_say_fills_every_placeholder_and_nothing_else():
    assert say("{name} must be a number; got {value!r}.", name="eta", value="3") == (
        "eta must be a number; got '3'."
    )
    with pytest.raises(TypeError, match="names"):
        say("{name} must be a number.")
    with pytest.raises(TypeError, match="names"):
        say("a number.", name="eta")


def test_values_are_shown_as_the_learner_wrote_them():
    assert say("gave {got}", got=(0.25, 2)) == "gave (0.25, 2)"
    assert say("gave {got}", got=[0.25, 2]) == "gave [0.25, 2]"
    assert say("gave {got}", got=(1,)) == "gave (1,)"
    assert say("gave {got}", got=np.zeros((100, 2))) == "gave an array of shape (100, 2)"
    assert say("gave {got}", got=1 / 3) == "gave 0.333333"
    assert say("gave {got:.2f}", got=1 / 3) == "gave 0.33"
    assert say("gave {got!r}", got=(1, 2)) == "gave (1, 2)"
    assert shown(np.array([[1, 2], [3, 4]])) == "[1, 2; 3, 4] (shape (2, 2))"


def test_a_count_picks_the_grammar():
    assert say_n("{n} example", "{n} examples", 1) == "1 example"
    assert say_n("{n} example", "{n} examples", 3) == "3 examples"


def templates() -> list[tuple[str, int, str]]:
    found = []
    for filename, lineno, message, _, _ in extract_from_dir(
        PACKAGE, method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        for text in message if isinstance(message, tuple) else (message,):
            found.append((filename, lineno, text))
    return found


def test_babel_extracts_the_templates_and_each_names_its_placeholders():
    found = templates()
    files = {filename.split("/")[0] for filename, _, _ in found}
    # every part of the package that talks to a learner is in the catalog
    assert {"exercises", "widgets", "_validation.py", "network_checks.py"} <= files, files
    for filename, lineno, text in found:
        fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
        where = f"nnbook/{filename}:{lineno}: {text!r}"
        assert all(f and not f.isdigit() for f in fields), f"{where}: use named placeholders"
        assert "%s" not in text and "%d" not in text, f"{where}: use {{name}}, not %"


def _words(node: ast.AST) -> bool:
    """Whether a string expression holds words a learner reads (markup does not count)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "{}".join(v.value for v in node.values if isinstance(v, ast.Constant))
    else:
        return False
    return bool(WORD.search(MARKUP.sub(" ", text)))


def _is_template(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in KEYWORDS
        and bool(node.args)
        and isinstance(node.args[0], ast.Constant)
    )


def glued_messages(source: str) -> list[tuple[int, str]]:
    """Lines of ``source`` where a message is built other than by a template."""
    tree = ast.parse(source)
    lines = source.splitlines()
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    in_template = {
        id(child)
        for node in ast.walk(tree)
        if _is_template(node)
        for child in ast.walk(node.args[0])
    }
    statement_of = {
        id(child): statement
        for statement in ast.walk(tree)
        if isinstance(statement, ast.stmt)
        for child in ast.walk(statement)
    }
    problems = []

    def flag(node: ast.AST, why: str) -> None:
        statement = statement_of.get(id(node), node)
        span = lines[statement.lineno - 1 : node.end_lineno]
        if not any(NOT_A_MESSAGE in line for line in span):
            problems.append((node.lineno, why))

    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and id(node) not in in_template and _words(node):
            flag(node, "an f-string with words: write a template and say(...) it")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
            if _words(node.left) or _words(node.right):
                flag(node, "words joined with + or %: write one template")
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "format" and _words(func.value):
                flag(node, "str.format with words: use say(...)")
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            texts = [kw.value for kw in node.keywords if kw.arg in SHOWN_KEYWORDS]
            if name in SHOWN_METHODS:
                texts += node.args[:1]
            if name == "warn" and node.args:
                texts.append(node.args[0])
            for text in texts:
                if _words(text) and id(text) not in docstrings:
                    flag(node, f"{name}(...) shows a bare string: use say(...)")
        elif isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
            message = node.exc.args[0]
            if not (_is_template(message) or isinstance(message, (ast.Name, ast.Attribute))):
                if _words(message) or isinstance(message, (ast.JoinedStr, ast.BinOp)):
                    flag(node, "raise with a message that is not say(...)")
    return sorted(set(problems))


def test_the_source_reader_finds_each_kind_of_glued_message():
    source = (
        "raise ValueError(f'expected {x}, got {y}')\n"
        "text = 'expected ' + what\n"
        "label = widgets.Button(description='Train')\n"
        "ax.set_title('Cost')\n"
        "note = 'gave {}'.format(x)\n"
        "warnings.warn('the rate is large')\n"
        "ok = say('expected {x}, got {y}', x=1, y=2)\n"
        "html = f'<b>{ok}</b>'\n"
        "css = f'width: {w}px'  # not a message: CSS\n"
        "raise ValueError(say('{name} must be positive.', name='n'))\n"
    )
    assert sorted({line for line, _ in glued_messages(source)}) == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_no_message_is_glued_from_fragments(path):
    problems = glued_messages(path.read_text())
    assert not problems, "\n".join(
        f"nnbook/{path.relative_to(PACKAGE)}:{line}: {why}" for line, why in problems
    )
