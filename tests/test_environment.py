"""``check_environment``: version ranges read correctly, problems said in plain sentences."""

from __future__ import annotations

import pytest

from nnbook.environment import EnvironmentReport, Requirement, check_environment


@pytest.mark.parametrize(
    ("installed", "wanted", "ok"),
    [
        ("2.4.6", ">=1.26,<3", True),
        ("1.26.0", ">=1.26,<3", True),
        ("1.25.2", ">=1.26,<3", False),
        ("3.0.0", ">=1.26,<3", False),
        ("8.1.9", ">=8.1,<9", True),
        ("9.0.0rc1", ">=8.1,<9", False),
        ("10.0", ">=8.10,<10", False),
        ("8.9", ">=8.10,<10", False),
        ("9.18.1", ">=8.10,<10", True),
        (None, ">=1", False),
    ],
)
def test_requirement_reads_version_ranges(installed, wanted, ok):
    assert Requirement("pkg", wanted, installed).ok is ok


def test_missing_and_outdated_packages_say_what_to_do():
    report = EnvironmentReport(
        python="3.9.1",
        python_ok=False,
        requirements=(
            Requirement("numpy", ">=1.26,<3", None),
            Requirement("ipywidgets", ">=8.1,<9", "7.8.1"),
            Requirement("tqdm", ">=4.66,<5", "4.67.0"),
        ),
    )
    problems = report.problems()
    assert not report.ok
    assert len(problems) == 3
    assert "Python 3.9.1 is too old" in problems[0]
    assert "numpy is not installed" in problems[1] and "pip install" in problems[1]
    assert "ipywidgets 7.8.1 is installed, nnbook needs >=8.1,<9" in problems[2]
    assert "tqdm" not in "".join(problems)
    assert "&#10060;" in report._repr_html_()


def test_this_environment_is_complete():
    report = check_environment()
    names = {r.name for r in report.requirements}
    assert {"numpy", "matplotlib", "ipywidgets", "jupyterlab", "tqdm"} <= names
    assert "jupyterlab_widgets" in names
    assert report.ok, report.problems()
    assert "Everything is in place." in str(report)
