"""The translated editions: English is the only source, translations live in gettext catalogs.

Usage (from the repository root)::

    python tools/i18n.py extract zh_CN     # bring the catalogs in line with the English source
    python tools/i18n.py build zh_CN       # compile the package catalog, write and execute
                                           # notebooks/zh_CN/ from the English notebooks
    python tools/i18n.py check zh_CN       # what the tests check: nothing stale or missing

One catalog per notebook, ``po/<language>/<notebook>.po``: each markdown cell is one message,
its ``msgctxt`` the cell's id and its ``msgid`` the whole English cell (so math, tables and code
spans stay intact for the translator). ``extract`` adds the cells that are new, marks fuzzy the
ones whose English changed (keeping the old English in a comment above them, so the
translator sees what changed), and drops the cells that are gone. Catalogs are read and written
with Babel.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

import nbformat
from babel.messages.catalog import Catalog
from babel.messages.extract import extract as extract_messages
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from nnbook.messages import BABEL_KEYWORDS

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
PACKAGE = ROOT / "nnbook"
PO = ROOT / "po"
#: The id of the cell a translated notebook starts with: it selects the language.
LANGUAGE_CELL_ID = "nnbook-language"
#: The comment above a fuzzy translation's old English (what the English said before it changed).
PREVIOUS_ENGLISH = "fuzzy: the English changed; before, it read:"
LANGUAGE_CELL = """import nnbook

nnbook.set_language("{language}")"""


def english_notebooks() -> list[Path]:
    """The English notebooks, the source of every translation."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def notebook_template(path: Path) -> Catalog:
    """The messages of one English notebook: its markdown cells, keyed by cell id."""
    nb = nbformat.read(path, as_version=4)
    template = Catalog(project=f"nnbook {path.stem}", fuzzy=False)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and cell.source.strip():
            template.add(
                cell.source,
                context=cell.id,
                auto_comments=[f"{path.name}, cell {index} (markdown)"],
            )
    return template


def notebook_catalog_path(language: str, notebook: Path) -> Path:
    return PO / language / f"{notebook.stem}.po"


def read_catalog(path: Path, language: str) -> Catalog:
    if not path.exists():
        return Catalog(locale=language, project="nnbook", fuzzy=False)
    with path.open("rb") as file:
        return read_po(file, locale=language)


def write_catalog(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, catalog, width=0, include_previous=False, sort_output=False)


def package_template() -> Catalog:
    """Every template nnbook says (the ``say`` calls of BABEL_KEYWORDS), as Babel extracts them:
    from the package, and from the English notebooks' code cells (what a cell prints or
    draws)."""
    template = Catalog(project="nnbook", fuzzy=False)

    def add(message, location: tuple[str, int], comments: list[str], context: str | None):
        template.add(
            message,
            locations=[location],
            auto_comments=comments,
            context=context,
            flags=("python-brace-format",),
        )

    for filename, lineno, message, comments, context in extract_from_dir(
        PACKAGE, method_map=[("**.py", "python")], keywords=BABEL_KEYWORDS, comment_tags=("NOTE:",)
    ):
        add(message, (f"nnbook/{filename}", lineno), comments, context)
    for notebook in english_notebooks():
        nb = nbformat.read(notebook, as_version=4)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or not any(k in cell.source for k in BABEL_KEYWORDS):
                continue
            found = extract_messages(
                "python",
                io.BytesIO(cell.source.encode()),
                keywords=BABEL_KEYWORDS,
                comment_tags=("NOTE:",),
            )
            for _, message, comments, context in found:
                where = f"{notebook.relative_to(ROOT)}#cell{index}"
                add(message, (where, None), comments, context)
    return template


def package_catalog_path(language: str) -> Path:
    return PACKAGE / "locale" / language / "LC_MESSAGES" / "nnbook.po"


def update(catalog: Catalog, template: Catalog) -> None:
    """Bring ``catalog`` in line with ``template``: new messages added, changed ones fuzzy
    (with the old English in a comment above them), messages nothing says any more dropped. The
    header keeps its date, so a catalog that did not change is not rewritten differently."""
    template.creation_date = catalog.creation_date
    catalog.update(template, no_fuzzy_matching=False)
    catalog.obsolete.clear()
    for message in catalog:
        if message.fuzzy and message.previous_id:
            # Babel writes a long "#| msgid" it cannot read back: say it as a comment instead
            # (the next update replaces these comments, once the translation is no longer fuzzy)
            before = message.previous_id[0] if message.previous_id else ""
            message.auto_comments = [
                *message.auto_comments,
                PREVIOUS_ENGLISH,
                *before.splitlines(),
            ]
            message.previous_id = []


def extract(language: str) -> None:
    """Update the package catalog and every notebook catalog of ``language`` from the English
    source."""
    path = package_catalog_path(language)
    catalog = read_catalog(path, language)
    update(catalog, package_template())
    write_catalog(catalog, path)
    report(path, catalog)
    for notebook in english_notebooks():
        path = notebook_catalog_path(language, notebook)
        catalog = read_catalog(path, language)
        update(catalog, notebook_template(notebook))
        write_catalog(catalog, path)
        report(path, catalog)


def untranslated(catalog: Catalog) -> list:
    return [m for m in catalog if m.id and (not m.string or not all(m.string))]


def report(path: Path, catalog: Catalog) -> None:
    fuzzy = sum(1 for m in catalog if m.id and m.fuzzy)
    print(
        f"{path.relative_to(ROOT)}: {len(catalog)} messages, {len(untranslated(catalog))} "
        f"untranslated, {fuzzy} fuzzy"
    )


def translated_notebook(notebook: Path, language: str) -> nbformat.NotebookNode:
    """``notebook`` in ``language``, not executed: its markdown cells from the catalog, its code
    cells copied verbatim (outputs cleared), a first cell that selects the language.

    Raises ``SystemExit`` naming the cells whose translation is missing or fuzzy.
    """
    catalog = read_catalog(notebook_catalog_path(language, notebook), language)
    nb = nbformat.read(notebook, as_version=4)
    missing = []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.strip():
            message = catalog.get(cell.source, context=cell.id)
            if message is None or not message.string or message.fuzzy:
                missing.append(cell.id)
            else:
                cell.source = message.string
        elif cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            cell.metadata.pop("execution", None)
    if missing:
        raise SystemExit(
            f"{notebook.name}: no up-to-date {language} translation of the markdown cells "
            f"{', '.join(missing)}; run python tools/i18n.py extract {language} and translate "
            f"them in {notebook_catalog_path(language, notebook).relative_to(ROOT)}"
        )
    first = nbformat.v4.new_code_cell(LANGUAGE_CELL.format(language=language))
    first.id = LANGUAGE_CELL_ID
    first.metadata["tags"] = ["nnbook-language"]
    nb.cells.insert(0, first)
    nb.metadata.pop("nnbook", None)
    nb.metadata["language_edition"] = language
    return nb


def translated_path(notebook: Path, language: str) -> Path:
    return NOTEBOOKS / language / notebook.name


def compiled(language: str) -> bytes:
    """The package's ``.po`` of ``language`` compiled to the ``.mo`` gettext reads."""
    catalog = read_catalog(package_catalog_path(language), language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def compile_package_catalog(language: str) -> Path:
    """Compile the package's ``.po`` to the ``.mo`` gettext reads (it ships in the wheel)."""
    mo = package_catalog_path(language).with_suffix(".mo")
    mo.write_bytes(compiled(language))
    return mo


def build(language: str, notebooks: list[Path] | None = None, *, execute: bool = True) -> None:
    """Compile the package catalog, then write (and execute) the translated notebooks."""
    try:
        from tools.execute_notebooks import execute as execute_notebook
    except ModuleNotFoundError:  # run as a script: tools/ itself is on sys.path
        from execute_notebooks import execute as execute_notebook  # type: ignore[no-redef]

    compile_package_catalog(language)
    for notebook in notebooks or english_notebooks():
        nb = translated_notebook(notebook, language)
        path = translated_path(notebook, language)
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, path)
        if execute:
            os.environ["NNBOOK_STRICT_TRANSLATIONS"] = "1"  # the kernels inherit it
            seconds = execute_notebook(path)
            print(f"{path.relative_to(ROOT)}: built and executed in {seconds:.1f} s")


def without_outputs(nb: nbformat.NotebookNode) -> list[tuple[str, str, str]]:
    """What the build decides of a notebook: each cell's id, type and source."""
    return [(cell.id, cell.cell_type, cell.source) for cell in nb.cells]


def problems(language: str) -> list[str]:
    """Everything that makes the ``language`` edition stale; empty when it is in line."""
    found: list[str] = []
    template = package_template()
    catalog = read_catalog(package_catalog_path(language), language)
    where = package_catalog_path(language).relative_to(ROOT)
    for message in template:
        if not message.id:
            continue
        entry = catalog.get(message.id, context=message.context)
        if entry is None:
            found.append(f"{where}: not in the catalog: {message.id!r}")
        elif not entry.string or not all(entry.string):
            found.append(f"{where}: no translation: {message.id!r}")
        elif entry.fuzzy:
            found.append(f"{where}: fuzzy (the English changed): {message.id!r}")
    for entry in catalog:
        if entry.id and template.get(entry.id, context=entry.context) is None:
            found.append(f"{where}: nothing says this any more: {entry.id!r}")
    mo = package_catalog_path(language).with_suffix(".mo")
    for notebook in english_notebooks():
        catalog_path = notebook_catalog_path(language, notebook)
        catalog = read_catalog(catalog_path, language)
        cells = {(m.context, m.id) for m in notebook_template(notebook) if m.id}
        for entry in catalog:
            if entry.id and (entry.context, entry.id) not in cells and not entry.fuzzy:
                found.append(
                    f"{catalog_path.relative_to(ROOT)}: cell {entry.context}: no such "
                    "cell in the English notebook (or its English changed)"
                )
        try:
            expected = translated_notebook(notebook, language)
        except SystemExit as error:
            found.append(str(error))
            continue
        path = translated_path(notebook, language)
        if not path.exists():
            found.append(
                f"{path.relative_to(ROOT)}: missing; run python tools/i18n.py build {language}"
            )
            continue
        actual = nbformat.read(path, as_version=4)
        if without_outputs(actual) != without_outputs(expected):
            found.append(
                f"{path.relative_to(ROOT)}: differs from what the build writes now; "
                f"run python tools/i18n.py build {language} {notebook.name}"
            )
    if not mo.exists():
        found.append(f"{mo.relative_to(ROOT)}: missing; run python tools/i18n.py build {language}")
    elif mo.read_bytes() != compiled(language):
        found.append(
            f"{mo.relative_to(ROOT)}: not compiled from the .po as it is now; run python "
            f"tools/i18n.py build {language}"
        )
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["extract", "build", "check"])
    parser.add_argument("language", help="a language code, e.g. zh_CN")
    parser.add_argument("notebooks", nargs="*", help="build only these (file names)")
    args = parser.parse_args(argv)
    if args.command == "extract":
        extract(args.language)
    elif args.command == "build":
        chosen = [NOTEBOOKS / name for name in args.notebooks] or None
        build(args.language, chosen)
    else:
        found = problems(args.language)
        print("\n".join(found) or f"the {args.language} edition is in line with the English")
        return 1 if found else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
