"""How the network diagram (:mod:`nnbook.widgets.network_diagram`) writes its numbers and
symbols: in the equations (HTML, with sub- and superscripts) and in the drawing (SVG), and
:class:`Stage`, one step of its walk through backpropagation."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = [
    "Stage",
    "factor",
    "marked_html",
    "number",
    "plain",
    "products",
    "svg_symbol",
    "symbol_html",
]


def number(value: float) -> str:
    """A number as the diagram shows it: four significant digits."""
    return f"{value:.4g}"


def factor(value: float) -> str:
    return f"({number(value)})" if value < 0 else number(value)


def products(terms: Iterable[tuple[str, str, float, float]]) -> tuple[str, str]:
    """``u v + u v + ...`` twice: in symbols and in numbers, from ``(u, v, u's, v's)``."""
    terms = list(terms)
    symbols = " + ".join(f"{u} {v}" for u, v, _, _ in terms)
    return symbols, " + ".join(f"{factor(a)} × {factor(b)}" for _, _, a, b in terms)


def plain(text: str) -> str:
    return text.replace("{", "").replace("}", "")


def symbol_html(symbol: str, sup: str = "sup", sub: str = "sub") -> str:
    """``w^(1)_12`` -> w<sup>(1)</sup><sub>12</sub>; ``h1``, ``z_h1`` -> h<sub>1</sub>, ..."""
    base, layer, index, digits = re.fullmatch(
        r"(.+?)(?:\^(\(\d+\)))?(?:_(.+)|(\d+))?", symbol
    ).groups()
    out = html.escape(base) + (f"<{sup}>{html.escape(layer)}</{sup}>" if layer else "")
    return out + (f"<{sub}>{html.escape(index or digits)}</{sub}>" if index or digits else "")


def marked_html(text: str) -> str:
    """Text whose ``{symbol}`` marks become HTML sub- and superscripts."""
    return re.sub(r"\{([^}]*)\}", lambda m: symbol_html(m[1]), html.escape(text, quote=False))


def svg_symbol(symbol: str) -> str:
    text = symbol_html(symbol, "raised", "lowered").replace("</raised>", "</tspan>")
    text = text.replace("<raised>", '<tspan baseline-shift="super" font-size="8">')
    text = text.replace("<lowered>", '<tspan baseline-shift="sub" font-size="8">')
    return text.replace("</lowered>", "</tspan>")


@dataclass
class Stage:
    """One step of the walk: a title, the general equation, rows ``(label, formula, value)``
    (``{symbol}`` marks a symbol), what it highlights, and what the drawing shows."""

    title: str
    equation: str
    rows: list[tuple[str, str, float]]
    neurons: set[tuple[int, int]] = field(default_factory=set)  # (layer, neuron)
    edges: set[tuple[int, int, int]] = field(default_factory=set)  # (layer, from, to)
    forward: int = 0  # the layers up to this one show their activations
    errors: int = 0  # the layers from this one on show their errors (0: none)
    gradients: int = 0  # the layer whose connections show their gradients (0: none)
    updated: bool = False  # the drawing shows the parameters after the update
