"""Every lesson, as a learner sees it: JupyterLab in headless Chromium, driven by Playwright.

nbval executes the cells but cannot see a slider move. Here one JupyterLab server (for the whole
session) serves a temporary copy of ``notebooks/``; for each lesson notebook (01, 02, ...) a
fresh browser page opens it, runs all cells, waits until the kernel is idle, and asserts:

- no cell has an error output, and the kernel sent no error while the widgets were used;
- the browser logged no console error and raised no page error;
- widgets render as widgets (the ipywidgets extension is active), not as ``IntSlider(...)`` text;
- in every ``.nnbook-main-widget``, changing its first ``.nnbook-control`` (a slider, a dropdown,
  a button, ...) changes the text of a ``.nnbook-readout`` or the image of a ``.nnbook-plot``;
- on every drawing pad (``canvas.nnbook-drawpad``, lesson 07), mouse strokes bring the
  network's answer into ``.nnbook-drawpad-prediction``, Clear empties it, and another digit
  changes it;
- on every network diagram (``.nnbook-network-diagram``, lessons 03 and 04), Reset and then
  Step through every stage of backpropagation show new numbers and a new drawing each time,
  and one more Step says "Past the end";
- on every Playground (``.nnbook-playground``, lesson 03), mouse clicks on the plot add points
  (the count in the readout grows, of the chosen class), Train still trains on them, and after
  Clear, points of one class only get a message instead of training.

The Chinese edition (``notebooks/zh_CN/``, whose first cell says ``set_language("zh_CN")``) is
driven the same way for a few lessons (``ZH_LESSONS``: the network diagram and a plot in 04, the
drawing pad in 07). The checks read the texts they wait for (a stage's number, "Past the end",
the pad's messages) through nnbook's catalog, in the notebook's language; for those lessons the
test also asserts that the widgets' labels are in Chinese (``Step`` reads 单步, and no label
shows the English it translates), and saves screenshots of a Chinese widget and plot, on success
too, to ``test-output/browser/zh_CN_<lesson>_<what>.png``.

On failure a screenshot goes to ``test-output/browser/<notebook>.png``; the message names it.

The browser is Debian's ``chromium`` (``/usr/bin/chromium``); Playwright's own browser download
is not used. Without it, or without the ``playwright`` package, these tests skip, unless the
environment sets ``NNBOOK_REQUIRE_BROWSER=1`` (CI does), which turns the skip into a failure.
A synthetic notebook, written by this module, checks the harness itself: that it sees a widget
react, and that it notices a cell error and a widget that does not react.
"""

from __future__ import annotations

import contextlib
import gettext
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "test-output" / "browser"
LESSONS = sorted(
    p for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb") if not p.name.startswith("00")
)
# The Chinese lessons driven too, a few only (each one costs a Run All): together they have a
# network diagram to step through (04), a plot widget (04's main widget) and a drawing pad (07).
ZH_LANGUAGE = "zh_CN"
ZH_LESSONS = [
    ROOT / "notebooks" / ZH_LANGUAGE / f"{stem}.ipynb"
    for stem in ("04_backpropagation", "07_your_handwriting")
]
# Chinese, Japanese and Korean characters (the CJK Unified Ideographs and their punctuation).
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")

# Flags for a quiet, self-contained headless Chromium in a container (no GPU, no sandbox, no
# background traffic to Google).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Every wait below is for a condition (the server answers, the kernel is idle, a readout shows
# a text, ...), never for a fixed time. The deadlines are only there to end a test that would
# otherwise hang; they are generous, so that a busy machine (a load of 6 or more on 2 cores)
# only makes the test slower, not red. test_the_harness_waits_for_conditions_not_for_time
# (below) keeps fixed sleeps and short deadlines out of this file.
SERVER_START_TIMEOUT_S = 300
PAGE_READY_TIMEOUT_S = 300  # JupyterLab loaded, notebook opened, kernel started and idle
RUN_ALL_TIMEOUT_S = 1800  # the slowest lesson (MNIST training) takes about 1 minute unloaded
WIDGET_TIMEOUT_S = 300  # the kernel handles a control's change (a redraw, a training) by then
HTTP_TIMEOUT_S = 60  # one request to the server's REST API
STOP_TIMEOUT_S = 60  # the server stopping after SIGTERM (and again after SIGKILL)
# After the kernel has handled a change, the page has applied it to the widget models; the
# views show it within a few animation frames. A change that is not shown after this many
# frames is not coming (frames are counted, not seconds: a starved browser renders fewer).
SETTLE_FRAMES = 120
MAX_ATTEMPTS = 4  # ways to change a control before concluding that nothing reacts
POLL_S = 0.5  # how often to ask a starting server again

# JupyterLab user settings for the test server: no news or update pop-ups, no autosave (the
# notebooks are temporary copies anyway), and every cell attached to the page, so that widgets
# and outputs below the fold exist in the DOM.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}

# Console errors that are not the lessons' fault. Each entry: a regular expression matched
# against the message text, and why it is harmless. Keep this list short and precise.
BENIGN_CONSOLE_ERRORS: list[tuple[str, str]] = []


# ---------------------------------------------------------------------------------------------
# Is there a browser?


def _browser_missing() -> str | None:
    """Why the browser test cannot run here, or None when it can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as error:
        return f"the playwright package is not importable ({error}); pip install -e '.[test]'"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found; install Debian's browser with: apt-get install -y chromium"
    return None


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("NNBOOK_REQUIRE_BROWSER") == "1":
        pytest.fail(f"NNBOOK_REQUIRE_BROWSER=1 but the browser test cannot run: {reason}")
    pytest.skip(f"browser test skipped: {reason} (set NNBOOK_REQUIRE_BROWSER=1 to fail instead)")


# ---------------------------------------------------------------------------------------------
# The JupyterLab server


@dataclass
class LabServer:
    """A running JupyterLab whose root is a temporary directory."""

    url: str
    token: str
    root: Path
    log: Path

    def api(self, method: str, path: str) -> object:
        request = urllib.request.Request(
            f"{self.url}{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_S) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Stop every session's kernel, so that the next notebook has the CPU to itself."""
        for session in self.api("GET", "/api/sessions"):
            with contextlib.suppress(urllib.error.URLError):
                self.api("DELETE", f"/api/sessions/{session['id']}")

    def log_tail(self, n_lines: int = 40) -> str:
        lines = self.log.read_text(errors="replace").splitlines()
        return "\n".join(lines[-n_lines:])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _write_lab_settings(settings_dir: Path) -> None:
    for plugin, values in LAB_SETTINGS.items():
        path = settings_dir / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM the server (it then stops its kernels); SIGKILL its process group if it hangs."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT_S)


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    reason = _browser_missing()
    if reason:
        _skip_or_fail(reason)
    base = tmp_path_factory.mktemp("jupyterlab")
    root = base / "root"
    # A copy, so that running cells never changes the committed notebooks.
    shutil.copytree(
        ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints")
    )
    _write_lab_settings(base / "settings")
    env = dict(os.environ)  # NNBOOK_DATA_DIR passes through to the kernels
    env.pop("MPLBACKEND", None)  # the kernel must use the inline backend to show plots
    env.update(
        JUPYTERLAB_SETTINGS_DIR=str(base / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"),
        JUPYTER_RUNTIME_DIR=str(base / "runtime"),
        JUPYTER_CONFIG_DIR=str(base / "config"),  # no user configuration from ~/.jupyter
    )
    port, token = _free_port(), secrets.token_hex(16)
    log = base / "jupyterlab.log"
    command = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: run commands, read models
        "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers and CI often run as root
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = LabServer(url=f"http://127.0.0.1:{port}", token=token, root=root, log=log)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"JupyterLab exited with code {process.returncode}:\n{server.log_tail()}"
                )
            try:
                url = f"{server.url}/lab?token={token}"
                with urllib.request.urlopen(url, timeout=HTTP_TIMEOUT_S):
                    break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"JupyterLab did not answer on {server.url}/lab within "
                        f"{SERVER_START_TIMEOUT_S} s:\n{server.log_tail()}"
                    )
                # Not listening yet: wait for the process to exit (checked above), for at
                # most POLL_S; then ask again.
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=POLL_S)
        yield server
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def browser(lab_server: LabServer) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# ---------------------------------------------------------------------------------------------
# One notebook in one page

# JavaScript run in the page. ``window.jupyterapp`` is the JupyterLab application (exposed by
# --LabApp.expose_app_in_browser); ``window.__nnbook`` holds this harness's state.
JS_FIND_PANEL = """(path) => {
  const app = window.jupyterapp;
  if (!app || !app.shell) return false;
  for (const widget of app.shell.widgets('main')) {
    if (widget.context && widget.context.path === path && widget.sessionContext) {
      window.__nnbook = {
        panel: widget, kernelErrors: [], widgetMessagesSent: 0, widgetMessagesPending: {},
        requests: {}, listening: false, run: 'not started', frames: 0,
      };
      return true;
    }
  }
  return false;
}"""

JS_KERNEL_IDLE = """() => {
  const nb = window.__nnbook;
  const kernel = nb.panel.sessionContext.session && nb.panel.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle' || kernel.connectionStatus !== 'connected') return false;
  if (!nb.listening) {
    // Record every error the kernel reports (cells' and widget callbacks' alike); follow each
    // widget message (comm_msg) the page sends until the kernel has handled it (its idle
    // status); and each cell's execute_request until both its reply and its last output (the
    // idle status) are in. The page handles a kernel's messages in order, one after another
    // (a widget's new state before the idle status that follows it), so by the time the idle
    // status is seen here, the widget models hold what the kernel sent.
    kernel.iopubMessage.connect((_, msg) => {
      const parent = msg.parent_header ? msg.parent_header.msg_type : '';
      if (msg.header.msg_type === 'error') {
        nb.kernelErrors.push({parent, text: `${msg.content.ename}: ${msg.content.evalue}`});
      } else if (msg.header.msg_type === 'status' && msg.content.execution_state === 'idle') {
        if (parent === 'comm_msg') delete nb.widgetMessagesPending[msg.parent_header.msg_id];
        const request = nb.requests[msg.parent_header.msg_id];
        if (request) request.idle = true;
      }
    });
    kernel.anyMessage.connect((_, {msg, direction}) => {
      if (direction === 'send' && msg.header.msg_type === 'execute_request') {
        nb.requests[msg.header.msg_id] = {reply: false, idle: false};
      } else if (direction === 'send' && msg.header.msg_type === 'comm_msg') {
        nb.widgetMessagesSent += 1;
        nb.widgetMessagesPending[msg.header.msg_id] = true;
      } else if (direction === 'recv' && msg.header.msg_type === 'execute_reply') {
        const request = nb.requests[msg.parent_header.msg_id];
        if (request) {
          request.reply = true;
          if (msg.content.status === 'aborted') request.idle = true;  // it never ran
        }
      }
    });
    nb.listening = true;
  }
  return true;
}"""

JS_RUN_ALL = """() => {
  const nb = window.__nnbook;
  window.jupyterapp.shell.activateById(nb.panel.id);
  nb.run = 'running';
  window.jupyterapp.commands.execute('notebook:run-all-cells').then(
    (ok) => { nb.run = ok === false ? 'stopped' : 'done'; },
    (error) => { nb.run = `failed: ${error}`; },
  );
}"""

JS_RUN_FINISHED = """() => {
  const nb = window.__nnbook;
  if (nb.run === 'running') return false;
  const kernel = nb.panel.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle') return false;
  // Run All settles at the first error, while later cells may still be queued in the kernel
  // (after a cell tagged raises-exception, they run); so wait for every request sent.
  if (Object.values(nb.requests).some((r) => !r.reply || !r.idle)) return false;
  const prompts = nb.panel.node.querySelectorAll('.jp-InputPrompt');
  return ![...prompts].some((prompt) => prompt.textContent.includes('*'));
}"""

JS_CELLS = """() => {
  const panel = window.__nnbook.panel;
  const cells = [];
  panel.content.widgets.forEach((cell, index) => {
    const json = cell.model.toJSON();
    if (json.cell_type !== 'code') return;
    const source = Array.isArray(json.source) ? json.source.join('') : json.source;
    const outputs = json.outputs || [];
    cells.push({
      index,
      source,
      executionCount: json.execution_count,
      tags: (json.metadata && json.metadata.tags) || [],
      errors: outputs.filter((o) => o.output_type === 'error')
                     .map((o) => `${o.ename}: ${o.evalue}`),
      widgetOutputs: outputs.filter(
        (o) => o.data && o.data['application/vnd.jupyter.widget-view+json']).length,
      outputText: [...cell.outputArea.node.children].map((child) => child.innerHTML.slice(0, 600)),
      renderedWidgetOutputs: [...cell.outputArea.node.children].filter((child) => {
        const output = child.querySelector(':scope > .jp-OutputArea-output');
        // an ipywidgets view, or an anywidget one (lesson 07's pad: it carries its own class)
        return output
          && output.querySelector(':scope > .jupyter-widgets, :scope > .nnbook-drawpad-widget')
          && !output.textContent.includes('Error displaying widget');
      }).length,
      // drawn, or given up on (a saved output whose cell did not run has no model)
      settledWidgetOutputs: [...cell.outputArea.node.children].filter((child) => {
        const output = child.querySelector(':scope > .jp-OutputArea-output');
        return output && (output.textContent.includes('Error displaying widget')
          || output.querySelector(':scope > .jupyter-widgets, :scope > .nnbook-drawpad-widget'));
      }).length,
    });
  });
  return {run: window.__nnbook.run, cells, kernelErrors: window.__nnbook.kernelErrors};
}"""

# What a main widget shows: the text of its readouts (or their input's value) and the images of
# its plots (an <img> src, or an <svg>'s markup).
JS_SHOWN = """(main) => {
  const text = (el) => [el.innerText.trim(),
    ...[...el.querySelectorAll('input, textarea')].map((i) => i.value)].join(' ').trim();
  const image = (el) => {
    const imgs = el.matches('img') ? [el] : [...el.querySelectorAll('img')];
    const svgs = el.matches('svg') ? [el] : [...el.querySelectorAll('svg')];
    return [...imgs.map((i) => i.src), ...svgs.map((s) => s.outerHTML)].join('|');
  };
  return {
    readouts: [...main.querySelectorAll('.nnbook-readout')].map(text),
    plots: [...main.querySelectorAll('.nnbook-plot')].map(image),
  };
}"""

JS_WIDGET_MESSAGES_SENT = "() => window.__nnbook.widgetMessagesSent"

# The page has sent a widget message since ``sent_before`` (the control's change), and the
# kernel has handled every widget message sent so far and is idle.
JS_KERNEL_HANDLED = """(sent_before) => {
  const nb = window.__nnbook;
  const kernel = nb.panel.sessionContext.session.kernel;
  return nb.widgetMessagesSent > sent_before
    && Object.keys(nb.widgetMessagesPending).length === 0
    && kernel.status === 'idle';
}"""

# Every widget output of every cell is on the page as a widget, or as the error that says it
# cannot be (views render after the kernel has sent them, later still on a busy machine).
JS_WIDGETS_SETTLED = f"""() => ({JS_CELLS})().cells.every(
  (cell) => cell.settledWidgetOutputs >= cell.widgetOutputs)"""

# Polled once per animation frame: "changed" as soon as a readout or plot of ``main`` shows
# something new; "settled" after ``frames`` frames without a change.
JS_CHANGED_OR_SETTLED = f"""([main, before, frames]) => {{
  const now = ({JS_SHOWN})(main);
  const changed = (values, old) => values.some((v, i) => v !== '' && v !== old[i]);
  if (changed(now.readouts, before.readouts) || changed(now.plots, before.plots)) {{
    return 'changed';
  }}
  window.__nnbook.frames += 1;
  return window.__nnbook.frames >= frames ? 'settled' : false;
}}"""


@dataclass
class NotebookPage:
    """A browser page with one notebook open in JupyterLab, and what the page has logged."""

    page: object
    name: str
    language: str = "en"  # the language the notebook's widgets speak
    console_errors: list[str] = field(default_factory=list)

    def wait(self, script: str, timeout_s: float, what: str, arg: object = None) -> None:
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.wait_for_function(script, arg=arg, timeout=timeout_s * 1000, polling=250)
        except PlaywrightTimeout:
            dialogs = self.page.locator(".jp-Dialog").all_inner_texts()
            shown = f"; JupyterLab shows a dialog: {' | '.join(dialogs)!r}" if dialogs else ""
            raise AssertionError(
                f"{self.name}: {what} did not happen within {timeout_s} s{shown}"
            ) from None

    def run_all(self) -> dict:
        """Run all cells; wait until done, the kernel is idle and every widget output is drawn
        as a widget; return the cells' report (which says which widgets are not drawn, if they
        never are)."""
        self.page.evaluate(JS_RUN_ALL)
        self.wait(JS_RUN_FINISHED, RUN_ALL_TIMEOUT_S, "Run All Cells finishing, kernel idle")
        self.wait(JS_WIDGETS_SETTLED, PAGE_READY_TIMEOUT_S, "every widget output drawn")
        return self.page.evaluate(JS_CELLS)

    def widget_errors(self) -> list[str]:
        """Errors the kernel reported for anything but a cell's execution (widget callbacks)."""
        self.wait(JS_KERNEL_IDLE, WIDGET_TIMEOUT_S, "the kernel going idle")
        errors = self.page.evaluate(JS_CELLS)["kernelErrors"]
        return [e["text"] for e in errors if e["parent"] != "execute_request"]

    def exercise_main_widgets(
        self, timeout_s: float = WIDGET_TIMEOUT_S, attempts: int = MAX_ATTEMPTS
    ) -> list[str]:
        """Operate each main widget's first control; fail unless a readout or plot changes.

        A change a learner makes need not show (two correct methods give the same numbers), so
        each control is changed up to ``attempts`` ways (the next options of a dropdown, the
        next steps of a slider) until one shows. Returns a line per main widget: what was done
        and what changed.
        """
        mains = self.page.locator(".jp-Notebook .nnbook-main-widget")
        if mains.count() == 0:
            raise AssertionError(
                f"{self.name}: no element with class nnbook-main-widget; the lesson's main "
                "widget must carry it (with its control in .nnbook-control and what it changes "
                "in .nnbook-readout or .nnbook-plot)"
            )
        n_mains = mains.count()
        return [
            self._exercise(mains.nth(i), f"main widget {i + 1} of {n_mains}", timeout_s, attempts)
            for i in range(n_mains)
        ]

    def _each(self, selector: str, kind: str) -> Iterator[tuple[object, str]]:
        """Every element of the notebook matching ``selector``, scrolled into view, with a name
        for messages ("07_your_handwriting.ipynb: drawing pad 1")."""
        found = self.page.locator(f".jp-Notebook {selector}")
        for i in range(found.count()):
            element = found.nth(i)
            element.scroll_into_view_if_needed()
            yield element, f"{self.name}: {kind} {i + 1}"

    def exercise_drawing_pads(self, timeout_s: float = WIDGET_TIMEOUT_S) -> list[str]:
        """Draw on every ``canvas.nnbook-drawpad`` with the mouse, as a learner would: a stroke
        must bring a digit into ``.nnbook-drawpad-prediction``, Clear must empty it, and a
        different drawing must change it. Returns a line per pad."""
        done = []
        for canvas, where in self._each("canvas.nnbook-drawpad", "drawing pad"):
            widget = canvas.locator("xpath=ancestor::*[contains(@class, 'nnbook-drawpad-widget')]")
            prediction = widget.locator(".nnbook-drawpad-prediction")
            if prediction.inner_text().strip():
                raise AssertionError(f"{where}: shows a prediction before anything is drawn")
            prepare = widget.locator(".nnbook-drawpad-prepare")
            if prepare.count() and not prepare.is_checked():
                prepare.check()  # read the drawings as MNIST's digits were prepared
            self._draw(canvas, [[(0.5, 0.15), (0.5, 0.85)]])  # a 1
            first = self._wait_for_digit(prediction, f"{where}: a prediction after a stroke")
            widget.locator(".nnbook-drawpad-clear").click()
            self.wait(
                "(el) => el.textContent.trim() === ''", timeout_s, f"{where}: Clear emptying it",
                arg=prediction.element_handle(),
            )  # fmt: skip
            ring = [
                (0.5 + 0.3 * np.sin(t), 0.5 - 0.35 * np.cos(t)) for t in np.linspace(0, 6.4, 40)
            ]
            self._draw(canvas, [ring])  # a 0
            second = self._wait_for_digit(prediction, f"{where}: a prediction after Clear")
            if second == first:
                raise AssertionError(f"{where}: a 1 and a 0 were both read as {first}")
            message = widget.locator(".nnbook-drawpad-message").inner_text()
            troubles = [
                "The pad had a problem: {error}",
                "The pad could not show the answer: {error}",
                "Could not read the drawing: {error}",
            ]
            if any(re.search(_pattern(self.language, t), message) for t in troubles):
                raise AssertionError(f"{where}: the pad reports {message!r}")
            done.append(f"{where}: drew a 1: read {first}; Clear; drew a 0: read {second}")
        return done

    def exercise_network_diagrams(self) -> list[str]:
        """On every ``.nnbook-network-diagram``: Reset, then Step through every stage; each must
        show other numbers in the readout and another drawing, and one more Step must say
        "Past the end" (in the notebook's language). Returns a line per diagram."""
        from nnbook.widgets.network_diagram import past_the_end

        done = []
        stage_title = "Stage {number} of {total} · {title}"
        with _in_english():  # the catalog's key
            end = re.escape(" ".join(_said(self.language, past_the_end()).split()))
        for diagram, where in self._each(".nnbook-network-diagram", "network diagram"):
            readout = diagram.locator(".nnbook-readout").first
            drawing = diagram.locator(".nnbook-diagram-svg").first
            diagram.locator(".nnbook-reset").first.click()
            first = _pattern(self.language, stage_title, number="1", total=r"(\d+)")
            self._wait_for_match(readout, first, f"{where}: Reset")
            total = int(re.search(first, readout.inner_text())[1])
            before = (_numbers_shown(readout.inner_text()), drawing.inner_html())
            for stage in range(2, total + 1):
                diagram.locator(".nnbook-step").first.click()
                self._wait_for_match(
                    readout,
                    _pattern(self.language, stage_title, number=str(stage), total=str(total)),
                    f"{where}: Step {stage}",
                )
                # The readout and the drawing are two widgets, updated one after the other.
                self.wait(
                    "([svg, old]) => svg.innerHTML !== old", WIDGET_TIMEOUT_S,
                    f"{where}: Step {stage} drawing stage {stage}",
                    arg=[drawing.element_handle(), before[1]],
                )  # fmt: skip
                now = (_numbers_shown(readout.inner_text()), drawing.inner_html())
                if now[0] == before[0] or now[1] == before[1]:
                    raise AssertionError(
                        f"{where}: stage {stage} shows the same "
                        f"{'numbers' if now[0] == before[0] else 'drawing'} as stage {stage - 1}:"
                        f" {readout.inner_text()!r}"
                    )
                before = now
            diagram.locator(".nnbook-step").first.click()
            self._wait_for_match(readout, end, f"{where}: Step past the end")
            said = re.search(end, " ".join(readout.inner_text().split()))[0][:30]
            done.append(
                f"{where}: stepped through {total} stages, new numbers and drawing at each; "
                f"one more Step: {said!r}"
            )
        return done

    def exercise_playground_points(self) -> list[str]:
        """On every ``.nnbook-playground``: clicks on the plot add points (the count in the
        readout grows, of class 0 and then of class 1), Train trains on them, and after Clear
        a point of one class only gets a message from Train. Returns a line per Playground."""
        done = []
        for playground, where in self._each(".nnbook-playground", "Playground"):
            if self.language != "en":
                raise AssertionError(
                    f"{where}: the harness reads a Playground's readout in English only; teach "
                    f"exercise_playground_points its {self.language} words (through _pattern)"
                )
            readout = playground.locator(".nnbook-readout").first
            image = playground.locator(".nnbook-plot img").first
            counts = [_point_counts(readout.inner_text(), where)]
            for fx, fy, point_class in [(0.5, 0.5, 0), (0.42, 0.4, 0), (0.58, 0.6, 1)]:
                if point_class == 1:
                    playground.locator(".nnbook-point-class button").nth(1).click()
                box = image.bounding_box()
                image.click(position={"x": fx * box["width"], "y": fy * box["height"]})
                n = counts[-1][0] + 1
                self._wait_for_text(
                    readout, f"text.includes('{n} points (')", f"{where}: click {n}"
                )
                counts.append(_point_counts(readout.inner_text(), where))
                grown = counts[-1][1 + point_class] == counts[-2][1 + point_class] + 1
                if not grown:
                    raise AssertionError(
                        f"{where}: the click added no point of class {point_class}"
                    )
            epochs = re.search(r"(\d+) epochs? trained", readout.inner_text())[1]
            src = image.get_attribute("src")
            playground.locator(".nnbook-train").first.click()
            self._wait_for_text(
                readout, f"!text.includes(' {epochs} epoch') && text.includes('trained')",
                f"{where}: Train",
            )  # fmt: skip
            self.wait("([img, src]) => img.src !== src", WIDGET_TIMEOUT_S, f"{where}: a new plot",
                      arg=[image.element_handle(), src])  # fmt: skip
            if "stopped" in readout.inner_text():
                raise AssertionError(
                    f"{where}: training on the points failed: {readout.inner_text()!r}"
                )
            playground.locator(".nnbook-clear").first.click()
            self._wait_for_text(readout, "text.includes(' 0 points (')", f"{where}: Clear")
            box = image.bounding_box()
            image.click(position={"x": 0.5 * box["width"], "y": 0.5 * box["height"]})
            self._wait_for_text(readout, "text.includes(' 1 point (')", f"{where}: one point")
            playground.locator(".nnbook-train").first.click()
            self._wait_for_text(
                readout, "text.includes('needs points of both classes')", f"{where}: one class"
            )
            done.append(
                f"{where}: clicks added points, {' -> '.join(str(c[0]) for c in counts)} (of "
                f"class 0 then 1); Train trained on them; after Clear, one point: "
                "'needs points of both classes'"
            )
        return done

    def _wait_for_match(self, element, pattern: str, what: str) -> None:
        """Wait until the element's text, its white space made single spaces, matches
        ``pattern`` (a regular expression that Python and JavaScript read alike)."""
        script = "([el, source]) => new RegExp(source).test(el.innerText.replace(/\\s+/g, ' '))"
        self.wait(script, WIDGET_TIMEOUT_S, f"{what} (it shows {element.inner_text()!r})",
                  arg=[element.element_handle(), pattern])  # fmt: skip

    def _wait_for_text(self, element, condition: str, what: str) -> None:
        """Wait until ``condition``, JavaScript about ``text`` (the element's text), holds."""
        script = f"(el) => {{ const text = el.innerText; return {condition}; }}"
        self.wait(script, WIDGET_TIMEOUT_S, f"{what} (it shows {element.inner_text()!r})",
                  arg=element.element_handle())  # fmt: skip

    def _draw(self, canvas, strokes: list[list[tuple[float, float]]]) -> None:
        """Mouse strokes on ``canvas``, each a list of points in fractions of its size."""
        box = canvas.bounding_box()
        mouse = self.page.mouse
        for stroke in strokes:
            points = [
                (box["x"] + fx * box["width"], box["y"] + fy * box["height"]) for fx, fy in stroke
            ]
            mouse.move(*points[0])
            mouse.down()
            for start, end in zip(points, points[1:], strict=False):
                for t in np.linspace(0.2, 1.0, 5):  # several moves between points, as a hand does
                    mouse.move(
                        start[0] + t * (end[0] - start[0]), start[1] + t * (end[1] - start[1])
                    )
            mouse.up()

    def _wait_for_digit(self, prediction, what: str) -> str:
        self.wait(
            "(el) => /^[0-9]$/.test(el.textContent.trim())", WIDGET_TIMEOUT_S, what,
            arg=prediction.element_handle(),
        )  # fmt: skip
        return prediction.inner_text().strip()

    def _shows_a_change(self, main, before: dict) -> bool:
        """Whether ``main`` shows a change, once the page has had ``SETTLE_FRAMES`` animation
        frames to draw what the kernel sent (call it after the kernel has handled the change)."""
        self.page.evaluate("() => { window.__nnbook.frames = 0; }")
        outcome = self.page.wait_for_function(
            JS_CHANGED_OR_SETTLED, arg=[main.element_handle(), before, SETTLE_FRAMES],
            timeout=WIDGET_TIMEOUT_S * 1000, polling="raf",
        )  # fmt: skip
        return outcome.json_value() == "changed"

    def _exercise(self, main, where: str, timeout_s: float, attempts: int) -> str:
        main.scroll_into_view_if_needed()
        if not main.evaluate("(el) => el.matches('.jupyter-widgets, :has(.jupyter-widgets)')"):
            raise AssertionError(f"{self.name}: {where} is not rendered as ipywidgets")
        controls = main.locator(".nnbook-control")
        if controls.count() == 0:
            raise AssertionError(f"{self.name}: {where} has no element with class nnbook-control")
        before = main.evaluate(JS_SHOWN)
        if not before["readouts"] and not before["plots"]:
            raise AssertionError(f"{self.name}: {where} has no .nnbook-readout or .nnbook-plot")
        tried = []
        operations = _operate(controls.first, f"{self.name}: {where}")
        for _ in range(attempts):
            sent_before = self.page.evaluate(JS_WIDGET_MESSAGES_SENT)
            action = next(operations, None)
            if action is None:  # no other way to change this control
                break
            tried.append(action)
            # The kernel has handled the change (and sent every redraw) once it goes idle.
            what = f"{where}: the kernel handling {action}"
            self.wait(JS_KERNEL_HANDLED, timeout_s, what, arg=sent_before)
            if self._shows_a_change(main, before):
                break
        after = main.evaluate(JS_SHOWN)
        changed = [
            f"readout {old!r} -> {new!r}"
            for old, new in zip(before["readouts"], after["readouts"], strict=False)
            if new != old
        ]
        changed += [
            f"plot {j + 1} redrawn"
            for j, (old, new) in enumerate(zip(before["plots"], after["plots"], strict=False))
            if new != old
        ]
        if not changed:
            raise AssertionError(
                f"{self.name}: {where}: no readout or plot changed after {'; then '.join(tried)}"
            )
        return f"{self.name}: {where}: {'; then '.join(tried)}: {'; '.join(changed)}"


# ---------------------------------------------------------------------------------------------
# The words a notebook's widgets show, in its language (read from nnbook's catalogs)


def _catalog(language: str) -> gettext.NullTranslations:
    from nnbook.messages import LOCALE_DIR, SOURCE_LANGUAGE

    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    return gettext.translation("nnbook", LOCALE_DIR, languages=[language])


@contextlib.contextmanager
def _in_english() -> Iterator[None]:
    """nnbook speaks English (its templates) in the block, whatever it spoke before."""
    import nnbook

    previous = nnbook.language()
    nnbook.set_language("en")
    try:
        yield
    finally:
        nnbook.set_language(previous)


def _said(language: str, template: str) -> str:
    """``template`` (one of nnbook's ``say`` templates) in ``language``, not filled in."""
    return _catalog(language).gettext(template)


def _pattern(language: str, template: str, **groups: str) -> str:
    """A regular expression (for Python and JavaScript alike) matching what ``say(template,
    ...)`` shows in ``language``: its words literally, each placeholder ``{name}`` as
    ``groups[name]``, or as any text when not given."""
    parts = re.split(r"\{(\w+)[^{}]*\}", _said(language, template))
    return "".join(
        re.escape(part) if i % 2 == 0 else groups.get(part, ".*?") for i, part in enumerate(parts)
    )


def _english_labels_of(language: str) -> dict[str, str]:
    """The English labels the catalog of ``language`` translates otherwise: English -> translated
    (short templates without placeholders: buttons, checkboxes, headings)."""
    from babel.messages.pofile import read_po

    from nnbook.messages import LOCALE_DIR

    po = LOCALE_DIR / language / "LC_MESSAGES" / "nnbook.po"
    with po.open("rb") as file:
        catalog = read_po(file)
    return {
        m.id: m.string
        for m in catalog
        if isinstance(m.id, str) and m.id and "{" not in m.id and len(m.id) <= 40
        and isinstance(m.string, str) and m.string and m.string != m.id
    }  # fmt: skip


def _numbers_shown(text: str) -> list[str]:
    """The numbers in a readout, without its first line (the stage's title and number)."""
    return re.findall(r"-?\d+(?:\.\d+)?(?:e[-+]\d+)?", text.split("\n", 1)[-1])


def _point_counts(text: str, where: str) -> tuple[int, int, int]:
    """``(points, of class 0, of class 1)`` from a Playground's readout."""
    match = re.search(r"(\d+) points? \((\d+) of class 0, (\d+) of class 1\)", text)
    if match is None:
        raise AssertionError(f"{where}: the readout shows no count of points: {text!r}")
    return int(match[1]), int(match[2]), int(match[3])


def _classes(control) -> set[str]:
    """The CSS classes of ``control`` and of everything inside it."""
    return set(
        control.evaluate(
            "(el) => [el, ...el.querySelectorAll('*')].map((e) => e.getAttribute('class') || '')"
            ".join(' ')"
        ).split()
    )


def _operate(control, where: str) -> Iterator[str]:
    """Change an ipywidgets control as a user would, one way after another; say what was done."""
    classes = _classes(control)
    if "widget-slider" in classes:  # IntSlider, FloatSlider, SelectionSlider, ...: the keyboard
        handle = control.locator(".noUi-handle").first
        handle.focus()
        key = "ArrowRight"
        while True:
            before = handle.get_attribute("aria-valuenow")
            handle.press(key)
            if handle.get_attribute("aria-valuenow") == before:  # at an end: turn round
                key = "ArrowLeft" if key == "ArrowRight" else "ArrowRight"
                handle.press(key)
            yield f"moving the slider from {before} to {handle.get_attribute('aria-valuenow')}"
    elif "widget-dropdown" in classes:
        select = control.locator("select").first
        # ipywidgets shows option labels with no-break spaces; report them with plain ones
        options = select.evaluate(
            "(s) => [...s.options].map((o) => o.text.replace(/\\u00a0/g, ' '))"
        )
        start = select.evaluate("(s) => s.selectedIndex")
        if len(options) < 2:
            raise AssertionError(f"{where}: its dropdown has fewer than two options")
        for step in range(1, len(options)):
            index = (start + step) % len(options)
            select.select_option(index=index)
            yield f"choosing {options[index]!r} in the dropdown"
    elif "widget-button" in classes:  # Button, or a box whose first button is the control
        is_button = control.evaluate("(el) => el.matches('button')")
        button = control if is_button else control.locator("button").first
        label = button.inner_text()
        while True:
            button.click()
            yield f"clicking the button {label!r}"
    else:
        raise AssertionError(
            f"{where}: the harness does not know how to operate a control with classes "
            f"{sorted(classes)}; teach _operate in tests/test_browser.py"
        )


def _console_error_is_benign(text: str) -> bool:
    return any(re.search(pattern, text) for pattern, _why in BENIGN_CONSOLE_ERRORS)


@contextlib.contextmanager
def open_notebook(
    browser, server: LabServer, path: str, screenshot: Path, language: str = "en"
) -> Iterator[NotebookPage]:
    """Open ``path`` (relative to the server root) in a new page; wait for an idle kernel.

    Any exception inside the block saves a screenshot to ``screenshot`` and is re-raised as an
    AssertionError naming it. The kernel is shut down afterwards.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    # Playwright's own waits (a click waiting for its element, ...): as generous as ours.
    context.set_default_timeout(WIDGET_TIMEOUT_S * 1000)
    page = context.new_page()
    name = Path(path).name if language == "en" else f"{language}/{Path(path).name}"
    notebook = NotebookPage(page=page, name=name, language=language)

    def on_console(message) -> None:
        if message.type == "error" and not _console_error_is_benign(message.text):
            location = message.location or {}
            notebook.console_errors.append(f"{message.text} ({location.get('url', '?')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: notebook.console_errors.append(f"page error: {error}"))
    # A workspace of its own, reset: the page opens this notebook and nothing else.
    workspace = re.sub(r"\W", "-", str(Path(path).with_suffix("")))
    try:
        page.goto(
            f"{server.url}/lab/workspaces/{workspace}/tree/{path}?reset&token={server.token}",
            timeout=PAGE_READY_TIMEOUT_S * 1000,
        )
        notebook.wait(JS_FIND_PANEL, PAGE_READY_TIMEOUT_S, "the notebook opening", arg=path)
        notebook.wait(JS_KERNEL_IDLE, PAGE_READY_TIMEOUT_S, "the kernel starting and going idle")
        yield notebook
    except Exception as error:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(Exception):
            page.screenshot(path=str(screenshot))
        raise AssertionError(f"{error}\n(screenshot: {screenshot})") from error
    finally:
        context.close()
        with contextlib.suppress(Exception):
            server.shutdown_kernels()


def check_notebook(notebook: NotebookPage) -> list[str]:
    """Run every cell and use every main widget; fail on any error. Returns what was done."""
    report = notebook.run_all()
    name = notebook.name
    expected = [c for c in report["cells"] if "raises-exception" not in c["tags"]]
    errors = [f"cell {c['index']}: {e}" for c in expected for e in c["errors"]]
    assert not errors, f"{name}: error outputs after Run All Cells: {errors}"
    # "stopped" (some cell failed) is fine when the only errors are in raises-exception cells.
    assert report["run"] in ("done", "stopped"), f"{name}: Run All Cells: {report['run']}"
    unrun = [c["index"] for c in expected if c["source"].strip() and c["executionCount"] is None]
    assert not unrun, f"{name}: cells {unrun} did not run"
    unrendered = [
        c["index"] for c in report["cells"] if c["renderedWidgetOutputs"] < c["widgetOutputs"]
    ]
    assert not unrendered, (
        f"{name}: widget outputs of cells {unrendered} are not rendered as widgets; "
        "is the ipywidgets JupyterLab extension (jupyterlab_widgets) active? The page shows: "
        + repr([c["outputText"] for c in report["cells"] if c["index"] in unrendered])
    )
    done = notebook.exercise_drawing_pads()
    if notebook.page.locator(".jp-Notebook .nnbook-main-widget").count() or not done:
        done += notebook.exercise_main_widgets()
    done += notebook.exercise_network_diagrams()
    done += notebook.exercise_playground_points()
    widget_errors = notebook.widget_errors()
    assert not widget_errors, f"{name}: errors in widget callbacks: {widget_errors}"
    assert not notebook.console_errors, f"{name}: browser console errors: {notebook.console_errors}"
    return done


# ---------------------------------------------------------------------------------------------
# The tests


def test_the_harness_waits_for_conditions_not_for_time():
    """No fixed sleep and no short fixed timeout in this file: each wait is for a condition,
    with a deadline of a minute or more (a busy machine makes the test slower, not red)."""
    import ast

    tree = ast.parse(Path(__file__).read_text())
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name in ("sleep", "wait_for_timeout"):
                problems.append(f"line {node.lineno}: {name}() waits a fixed time")
            for keyword in node.keywords:
                names = {n.id for n in ast.walk(keyword.value) if isinstance(n, ast.Name)}
                deadlines = {n for n in names if n.endswith("TIMEOUT_S") or n == "timeout_s"}
                # POLL_S: how often a loop asks again, not how long it waits for an answer
                if keyword.arg in ("timeout", "timeout_s") and not deadlines | (names & {"POLL_S"}):
                    problems.append(
                        f"line {node.lineno}: {keyword.arg}= is not one of the *_TIMEOUT_S "
                        "deadlines"
                    )
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                name = getattr(target, "id", "")
                if name.endswith("_TIMEOUT_S") and node.value.value < 60:
                    problems.append(f"line {node.lineno}: {name} = {node.value.value} s is short")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_runs_and_its_widgets_react_in_jupyterlab(browser, lab_server, lesson):
    screenshot = SCREENSHOTS / f"{lesson.stem}.png"
    with open_notebook(browser, lab_server, f"notebooks/{lesson.name}", screenshot) as notebook:
        done = check_notebook(notebook)
    print("\n".join(done))


# A Chinese lesson's widgets, each with its labels: (CSS selector, English template). Those
# present in the lesson must show the template's translation.
ZH_LABELS = [
    (".nnbook-network-diagram .nnbook-step", "Step"),
    (".nnbook-network-diagram .nnbook-reset", "Reset"),
    (".nnbook-drawpad-clear", "Clear"),
    (".nnbook-drawpad-reads", "The network reads:"),
    (".nnbook-drawpad-prepare-text", "prepare like MNIST"),
]
# What to photograph in a Chinese lesson, once its widgets have been used: (name, selector of
# the element); the first element of each present is saved, as zh_CN_<lesson>_<name>.png. (A
# diagram is photographed at its first stage, after Reset: the last one is taller than the
# window.)
ZH_SCREENSHOTS = [
    ("diagram", ".nnbook-network-diagram"),
    ("plot", ".nnbook-main-widget:not(.nnbook-network-diagram):has(.nnbook-plot)"),
    ("drawing_pad", ".nnbook-drawpad-widget"),
]


def check_labels_speak(notebook: NotebookPage) -> list[str]:
    """The widgets' labels are in the notebook's language: each of ``ZH_LABELS`` present
    shows its translation (with Chinese characters), and no button, checkbox or heading of a
    widget shows an English label that the catalog translates. Returns what was seen."""
    language, page = notebook.language, notebook.page
    labels = page.locator(
        ".jp-Notebook .jupyter-widgets button, .jp-Notebook .jupyter-widgets label, "
        ".jp-Notebook .widget-label, .jp-Notebook .nnbook-drawpad-widget button, "
        ".jp-Notebook .nnbook-drawpad-widget span"
    ).all_inner_texts()
    english = _english_labels_of(language)
    leaked = sorted({t.strip() for t in labels if t.strip() in english})
    assert not leaked, f"{notebook.name}: widgets show English labels: {leaked}"
    assert any(CJK.search(t) for t in labels), f"{notebook.name}: no widget label is Chinese"
    seen = []
    for selector, english in ZH_LABELS:
        found = page.locator(f".jp-Notebook {selector}")
        if not found.count():
            continue
        expected, shown = _said(language, english), found.first.inner_text().strip()
        assert CJK.search(expected), f"the {language} catalog leaves {english!r} in English"
        assert shown == expected, f"{notebook.name}: {selector} shows {shown!r}, not {expected!r}"
        seen.append(f"{selector}: {shown!r}")
    assert seen, f"{notebook.name}: none of the widgets whose labels are checked is on the page"
    return seen


def save_screenshots(notebook: NotebookPage, prefix: str) -> list[Path]:
    """Photograph each of ``ZH_SCREENSHOTS`` the lesson has to ``SCREENSHOTS/<prefix>_<name>.png``;
    return the files written (each checked to be a non-empty PNG)."""
    written = []
    for name, selector in ZH_SCREENSHOTS:
        found = notebook.page.locator(f".jp-Notebook {selector}")
        if not found.count():
            continue
        path = SCREENSHOTS / f"{prefix}_{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        if name == "diagram":
            found.first.locator(".nnbook-reset").first.click()
            notebook._wait_for_match(
                found.first.locator(".nnbook-readout").first,
                _pattern(notebook.language, "Stage {number} of {total} · {title}", number="1"),
                f"{notebook.name}: Reset before the screenshot",
            )  # fmt: skip
        found.first.scroll_into_view_if_needed()
        found.first.screenshot(path=str(path))
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
        written.append(path)
    return written


@pytest.mark.parametrize("lesson", ZH_LESSONS, ids=[f"zh_CN-{p.stem}" for p in ZH_LESSONS])
def test_chinese_lesson_runs_and_its_widgets_react_in_jupyterlab(browser, lab_server, lesson):
    """A lesson of the Chinese edition, driven as the English ones are (its readouts and
    messages read in Chinese); its labels are Chinese; pictures of its widgets are saved."""
    prefix = f"{ZH_LANGUAGE}_{lesson.stem[:2]}"
    screenshot = SCREENSHOTS / f"{ZH_LANGUAGE}_{lesson.stem}.png"
    path = f"notebooks/{ZH_LANGUAGE}/{lesson.name}"
    with open_notebook(browser, lab_server, path, screenshot, language=ZH_LANGUAGE) as notebook:
        done = check_notebook(notebook)
        done += check_labels_speak(notebook)
        written = save_screenshots(notebook, prefix)
    assert written, f"{path}: none of {[s for _, s in ZH_SCREENSHOTS]} to photograph"
    for file in written:
        assert file.stat().st_size > 1000, f"{file}: {file.stat().st_size} bytes"
    print("\n".join(done + [f"saved {file.relative_to(ROOT)}" for file in written]))


def _synthetic_notebook(path: Path, *, broken: bool) -> None:
    """A notebook with the conventions of a lesson: a main widget, its control, its readout.

    ``broken=False``: a slider drives a label; a cell tagged raises-exception raises; a dropdown
    redraws a matplotlib plot in an ``Output``; a button redraws an ``Image``.
    ``broken=True``: the slider's callback raises before it changes the label; the second cell
    raises, so the third never runs.
    """
    slider = """\
import ipywidgets as widgets

slider = widgets.IntSlider(value=3, min=0, max=10, description="n")
slider.add_class("nnbook-control")
label = widgets.Label(value="n squared = 9")
label.add_class("nnbook-readout")
"""
    show_square = (
        'raise RuntimeError("deliberate callback error")'
        if broken
        else "label.value = f\"n squared = {change['new'] ** 2}\""
    )
    slider += f"""
def show_square(change):
    {show_square}

slider.observe(show_square, names="value")
"""
    slider += """
main = widgets.VBox([slider, label])
main.add_class("nnbook-main-widget")
main
"""
    plot = """\
import matplotlib.pyplot as plt
import numpy as np

frequency = widgets.Dropdown(options=[1, 2, 3], value=1, description="frequency")
frequency.add_class("nnbook-control")
figure = widgets.Output()
figure.add_class("nnbook-plot")

def draw(change=None):
    with figure:
        figure.clear_output(wait=True)
        x = np.linspace(0, 2 * np.pi, 100)
        plt.figure(figsize=(3, 2))
        plt.plot(x, np.sin(frequency.value * x))
        plt.show()

frequency.observe(draw, names="value")
draw()
plot_widget = widgets.VBox([frequency, figure])
plot_widget.add_class("nnbook-main-widget")
plot_widget
"""
    button = """\
import io

step = widgets.Button(description="Step")
step.add_class("nnbook-control")
picture = widgets.Image(format="png")
picture.add_class("nnbook-plot")
steps = []

def take_step(_button=None):
    steps.append(len(steps))
    plt.figure(figsize=(2, 2))
    plt.plot(steps, "o")
    png = io.BytesIO()
    plt.savefig(png, format="png")
    plt.close()
    picture.value = png.getvalue()

step.on_click(take_step)
take_step()
stepper = widgets.HBox([step, picture])
stepper.add_class("nnbook-main-widget")
stepper
"""
    cells = [nbformat.v4.new_code_cell(slider)]
    if broken:
        cells.append(nbformat.v4.new_code_cell('raise ValueError("deliberate")'))
        cells.append(nbformat.v4.new_code_cell('print("after the error")'))
    else:  # an error the lesson expects, as nbval allows, and then the plot
        expected_error = nbformat.v4.new_code_cell("1 / 0")
        expected_error.metadata["tags"] = ["raises-exception"]
        cells += [expected_error] + [nbformat.v4.new_code_cell(c) for c in (plot, button)]
    # Saved as the lessons are: executed, with widget outputs whose models are not saved.
    for count, cell in enumerate(cells, start=1):
        cell.execution_count = count
        view = {"version_major": 2, "version_minor": 0, "model_id": f"{count:032x}"}
        data = {"text/plain": "VBox(...)", "application/vnd.jupyter.widget-view+json": view}
        cell.outputs = [nbformat.v4.new_output("execute_result", data, execution_count=count)]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(notebook, path)


def test_harness_sees_widgets_react(browser, lab_server, tmp_path):
    _synthetic_notebook(lab_server.root / "harness_ok.ipynb", broken=False)
    with open_notebook(browser, lab_server, "harness_ok.ipynb", tmp_path / "ok.png") as notebook:
        done = check_notebook(notebook)
        slider = notebook.page.locator(".nnbook-main-widget .widget-slider")
        assert slider.count() == 1, "the IntSlider is not rendered as a slider widget"
        notebook.language = ZH_LANGUAGE  # as if it were a Chinese lesson: its Step is English
        with pytest.raises(AssertionError, match=r"widgets show English labels: \['Step'\]"):
            check_labels_speak(notebook)
    assert len(done) == 3, done
    assert (
        "moving the slider from 3.0 to 4.0: readout 'n squared = 9' -> 'n squared = 16'" in done[0]
    )
    assert "choosing '2' in the dropdown: plot 1 redrawn" in done[1], done[1]
    assert "clicking the button 'Step': plot 1 redrawn" in done[2], done[2]


def test_harness_notices_errors_and_dead_widgets(browser, lab_server, tmp_path):
    _synthetic_notebook(lab_server.root / "harness_broken.ipynb", broken=True)
    screenshot = tmp_path / "broken.png"
    with pytest.raises(AssertionError) as failure:
        with open_notebook(browser, lab_server, "harness_broken.ipynb", screenshot) as notebook:
            report = notebook.run_all()
            assert report["cells"][1]["errors"] == ["ValueError: deliberate"], report
            assert report["run"] == "stopped", report
            assert report["cells"][2]["executionCount"] is None, "ran after the error"
            with pytest.raises(AssertionError, match="no readout or plot changed after moving"):
                notebook.exercise_main_widgets(attempts=2)
            errors = notebook.widget_errors()  # one per try to move the slider
            assert errors == ["RuntimeError: deliberate callback error"] * 2, errors
            notebook.page.evaluate("console.error('deliberate console error')")
            assert any("deliberate console error" in e for e in notebook.console_errors)
            raise AssertionError("the end of the broken notebook")
    assert "the end of the broken notebook" in str(failure.value)
    assert str(screenshot) in str(failure.value)
    assert screenshot.stat().st_size > 0
