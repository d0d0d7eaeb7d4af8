"""What every widget shares: CSS classes, a readout, a plot, and handlers that never raise.

A widget's event handlers (button clicks, slider changes, Play ticks) run in the kernel on
behalf of the browser. An exception there would only reach the browser's console, where a
learner never looks, and the widget would seem frozen. So every handler is wrapped with
:func:`event_handler`: an exception is shown in the widget's readout instead ("Training
stopped: ..."), and a playing widget stops.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import ipywidgets as widgets
import matplotlib as mpl
from matplotlib.figure import Figure

from nnbook.messages import say
from nnbook.plots import DERIVATIVE_COLOUR, STYLE, figure_png
from nnbook.training import TrainingDivergedError

__all__ = ["Block", "describe", "event_handler"]

Handler = TypeVar("Handler", bound=Callable[..., Any])


def describe(error: BaseException) -> str:
    """A short message for the readout: ``"ValueError: ..."``.

    A TrainingDivergedError's message says everything (the cost, the learning rate, what to
    try), so it is shown without its class name.
    """
    if isinstance(error, TrainingDivergedError):
        return str(error)
    return say("{kind}: {message}", kind=type(error).__name__, message=str(error))


def event_handler(method: Handler) -> Handler:
    """Wrap a widget's event handler: an exception goes to the readout (:meth:`Block.stop`),
    never into the browser."""

    @functools.wraps(method)
    def handle(self: Block, *args: Any, **kwargs: Any) -> None:
        try:
            method(self, *args, **kwargs)
        except Exception as error:  # noqa: BLE001 - any error: show it, keep the widget alive
            self.stop(error)

    return handle  # type: ignore[return-value]


class Block(widgets.VBox):
    """Base class of the nnbook widgets: a ``VBox`` with a readout and a plot.

    A subclass makes ``self.readout`` (:func:`readout`) and ``self.plot`` (:func:`plot_image`)
    before calling ``Block.__init__`` with its rows, its CSS class and its controls.

    Attributes
    ----------
    error : str or None
        Why the widget stopped (shown under the readout), else None.
    """

    readout: widgets.HTML
    plot: widgets.Image

    def __init__(
        self, rows: Sequence[widgets.Widget], *, css: str, controls: Sequence[widgets.Widget]
    ) -> None:
        self.error: str | None = None
        self._readout_text = ""
        super().__init__(list(rows))
        # The browser test (tests/test_browser.py) operates the first nnbook-control of each
        # nnbook-main-widget and expects a readout or plot to change.
        self.add_class(css)
        self.add_class("nnbook-main-widget")
        for control in controls:
            control.add_class("nnbook-control")

    def show_readout(self, text: str) -> None:
        """Show ``text`` (plain text) in the readout, with the error below it if there is one."""
        self._readout_text = text
        lines = [html.escape(text, quote=False)] if text else []
        if self.error:
            colour = DERIVATIVE_COLOUR
            lines.append(f'<span style="color: {colour}">{html.escape(self.error)}</span>')
        self.readout.value = "<br>".join(lines)

    def show_plot(self, draw: Callable[[], Figure]) -> None:
        """Draw a figure with the nnbook style and show it as PNG in ``self.plot``."""
        with mpl.rc_context(STYLE):
            figure = draw()
            self.plot.value = figure_png(figure)
        # Show the PNG at its own size (the front end would otherwise stretch it to the cell).
        width = f"{round(figure.get_figwidth() * figure.dpi)}px"
        if self.plot.layout.width != width:
            self.plot.layout.width = width

    def stopped(self, reason: str) -> str:
        """How the readout says that the widget stopped; a subclass that trains says
        "Training stopped: ...", one template per widget."""
        return say("Stopped: {reason}", reason=reason)

    def stop(self, error: BaseException | str, *, line: str | None = None) -> None:
        """Stop playing (if the widget plays) and say why in the readout: ``line`` if given
        (a whole sentence), else :meth:`stopped` with the error (or the reason, a sentence)."""
        reason = error if isinstance(error, str) else describe(error)
        self.error = line if line is not None else self.stopped(reason)
        play = getattr(self, "play", None)
        if play is not None:
            play.playing = False
        self.show_readout(self._readout_text)
