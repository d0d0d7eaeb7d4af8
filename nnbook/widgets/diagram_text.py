"""How the network diagram (:mod:`nnbook.widgets.network_diagram`) writes its numbers and
symbols: in the equations (HTML, with sub- and superscripts) and in the drawing (SVG); the
titles and equations of backpropagation's stages, each a template with BP1 ... BP4 (lesson 04
on) and one in words only (lesson 03, before the equations have names); and :class:`Stage`,
one step of its walk through backpropagation."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from nnbook.messages import say

__all__ = [
    "Stage",
    "bp1_equation",
    "bp1_title",
    "bp2_words",
    "gradient_words",
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


def bp1_title(bp_labels: bool) -> str:
    return say("BP1, the output error") if bp_labels else say("the output error")


def bp1_equation(bp_labels: bool, cost: str, name: str, f: str) -> str:
    """BP1 for this cost and output activation ``name`` (its symbol ``f``)."""
    if cost == "cross_entropy" and bp_labels:
        return say("BP1: δ = a − y (with the cross-entropy, f′(z) cancels: lesson 06)")
    if cost == "cross_entropy":
        return say("δ = a − y (with the cross-entropy, f′(z) cancels: lesson 06)")
    if name == "softmax" and bp_labels:
        return say("BP1: δ = (a − y) carried back through the softmax (lesson 06)")
    if name == "softmax":
        return say("δ = (a − y) carried back through the softmax (lesson 06)")
    if bp_labels:
        return say("BP1: δ = (a − y) {f}′(z)", f=f)
    return say("δ = (a − y) {f}′(z)", f=f)


def bp2_words(bp_labels: bool, layer: int, f: str) -> tuple[str, str]:
    """BP2's title and equation for hidden layer ``layer`` (its activation's symbol ``f``)."""
    if bp_labels:
        title = say("BP2, the errors of hidden layer {layer}", layer=layer)
        equation = say(
            "BP2: δ = (Σ δ w) {f}′(z): the errors of the neurons it feeds, each carried "
            "back through the connecting weight and summed, times its own slope",
            f=f,
        )
        return title, equation
    title = say("the errors of hidden layer {layer}", layer=layer)
    equation = say(
        "δ = (Σ δ w) {f}′(z): the errors of the neurons it feeds, each carried back "
        "through the connecting weight and summed, times its own slope",
        f=f,
    )
    return title, equation


def gradient_words(bp_labels: bool, layer: int) -> tuple[str, str]:
    """BP3 and BP4's title and equation for layer ``layer``."""
    if bp_labels:
        title = say("BP3 and BP4, the gradients of layer {layer}", layer=layer)
        equation = say(
            "BP4: ∂C/∂w = a δ, what the weight multiplies times the error of the neuron it "
            "feeds; BP3: ∂C/∂b = δ"
        )
        return title, equation
    title = say("the gradients of layer {layer}", layer=layer)
    equation = say(
        "∂C/∂w = a δ, what the weight multiplies times the error of the neuron it feeds; ∂C/∂b = δ"
    )
    return title, equation


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
