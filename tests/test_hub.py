"""A class on one server: ``python -m nnbook.classroom hub``, and the whole nbgrader round trip
through a real JupyterHub.

The unit tests check the command's bad input. The last test is the class: it writes a hub with
``python -m nnbook.classroom hub`` (lesson 01, an instructor and three students), starts the
real ``jupyterhub`` with its real proxy (configurable-http-proxy, from npm) from the written
config, and then acts as each user the way their browser would: logs in with the password the
command printed, asks the hub for a token and starts the user's server, then calls nbgrader's
own server extensions in that server (the REST handlers behind the Assignments tab and the
formgrader). The instructor generates and releases lesson 01; each student fetches it, writes
their answers into the notebook through the server's contents API (as saving does), validates
it (the Validate button) and submits; the instructor collects, autogrades, generates and
releases feedback; each student fetches their feedback and reads their score in it. One
student answers everything right, one hands in the blank release, one gets one exercise wrong:
4/4, 0/4, 3/4.

Skipped, saying why, when jupyterhub or configurable-http-proxy is missing, unless
NNBOOK_REQUIRE_HUB is set (``.ci/run`` sets it): then that is a failure. Every wait polls a
condition with a deadline; every process the hub started is stopped at the end.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat
import pytest

from nnbook import exercises
from nnbook.classroom.__main__ import main
from nnbook.exercises import answer_cells

ROOT = Path(__file__).resolve().parent.parent
LESSON = "01_sigmoid"
COURSE = "nnbook"
INSTRUCTOR = "teacher"
STUDENTS = ("ada", "grace", "alan")
WRONG_ID, WRONG_ANSWER = "01-slope-at-zero", "slope_at_zero = 0.5\n"


def run_cli(*args: str) -> int:
    try:
        return main(["hub", *args])
    except SystemExit as stop:
        return stop.code


# ----------------------------------------------------------------- the command


def test_help_documents_every_option(capsys):
    assert run_cli("--help") == 0
    text = capsys.readouterr().out
    for option in ("--students", "--instructor", "--course-id", "--port", "--ip", "--data-dir"):
        assert option in text, f"--help does not mention {option}"
    assert "roster.csv" in text and "configurable-http-proxy" in text


def _nbgrader_config(folder: Path, environment: dict[str, str], monkeypatch) -> Any:
    """The settings ``folder/nbgrader_config.py`` gives, read as nbgrader reads it."""
    from traitlets.config.loader import PyFileConfigLoader

    for name in ("JUPYTERHUB_USER",):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return PyFileConfigLoader("nbgrader_config.py", path=str(folder)).load_config()


def test_writes_the_hub_the_course_and_the_exchange(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "hub"
    roster = tmp_path / "roster.csv"
    roster.write_text("id,first_name\nada,Ada\ngrace,Grace\n")
    assert run_cli(str(folder), "--students", str(roster), "--lessons", "01") == 0
    out = capsys.readouterr().out
    assert "jupyterhub -f jupyterhub_config.py" in out and "nbgrader release_assignment" in out
    config = (folder / "jupyterhub_config.py").read_text()
    assert "STUDENTS = ['ada', 'grace']" in config and "INSTRUCTOR = 'instructor'" in config
    assert (folder / "jupyterhub_config.py").stat().st_mode & 0o077 == 0  # the passwords
    passwords = re.findall(r"PASSWORD = '([^']+)'", config)
    assert len(passwords) == 2 and all(p in out for p in passwords)
    compile(config, "jupyterhub_config.py", "exec")
    assert (folder / "exchange").stat().st_mode & 0o777 == 0o777
    assert (folder / "course" / "source" / LESSON / f"{LESSON}.ipynb").is_file()
    # the folder can move: every path in nbgrader's configs is found from the file itself
    moved = tmp_path / "moved"
    folder.rename(moved)
    for user, root, student in [("ada", None, "ada"), ("instructor", moved / "course", "*")]:
        config = _nbgrader_config(moved, {"JUPYTERHUB_USER": user}, monkeypatch)
        assert config.Exchange.root == str(moved / "exchange")
        assert config.CourseDirectory.get("root") == (str(root) if root else None)
        assert config.CourseDirectory.get("student_id", "*") == student
    course = _nbgrader_config(moved / "course", {}, monkeypatch)
    assert course.Exchange.root == str(moved / "exchange")
    assert course.CourseDirectory.course_id == "nnbook"


@pytest.mark.parametrize(
    ("students", "message"),
    [
        ("roster.xlsx", r"expected names separated by commas|got 'roster.xlsx'"),
        ("missing.txt", r"no such file"),
        ("Ada,grace", r"'Ada' cannot be a hub user: expected lowercase"),
        ("ada,ada", r"listed once; ada came more than once"),
        ("ada,teacher", r"instructor 'teacher' is also in --students"),
        (",", r"gave no names"),
    ],
)
def test_bad_students_say_what_was_expected(tmp_path, capsys, students, message):
    assert run_cli(str(tmp_path / "hub"), "--students", students, "--instructor", INSTRUCTOR) == 2
    error = capsys.readouterr().err
    assert re.search(message, error), error
    assert not (tmp_path / "hub").exists()


def test_students_by_name_or_roster(tmp_path):
    from nnbook.classroom.hub import parse_people

    assert parse_people("ada, grace alan", INSTRUCTOR) == ["ada", "grace", "alan"]
    roster = tmp_path / "roster.txt"
    roster.write_text("# period 2\nada\n\ngrace  # new this term\n")
    assert parse_people(str(roster), INSTRUCTOR) == ["ada", "grace"]
    roster = tmp_path / "roster.csv"
    roster.write_text("\ufeffstudent_id,email\nada,a@example.org\n,\nalan,b@example.org\n")
    assert parse_people(str(roster), INSTRUCTOR) == ["ada", "alan"]


def test_a_roster_without_a_name_column(tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text("name,email\nAda,ada@example.org\n")
    assert run_cli(str(tmp_path / "hub"), "--students", str(roster)) == 2
    error = capsys.readouterr().err
    assert "no column of student names" in error and "its header is name, email" in error


def test_bad_course_id_and_folder(tmp_path, capsys):
    assert run_cli(str(tmp_path / "hub"), "--students", "ada", "--course-id", "nn/2026") == 2
    assert "course id 'nn/2026' cannot be used" in capsys.readouterr().err
    full = tmp_path / "full"
    full.mkdir()
    (full / "gradebook.db").write_text("")
    assert run_cli(str(full), "--students", "ada") == 1
    error = capsys.readouterr().err
    assert "is not an empty folder" in error and "Choose a new folder" in error
    assert sorted(p.name for p in full.iterdir()) == ["gradebook.db"]


# ----------------------------------------------------------------- the class, for real


def _missing() -> str | None:
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        return 'jupyterhub is not installed (pip install -e ".[classroom]")'
    if shutil.which("configurable-http-proxy") is None:
        return (
            "configurable-http-proxy is not on the PATH "
            "(npm install --prefix DIR configurable-http-proxy; add DIR/node_modules/.bin)"
        )
    return None


def _free_ports() -> int:
    """A port p with p, p + 1 and p + 2 free on 127.0.0.1 (the hub uses all three)."""
    for _ in range(200):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port > 65000:
            continue
        try:
            for offset in range(3):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port + offset))
        except OSError:
            continue
        return port
    raise RuntimeError("no three free ports in a row")


def wait_for(what: str, condition: Callable[[], Any], timeout: float, hub=None) -> Any:
    """Poll ``condition`` until it returns something true; fail after ``timeout`` s, or as
    soon as the hub process has exited."""
    deadline = time.monotonic() + timeout
    delay = 0.05
    while True:
        value = condition()
        if value:
            return value
        if hub is not None and hub.process.poll() is not None:
            code = hub.process.returncode
            pytest.fail(f"the hub exited ({code}) while waiting for {what}\n{hub.log_tail()}")
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {timeout} s\n{hub.log_tail() if hub else ''}")
        time.sleep(delay)  # a poll interval, not a wait for something to happen
        delay = min(delay * 1.5, 1.0)


class Hub:
    """The running hub, and requests to it as one user or another."""

    def __init__(self, folder: Path, port: int, passwords: dict[str, str], log: Path):
        import requests

        self.requests = requests
        self.folder, self.base, self.passwords, self.log = (
            folder,
            f"http://127.0.0.1:{port}",
            passwords,
            log,
        )
        env = dict(os.environ)
        env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
        self.log_file = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", "jupyterhub_config.py"],
            cwd=folder,
            env=env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.tokens: dict[str, str] = {}
        self.pids: set[int] = set()
        self.servers: dict[str, int] = {}

    def log_tail(self) -> str:
        return "the hub's log ends with:\n" + self.log.read_text(errors="replace")[-4000:]

    def ready(self, user: str) -> dict:
        """The user's server once it is ready; {} while it starts; fails if it stopped."""
        server = self.server(user)
        if not server:  # neither starting nor running: the spawn failed
            pytest.fail(f"{user}'s server stopped while starting\n{self.log_tail()}")
        return server if server.get("ready") else {}

    def ok(self, path: str) -> bool:
        try:
            return self.requests.get(self.base + path, timeout=5).status_code == 200
        except self.requests.ConnectionError:
            return False

    def log_in(self, user: str, password: str) -> str:
        """Log in with the form, as a browser does; return a token the hub gave the user."""
        session = self.requests.Session()
        session.get(self.base + "/hub/login", timeout=30)
        xsrf = session.cookies.get("_xsrf")
        form = {"username": user, "password": password, "_xsrf": xsrf}
        answer = session.post(
            self.base + "/hub/login", data=form, allow_redirects=False, timeout=30
        )
        assert answer.status_code == 302, f"{user} could not log in: {answer.status_code}"
        xsrf = [c.value for c in session.cookies if c.name == "_xsrf"][-1]  # the session's own
        answer = session.post(
            f"{self.base}/hub/api/users/{user}/tokens",
            headers={"X-XSRFToken": xsrf},
            json={"note": "tests/test_hub.py", "expires_in": 3600},
            timeout=30,
        )
        assert answer.status_code == 201, answer.text
        self.tokens[user] = answer.json()["token"]
        return self.tokens[user]

    def call(self, user: str, method: str, path: str, *, expect=200, **kwargs) -> Any:
        """``method`` ``path`` as ``user``; ``/user/<user>/`` is prefixed unless path starts
        at ``/hub/``. Returns the parsed JSON (or the text)."""
        url = self.base + (path if path.startswith("/hub/") else f"/user/{user}{path}")
        headers = {"Authorization": f"token {self.tokens[user]}"}
        answer = self.requests.request(method, url, headers=headers, timeout=600, **kwargs)
        assert expect is None or answer.status_code == expect, (
            f"{method} {path} as {user}: {answer.status_code}\n{answer.text[:2000]}"
        )
        try:
            return answer.json()
        except ValueError:
            return answer.text

    def server(self, user: str) -> dict:
        return self.call(INSTRUCTOR, "GET", f"/hub/api/users/{user}").get("servers", {}).get("", {})

    def stop(self) -> None:
        """Stop the hub as a teacher does (Ctrl-C: it stops the users' servers and its proxy),
        then end by process id whatever of theirs is left."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
        proxy = self.folder / "jupyterhub-proxy.pid"
        pids = set(self.pids)
        if proxy.is_file() and proxy.read_text().strip().isdigit():
            pids.add(int(proxy.read_text()))
        for pid in pids:
            _end(pid)
        self.log_file.close()


def _peak_rss_mib(pid: int) -> float:
    """The peak resident set size (``VmHWM``) of process ``pid`` so far, in MiB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a child of this process that ended but was not reaped yet
        return os.waitpid(pid, os.WNOHANG) == (0, 0)
    except ChildProcessError:
        return True


def _end(pid: int) -> None:
    if not _alive(pid):
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 20
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)


def _answers(kind: str) -> dict[str, str]:
    """The answer cells' new source, by exercise id, for each kind of student."""
    ids = [i for _, i in answer_cells(nbformat.read(ROOT / "notebooks" / f"{LESSON}.ipynb", 4))]
    solved = {i: exercises.get(i).solution_code for i in ids}
    return {"correct": solved, "blank": {}, "mistake": {**solved, WRONG_ID: WRONG_ANSWER}}[kind]


def _wrong_message() -> str:
    """What the check says to the student with the mistake."""
    try:
        return exercises.check(WRONG_ID, 0.5).message
    finally:
        exercises.reset_progress()


@pytest.fixture
def class_hub(tmp_path):
    missing = _missing()
    if missing:
        if os.environ.get("NNBOOK_REQUIRE_HUB"):
            pytest.fail(f"NNBOOK_REQUIRE_HUB is set, and {missing}")
        pytest.skip(missing)
    folder = tmp_path / "hub"
    port = _free_ports()
    written = subprocess.run(
        [sys.executable, "-m", "nnbook.classroom", "hub", str(folder), "--students",
         ",".join(STUDENTS), "--instructor", INSTRUCTOR, "--course-id", COURSE,
         "--lessons", LESSON, "--port", str(port), "--ip", "127.0.0.1",
         "--data-dir", os.environ.get("NNBOOK_DATA_DIR", "")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert written.returncode == 0, written.stderr
    # the teacher reads the passwords in the command's output
    lines = written.stdout.splitlines()
    after = {lines[i + 1].strip(): line for i, line in enumerate(lines[:-1])}
    passwords = {
        INSTRUCTOR: next(p for p, line in after.items() if "instructor's password" in line),
        "student": next(p for p, line in after.items() if "students' password" in line),
    }
    the_hub = Hub(folder, port, passwords, tmp_path / "jupyterhub.log")
    try:
        yield the_hub
    finally:
        the_hub.stop()


def test_a_class_on_one_hub_release_to_feedback(class_hub, tmp_path):
    hub_ = class_hub
    started, phases = time.monotonic(), {}

    def phase(name: str) -> None:  # where the time goes, printed at the end (pytest -s)
        phases[name] = time.monotonic() - started - sum(phases.values())

    wait_for("the hub answers through its proxy", lambda: hub_.ok("/hub/api/"), 120, hub_)
    users = (INSTRUCTOR, *STUDENTS)
    for user in users:
        hub_.log_in(user, hub_.passwords[INSTRUCTOR if user == INSTRUCTOR else "student"])
    # a student's password does not open the instructor's account
    with pytest.raises(AssertionError, match="could not log in"):
        hub_.log_in(INSTRUCTOR, hub_.passwords["student"])
    for user in users:  # each user's own token starts their own server, as the Start button
        hub_.call(user, "POST", f"/hub/api/users/{user}/server", expect=None)
    for user in users:
        server = wait_for(f"{user}'s server", lambda u=user: hub_.ready(u), 300, hub_)
        hub_.pids.add(server["state"]["pid"])
        hub_.servers[user] = server["state"]["pid"]
    phase("hub up, 4 logins, 4 servers ready")
    kinds = dict(zip(STUDENTS, ("correct", "blank", "mistake"), strict=True))

    # the instructor: the students' version, then release it to the exchange
    made = hub_.call(INSTRUCTOR, "POST", f"/formgrader/api/assignment/{LESSON}/assign")
    assert made["success"], made
    released = hub_.call(INSTRUCTOR, "POST", f"/formgrader/api/assignment/{LESSON}/release")
    assert released["success"], released

    phase("generate and release")
    # each student: sees it, fetches it, answers, saves, submits
    for student, kind in kinds.items():
        listed = hub_.call(student, "GET", "/assignments", params={"course_id": COURSE})
        assert listed["success"], listed
        assert [(a["assignment_id"], a["status"]) for a in listed["value"]] == [
            (LESSON, "released")
        ]
        fetched = hub_.call(student, "POST", "/assignments/fetch",
                            data={"course_id": COURSE, "assignment_id": LESSON})  # fmt: skip
        assert fetched["success"] and fetched["value"][0]["status"] == "fetched", fetched
        path = f"/api/contents/{LESSON}/{LESSON}.ipynb"
        notebook = hub_.call(student, "GET", path)["content"]
        answers = _answers(kind)
        changed = 0
        for cell in notebook["cells"]:
            grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
            if cell["metadata"].get("nbgrader", {}).get("solution") and grade_id in answers:
                assert "raise NotImplementedError()" in "".join(cell["source"])
                cell["source"] = answers[grade_id]
                changed += 1
        assert changed == len(answers)
        hub_.call(student, "PUT", path, expect=200,
                  json={"type": "notebook", "format": "json", "content": notebook})  # fmt: skip
        # the Validate button: nbgrader runs the notebook in the student's server
        checked = hub_.call(student, "POST", "/assignments/validate",
                            data={"path": f"{LESSON}/{LESSON}.ipynb"})  # fmt: skip
        assert checked["success"], checked
        failed = [cell["raw_error"] for cell in checked["value"].get("failed", [])]
        if kind == "correct":
            assert checked["value"] == {}, failed
        elif kind == "mistake":
            assert len(failed) == 1 and _wrong_message() in failed[0], failed
        else:
            assert len(failed) >= len(_answers("correct")), failed
        submitted = hub_.call(student, "POST", "/assignments/submit",
                              data={"course_id": COURSE, "assignment_id": LESSON})  # fmt: skip
        assert submitted["success"], submitted
        statuses = [(a["assignment_id"], a["status"]) for a in submitted["value"]]
        assert (LESSON, "submitted") in statuses, submitted

    phase("3 students fetch, save, validate, submit")
    # the instructor: collect, autograde each, feedback for all, released to the exchange
    collected = hub_.call(INSTRUCTOR, "POST", f"/formgrader/api/assignment/{LESSON}/collect")
    assert collected["success"], collected
    for student in STUDENTS:
        graded = hub_.call(
            INSTRUCTOR, "POST", f"/formgrader/api/submission/{LESSON}/{student}/autograde"
        )
        assert graded["success"], graded.get("log", graded)
    for action in ("generate_feedback", "release_feedback"):
        done = hub_.call(INSTRUCTOR, "POST", f"/formgrader/api/assignment/{LESSON}/{action}")
        assert done["success"], done
    phase("collect, autograde 3, feedback")
    expected = {"correct": 4.0, "blank": 0.0, "mistake": 3.0}
    book = hub_.call(INSTRUCTOR, "GET", f"/formgrader/api/submissions/{LESSON}")
    scores = {s["student"]: (s["score"], s["max_score"]) for s in book}
    assert scores == {s: (expected[k], 4.0) for s, k in kinds.items()}, scores

    # each student: fetches the feedback and reads the score in it
    for student, kind in kinds.items():
        fetched = hub_.call(student, "POST", "/assignments/fetch_feedback",
                            data={"course_id": COURSE, "assignment_id": LESSON})  # fmt: skip
        assert fetched["success"], fetched
        folder = hub_.call(student, "GET", f"/api/contents/{LESSON}/feedback")["content"]
        assert len(folder) == 1, folder  # one submission, one timestamp
        page = hub_.call(student, "GET", f"/api/contents/{folder[0]['path']}/{LESSON}.html")
        text = page["content"]
        score = re.search(rf"{LESSON} \(Score: ([\d.]+) / ([\d.]+)\)", text)
        assert score, f"{student}'s feedback shows no score"
        assert (float(score[1]), float(score[2])) == (expected[kind], 4.0), student
        if kind == "mistake":  # the wrong answer's feedback is the check's own message
            assert _wrong_message() in html.unescape(re.sub(r"<[^>]+>", "", text)), student
    phase("3 students fetch feedback")
    for user, pid in hub_.servers.items():  # what each user's Jupyter server took (not kernels)
        print(f"{user}'s server: peak RSS {_peak_rss_mib(pid):.0f} MiB")
    print("\n".join(f"{seconds:6.1f} s  {name}" for name, seconds in phases.items()))
