"""The install files agree with each other and with what the code imports.

``pyproject.toml`` (pip) and ``environment.yml`` (conda, Binder) must list the same packages with
the same version ranges; every module the package or a notebook imports must be declared as a
runtime dependency; Binder's ``postBuild`` must install the package and download MNIST.
"""

from __future__ import annotations

import ast
import importlib.metadata as metadata
import json
import os
import re
import sys
from pathlib import Path

import pytest

# tomllib is in the standard library from Python 3.11, the version the series is tested on.
tomllib = pytest.importorskip("tomllib", reason="reading pyproject.toml needs Python 3.11")

ROOT = Path(__file__).resolve().parent.parent


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _split(requirement: str) -> tuple[str, str]:
    """``"numpy>=1.26,<3"`` -> ``("numpy", ">=1.26,<3")``."""
    match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*([<>=!~].*)?", requirement)
    if match is None:
        raise ValueError(f"cannot read requirement {requirement!r}")
    return _normalise(match.group(1)), (match.group(2) or "").replace(" ", "")


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def pyproject_requirements() -> tuple[dict[str, str], dict[str, str]]:
    project = _pyproject()["project"]
    runtime = dict(_split(r) for r in project["dependencies"])
    test = dict(_split(r) for r in project["optional-dependencies"]["test"])
    return runtime, test


def environment_requirements() -> tuple[str, dict[str, str]]:
    """The python pin and the other packages of environment.yml (a flat conda list)."""
    python = None
    packages = {}
    in_dependencies = False
    for raw in (ROOT / "environment.yml").read_text().splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line:
            continue
        if not line.startswith(" "):
            in_dependencies = line.startswith("dependencies:")
            continue
        if in_dependencies:
            item = line.strip()
            if not item.startswith("- "):
                raise ValueError(f"environment.yml: unexpected line {raw!r} (nested lists?)")
            # conda's "python=3.11" means 3.11.*; read it as pip's "==3.11".
            item = re.sub(r"^- ([A-Za-z0-9_.\-]+)=(?!=)", r"- \1==", item)
            name, spec = _split(item[2:])
            if name == "python":
                python = spec
            elif name != "pip":
                packages[name] = spec
    return python, packages


def test_environment_yml_pins_python_311():
    python, _ = environment_requirements()
    assert python == "==3.11", f"environment.yml must pin python=3.11; found {python!r}"


def test_environment_yml_and_pyproject_list_the_same_packages():
    runtime, test = pyproject_requirements()
    _, conda = environment_requirements()
    pip = {**runtime, **test}
    only_pip = sorted(set(pip) - set(conda))
    only_conda = sorted(set(conda) - set(pip))
    assert not only_pip and not only_conda, (
        f"pyproject.toml only: {only_pip}; environment.yml only: {only_conda}"
    )
    differing = {n: (pip[n], conda[n]) for n in pip if pip[n] != conda[n]}
    assert not differing, f"version ranges differ (pyproject, environment.yml): {differing}"


def test_every_requirement_has_bounds():
    runtime, test = pyproject_requirements()
    for name, spec in {**runtime, **test}.items():
        assert ">=" in spec and "<" in spec, f"{name}: want a tested lower and a major upper bound"


def _imports(source: str) -> set[str]:
    # IPython magics and shell escapes are not Python; drop them before parsing.
    lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    tree = ast.parse("\n".join(lines))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def _third_party(modules: set[str]) -> set[str]:
    return {m for m in modules if m not in sys.stdlib_module_names and m != "nnbook"}


def _distributions(module: str) -> set[str]:
    return {_normalise(d) for d in metadata.packages_distributions().get(module, [])}


def _package_imports() -> dict[str, set[str]]:
    return {
        str(p.relative_to(ROOT)): _third_party(_imports(p.read_text()))
        for p in sorted((ROOT / "nnbook").rglob("*.py"))
    }


def _notebook_imports() -> dict[str, set[str]]:
    found = {}
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        source = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        found[str(path.relative_to(ROOT))] = _third_party(_imports(source))
    return found


@pytest.mark.parametrize(
    "where",
    ["package", "notebooks", "tests"],
    ids=["package", "notebooks", "tests-tools-benchmarks"],
)
def test_every_import_is_declared(where):
    runtime, test = pyproject_requirements()
    declared = set(runtime) if where != "tests" else set(runtime) | set(test)
    if where == "package":
        sources = _package_imports()
    elif where == "notebooks":
        sources = _notebook_imports()
    else:
        sources = {
            str(p.relative_to(ROOT)): _third_party(_imports(p.read_text()))
            for p in sorted((ROOT / "tests").rglob("*.py"))
            + sorted((ROOT / "tools").rglob("*.py"))
            + sorted((ROOT / "benchmarks").rglob("*.py"))
            + [ROOT / "conftest.py"]
        }
    # a script in tools/ may import its neighbours (tools/execute_notebooks.py) by name
    local = {"tests", "tools", "conftest", "_pytest"} | {
        p.stem for p in (ROOT / "tools").glob("*.py")
    }
    undeclared = {}
    for source, modules in sources.items():
        for module in sorted(modules):
            if module in local or module.startswith("_"):
                continue
            dists = _distributions(module)
            if not dists & declared:
                undeclared.setdefault(source, []).append(f"{module} (from {sorted(dists) or '?'})")
    assert not undeclared, f"imports not declared in pyproject.toml: {undeclared}"


def test_postbuild_installs_the_package_and_downloads_mnist():
    path = ROOT / "postBuild"
    assert path.exists(), "Binder needs a postBuild at the repository root"
    assert os.access(path, os.X_OK), "postBuild must be executable (chmod +x postBuild)"
    lines = [ln.strip() for ln in path.read_text().splitlines()]
    commands = [ln for ln in lines if ln and not ln.startswith("#")]
    assert commands[0] == "set -e", f"postBuild must start with 'set -e'; starts {commands[0]!r}"
    assert "pip install --no-deps -e ." in commands
    assert "python -m nnbook.datasets download" in commands
