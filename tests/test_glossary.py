"""The Chinese edition uses one term for each idea: the one ``po/zh_CN/glossary.csv`` chose.

For every row (English term, chosen Chinese term, its source, rejected alternatives): wherever
an English lesson uses the term, its Chinese translation uses the chosen term; and no rejected
alternative appears anywhere in the Chinese edition (the notebooks' catalogs and the package's).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "po" / "zh_CN"
GLOSSARY = PO / "glossary.csv"
PACKAGE_PO = ROOT / "nnbook/locale/zh_CN/LC_MESSAGES/nnbook.po"


def glossary() -> list[dict[str, str]]:
    with GLOSSARY.open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def catalog(path: Path):
    with path.open("rb") as file:
        return read_po(file, locale="zh_CN")


def translated(path: Path) -> list[tuple[str, str, str]]:
    """(where, English, Chinese) of every translated message of a catalog."""
    found = []
    for message in catalog(path):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        found.append((f"{path.name} {message.context or ''}", " ".join(ids), " ".join(strings)))
    return found


def english_pattern(term: str) -> re.Pattern[str]:
    # the term as a word, in the singular or plural ("weight", "weights"; "mini-batches")
    return re.compile(rf"\b{re.escape(term)}(e?s)?\b", re.IGNORECASE)


def test_every_row_names_its_source_and_terms():
    rows = glossary()
    assert len(rows) >= 30
    for row in rows:
        assert row["english"] and row["chinese"] and row["source"], row
        assert row["chinese"] not in row["rejected"].split(";"), row


NOTEBOOK_CATALOGS = sorted(PO.glob("[0-9][0-9]_*.po"))


@pytest.mark.parametrize("path", NOTEBOOK_CATALOGS, ids=lambda p: p.stem)
def test_each_lesson_uses_the_chosen_terms(path):
    messages = translated(path)
    english = "\n".join(e for _, e, _ in messages)
    chinese = "\n".join(c for _, _, c in messages)
    missing = [
        f"{row['english']} -> {row['chinese']}"
        for row in glossary()
        if english_pattern(row["english"]).search(english) and row["chinese"] not in chinese
    ]
    assert not missing, f"{path.name}: the English uses these terms, the Chinese not: {missing}"


@pytest.mark.parametrize(
    "path", [*NOTEBOOK_CATALOGS, PACKAGE_PO], ids=lambda p: p.stem if p != PACKAGE_PO else "nnbook"
)
def test_no_rejected_alternative_appears(path):
    if not path.exists():
        pytest.skip(f"{path} is not written yet")
    rejected = [
        (term, row["chinese"])
        for row in glossary()
        for term in filter(None, row["rejected"].split(";"))
    ]
    found = [
        f"{where}: {term!r} (use {chosen!r})"
        for where, _, chinese in translated(path)
        for term, chosen in rejected
        if term in chinese
    ]
    assert not found, "\n".join(found)
