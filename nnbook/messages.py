"""Every sentence nnbook says to a learner has one shape: a whole-sentence template.

A message is written once, in English, as one template with named placeholders, and filled in
by :func:`say`::

    say("{name} must be a number; got {value!r}.", name=name, value=value)

Never glue a message from pieces (``"expected " + what + " of real numbers"``): a translator
sees each template as a whole and may reorder it, and the English reads as a sentence. Where a
message has variants, write each variant as its own template. A count that decides the grammar
goes through :func:`say_n` (``"1 example"`` / ``"3 examples"``).

The three kinds of message all go through :func:`say`; each kind is built in one place:

=====================  ==============================================================
kind                   built by
=====================  ==============================================================
exercise feedback      ``nnbook/exercises`` (``_compare``, ``_check``, ``_display``
                       and each lesson's exercises), shown by ``CheckResult``
validation errors      ``nnbook/_validation.py`` (the checks shared by every public
                       function) and the module that owns a rule
widget readouts        each widget, through :func:`say`
=====================  ==============================================================

**Texts kept in a table** (an exercise's title, its hints, a known mistake's message, a bug's
description) are not filled in, so they are not :func:`say`'s: each is marked with :func:`N_`
where it is written, so Babel extracts it, and shown through :func:`translated`, so the language
chosen when it is shown applies (never the one at import). ``tests/test_translatable.py`` keeps
this so.

**How values are shown.** A placeholder's value that is a string goes in as it is (a name, a
formula, a sentence built by :func:`say`). Anything else is shown the way the learner wrote it,
by :func:`shown`: a number to six significant digits, a tuple as a tuple, a list as a list, a
small array as its numbers, a big one by its shape. A conversion or format spec in the template
(``{value!r}``, ``{rate:.3g}``) applies to the value itself.

**Languages.** English is the source; a translation is a gettext catalog,
``nnbook/locale/<language>/LC_MESSAGES/nnbook.mo``, compiled from its ``.po`` by
``tools/i18n.py``. :func:`set_language` picks one at run time (else ``$NNBOOK_LANG``, else
English); it changes the words only, never a number or a code path. In strict mode a template
with no translation raises :class:`MissingTranslationError` instead of falling back to English (the
tests of a translated edition run so, with ``NNBOOK_STRICT_TRANSLATIONS=1``).

``tests/test_messages.py`` keeps this so: it extracts every template with Babel (the catalog a
translator would get) and reads the source for messages built any other way.
"""

from __future__ import annotations

import gettext
import numbers
import os
import string
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from nnbook.fonts import INSTALL_COMMANDS, use_fonts_for

#: The functions whose first argument (``say_n``: first two) is a template, as Babel's
#: extractor is told (``tools/i18n.py`` and ``tests/test_messages.py`` read this).
BABEL_KEYWORDS: dict[str, tuple[int, ...] | None] = {
    "say": None,
    "say_n": (1, 2),
    "say_on_figure": None,
    "N_": None,
}

#: Where the compiled catalogs live, one folder per language (they ship in the wheel).
LOCALE_DIR = Path(__file__).parent / "locale"
#: The source language: its messages are the templates themselves.
SOURCE_LANGUAGE = "en"

#: The catalog :func:`say` translates with. English is the source, so the default translates
#: nothing; a language's catalog replaces it.
_catalog: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE_LANGUAGE
#: The catalog for text drawn on figures: English where no font draws the language.
_figure_catalog: gettext.NullTranslations = _catalog
_warned_no_font: set[str] = set()


class MissingTranslationError(LookupError):
    """In strict mode, a template the chosen language's catalog does not translate."""


class _Strict(gettext.NullTranslations):
    """The fallback of a catalog in strict mode: a missing translation is an error."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language

    def gettext(self, message: str) -> str:
        raise MissingTranslationError(  # not a message: for the translators and maintainers
            f"no {self.language} translation of {message!r}: add it to "
            f"nnbook/locale/{self.language}/LC_MESSAGES/nnbook.po (python tools/i18n.py extract "
            f"{self.language}), then build"
        )

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(plural)


def languages() -> list[str]:
    """The languages nnbook speaks: English and every language with a compiled catalog."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob("*/LC_MESSAGES/nnbook.mo"))
    return [SOURCE_LANGUAGE, *found]


def language() -> str:
    """The language :func:`say` speaks now, e.g. ``"en"`` or ``"zh_CN"``."""
    return _language


def set_language(language: str | None = None, *, strict: bool | None = None) -> str:
    """Speak ``language`` from now on (``"en"``, ``"zh_CN"``); ``None`` reads ``$NNBOOK_LANG``
    (English if unset). Returns the language chosen.

    ``strict`` (default: ``$NNBOOK_STRICT_TRANSLATIONS`` is ``1``): a message with no
    translation raises :class:`MissingTranslationError` instead of being said in English.
    Choosing a language changes only words: no number and no code path.
    """
    global _catalog, _language, _figure_catalog
    if language is None:
        language = os.environ.get("NNBOOK_LANG") or SOURCE_LANGUAGE
    if strict is None:
        strict = os.environ.get("NNBOOK_STRICT_TRANSLATIONS") == "1"
    known = languages()
    if not isinstance(language, str) or language not in known:
        raise ValueError(
            say(
                "nnbook speaks {known}; got language={language!r}. Pick one of these, for "
                "example set_language({example!r}).",
                known=", ".join(known),
                language=language,
                example=known[-1],
            )
        )
    if language == SOURCE_LANGUAGE:
        catalog = gettext.NullTranslations()
    else:
        catalog = gettext.translation("nnbook", LOCALE_DIR, languages=[language])
        if strict:
            catalog.add_fallback(_Strict(language))
    _catalog, _language = catalog, language
    speaks = language == SOURCE_LANGUAGE or use_fonts_for(language)  # English needs no font
    _figure_catalog = catalog if speaks else gettext.NullTranslations()
    if _figure_catalog is not catalog and language not in _warned_no_font:
        _warned_no_font.add(language)
        warnings.warn(
            say(
                "No font for {language} is installed, so figures will keep their English "
                "text (instead of empty boxes). Install one with `{command}`, then restart "
                "the kernel.",
                language=language,
                command=INSTALL_COMMANDS.get(language, "your system's font installer"),
            ),
            stacklevel=2,
        )
    return language


def say_on_figure(template: str, /, **values: Any) -> str:
    """:func:`say` for text drawn on a figure (a title, an axis label, a legend): in the
    chosen language where a font can draw it, else in English (see :mod:`nnbook.fonts`)."""
    return _fill(template, _figure_catalog.gettext(template), values)


@lru_cache(maxsize=4096)
def _placeholders(template: str) -> frozenset[str]:
    return frozenset(field for _, field, _, _ in string.Formatter().parse(template) if field)


class _Shown:
    """A placeholder's value: shown by :func:`shown`, unless the template gives a format spec
    (``{x:.3g}``) or a conversion (``{x!r}``), which then apply to the value itself."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec) if spec else shown(self.value)

    def __repr__(self) -> str:
        return repr(self.value)

    def __str__(self) -> str:
        return shown(self.value)


def _fill(template: str, translated: str, values: dict[str, Any]) -> str:
    names = _placeholders(template)
    if set(values) != names:
        raise TypeError(  # not a message: a mistake in nnbook's own code, for its maintainers
            f"say(): the template {template!r} names {sorted(names)}, but the values given are "
            f"{sorted(values)}."
        )
    return translated.format_map(
        {k: v if isinstance(v, str) else _Shown(v) for k, v in values.items()}
    )


def say(template: str, /, **values: Any) -> str:
    """The message ``template`` in the learner's language, its ``{placeholders}`` filled in.

    Every placeholder must be given and nothing else (a mistake here is the package's, so it
    raises ``TypeError``). Strings go in as they are; other values as :func:`shown` shows them.
    """
    return _fill(template, _catalog.gettext(template), values)


def N_(text: str) -> str:  # noqa: N802 (gettext's name for this marker)
    """Mark ``text`` as a message to be translated where it is *shown*, not where it is
    written: a hint, a title or a mistake's message kept in a table. Returns ``text`` as it
    is; :func:`translated` gives it in the learner's language when it is shown."""
    return text


def translated(text: str) -> str:
    """``text``, marked with :func:`N_` where it was written, in the learner's language (as it
    is: no placeholders are filled, so a hint may hold LaTeX braces such as ``e^{-z}``)."""
    return _catalog.gettext(text)


def say_n(singular: str, plural: str, n: int, /, **values: Any) -> str:
    """:func:`say` for a message whose grammar depends on the count ``n`` (also a placeholder,
    ``{n}``): ``say_n("{n} example", "{n} examples", n)``."""
    return _fill(plural, _catalog.ngettext(singular, plural, n), {"n": n, **values})


# --------------------------------------------------------------------------- showing values


def dtype_kind(value: Any) -> str:
    """numpy's dtype kind of ``value`` as an array: ``"f"``, ``"c"``, ``"U"``, ``"O"`` ..."""
    if value is None or isinstance(value, (str, bytes)):
        return "U"
    try:
        return np.asarray(value).dtype.kind
    except Exception:  # ragged lists and the like
        return "O"


def number(value: Any) -> str:
    """One number: a bool or an integer as it is, a real or complex number to 6 digits."""
    if isinstance(value, (bool, np.bool_, numbers.Integral)):
        return str(value if isinstance(value, (bool, np.bool_)) else int(value))
    return f"{float(value):.6g}" if isinstance(value, numbers.Real) else f"{complex(value):.6g}"


def _numbers(value: Any, max_size: int) -> str | None:
    """``value`` (a tuple, list or array of numbers) written out, or None if too big."""
    array = np.asarray(value)
    if array.ndim > 2 or array.size > max_size:
        return None
    if array.ndim == 0:
        return number(array.item())
    if isinstance(value, tuple) and array.ndim == 1:
        items = [number(v) for v in value]
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    rows = array.tolist() if array.ndim == 2 else [array.tolist()]
    text = "; ".join(", ".join(number(v) for v in row) for row in rows)
    return (
        f"[{text}]"
        if array.ndim == 1
        else say("[{rows}] (shape {shape})", rows=text, shape=str(array.shape))
    )


def shown(value: Any, *, max_size: int = 8) -> str:
    """A short, stable way to show a value in a message, as the learner wrote it: ``0.25``,
    ``(0.25, 2)``, ``[1, 2.5]``, ``'abc'``, ``an array of shape (100, 2)``, ``a function (f)``.

    No ids or addresses, numbers to six significant digits: a notebook's saved output compares
    equal when it is run again.
    """
    if value is Ellipsis or value is None:
        return "..." if value is Ellipsis else "None"
    if isinstance(value, (numbers.Number, np.generic)):
        return number(value)
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else repr(value[:37] + "...")
    if isinstance(value, (list, tuple, np.ndarray)):
        if dtype_kind(value) not in "biufc":
            return say(
                "a {kind} of length {length}", kind=type(value).__name__, length=str(len(value))
            )
        text = _numbers(value, max_size)
        if text is not None:
            return text
        return say("an array of shape {shape}", shape=str(np.shape(value)))
    if callable(value):
        return say("a function ({name})", name=getattr(value, "__name__", type(value).__name__))
    return say("a {kind}", kind=type(value).__name__)


def shown_call(name: str, args: tuple[Any, ...]) -> str:
    """A call as a message shows it: ``f(0.5, [1, 2])``."""
    return f"{name}({', '.join(shown(a, max_size=4) for a in args)})"


def _language_from_the_environment() -> None:
    """At import, speak ``$NNBOOK_LANG`` if it is set; a language nnbook does not speak is
    said once as a warning (an import should not fail), and English stays."""
    requested = os.environ.get("NNBOOK_LANG")
    if requested:
        try:
            set_language(requested)
        except ValueError as error:
            warnings.warn(str(error), stacklevel=2)


_language_from_the_environment()
