"""The translated editions come from the English source and cannot drift from it unseen.

``tools/i18n.py`` is tried on a small edition of its own (a package module, a notebook, their
catalogs) in a temporary folder: every kind of drift the issue names is made there, and the
check must name it.
"""

from __future__ import annotations

import gettext
import importlib
import sys
from pathlib import Path

import nbformat
import pytest
from babel.messages.pofile import read_po, write_po

import nnbook.messages as messages

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
i18n = importlib.import_module("tools.i18n")

MODULE = """from nnbook.messages import say

def greet(name):
    return say("Hello, {name}.", name=name)
"""


def notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# 01 · A lesson\n\nThe sigmoid is $\\sigma(z)$.", id="intro"
        ),
        nbformat.v4.new_code_cell('print(say("{n} weights", n=3))', id="code1"),
        nbformat.v4.new_markdown_cell("A second cell.", id="second"),
    ]
    return nb


@pytest.fixture
def edition(tmp_path, monkeypatch):
    """A tiny project in ``tmp_path``: one module, one notebook, zh_CN catalogs filled in."""
    package, notebooks = tmp_path / "nnbook", tmp_path / "notebooks"
    package.mkdir()
    notebooks.mkdir()
    (package / "greeting.py").write_text(MODULE)
    nbformat.write(notebook(), notebooks / "01_lesson.ipynb")
    for name, value in [
        ("ROOT", tmp_path),
        ("PACKAGE", package),
        ("NOTEBOOKS", notebooks),
        ("PO", tmp_path / "po"),
    ]:
        monkeypatch.setattr(i18n, name, value)
    i18n.extract("zh_CN")
    translate(
        package / "locale/zh_CN/LC_MESSAGES/nnbook.po",
        {"Hello, {name}.": "你好，{name}。", "{n} weights": "{n} 个权重"},
    )
    translate(
        tmp_path / "po/zh_CN/01_lesson.po",
        {
            "# 01 · A lesson\n\nThe sigmoid is $\\sigma(z)$.": (
                "# 01 · 一课\n\nsigmoid 是 $\\sigma(z)$。"
            ),
            "A second cell.": "第二个单元格。",
        },
    )
    i18n.build("zh_CN", execute=False)
    assert i18n.problems("zh_CN") == []
    return tmp_path


def translate(path: Path, translations: dict[str, str]) -> None:
    with path.open("rb") as file:
        catalog = read_po(file, locale="zh_CN")
    for message in catalog:
        if message.id in translations:
            message.string = translations[message.id]
            message.flags.discard("fuzzy")
    with path.open("wb") as file:
        write_po(file, catalog, width=0)


def test_the_built_notebook_keeps_the_code_and_translates_the_markdown(edition):
    english = nbformat.read(edition / "notebooks/01_lesson.ipynb", as_version=4)
    chinese = nbformat.read(edition / "notebooks/zh_CN/01_lesson.ipynb", as_version=4)
    assert chinese.cells[0].id == i18n.LANGUAGE_CELL_ID
    assert "set_language('zh_CN')" in chinese.cells[0].source
    assert [(c.id, c.cell_type) for c in chinese.cells[1:]] == [
        (c.id, c.cell_type) for c in english.cells
    ]
    assert chinese.cells[2].source == english.cells[1].source
    assert chinese.cells[1].source.startswith("# 01 · 一课")
    assert "$\\sigma(z)$" in chinese.cells[1].source


def test_a_changed_english_cell_is_named_until_retranslated(edition):
    path = edition / "notebooks/01_lesson.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[2].source = "A second cell, reworded."
    nbformat.write(nb, path)
    found = "\n".join(i18n.problems("zh_CN"))
    assert "01_lesson.ipynb" in found and "second" in found
    i18n.extract("zh_CN")  # the translator's starting point: fuzzy, old English beside it
    po = (edition / "po/zh_CN/01_lesson.po").read_text()
    assert "#, fuzzy" in po and f"#. {i18n.PREVIOUS_ENGLISH}\n#. A second cell." in po
    assert "second" in "\n".join(i18n.problems("zh_CN"))
    translate(
        edition / "po/zh_CN/01_lesson.po", {"A second cell, reworded.": "第二个单元格（改写）。"}
    )
    i18n.build("zh_CN", execute=False)
    assert i18n.problems("zh_CN") == []


def test_a_changed_message_is_named_until_retranslated(edition):
    module = edition / "nnbook/greeting.py"
    module.write_text(MODULE.replace("Hello, {name}.", "Hello again, {name}."))
    assert any("not in the catalog: 'Hello again, {name}.'" in p for p in i18n.problems("zh_CN"))
    assert any("nothing says this any more: 'Hello, {name}.'" in p for p in i18n.problems("zh_CN"))
    i18n.extract("zh_CN")
    assert any("fuzzy" in p and "Hello again" in p for p in i18n.problems("zh_CN"))


def test_a_message_without_translation_is_named(edition):
    module = edition / "nnbook/greeting.py"
    module.write_text(MODULE + '\n\ndef part():\n    return say("A new sentence.")\n')
    i18n.extract("zh_CN")
    assert any("no translation: 'A new sentence.'" in p for p in i18n.problems("zh_CN"))


def test_a_hand_edited_or_stale_notebook_is_named(edition):
    path = edition / "notebooks/zh_CN/01_lesson.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[2].source += "\nprint('edited by hand')"
    nbformat.write(nb, path)
    assert any("differs from what the build writes now" in p for p in i18n.problems("zh_CN"))
    nb.cells[2].source = nb.cells[2].source.split("\n")[0]
    nb.cells[1], nb.cells[2] = nb.cells[2], nb.cells[1]  # the same cells, another order
    nbformat.write(nb, path)
    assert any("differs from what the build writes now" in p for p in i18n.problems("zh_CN"))


def test_a_missing_translation_stops_the_build(edition):
    path = edition / "notebooks/01_lesson.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("New at the end.", id="new"))
    nbformat.write(nb, path)
    i18n.extract("zh_CN")
    with pytest.raises(SystemExit, match="new"):
        i18n.build("zh_CN", execute=False)


def test_strict_mode_raises_where_english_would_leak(edition, monkeypatch):
    monkeypatch.setattr(messages, "LOCALE_DIR", edition / "nnbook/locale")
    try:
        messages.set_language("zh_CN", strict=True)
        assert messages.say("Hello, {name}.", name="Ada") == "你好，Ada。"
        with pytest.raises(messages.MissingTranslationError, match="Not in the catalog"):
            messages.say("Not in the catalog.")
        messages.set_language("zh_CN", strict=False)
        assert messages.say("Not in the catalog.") == "Not in the catalog."
    finally:
        messages.set_language("en")
    assert messages.say("Hello, {name}.", name="Ada") == "Hello, Ada."
    assert isinstance(messages._catalog, gettext.NullTranslations)
