"""The translated editions: English is the only source, translations live in gettext catalogs.

Usage (from the repository root)::

    python tools/i18n.py extract zh_CN     # bring the catalogs in line with the English source

One catalog per notebook, ``po/<language>/<notebook>.po``: each markdown cell is one message,
its ``msgctxt`` the cell's id and its ``msgid`` the whole English cell (so math, tables and code
spans stay intact for the translator). ``extract`` adds the cells that are new, marks fuzzy the
ones whose English changed (keeping the old English beside them, ``#| msgid``, so the
translator sees what changed), and drops the cells that are gone. Catalogs are read and written
with Babel.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
PO = ROOT / "po"


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
        write_po(file, catalog, width=0, include_previous=True, sort_output=False)


def extract(language: str) -> None:
    """Update every notebook catalog of ``language`` from the English notebooks."""
    for notebook in english_notebooks():
        path = notebook_catalog_path(language, notebook)
        catalog = read_catalog(path, language)
        catalog.update(notebook_template(notebook), no_fuzzy_matching=False)
        catalog.obsolete.clear()
        write_catalog(catalog, path)
        untranslated = sum(1 for m in catalog if m.id and not m.string)
        fuzzy = sum(1 for m in catalog if m.id and m.fuzzy)
        print(f"{path.relative_to(ROOT)}: {len(catalog)} cells, {untranslated} untranslated, "
              f"{fuzzy} fuzzy")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["extract"])
    parser.add_argument("language", help="a language code, e.g. zh_CN")
    args = parser.parse_args(argv)
    if args.command == "extract":
        extract(args.language)
    return 0


if __name__ == "__main__":
    sys.exit(main())
