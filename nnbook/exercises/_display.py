"""How feedback looks: what ``check`` and ``hint`` return, as text and as HTML.

A :class:`CheckResult` is a status (one of :data:`STATUSES`) and a message, shown with a symbol
and a colour; a :class:`HintText` is one hint, numbered. Both show the same in a terminal
(``str``), in IPython (``_repr_pretty_``) and in a notebook (``_repr_html_``).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from nnbook.messages import say

STATUSES = ("correct", "incorrect", "not attempted")
_SYMBOL = {"correct": "✔", "incorrect": "✘", "not attempted": "○"}
_COLOUR = {"correct": "#2e7d32", "incorrect": "#c62828", "not attempted": "#757575"}


def _label(status: str) -> str:
    """The word a learner sees for a status."""
    if status == "correct":
        return say("Correct")
    if status == "incorrect":
        return say("Not yet")
    return say("Not attempted")


def _line(symbol: str, label: str, title: str, text: str) -> str:
    """One line of feedback: symbol, label, the exercise's title if any, the text."""
    if title:
        return say(
            "{symbol} {label} ({title}): {text}", symbol=symbol, label=label, title=title, text=text
        )
    return say("{symbol} {label}: {text}", symbol=symbol, label=label, text=text)


def html_box(css: str, colour: str, head: str, title: str, text: str) -> str:
    """A bordered line of HTML; `backticked` parts of ``text`` are shown as code."""
    parts = html.escape(text).split("`")
    body = "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))
    if title:
        line = say("{head} ({title}): {text}", head=head, title=html.escape(title), text=body)
    else:
        line = say("{head}: {text}", head=head, text=body)
    return (
        f'<div class="{css}" style="border-left: 4px solid {colour}; padding: 0.3em 0.6em;">'
        f"{line}</div>"
    )


@dataclass(frozen=True)
class CheckResult:
    """What ``check`` returns: ``status`` (one of :data:`STATUSES`) and ``message``.

    ``bool(result)`` is True only when correct. The display (text and HTML) holds no ids,
    timings or addresses, so a notebook's saved output compares equal when it is run again.
    """

    status: str
    message: str
    title: str = ""

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        return _line(_SYMBOL[self.status], _label(self.status), self.title, self.message)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))

    def _repr_html_(self) -> str:
        colour, symbol, label = _COLOUR[self.status], _SYMBOL[self.status], _label(self.status)
        head = f'<span style="color: {colour}; font-weight: bold;">{symbol} {label}</span>'
        css = "nnbook-check nnbook-check-" + self.status.replace(" ", "-")  # not a message: CSS
        return html_box(css, colour, head, self.title, self.message)


@dataclass(frozen=True)
class HintText:
    """What ``hint`` returns: the next hint, ``number`` of ``total`` (``number`` is 0 when
    none are left)."""

    text: str
    number: int = 0
    total: int = 0
    title: str = ""

    def __str__(self) -> str:
        if self.number == 0:
            return self.text
        return say(
            "Hint {number} of {total} ({title}): {text}",
            number=self.number,
            total=self.total,
            title=self.title,
            text=self.text,
        )

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))

    def _repr_html_(self) -> str:
        if self.number:
            head = say("Hint {number} of {total}", number=self.number, total=self.total)
        else:
            head = say("No more hints")
        return html_box("nnbook-hint", "#1565c0", f"<strong>{head}</strong>", self.title, self.text)
