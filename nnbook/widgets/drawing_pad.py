"""A pad to draw a digit on, with the network's answer after every stroke (lesson 07).

Built on anywidget: the pad is a small ES module (below, in ``_ESM``) that runs in the
browser, in JupyterLab, VS Code or Colab alike, with no build step. The browser draws the
strokes (mouse, pen or finger: pointer events) and, when a stroke ends, sends the pad's ink to
the kernel as base64 bytes. Python does the rest, in :meth:`DrawingPad.read`: the ink goes
through :func:`nnbook.datasets.handwriting.to_mnist_format` and the network, and the answer
comes back as traits that the browser shows: the predicted digit, ten bars of probabilities,
the 28 x 28 image the network saw, and a message. An error becomes the message: nothing is
raised into the browser, and the browser's own handlers catch theirs too.

CSS classes: ``nnbook-drawpad`` (the canvas), ``nnbook-drawpad-prediction`` (the predicted
digit, as text), ``nnbook-drawpad-clear``, ``nnbook-drawpad-prepare`` (the checkbox),
``nnbook-drawpad-bars``, ``nnbook-drawpad-message``, and ``nnbook-drawpad-widget`` on the
whole widget.
"""

from __future__ import annotations

import base64
from typing import Any

import anywidget
import numpy as np
import traitlets
from numpy.typing import NDArray

from nnbook._validation import check_bool, check_int
from nnbook.datasets.handwriting import crop_to_ink, resize_area, to_mnist_format
from nnbook.messages import say
from nnbook.network import Network

__all__ = ["DrawingPad"]

_ESM = r"""
function render({ model, el }) {
  const size = model.get("size");
  el.classList.add("nnbook-drawpad-widget");
  el.innerHTML = `
    <div style="display:flex; gap:16px; align-items:flex-start; font-family:sans-serif">
      <div>
        <canvas class="nnbook-drawpad" width="${size}" height="${size}"
          style="border:1px solid #888; background:#000; touch-action:none;
                 cursor:crosshair"></canvas>
        <div><button class="nnbook-drawpad-clear"></button>
          <label><input type="checkbox" class="nnbook-drawpad-prepare">
            <span class="nnbook-drawpad-prepare-text"></span></label>
        </div>
      </div>
      <div>
        <div><span class="nnbook-drawpad-reads"></span> <span class="nnbook-drawpad-prediction"
          style="font-size:2.5em; font-weight:bold"></span></div>
        <div class="nnbook-drawpad-bars" style="display:flex; gap:4px; align-items:flex-end;
          height:110px; margin-top:8px"></div>
        <div style="margin-top:8px"><span class="nnbook-drawpad-sees"></span><br>
          <canvas class="nnbook-drawpad-seen" width="28" height="28"
            style="width:84px; height:84px; image-rendering:pixelated;
                   border:1px solid #888"></canvas>
        </div>
        <div class="nnbook-drawpad-message" style="margin-top:8px; max-width:320px"></div>
      </div>
    </div>`;
  // Every word comes from Python (the texts trait, each one say(...)d); {error} is filled here.
  const texts = model.get("texts");
  el.querySelector(".nnbook-drawpad-clear").textContent = texts.clear;
  el.querySelector(".nnbook-drawpad-prepare-text").textContent = texts.prepare;
  el.querySelector(".nnbook-drawpad-reads").textContent = texts.reads;
  el.querySelector(".nnbook-drawpad-sees").textContent = texts.sees;
  const canvas = el.querySelector("canvas.nnbook-drawpad");
  const ctx = canvas.getContext("2d");
  const message = el.querySelector(".nnbook-drawpad-message");
  let drawing = false;
  let last = null;

  function say(text) { message.textContent = text; }
  function guarded(handler) {
    return (event) => {
      try { handler(event); } catch (error) { say(texts.problem.replace("{error}", error)); }
    };
  }
  function point(event) {
    const box = canvas.getBoundingClientRect();
    return [(event.clientX - box.left) * canvas.width / box.width,
            (event.clientY - box.top) * canvas.height / box.height];
  }
  function stroke(from, to) {
    ctx.strokeStyle = "#fff";
    ctx.fillStyle = "#fff";
    ctx.lineWidth = model.get("pen_width");
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.beginPath();
    ctx.moveTo(from[0], from[1]);
    ctx.lineTo(to[0], to[1]);
    ctx.stroke();
  }
  function send() {
    const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    const ink = new Uint8Array(canvas.width * canvas.height);
    for (let i = 0; i < ink.length; i++) ink[i] = pixels[4 * i];  // the red channel
    let text = "";
    for (let i = 0; i < ink.length; i += 8192) {
      text += String.fromCharCode.apply(null, ink.subarray(i, i + 8192));
    }
    model.set("ink", btoa(text));
    model.save_changes();
  }
  canvas.addEventListener("pointerdown", guarded((event) => {
    drawing = true;
    last = point(event);
    canvas.setPointerCapture(event.pointerId);
    stroke(last, last);
    event.preventDefault();
  }));
  canvas.addEventListener("pointermove", guarded((event) => {
    if (!drawing) return;
    const next = point(event);
    stroke(last, next);
    last = next;
    event.preventDefault();
  }));
  const finish = guarded(() => {
    if (!drawing) return;
    drawing = false;
    send();
  });
  canvas.addEventListener("pointerup", finish);
  canvas.addEventListener("pointercancel", finish);
  const prepare = el.querySelector(".nnbook-drawpad-prepare");
  prepare.addEventListener("change", guarded(() => {
    model.set("prepare", prepare.checked);
    model.save_changes();
  }));
  el.querySelector(".nnbook-drawpad-clear").addEventListener("click", guarded(() => {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    model.set("ink", "");
    model.save_changes();
  }));

  function show() {
    try {
      el.querySelector(".nnbook-drawpad-prediction").textContent = model.get("prediction");
      prepare.checked = model.get("prepare");
      const bars = el.querySelector(".nnbook-drawpad-bars");
      const probabilities = model.get("probabilities");
      const best = probabilities.indexOf(Math.max(...probabilities));
      bars.innerHTML = probabilities.map((p, digit) => `
        <div style="display:flex; flex-direction:column; align-items:center; width:22px">
          <div title="${(100 * p).toFixed(1)}%" style="width:18px; height:${Math.round(90 * p)}px;
            background:${digit === best ? "#d62728" : "#1f77b4"}"></div>
          <div>${digit}</div>
        </div>`).join("");
      const seen = el.querySelector("canvas.nnbook-drawpad-seen").getContext("2d");
      const values = model.get("seen");
      const image = seen.createImageData(28, 28);
      for (let i = 0; i < 784; i++) {
        const v = Math.round(255 * (values[i] || 0));
        image.data.set([v, v, v, 255], 4 * i);
      }
      seen.putImageData(image, 0, 0);
      say(model.get("message"));
    } catch (error) {
      say(texts.cannot_show.replace("{error}", error));
    }
  }
  for (const name of ["prediction", "probabilities", "seen", "message", "prepare"]) {
    model.on("change:" + name, show);
  }
  show();
}
export default { render };
"""


def _empty_pad() -> str:
    return say("Draw a digit on the black pad.")


class DrawingPad(anywidget.AnyWidget):
    """Draw a digit with the mouse (or a finger); the network reads it after every stroke.

    Parameters
    ----------
    network : Network
        A trained network with 784 inputs and 10 softmax outputs: the bars show its
        probabilities.
    size : int
        The pad's side in pixels (default 280, ten times MNIST's 28).
    pen_width : int
        The pen's width in pixels.
    prepare : bool
        Whether the drawing goes through MNIST's preparation (crop, scale, centre) before the
        network reads it; the pad's checkbox changes it. Without it the whole pad is shrunk to
        28 x 28 (its strokes brightened, so that a pen line is not a faint grey).

    Attributes
    ----------
    ink : str
        What the browser sends: the pad's ink, ``size * size`` bytes, base64-encoded ("" when
        the pad is empty). Setting it (as a test does) reads the drawing.
    prediction, probabilities, seen, message
        The answer the browser shows: the digit as text ("" for none), ten floats, the 784
        pixels the network saw, and a sentence for the learner. (A network whose weights are
        NaN cannot read: ``feedforward`` refuses it, and the message says why.)
    texts
        The pad's own words (button, checkbox, headings, the browser's error messages), each
        a :func:`~nnbook.messages.say` template; the browser shows them as they are.
    """

    _esm = _ESM
    size = traitlets.Int(280).tag(sync=True)
    pen_width = traitlets.Int(18).tag(sync=True)
    ink = traitlets.Unicode("").tag(sync=True)
    prediction = traitlets.Unicode("").tag(sync=True)
    probabilities = traitlets.List(traitlets.Float(), default_value=[0.0] * 10).tag(sync=True)
    seen = traitlets.List(traitlets.Float(), default_value=[0.0] * 784).tag(sync=True)
    message = traitlets.Unicode("").tag(sync=True)
    prepare = traitlets.Bool(True).tag(sync=True)
    texts = traitlets.Dict().tag(sync=True)

    def __init__(
        self, network: Any, *, size: int = 280, pen_width: int = 18, prepare: bool = True
    ) -> None:
        if not (
            isinstance(network, Network)
            and network.sizes[0] == 784
            and network.sizes[-1] == 10
            and network.output == "softmax"
        ):
            raise ValueError(
                say(
                    "DrawingPad needs a trained nnbook Network with 784 inputs and 10 softmax "
                    "outputs (its bars are probabilities), such as Network([784, 128, 10], "
                    "output='softmax', cost='cross_entropy', ...); got {network!r}.",
                    network=network,
                )
            )
        size = check_int(size, "size", minimum=56, maximum=1000)
        pen_width = check_int(pen_width, "pen_width", minimum=1, maximum=80)
        prepare = check_bool(prepare, "prepare")
        texts = {
            "clear": say("Clear"),
            "prepare": say("prepare like MNIST"),
            "reads": say("The network reads:"),
            "sees": say("What it sees:"),
            # {error} is filled in by the browser with what went wrong there
            "problem": say("The pad had a problem: {error}", error="{error}"),
            "cannot_show": say("The pad could not show the answer: {error}", error="{error}"),
        }
        super().__init__(
            size=size, pen_width=pen_width, prepare=prepare, texts=texts, message=_empty_pad()
        )
        self.network = network
        self.observe(self._on_ink, names=["ink", "prepare"])

    def drawing(self) -> NDArray[np.float64] | None:
        """The pad's ink as a ``(size, size)`` array in [0, 1], or ``None`` when it is empty."""
        if not self.ink:
            return None
        raw = np.frombuffer(base64.b64decode(self.ink, validate=True), dtype=np.uint8)
        if raw.size != self.size * self.size:
            raise ValueError(
                say(
                    "the pad sent {count} pixels, not {size} x {size}.",
                    count=raw.size,
                    size=self.size,
                )
            )
        return raw.reshape(self.size, self.size) / 255.0

    def read(self) -> None:
        """Read the current drawing: prepare it, ask the network, set the answer traits."""
        image = self.drawing()
        if image is None or not image.any():
            self._answer("", [0.0] * 10, [0.0] * 784, _empty_pad())
            return
        if self.prepare:
            prepared = to_mnist_format(image)
        else:  # as a naive program would: the whole pad shrunk to 28 x 28
            prepared = np.clip(resize_area(image, (28, 28)) * 3.0, 0.0, 1.0)
        probabilities = self.network.feedforward(prepared.reshape(1, 784))[0]  # softmax
        seen = [float(v) for v in prepared.ravel()]
        self._answer(
            str(int(np.argmax(probabilities))),
            [float(p) for p in probabilities],
            seen,
            self._advice(image),
        )

    def _advice(self, image: NDArray[np.float64]) -> str:
        ink = crop_to_ink(image)
        edge = image[0].any() or image[-1].any() or image[:, 0].any() or image[:, -1].any()
        if max(ink.shape) < self.size / 8:
            return say(
                "That is very small, almost a dot: it was scaled up to MNIST's 20 pixels, so "
                "the answer is a guess. Draw a whole digit, bigger."
            )
        if edge:
            return say("Your digit touches the edge of the pad: part of it may be cut off.")
        if not self.prepare:
            return say(
                "Not prepared: the whole pad shrunk to 28 x 28, as a naive program would. Tick "
                "'{prepare}' to crop, scale and centre it first.",
                prepare=self.texts["prepare"],
            )
        return say("Prepared as MNIST's digits were: cropped, scaled to 20 pixels, centred.")

    def _answer(self, prediction: str, probabilities: list, seen: list, message: str) -> None:
        with self.hold_sync():
            self.prediction, self.probabilities = prediction, probabilities
            self.seen, self.message = seen, message

    def _on_ink(self, change: dict[str, Any]) -> None:
        try:
            self.read()
        except Exception as error:  # noqa: BLE001 - shown in the widget, never raised
            self._answer(
                "",
                [0.0] * 10,
                [0.0] * 784,
                say("Could not read the drawing: {error}", error=str(error)),
            )
