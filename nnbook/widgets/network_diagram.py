r"""NetworkDiagram (lessons 03, 04): a small network with every number, and backpropagation
one equation at a time.

The SVG drawing shows each weight beside its connection (blue positive, orange negative, as
thick as it is large), each bias and, once computed, each activation and error. **Step** walks
one example through the forward pass (a stage per layer), BP1, BP2 (each hidden layer), BP3
and BP4 (each layer) and the update (titled in words only, without BP1 ... BP4, for lesson 03,
which comes before lesson 04 names them: ``bp_labels=False``), showing each equation with
the example's numbers and highlighting what it touches. Every number is the package's own:
``Network.forward``, ``output_error``, ``backward``, and ``update`` on a copy (the network
shown never changes);
:math:`f'(z)` is the registry's derivative, as in ``backward``. For one example BP3 reads
:math:`\partial C/\partial b^{(l)} = \delta^{(l)}`: the errors shown are ``backward``'s ``db``.

CSS classes: ``nnbook-network-diagram``, ``nnbook-step``, ``nnbook-reset``, ``nnbook-example``
(the dropdown), ``nnbook-readout`` (the equations), ``nnbook-plot`` (the drawing).
"""

from __future__ import annotations

import copy
import html
from collections.abc import Mapping, Sequence
from types import SimpleNamespace
from typing import Any

import ipywidgets as widgets
import numpy as np
from numpy.typing import ArrayLike

from nnbook._validation import check_bool, check_float, check_int
from nnbook.activations import ACTIVATIONS
from nnbook.messages import say
from nnbook.network import Network
from nnbook.network_checks import check_X, check_Y
from nnbook.plots import CLASS_COLOURS, DERIVATIVE_COLOUR
from nnbook.widgets._block import Block, event_handler
from nnbook.widgets.controls import button, readout
from nnbook.widgets.diagram_text import (
    Stage,
    bp1_equation,
    bp1_title,
    bp2_words,
    factor,
    gradient_words,
    marked_html,
    number,
    plain,
    products,
    svg_symbol,
)

__all__ = ["LESSON_03_NAMES", "MAX_LAYERS", "MAX_NEURONS", "NetworkDiagram", "past_the_end"]

MAX_LAYERS = 4  #: layers the diagram draws, the input layer included: [2, 4, 4, 1]
MAX_NEURONS = 4  #: neurons per layer it draws

#: Lesson 03's names for its 2-2-1 network: the diagram's symbol -> the lesson's.
LESSON_03_NAMES: dict[str, str] = {
    "w^(1)_11": "w1", "w^(1)_21": "w2", "w^(1)_12": "w3", "w^(1)_22": "w4",
    "w^(2)_11": "w5", "w^(2)_21": "w6", "b^(1)_1": "b1", "b^(1)_2": "b2", "b^(2)_1": "b3",
    "x_1": "x1", "x_2": "x2", "y_1": "y", "a^(1)_1": "h1", "a^(1)_2": "h2", "a^(2)_1": "o",
    "z^(1)_1": "z_h1", "z^(1)_2": "z_h2", "z^(2)_1": "z_o",
    "δ^(1)_1": "δ_h1", "δ^(1)_2": "δ_h2", "δ^(2)_1": "δ_o",
}  # fmt: skip

FUNCTION_SYMBOLS = {"sigmoid": "σ"}  # the others are shown by name: relu(z), softmax(z)
HIGHLIGHT = "#ffbf00"


def past_the_end() -> str:
    """What Step says after the last stage."""
    return say(
        "Past the end: the update was the last stage. Press Reset to walk this example through "
        "again, or choose another example."
    )


class NetworkDiagram(Block):
    r"""A small network drawn with every number; Step walks one example through backprop.

    Parameters
    ----------
    network : Network
        At most :data:`MAX_LAYERS` layers (input included) of at most :data:`MAX_NEURONS`
        neurons, e.g. ``[2, 4, 4, 1]``; a larger one gets a message instead of a drawing.
    X, Y : array_like
        Examples ``(n, sizes[0])`` and targets ``(n, sizes[-1])``; ``example`` is the row
        walked through first (the dropdown chooses another), ``example_names`` names the rows.
    learning_rate : float
        :math:`\eta` of the update stage, > 0.
    names : mapping, optional
        The lesson's symbols for the diagram's, ``{"w^(1)_11": "w1", "a^(1)_1": "h1", ...}``
        (:data:`LESSON_03_NAMES` holds lesson 03's); :meth:`values`' labels use them.
    bp_labels : bool
        Title the backward stages and their equations BP1 to BP4, the names lesson 04 gives
        the four equations (default). False describes each step in words only, as lesson 03
        does before the equations have names.

    Attributes
    ----------
    stages : list of Stage
        The walk, computed by :meth:`reset` from the network's current parameters; ``stage``
        indexes the one shown, ``message`` is what the widget says beyond it.
    """

    def __init__(
        self,
        network: Network,
        X: ArrayLike,
        Y: ArrayLike,
        *,
        example: int = 0,
        learning_rate: float = 1.0,
        names: Mapping[str, str] | None = None,
        example_names: Sequence[str] | None = None,
        bp_labels: bool = True,
    ) -> None:
        if not isinstance(network, Network):
            raise TypeError(
                say(
                    "network must be an nnbook Network, such as Network([2, 2, 1]); got {kind}.",
                    kind=type(network).__name__,
                )
            )
        self.network, self.names = network, dict(names or {})
        self.bp_labels = check_bool(bp_labels, "bp_labels")
        self.X = check_X(network, X)
        self.Y = check_Y(network, Y, len(self.X))
        self.learning_rate = check_float(learning_rate, "learning_rate", strict=True)
        n = len(self.X)
        if example_names is None:
            labels = [say("example {i}", i=i) for i in range(n)]
        else:
            labels = list(example_names)
        if len(labels) != n:
            raise ValueError(
                say(
                    "example_names needs one name per row of X, {n}; got {count}.",
                    n=n,
                    count=len(labels),
                )
            )
        if check_int(example, "example", minimum=0) >= n:
            raise ValueError(
                say(
                    "example must be a row of X, 0 to {last}; got {example}.",
                    last=n - 1,
                    example=example,
                )
            )
        options = [
            (say("{name}: x = ({x})", name=str(labels[i]), x=", ".join(map(number, self.X[i]))), i)
            for i in range(n)
        ]
        self.example = widgets.Dropdown(options=options, value=example, description=say("example"))
        self.example.add_class("nnbook-example")
        self.step_button = button(say("Step"), "nnbook-step", "step-forward")
        self.reset_button = button(say("Reset"), "nnbook-reset", "undo")
        self.readout, self.drawing = readout(), widgets.HTML()
        self.drawing.add_class("nnbook-plot")
        self.drawing.add_class("nnbook-diagram-svg")
        self.too_large = ""
        if len(network.sizes) > MAX_LAYERS or max(network.sizes) > MAX_NEURONS:
            self.too_large = say(
                "This network, {sizes}, is too large to draw: the diagram draws at most "
                "{max_layers} layers (the input layer included) of at most {max_neurons} "
                "neurons each, such as [2, 4, 4, 1]. Give it a smaller network.",
                sizes=list(network.sizes),
                max_layers=MAX_LAYERS,
                max_neurons=MAX_NEURONS,
            )
        self.stages: list[Stage] = []
        self.stage, self.message = 0, ""
        self.step_button.on_click(self._on_step)
        self.reset_button.on_click(self._on_reset)
        self.example.observe(self._on_reset, names="value")
        controls = [self.step_button, self.reset_button, self.example]
        rows = [widgets.HBox(controls), self.readout, self.drawing]
        super().__init__(rows, css="nnbook-network-diagram", controls=controls)
        self.reset()

    @event_handler
    def _on_step(self, *change: Any) -> None:  # the Step button
        self.step()

    @event_handler
    def _on_reset(self, *change: Any) -> None:  # the Reset button, a new example
        self.reset()

    def reset(self) -> None:
        """Walk the chosen example through the network as it is now; show the first stage.

        A network whose weights or biases are NaN or infinite (its training diverged) gets a
        message instead: there are no numbers to walk through."""
        self.error, self.message, self.stage = None, self.too_large or self._not_finite(), 0
        self.stages = [] if self.message else self._stages()
        self.show()

    def step(self) -> None:
        """Show the next stage; after the last one, say so and stay."""
        if self.stages and self.stage + 1 < len(self.stages):
            self.stage += 1
        else:
            self.message = self.too_large or self._not_finite() or past_the_end()
        self.show()

    def _not_finite(self) -> str:
        """A message if the network's parameters are NaN or infinite, else ""."""
        parameters = [*self.network.weights, *self.network.biases]
        if all(np.isfinite(p).all() for p in parameters):
            return ""
        return say(
            "This network's weights are NaN or infinite: its training diverged, so there are "
            "no numbers to walk through. Give the diagram a network with finite weights, such "
            "as a new one (or train again with a smaller learning rate)."
        )

    def values(self, stage: int | None = None) -> dict[str, float]:
        """The ``{label: value}`` that stage number ``stage`` (default: the one shown) shows,
        labelled in the lesson's names: ``{"z_h1": 1.185, "h1": 0.7658, ...}``."""
        if not self.stages:
            return {}
        rows = self.stages[self.stage if stage is None else stage].rows
        return {plain(label): value for label, _, value in rows}

    def all_values(self) -> dict[str, float]:
        """Every stage's :meth:`values` in one dict (a label appears in one stage only)."""
        return {k: v for i in range(len(self.stages)) for k, v in self.values(i).items()}

    def show(self) -> None:
        """Redraw the readout (the stage's equations) and the drawing."""
        self.show_readout("")
        self.drawing.value = self._svg(self.stages[self.stage]) if self.stages else ""

    def show_readout(self, text: str) -> None:
        """Show the stage's equations, then ``text``, the message and the error, if any."""
        parts = []
        if self.stages:
            stage = self.stages[self.stage]
            rows = "".join(
                f"<tr><td>{marked_html(label)}</td><td>= "
                f"{marked_html(formula) + ' =' if formula else ''} <b>{number(value)}</b></td></tr>"
                for label, formula, value in stage.rows
            )
            title = say(
                "Stage {number} of {total} · {title}",
                number=self.stage + 1,
                total=len(self.stages),
                title=stage.title,
            )
            parts.append(
                f"<b>{html.escape(title)}</b><br>{html.escape(stage.equation)}<table>{rows}</table>"
            )
        for line in (text, self.message, self.error):
            if line:
                style = f"color: {DERIVATIVE_COLOUR}"  # not a message: CSS
                parts.append(f'<div style="{style}">{html.escape(line)}</div>')
        self.readout.value = "".join(parts)

    # ------------------------------------------------------------- the stages

    def _s(self, key: str) -> str:
        """A symbol in the lesson's name, marked for the readout: ``{w^(1)_12}``."""
        return "{" + self.names.get(key, key) + "}"

    def _a(self, l: int, j: int) -> str:  # noqa: E741 (l: the layer, as in the notebooks)
        return self._s(f"x_{j + 1}" if l == 0 else f"a^({l})_{j + 1}")

    def _w(self, l: int, j: int, k: int) -> str:  # noqa: E741
        return self._s(f"w^({l})_{j + 1}{k + 1}")

    def _f(self, l: int) -> tuple[str, str]:  # noqa: E741
        """Layer ``l``'s activation: its name in the registry, and its symbol."""
        name = self.network.output if l == len(self.network.weights) else self.network.hidden
        return name, FUNCTION_SYMBOLS.get(name, name)

    def _layer(self, *layers: int) -> set[tuple[int, int]]:
        """The neurons ``(l, j)`` of these layers."""
        return {(l, j) for l in layers for j in range(self.network.sizes[l])}  # noqa: E741

    def _into(self, *layers: int) -> set[tuple[int, int, int]]:
        """The connections ``(l, j, k)`` into these layers, from neuron j to neuron k."""
        n = self.network.sizes
        return {(l, j, k) for l in layers for j in range(n[l - 1]) for k in range(n[l])}  # noqa: E741

    def _stages(self) -> list[Stage]:
        net, i = self.network, self.example.value
        x, y = self.X[i : i + 1], self.Y[i : i + 1]  # one example, as a batch of one
        Zs, As = net.forward(x)
        delta = net.output_error(Zs, As, y)
        dW, db = net.backprop(x, y)  # for one example, db[l - 1] is Δ^(l) (BP3)
        updated = copy.deepcopy(net)  # the update is shown on a copy: the network stays as it is
        updated.update(dW, db, self.learning_rate)
        self.walk = SimpleNamespace(x=x, y=y, Zs=Zs, As=As, delta=delta, dW=dW, db=db,
                                    updated=updated)  # fmt: skip
        L, n = len(net.weights), net.sizes
        rows = [(self._s(f"x_{j + 1}"), "", float(x[0, j])) for j in range(n[0])]
        rows += [(self._s(f"y_{k + 1}"), "", float(y[0, k])) for k in range(n[L])]
        stages = [
            Stage(say("the example"), say("the inputs x and the targets y"), rows, self._layer(0))
        ]
        stages += [self._forward(l) for l in range(1, L + 1)]  # noqa: E741
        stages.append(self._bp1())
        stages += [self._bp2(l) for l in range(L - 1, 0, -1)]  # noqa: E741
        stages += [self._gradients(l) for l in range(L, 0, -1)]  # noqa: E741
        return [*stages, self._update()]

    def _forward(self, l: int) -> Stage:  # noqa: E741
        net, s, Zs, As = self.network, self._s, self.walk.Zs, self.walk.As
        W, b = net.weights, net.biases
        name, f = self._f(l)
        rows = []
        for k in range(net.sizes[l]):
            terms = [(self._a(l - 1, j), self._w(l, j, k), As[l - 1][0, j], W[l - 1][j, k])
                     for j in range(net.sizes[l - 1])]  # fmt: skip
            symbols, numbers = products(terms)
            z, bias = s(f"z^({l})_{k + 1}"), f"{s(f'b^({l})_{k + 1}')}"
            rows.append((z, f"{symbols} + {bias} = {numbers} + {factor(b[l - 1][k])}", Zs[l][0, k]))
            argument = z if name == "softmax" else number(Zs[l][0, k])
            rows.append((self._a(l, k), f"{f}({z}) = {f}({argument})", As[l][0, k]))
        if l == len(W):
            cost = net.cost_of(Zs[l], As[l], self.walk.y)
            if net.cost == "cross_entropy":
                rows.append(("C", say("the cross-entropy cost of this output"), cost))
            else:
                rows.append(("C", say("the quadratic cost of this output"), cost))
        equation = say("z = Σ a w + b over the neuron's inputs, then a = {f}(z)", f=f)
        title = say("forward pass, layer {layer}", layer=l)
        return Stage(title, equation, rows, self._layer(l), self._into(l), l)

    def _bp1(self) -> Stage:
        net, s, As, y = self.network, self._s, self.walk.As, self.walk.y
        L = len(net.weights)
        name, f = self._f(L)
        equation = bp1_equation(self.bp_labels, net.cost, name, f)
        f_prime = None if name == "softmax" else ACTIVATIONS[name].derivative_from_output(As[L])
        rows = []
        for k in range(net.sizes[L]):
            a, t, z = self._a(L, k), s(f"y_{k + 1}"), s(f"z^({L})_{k + 1}")
            formula = f"{a} − {t} = {number(As[L][0, k])} − {factor(y[0, k])}"
            if net.cost != "cross_entropy" and f_prime is None:
                formula = ""
            elif net.cost != "cross_entropy":
                rows.append((f"{f}′({z})", "", f_prime[0, k]))
                factors = formula.split(" = ")
                formula = f"({factors[0]}) {f}′({z}) = ({factors[1]}) × {factor(f_prime[0, k])}"
            rows.append((s(f"δ^({L})_{k + 1}"), formula, self.walk.delta[0, k]))
        title = bp1_title(self.bp_labels)
        return Stage(title, equation, rows, self._layer(L), errors=L, forward=L)

    def _bp2(self, l: int) -> Stage:  # noqa: E741
        net, s, As, db = self.network, self._s, self.walk.As, self.walk.db
        W, (name, f) = net.weights, self._f(l)
        f_prime = ACTIVATIONS[name].derivative_from_output(As[l])  # as backward computes it
        rows = []
        for j in range(net.sizes[l]):
            terms = [(s(f"δ^({l + 1})_{k + 1}"), self._w(l + 1, j, k), db[l][k], W[l][j, k])
                     for k in range(net.sizes[l + 1])]  # fmt: skip
            paths, numbers = products(terms)
            z = s(f"z^({l})_{j + 1}")
            rows.append((f"{f}′({z})", "", f_prime[0, j]))
            formula = f"({paths}) {f}′({z}) = ({numbers}) × {factor(f_prime[0, j])}"
            rows.append((s(f"δ^({l})_{j + 1}"), formula, db[l - 1][j]))
        title, equation = bp2_words(self.bp_labels, l, f)
        L = len(net.weights)
        return Stage(title, equation, rows, self._layer(l, l + 1), self._into(l + 1), L, l)

    def _gradients(self, l: int) -> Stage:  # noqa: E741
        s, As, dW, db, rows = self._s, self.walk.As, self.walk.dW, self.walk.db, []
        for k in range(self.network.sizes[l]):
            d = s(f"δ^({l})_{k + 1}")
            for j in range(self.network.sizes[l - 1]):
                product = products([(self._a(l - 1, j), d, As[l - 1][0, j], db[l - 1][k])])
                rows.append((f"∂C/∂{self._w(l, j, k)}", " = ".join(product), dW[l - 1][j, k]))
            rows.append((f"∂C/∂{s(f'b^({l})_{k + 1}')}", d, db[l - 1][k]))
        title, equation = gradient_words(self.bp_labels, l)
        L = len(self.network.weights)
        return Stage(title, equation, rows, self._layer(l - 1, l), self._into(l), L, 1, l)

    def _update(self) -> Stage:
        net, new, walk, s = self.network, self.walk.updated, self.walk, self._s
        eta, L, rows = number(self.learning_rate), len(net.weights), []
        for l in range(1, L + 1):  # noqa: E741
            for k in range(net.sizes[l]):
                entries = [(f"w^({l})_{j + 1}{k + 1}", "weights", "dW", (j, k))
                           for j in range(net.sizes[l - 1])]  # fmt: skip
                for key, kind, grads, at in [*entries, (f"b^({l})_{k + 1}", "biases", "db", (k,))]:
                    old, gradient = getattr(net, kind)[l - 1][at], getattr(walk, grads)[l - 1][at]
                    formula = (
                        f"{s(key)} − η ∂C/∂{s(key)} = {number(old)} − {eta} × {factor(gradient)}"
                    )
                    label = say("new {symbol}", symbol=s(key))
                    rows.append((label, formula, getattr(new, kind)[l - 1][at]))
        equation = say(
            "w ← w − η ∂C/∂w, b ← b − η ∂C/∂b, η = {eta}, on a copy: your network is unchanged",
            eta=eta,
        )
        everything, edges = self._layer(*range(L + 1)), self._into(*range(1, L + 1))
        return Stage(say("the update"), equation, rows, everything, edges, L, 1, updated=True)

    # ------------------------------------------------------------- the drawing

    def _svg(self, stage: Stage) -> str:
        """The network as SVG: the connections, their weights, then the neurons."""
        sizes, walk = self.network.sizes, self.walk
        shown = walk.updated if stage.updated else self.network  # the parameters drawn
        height, r = 50 + 100 * max(sizes), 27

        def at(l: int, j: int) -> tuple[float, float]:  # noqa: E741
            return 70 + 210 * l, height / 2 + (j - (sizes[l] - 1) / 2) * 100

        biggest = max(float(np.abs(W).max()) for W in shown.weights) or 1.0
        lines, labels, neurons = [], [], []
        for l, j, k in sorted(self._into(*range(1, len(sizes)))):  # noqa: E741
            (x0, y0), (x1, y1) = at(l - 1, j), at(l, k)
            w = float(shown.weights[l - 1][j, k])
            lit, thick = (l, j, k) in stage.edges, 1 + 5 * abs(w) / biggest
            colour = CLASS_COLOURS[0] if w >= 0 else CLASS_COLOURS[1]
            ends = f'x1="{x0}" y1="{y0}" x2="{x1}" y2="{y1}"'
            if lit:
                lines.append(f'<line {ends} stroke="{HIGHLIGHT}" stroke-width="{thick + 6:.1f}"/>')
            opacity = 1 if lit or not stage.edges else 0.3
            lines.append(f'<line {ends} stroke="{colour}" stroke-width="{thick:.1f}" '
                         f'opacity="{opacity}"/>')  # fmt: skip
            text = number(w)
            if stage.gradients == l:
                text += (
                    f'<tspan fill="{DERIVATIVE_COLOUR}"> ∂ {number(walk.dW[l - 1][j, k])}</tspan>'
                )
            # At 0.8 of the way, the labels of all connections between two layers lie in one
            # column, at least 20 px apart (0.2 of the distance between two neurons).
            labels.append(
                f'<text x="{x0 + 0.8 * (x1 - x0):.1f}" y="{y0 + 0.8 * (y1 - y0) - 3:.1f}" '
                f'text-anchor="end" fill="{colour}" stroke="white" stroke-width="3" '
                f'paint-order="stroke">{text}</text>'
            )
        for l, j in sorted(self._layer(*range(len(sizes)))):  # noqa: E741
            x, y = at(l, j)
            fill, edge, width = (
                ("#fff3c4", HIGHLIGHT, 3) if (l, j) in stage.neurons else ("white", "#444", 1.5)
            )
            neurons.append(f'<circle cx="{x}" cy="{y}" r="{r}" fill="{fill}" stroke="{edge}" '
                           f'stroke-width="{width}"/>')  # fmt: skip
            key = f"x_{j + 1}" if l == 0 else f"a^({l})_{j + 1}"
            texts = [(0, -r - 6, svg_symbol(self.names.get(key, key)), 'font-style="italic"')]
            if l <= stage.forward:
                texts.append((0, 4, number(walk.As[l][0, j]), 'font-weight="bold"'))
            if l:
                texts.append((0, r + 13, f"b {number(shown.biases[l - 1][j])}", 'fill="#555"'))
            if stage.errors and l >= stage.errors:
                error = f"δ {number(walk.db[l - 1][j])}"
                red = f'fill="{DERIVATIVE_COLOUR}"'  # not a message: an SVG attribute
                texts.append((0, r + 26, error, red))
            if l == len(sizes) - 1:
                target = svg_symbol(self.names.get(f"y_{j + 1}", f"y_{j + 1}"))
                texts.append((r + 30, 4, f"{target} = {number(walk.y[0, j])}", ""))
            neurons += [f'<text x="{x + dx}" y="{y + dy}" text-anchor="middle" {style}>{t}</text>'
                        for dx, dy, t, style in texts]  # fmt: skip
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{210 * len(sizes) - 60}" '
            f'height="{height}" font-family="sans-serif" font-size="11">'
            f"{''.join(lines + labels + neurons)}</svg>"
        )
