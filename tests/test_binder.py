"""Binder readiness: what repo2docker reads, and what ``postBuild`` does when it runs.

``tests/test_packaging.py`` already checks the text of the files (``environment.yml`` pins
Python 3.11 and lists the same packages and ranges as ``pyproject.toml``; ``postBuild`` is
executable, starts with ``set -e`` and holds the install and download lines). Here:
``postBuild`` is *run*, with stand-ins for ``pip`` and ``python``, to see that it calls them in
order and stops at the first failure; the download command it calls exists; the conda channel and
the Python pin suit Binder and ``pyproject.toml``; nothing hides the root files from repo2docker;
and the README's Binder links open notebooks that exist.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
POSTBUILD = ROOT / "postBuild"
INSTALL = "pip install --no-deps -e ."
DOWNLOAD = "python -m nnbook.datasets download"


def _environment_section(name: str) -> list[str]:
    """The items of a top-level list in environment.yml (``channels``, ``dependencies``)."""
    items, inside = [], False
    for raw in (ROOT / "environment.yml").read_text().splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line:
            continue
        if not line.startswith((" ", "-")):
            inside = line == f"{name}:"
        elif inside:
            items.append(line.strip().removeprefix("- ").strip())
    return items


def _pyproject() -> str:
    return (ROOT / "pyproject.toml").read_text()


def _run_postbuild(tmp_path: Path, *, pip_exit: int) -> tuple[subprocess.CompletedProcess, list]:
    """Run postBuild with ``pip`` and ``python`` replaced by scripts that log their arguments.

    PATH holds only the stand-ins, so postBuild can run nothing else: a new command in it makes
    this fail (teach the stand-ins about it) instead of running for real.
    """
    bin_dir, log = tmp_path / "bin", tmp_path / "calls.log"
    bin_dir.mkdir()
    for name, code in (("pip", pip_exit), ("python", 0)):
        stub = bin_dir / name
        stub.write_text(f'#!/bin/sh\necho "{name} $*" >> "{log}"\nexit {code}\n')
        stub.chmod(0o755)
    result = subprocess.run(
        [str(POSTBUILD)],
        cwd=ROOT,
        env={"PATH": str(bin_dir), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=30,
    )
    calls = log.read_text().splitlines() if log.exists() else []
    return result, calls


@pytest.mark.skipif(not Path("/bin/bash").exists(), reason="postBuild is a bash script")
def test_postbuild_installs_the_package_then_downloads_mnist(tmp_path):
    assert os.access(POSTBUILD, os.X_OK), "postBuild must be executable (chmod +x postBuild)"
    result, calls = _run_postbuild(tmp_path, pip_exit=0)
    assert result.returncode == 0, f"postBuild failed:\n{result.stdout}\n{result.stderr}"
    assert INSTALL in calls and DOWNLOAD in calls, f"postBuild ran {calls}"
    assert calls.index(INSTALL) < calls.index(DOWNLOAD), f"install before download; ran {calls}"


@pytest.mark.skipif(not Path("/bin/bash").exists(), reason="postBuild is a bash script")
def test_postbuild_stops_at_the_first_failure(tmp_path):
    result, calls = _run_postbuild(tmp_path, pip_exit=1)
    assert result.returncode != 0, "postBuild went on after pip failed; it needs 'set -e'"
    assert calls == [INSTALL], f"after the failing pip, postBuild still ran {calls[1:]}"


def test_postbuild_download_command_exists():
    # The subcommand postBuild calls, asked for its help: no download happens.
    module, command = DOWNLOAD.split()[2:]
    result = subprocess.run(
        [sys.executable, "-m", module, command, "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, f"`{DOWNLOAD} --help` failed:\n{result.stderr}"
    assert "MNIST" in result.stdout, result.stdout


def test_environment_yml_uses_conda_forge():
    channels = _environment_section("channels")
    assert channels and channels[0] == "conda-forge", (
        f"environment.yml: Binder should resolve from conda-forge first; channels are {channels}"
    )


def test_environment_python_satisfies_requires_python():
    pins = [d for d in _environment_section("dependencies") if re.match(r"python\b", d)]
    assert len(pins) == 1, f"environment.yml: want one python pin, found {pins}"
    match = re.fullmatch(r"python\s*=+\s*(\d+)\.(\d+)(\.\*)?", pins[0])
    assert match, f"environment.yml: python must be pinned as python=X.Y; found {pins[0]!r}"
    pinned = (int(match.group(1)), int(match.group(2)))
    # A regular expression, not tomllib: tomllib is Python 3.11+, and the package allows 3.10.
    found = re.search(r'^requires-python\s*=\s*"([^"]+)"', _pyproject(), re.MULTILINE)
    assert found, "pyproject.toml: no requires-python"
    requires = found.group(1)
    lower = re.fullmatch(r">=\s*(\d+)\.(\d+)", requires)
    assert lower, f"pyproject.toml: expected requires-python like '>=3.10'; found {requires!r}"
    assert pinned >= (int(lower.group(1)), int(lower.group(2))), (
        f"environment.yml pins python {pinned}, below pyproject's requires-python {requires!r}"
    )


def test_no_binder_folder_hides_the_root_files():
    # repo2docker reads binder/ (or .binder/) instead of the root when such a folder exists.
    for folder in ("binder", ".binder"):
        assert not (ROOT / folder).exists(), (
            f"{folder}/ exists, so Binder ignores the root environment.yml and postBuild"
        )


def test_readme_binder_links_open_existing_notebooks():
    links = re.findall(
        r"mybinder\.org/v2/\S*?urlpath=lab/tree/(\S+\.ipynb)", (ROOT / "README.md").read_text()
    )
    assert links, "README.md: no Binder link (…?urlpath=lab/tree/notebooks/….ipynb) found"
    missing = [link for link in links if not (ROOT / link).is_file()]
    assert not missing, f"README.md: Binder links to missing notebooks {missing}"
