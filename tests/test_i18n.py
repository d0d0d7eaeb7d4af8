"""The translated editions come from the English source and cannot drift from it unseen.

``tools/i18n.py`` is tried on a small edition of its own (a package module, a notebook, their
catalogs) in a temporary folder: every kind of drift the issue names is made there, and the
check must name it.
"""

from __future__ import annotations

import ast
import gettext
import importlib
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import numpy as np
import pytest
from babel.messages.pofile import read_po, write_po

import nnbook.messages as messages
from nnbook.messages import BABEL_KEYWORDS

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
    assert 'set_language("zh_CN")' in chinese.cells[0].source
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


def _literal_templates(source: str) -> list[str]:
    """The string literals passed as templates to a Babel keyword in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in BABEL_KEYWORDS:
            for argument in node.args[: 2 if node.func.id == "say_n" else 1]:
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    found.append(argument.value)
    return found


def test_every_template_in_the_code_reaches_the_catalog():
    """Babel's extractor misses a ``say`` nested in another's arguments or inside an f-string;
    reading the code finds every literal template, and each must be in the extraction."""
    extracted = set()
    for message in i18n.package_template():
        extracted.update(message.id if isinstance(message.id, tuple) else (message.id,))
    sources = [(str(p), p.read_text()) for p in (ROOT / "nnbook").rglob("*.py")]
    for path in i18n.english_notebooks():
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                lines = cell.source.splitlines()
                code = "\n".join(line for line in lines if not line.startswith(("%", "!")))
                sources.append((f"{path.name}, cell {cell.id}", code))
    missed = [
        (where, template)
        for where, source in sources
        for template in _literal_templates(source)
        if template not in extracted
    ]
    assert missed == [], "Babel does not extract these (nest no say in another's arguments):"


def test_the_chinese_edition_is_in_line_with_the_english():
    """What ``python tools/i18n.py check zh_CN`` says: no fuzzy, missing or unused entry, no
    notebook edited by hand or left behind by a change in English, the .mo compiled from the
    .po as it is. Each problem names the notebook and cell, or the message, and the fix."""
    assert i18n.problems("zh_CN") == []


def test_choosing_a_language_changes_words_not_numbers(monkeypatch):
    from nnbook import Network, check, one_hot

    X = np.linspace(-1, 1, 12).reshape(6, 2)
    Y = one_hot(np.array([0, 1, 0, 1, 1, 0]), 2)
    results = {}
    try:
        for language in ("en", "zh_CN"):
            messages.set_language(language, strict=True)
            net = Network([2, 3, 2], seed=0)
            history = net.fit(X, Y, epochs=3, batch_size=2, learning_rate=0.5, seed=0)
            results[language] = (
                [w.copy() for w in net.weights],
                history.costs,
                str(check("01-slope-at-zero", 0.5)),
            )
    finally:
        messages.set_language("en")
    (w_en, costs_en, said_en), (w_zh, costs_zh, said_zh) = results["en"], results["zh_CN"]
    assert all(np.array_equal(a, b) for a, b in zip(w_en, w_zh, strict=True))
    assert costs_en == costs_zh
    assert said_en.startswith("✘ Not yet") and said_zh.startswith("✘ 还不对")


def test_the_wheel_ships_the_catalogs_and_speaks_chinese_outside_the_repository(tmp_path):
    """A non-editable install: the wheel holds the compiled catalog, and the package unpacked
    from it (nothing of the repository on the path) speaks Chinese in strict mode."""
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
         "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    wheel = next(tmp_path.glob("nnbook-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        assert "nnbook/locale/zh_CN/LC_MESSAGES/nnbook.mo" in archive.namelist()
        archive.extractall(tmp_path / "site")
    script = (
        "import nnbook, sys; assert 'site' in nnbook.__file__, nnbook.__file__; "
        "nnbook.set_language('zh_CN', strict=True); "
        "print(nnbook.check('01-slope-at-zero', 0.25)); print(nnbook.languages())"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    ran = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert ran.returncode == 0, ran.stderr
    assert "✔ 正确" in ran.stdout and "zh_CN" in ran.stdout


def test_the_readmes_link_each_other_and_the_chinese_lessons_exist():
    english = (ROOT / "README.md").read_text()
    chinese = (ROOT / "README.zh-CN.md").read_text()
    assert "](README.zh-CN.md)" in english.split("\n## ")[0], "README.md links to it at the top"
    assert "](README.md)" in chinese.split("\n## ")[0], "README.zh-CN.md links back at the top"
    lessons = re.findall(r"\]\((notebooks/zh_CN/[^)]+\.ipynb)\)", chinese)
    assert [Path(p).name for p in lessons] == [p.name for p in i18n.english_notebooks()]
    assert all((ROOT / p).exists() for p in lessons)
    # the quickstart's two lines, as in README.md (the first adds the zh extra)
    for marker in ("<!-- setup-command -->", "<!-- test-command -->"):
        assert marker in chinese
    test_line = english.split("<!-- test-command -->")[1].split("```")[1]
    assert test_line in chinese


def test_without_a_chinese_font_figures_keep_english_and_say_so_once(monkeypatch):
    """No CJK font installed: set_language warns once, with the command that installs one, and
    text on figures stays English (never empty boxes) while everything else is Chinese."""
    monkeypatch.setattr(messages, "use_fonts_for", lambda language: False)
    monkeypatch.setattr(messages, "_warned_no_font", set())
    try:
        with pytest.warns(UserWarning, match="sudo apt install fonts-noto-cjk") as warned:
            messages.set_language("zh_CN", strict=True)
            messages.set_language("zh_CN", strict=True)  # the second time: no second warning
        assert len([w for w in warned if "fonts-noto-cjk" in str(w.message)]) == 1
        assert messages.say_on_figure("accuracy") == "accuracy"
        assert messages.say("accuracy") != "accuracy"  # the readouts and errors: Chinese
    finally:
        messages.set_language("en")


def test_with_a_chinese_font_it_comes_first_so_math_text_draws_chinese():
    import matplotlib

    from nnbook.fonts import installed_font, use_fonts_for

    font = installed_font("zh_CN")
    if font is None:
        pytest.skip("no CJK font here (Debian: apt install fonts-noto-cjk)")
    before = list(matplotlib.rcParams["font.family"])
    try:
        assert use_fonts_for("zh_CN")
        assert matplotlib.rcParams["font.family"][0] == font
    finally:
        matplotlib.rcParams["font.family"] = before


@pytest.mark.parametrize(
    "value, said, warned",
    [("zh_CN", "正确", False), ("", "Correct", False), ("fr", "Correct", True)],
)
def test_nnbook_lang_chooses_the_language_at_import(value, said, warned):
    script = "import nnbook; print(nnbook.language(), nnbook.say('Correct'))"
    env = {**os.environ, "NNBOOK_LANG": value}
    ran = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, cwd=ROOT
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.split()[-1] == said
    assert ("nnbook speaks" in ran.stderr) == warned
