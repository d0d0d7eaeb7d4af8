"""Check that a learner's environment can run the series, and say what to do when it cannot.

``check_environment()`` is the first code cell of ``00_welcome.ipynb``. It reads the version
ranges from nnbook's own installed metadata (the ones in ``pyproject.toml``), so the check and
the install instructions can never disagree.
"""

from __future__ import annotations

import html
import importlib.metadata as metadata
import re
import sys
from dataclasses import dataclass

from .messages import say

__all__ = ["Requirement", "EnvironmentReport", "check_environment"]

# The widgets' JupyterLab extension: installed with ipywidgets 8, but not listed by nnbook.
_WIDGET_FRONT_ENDS = (("jupyterlab_widgets", ">=3,<4"),)

#: What fixes a missing or outdated package (said inside each message that needs it).
_INSTALL = 'python -m pip install -e ".[test]"'


def _version_tuple(version: str) -> tuple[int, ...]:
    """``"2.4.6"`` -> ``(2, 4, 6)``; pre-release tails such as ``rc1`` are ignored."""
    parts = []
    for piece in version.split(".")[:3]:
        match = re.match(r"\d+", piece)
        if match is None:
            break
        parts.append(int(match.group()))
    return tuple(parts)


@dataclass(frozen=True)
class Requirement:
    """One line of the report: a package, the range nnbook asks for, and what is installed."""

    name: str
    wanted: str
    installed: str | None

    @property
    def ok(self) -> bool:
        if self.installed is None:
            return False
        have = _version_tuple(self.installed)
        for clause in filter(None, (c.strip() for c in self.wanted.split(","))):
            op, bound = re.match(r"(>=|<=|==|<|>)\s*(.+)", clause).groups()
            want = _version_tuple(bound)
            width = max(len(want), 1)
            padded = have[:width] + (0,) * (width - len(have[:width]))
            if not {
                ">=": padded >= want,
                "<=": padded <= want,
                "==": padded == want,
                "<": have < want,
                ">": have > want,
            }[op]:
                return False
        return True

    @property
    def advice(self) -> str:
        if self.installed is None:
            return say(
                "{name} is not installed. From the folder that holds the series, run: "
                "{install} then restart the kernel (Kernel > Restart Kernel).",
                name=self.name,
                install=_INSTALL,
            )
        if not self.ok:
            return say(
                "{name} {installed} is installed, nnbook needs {wanted}. From the folder that "
                "holds the series, run: {install} then restart the kernel (Kernel > Restart "
                "Kernel).",
                name=self.name,
                installed=self.installed,
                wanted=self.wanted,
                install=_INSTALL,
            )
        return say("ok")


@dataclass(frozen=True)
class EnvironmentReport:
    """What ``check_environment`` found; displays as a table in a notebook."""

    python: str
    python_ok: bool
    requirements: tuple[Requirement, ...]

    @property
    def ok(self) -> bool:
        return self.python_ok and all(r.ok for r in self.requirements)

    def problems(self) -> list[str]:
        """Plain sentences, one per problem, each saying what to do."""
        found = [r.advice for r in self.requirements if not r.ok]
        if not self.python_ok:
            found.insert(
                0,
                say(
                    "Python {version} is too old: nnbook needs Python 3.10 or newer.",
                    version=self.python,
                ),
            )
        return found

    def __str__(self) -> str:
        python_status = say("ok") if self.python_ok else say("TOO OLD")
        lines = [f"{'python':<20} {self.python:<10} {python_status}"]
        for r in self.requirements:
            lines.append(f"{r.name:<20} {r.installed or '-':<10} {say('ok') if r.ok else r.advice}")
        lines.append(
            say("Everything is in place.") if self.ok else say("Something needs fixing: see above.")
        )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = [("Python", self.python, ">=3.10", self.python_ok, "")]
        rows += [
            (r.name, r.installed or say("missing"), r.wanted, r.ok, r.advice)
            for r in self.requirements
        ]
        body = "".join(
            f"<tr><td>{html.escape(n)}</td><td>{html.escape(v)}</td><td>{html.escape(w)}</td>"
            f"<td>{'&#9989;' if ok else '&#10060; ' + html.escape(a)}</td></tr>"
            for n, v, w, ok, a in rows
        )
        verdict = (
            say("Everything is in place.")
            if self.ok
            else say("Something needs fixing: see the table.")
        )
        head = "".join(
            f"<th>{html.escape(title)}</th>"
            for title in (say("package"), say("installed"), say("nnbook needs"), "")
        )
        return f"<table><tr>{head}</tr>{body}</table><p><b>{verdict}</b></p>"

    def __repr__(self) -> str:
        return str(self)


def _declared_requirements() -> list[tuple[str, str]]:
    """(name, version range) of nnbook's runtime dependencies, from its installed metadata."""
    try:
        lines = metadata.requires("nnbook") or []
    except metadata.PackageNotFoundError:  # running from a source tree that was never installed
        lines = []
    found = []
    for line in lines:
        if ";" in line:  # an extra such as 'pytest ; extra == "test"'
            continue
        match = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)", line)
        found.append((match.group(1), match.group(2).strip().strip("()")))
    return found


def check_environment() -> EnvironmentReport:
    """Compare the installed packages with the ranges nnbook declares.

    Returns
    -------
    EnvironmentReport
        Displays as a table; ``report.ok`` is True when everything is in place and
        ``report.problems()`` lists what to fix, in plain sentences.
    """
    requirements = []
    declared = _declared_requirements()
    if not declared:
        declared = [("nnbook", "")]  # running from a source tree that was never installed
    # ipywidgets draws in JupyterLab through its front-end extension, a separate distribution
    # that ipywidgets 8 installs; without it, widgets show as text such as "IntSlider(...)".
    for name, wanted in [*declared, *_WIDGET_FRONT_ENDS]:
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        requirements.append(Requirement(name, wanted, installed))
    return EnvironmentReport(
        python=sys.version.split()[0],
        python_ok=sys.version_info >= (3, 10),
        requirements=tuple(requirements),
    )
