"""Interactive building blocks for the lessons (ipywidgets 8), one module per widget.

==========================  =================================================  ==========
module                      widget                                             lesson
==========================  =================================================  ==========
``function_explorer``       :class:`FunctionExplorer`: a function, its slope    01
``training_stepper``        :class:`TrainingStepper`: play/step any training    02
``playground``              :class:`Playground`: 2-D data, decision regions,    03
                            points added by clicking on the plot
``network_diagram``         :class:`NetworkDiagram`: a small network with       03, 04
                            every number; Step walks backprop's equations
``digit_browser``           :class:`DigitBrowser`: digits and the outputs       05
``live_training``           :class:`LiveTraining`: a Network, live curves       06
``drawing_pad``             :class:`DrawingPad`: draw a digit, the network      07
                            reads it (anywidget: its own CSS classes)
``controls``                the sliders, buttons, readout and plot they share
``_block``                  their base class: CSS classes, readout, plot, and
                            event handlers that never raise into the browser
==========================  =================================================  ==========

Each widget is an ``ipywidgets.VBox`` subclass (through ``_block.Block``), except the drawing
pad, an ``anywidget.AnyWidget`` that draws in the browser; either way a notebook cell ending in
``FunctionExplorer(...)`` or ``DrawingPad(...)`` shows it. Its handlers are ordinary methods
(``update``, ``step``, ``reset``, ``train``, ``_on_play_tick``...) that tests call without a
browser. Constructing a
widget checks its arguments (a clear ``ValueError``/``TypeError``, never a value silently
clipped to a slider's range), draws it once, and needs no front end (headless execution).
After that, an error in a handler is shown in the widget's readout ("Training stopped: ...")
and stops a playing widget; nothing is raised into the browser.

Plots are drawn with matplotlib into PNG bytes shown by an ``ipywidgets.Image``, with the
drawing functions of :mod:`nnbook.plots` (``draw_curves``, ``draw_digit``, ``draw_function``,
``plot_decision_boundary``), so a widget's curve looks like the lesson's static figure.
Figures are small (dpi 80) so redraws stay cheap.

Every control and readout has a stable CSS class (``add_class``) for browser tests:

==========================  ==============================================================
class                       element
==========================  ==============================================================
``nnbook-function-explorer``, ``nnbook-training-stepper``, ``nnbook-live-training``,
``nnbook-playground``, ``nnbook-digit-browser``, ``nnbook-network-diagram``  the widget itself
``nnbook-main-widget``      also on every widget: the browser test (``tests/test_browser.py``)
                            operates its first ``nnbook-control`` and expects a readout or
                            plot to change
``nnbook-control``          the controls a learner operates, in that order
``nnbook-plot``             the ``Image`` holding the figure (the Playground's reports
                            clicks; the network diagram's is an SVG)
``nnbook-readout``          the ``HTML`` line of numbers that changes with each update
``nnbook-slider-<name>``    a function parameter's slider (``nnbook-slider-w``, ``-b``,
                            ``-z`` for the point where the slope is read)
``nnbook-play``             the ``Play`` widget (play / pause, ticks from the browser)
``nnbook-step``             the Step button
``nnbook-reset``            the Reset button
``nnbook-lr``               the learning-rate slider (``FloatLogSlider``)
``nnbook-hidden``           the hidden-layer-size slider
``nnbook-activation``       the hidden activation dropdown
``nnbook-dataset``          the dataset dropdown
``nnbook-epochs``           the epochs slider
``nnbook-train``            the Train button
``nnbook-index``            the digit index slider
``nnbook-point-class``      the class of the point a click on the Playground's plot adds
``nnbook-clear``            the Playground's Clear button (removes every point)
``nnbook-example``          the network diagram's choice of example
``nnbook-prev``, ``nnbook-next``, ``nnbook-next-mistake``   the digit browser's buttons
==========================  ==============================================================
"""

from nnbook.widgets.controls import hidden_size_slider, learning_rate_slider
from nnbook.widgets.digit_browser import DigitBrowser
from nnbook.widgets.drawing_pad import DrawingPad
from nnbook.widgets.function_explorer import FunctionExplorer
from nnbook.widgets.live_training import LiveTraining
from nnbook.widgets.network_diagram import NetworkDiagram
from nnbook.widgets.playground import Playground
from nnbook.widgets.training_stepper import TrainingStepper

__all__ = [
    "DigitBrowser",
    "DrawingPad",
    "FunctionExplorer",
    "LiveTraining",
    "NetworkDiagram",
    "Playground",
    "TrainingStepper",
    "hidden_size_slider",
    "learning_rate_slider",
]
