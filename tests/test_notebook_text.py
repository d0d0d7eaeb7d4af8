"""What a notebook's code cell shows the learner goes through ``say``, so that it can be translated.

The Chinese edition copies the code cells of the English notebooks verbatim and translates only
their markdown; a sentence a code cell prints, draws on a figure or writes on a widget is
translated only if it is a template of :func:`nnbook.say` (``say_n``, or ``say_on_figure`` for
text on a figure), which ``tools/i18n.py`` extracts from the cells. This test reads every code
cell of the English notebooks and fails on English words shown without ``say``:

* ``print(...)`` of a string or f-string (or ``"..." + ...``, ``"...".format(...)``);
* titles, labels, legends and notes on figures: ``set_title``, ``set_xlabel``, ``set_ylabel``,
  ``suptitle``, ``text``, ``annotate`` and the keywords ``title=``, ``xlabel=``, ``ylabel=``,
  ``label=``, ``df_label=``;
* widgets: ``description=`` and ``<widget>.value = "..."`` (a readout).

Numbers, formulas and names stay as they are: a word is three or more letters that is not a name
from the code (``X_train``, ``Network.fit``, ``float64``, ``image[0]``) or a mathematical symbol
(:data:`SYMBOLS`). The exercise cells (``# Your answer``) are the learner's and are skipped.
A text that must stay English is listed in :data:`EXCEPTIONS`, with its reason.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

#: Words that are mathematics, not English: they read the same in every edition.
SYMBOLS = {"sigma", "delta", "exp", "sqrt", "softmax", "relu", "tanh", "argmax"}

#: Methods whose first argument is text drawn on a figure.
FIGURE_METHODS = {"set_title", "set_xlabel", "set_ylabel", "suptitle", "text", "annotate"}
#: Keywords whose value is text shown on a figure or a widget.
TEXT_KEYWORDS = {"title", "xlabel", "ylabel", "label", "df_label", "description"}

#: (notebook, text) -> why the text stays English. Empty today: add an entry only with a reason
#: a reviewer can check (e.g. a value the package reads as a key and translates itself).
EXCEPTIONS: dict[tuple[str, str], str] = {}

# A token; it is a name from the code if it holds "_", "." or digits (X_train, Network.fit,
# float64) or is indexed or called (image[14, 14], sigma(z)).
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*[\[(]?")
_LATEX = re.compile(r"\$[^$]*\$")


def english_words(text: str) -> list[str]:
    """The English words in ``text``: tokens of 3+ letters only, not symbols, not code names."""
    words = []
    for token in _TOKEN.findall(_LATEX.sub(" ", text)):
        # a code name ("X_train", "image[") is not alpha
        if token.isalpha() and len(token) >= 3 and token.lower() not in SYMBOLS:
            words.append(token)
    return words


def _literal_text(node: ast.AST) -> str | None:
    """The literal text of a string expression (constants of an f-string, both sides of a +,
    the string a ``.format`` is called on), or None if ``node`` holds no literal text."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return " ".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        parts = [_literal_text(node.left), _literal_text(node.right)]
        found = [p for p in parts if p is not None]
        return " ".join(found) if found else None
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
    ):
        return _literal_text(node.func.value)
    return None


def shown_without_say(source: str) -> list[tuple[int, str, str]]:
    """(line, what, text) for each English text ``source`` shows the learner without ``say``."""
    lines = [
        "" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
    ]  # IPython magics are not Python
    tree = ast.parse("\n".join(lines))
    found: list[tuple[int, str, ast.AST]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name == "print":
                found += [(node.lineno, "print()", arg) for arg in node.args]
            elif name in FIGURE_METHODS and isinstance(func, ast.Attribute) and node.args:
                found.append((node.lineno, f".{name}()", node.args[0]))
            found += [
                (node.lineno, f"{kw.arg}=", kw.value)
                for kw in node.keywords
                if kw.arg in TEXT_KEYWORDS
            ]
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and target.attr == "value":
                    found.append((node.lineno, ".value =", node.value))
    problems = []
    for line, what, expression in found:
        text = _literal_text(expression)
        if text is not None and english_words(text):
            problems.append((line, what, text))
    return problems


def _is_exercise(cell) -> bool:
    return "exercise" in cell.metadata.get("tags", []) or cell.source.lstrip().startswith(
        "# Your answer"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_code_cells_show_english_only_through_say(path):
    nb = nbformat.read(path, as_version=4)
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or _is_exercise(cell):
            continue
        for line, what, text in shown_without_say(cell.source):
            if (path.name, text) not in EXCEPTIONS:
                problems.append(f"cell {index}, line {line}: {what} {text!r}")
    assert not problems, (
        f"{path.name}: code cells show English without say(), so the translated edition "
        "(which copies code cells verbatim) would show it untranslated. Write each as "
        'say("template with {placeholders}", name=value) (say_on_figure for text on a figure, '
        "say_n for counts), or list it in EXCEPTIONS with a reason:\n" + "\n".join(problems)
    )


def test_exceptions_are_still_needed():
    texts = {}
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        texts[path.name] = [
            text
            for cell in nb.cells
            if cell.cell_type == "code" and not _is_exercise(cell)
            for _, _, text in shown_without_say(cell.source)
        ]
    stale = [key for key in EXCEPTIONS if key[1] not in texts.get(key[0], [])]
    assert not stale, f"EXCEPTIONS lists texts no notebook shows any more: {stale}"


@pytest.mark.parametrize(
    "source",
    [
        'print(f"test accuracy: {acc:.2%}")',
        'print("All packages are in place.")',
        'print("values:", ", ".join(values))',
        'print("digit:  " + " ".join(cells))',
        'print("centre of mass: ({:.1f}, {:.1f})".format(*c))',
        'ax.set_title("The weights during training")',
        'ax.set_xlabel("epoch")',
        'ax.plot(x, y, label="quadratic cost")',
        'plot_cost_curve(costs, title=f"{n} hidden neurons")',
        'slider = widgets.IntSlider(description="hidden layers")',
        'readout.value = f"a {n} x {n} image has {n**2} pixels"',
        'figure.suptitle("most confident mistakes")',
    ],
)
def test_the_check_finds_english_shown_without_say(source):
    assert shown_without_say(source), source


@pytest.mark.parametrize(
    "source",
    [
        'print(say("test accuracy: {acc:.2%}", acc=acc))',
        'print(f"z = {z:6.1f}    sigma(z) = {s:.6f}")',
        'print(f"sigma\'({z:4.1f}) = {s:.2e}")',
        'print(" i    a - y   sigma\'(z)    delta")',
        'print("X_train", X_train.shape, X_train.dtype)',
        'print("nnbook.softmax:", values)',
        'print(f"image[{row}, {col}] = {value:.4f}")',
        'print(f"{name:>13}: {value.shape}")',
        'ax.set_title(say_on_figure("The weights during training"))',
        'plot_function(sigmoid, label=r"$\\sigma(z)$", df_label=r"$\\sigma\'(z)$")',
        'ax.set_xlabel("z")',
        'ax.axhline(0.01, label="0.01")',
        'slider = widgets.IntSlider(description=say("side"))',
        "print(small)",
    ],
)
def test_the_check_leaves_numbers_formulas_and_say_alone(source):
    assert not shown_without_say(source), source
