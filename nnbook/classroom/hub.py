"""A class on one server: ``python -m nnbook.classroom hub DIR --students ...``.

Writes, into a new folder ``DIR``, everything a JupyterHub with nbgrader's exchange needs for
one course on one machine:

- ``DIR/jupyterhub_config.py``: the hub. Users log in with a shared password
  (JupyterHub's ``SharedPasswordAuthenticator``: one password for the students, a longer one
  for the instructor, who is the hub's admin); each user's Jupyter server runs as the Unix
  account that started the hub (``SimpleLocalProcessSpawner``), with its home in
  ``DIR/home/<user>``; the instructor's server opens on the course.
- ``DIR/nbgrader_config.py``: nbgrader's settings for every user's server (the course id, the
  exchange folder, and, since all users share one Unix account, each student's id taken from
  the hub's ``JUPYTERHUB_USER``).
- ``DIR/course/``: the nbgrader course of the lessons, as ``python -m nnbook.classroom
  nbgrader`` writes it, with the exchange added to its ``nbgrader_config.py``.
- ``DIR/exchange/``: nbgrader's exchange, where released assignments, submissions and
  feedback pass between the users.

What this setup does not give: isolation between users (they share one Unix account, so a
student who opens a terminal can read another's files) and real accounts (anyone with the
password can log in as any student). That is fine for a lab session on a trusted network and
for the round trip ``tests/test_hub.py`` runs; TEACHING.md says what to use for more.
"""

from __future__ import annotations

import argparse
import csv
import re
import secrets
import sys
import textwrap
from pathlib import Path
from typing import Any

from nnbook.classroom.course import write_nbgrader_course
from nnbook.messages import say, say_n

__all__ = ["add_parser", "parse_people", "run", "write_hub"]

#: A user name the hub and nbgrader both take as it is: JupyterHub lowercases names, and
#: nbgrader puts them in paths and refuses ``*``, ``+`` and ``/`` in a student id.
NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")
#: A course id nbgrader's exchange can use: it is a folder name in the exchange (nbgrader
#: refuses an empty one) and part of the hub group names nbgrader uses for courses.
COURSE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
ROSTER_COLUMNS = ("id", "student_id", "username")

HUB_CONFIG = '''\
"""JupyterHub for the nnbook course {course_id!r} (written by `python -m nnbook.classroom hub`).

Start it from this folder (configurable-http-proxy must be on the PATH, see TEACHING.md):

    jupyterhub -f jupyterhub_config.py

Users: the instructor {instructor!r} (the hub's admin) and the students listed below. They log
in at http://<this machine>:{port}/ with a shared password: the students with STUDENT_PASSWORD,
the instructor with INSTRUCTOR_PASSWORD. Anyone with a password can log in as any user it
allows: keep them for the class, and change them here (then restart the hub) when needed.

Every user's Jupyter server runs as the Unix account that starts the hub, in HOME_ROOT/<user>:
users are NOT isolated from each other (SimpleLocalProcessSpawner). For real accounts and
isolation, see TEACHING.md ("A class on one server").
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
INSTRUCTOR = {instructor!r}
STUDENTS = {students!r}
STUDENT_PASSWORD = {student_password!r}
INSTRUCTOR_PASSWORD = {instructor_password!r}
HOME_ROOT = os.path.join(HERE, "home")
COURSE = os.path.join(HERE, "course")

c = get_config()  # noqa: F821  (JupyterHub provides it)

c.JupyterHub.ip = {ip!r}
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.pid_file = os.path.join(HERE, "jupyterhub-proxy.pid")
c.JupyterHub.db_url = "sqlite:///" + os.path.join(HERE, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(HERE, "jupyterhub_cookie_secret")

c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = STUDENT_PASSWORD
c.SharedPasswordAuthenticator.admin_password = INSTRUCTOR_PASSWORD
c.Authenticator.admin_users = {{INSTRUCTOR}}
c.Authenticator.allowed_users = set(STUDENTS)

c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = os.path.join(HOME_ROOT, "{{username}}")
# the Python this file was written with runs every user's server (it has nnbook and nbgrader)
PYTHON = {python!r} if os.path.exists({python!r}) else sys.executable
c.Spawner.cmd = [PYTHON, "-m", "jupyterhub.singleuser"]
if hasattr(os, "getuid") and os.getuid() == 0:
    # Jupyter refuses to run as root unless told; better, start the hub as an ordinary account
    c.Spawner.args = ["--allow-root"]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.environment = {{
    # nbgrader_config.py in this folder: the course id, the exchange, each student's id
    "JUPYTER_CONFIG_PATH": HERE,
    # nbgrader runs `alembic` when it makes the gradebook: this Python's scripts first
    "PATH": os.path.dirname(PYTHON) + os.pathsep + os.environ.get("PATH", ""),
    # lessons 05 to 07 read MNIST from here (empty: each kernel downloads it)
    "NNBOOK_DATA_DIR": {data_dir!r},
    # one BLAS thread per kernel: a class runs many kernels on few cores
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
}}


def _open_the_course(spawner):
    """The instructor's server opens on the course (nbgrader's formgrader needs the course
    inside the server's root folder); the students' on their home."""
    if spawner.user.name == INSTRUCTOR:
        spawner.notebook_dir = COURSE


c.Spawner.pre_spawn_hook = _open_the_course
'''

NBGRADER_CONFIG = '''\
"""nbgrader's settings for every user's server on the hub (written by `python -m nnbook.classroom
hub`); the hub points JUPYTER_CONFIG_PATH here.

All users share one Unix account on this hub, so nbgrader cannot tell students apart by their
account: each student's id is the hub's user name (JUPYTERHUB_USER).
"""

import os

c = get_config()  # noqa: F821  (nbgrader provides it)

HERE = os.path.dirname(os.path.abspath(__file__))
INSTRUCTOR = {instructor!r}
c.CourseDirectory.course_id = {course_id!r}
c.Exchange.root = os.path.join(HERE, "exchange")

_user = os.environ.get("JUPYTERHUB_USER")
if _user == INSTRUCTOR:
    c.CourseDirectory.root = os.path.join(HERE, "course")
elif _user:
    c.CourseDirectory.student_id = _user
'''

COURSE_EXCHANGE = """
# The hub's exchange (python -m nnbook.classroom hub), beside this folder: release_assignment,
# collect and release_feedback, run from this folder, use it.
import os  # noqa: E402

c.Exchange.root = os.path.normpath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "exchange")
)
"""


class HubSetupError(ValueError):
    """Bad input to ``hub``: the message says what was expected, what came, and the fix."""


def _check_name(name: str, role: str) -> str:
    if not NAME.fullmatch(name):
        raise HubSetupError(
            say(
                "The {role} name {name!r} cannot be a hub user: expected lowercase letters, "
                "digits, '-' or '_', starting with a letter or digit, at most 32 characters "
                "(JupyterHub lowercases names, and nbgrader puts them in folder names). Use "
                "a name like 'ada' or 's12345'.",
                role=role,
                name=name,
            )
        )
    return name


def _roster(path: Path) -> list[str]:
    """The names in a roster file: ``.txt`` one a line (``#`` comments), ``.csv`` a column
    ``id``, ``student_id`` or ``username``."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".txt":
        lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
        return [line for line in lines if line]
    rows = list(csv.DictReader(text.splitlines()))
    header = list(rows[0]) if rows else []
    column = next((c for c in ROSTER_COLUMNS if c in header), None)
    if column is None:
        raise HubSetupError(
            say(
                "The roster {path} has no column of student names: expected a header with "
                "one of {expected}; its header is {got}. Rename the column of user names to "
                "'id' (as nbgrader's `nbgrader db student import` does).",
                path=str(path),
                expected=", ".join(ROSTER_COLUMNS),
                got=", ".join(header) if header else say("empty"),
            )
        )
    return [row[column].strip() for row in rows if (row[column] or "").strip()]


def parse_people(students: str, instructor: str) -> list[str]:
    """The students' names from ``--students``: names separated by commas or spaces
    (``ada,grace,alan``), or a roster file (``roster.txt``, one a line; ``roster.csv`` with an
    ``id`` column). Raises :class:`HubSetupError` for another format, a bad or repeated name,
    or the instructor among the students."""
    path = Path(students)
    if path.suffix.lower() in (".txt", ".csv"):
        if not path.is_file():
            raise HubSetupError(
                say(
                    "--students names the roster {path}, and there is no such file. Give the "
                    "file's path, or the names themselves: --students ada,grace,alan.",
                    path=str(path),
                )
            )
        names = _roster(path)
    elif path.suffix or "/" in students or "\\" in students:
        raise HubSetupError(
            say(
                "--students takes names separated by commas (ada,grace,alan) or a roster file "
                "ending in .txt (one name a line) or .csv (a column 'id'); got {got!r}. Save "
                "the roster as .txt or .csv, or give the names.",
                got=students,
            )
        )
    else:
        names = [name for name in re.split(r"[,\s]+", students) if name]
    if not names:
        raise HubSetupError(
            say(
                "--students gave no names (got {got!r}): expected at least one, like "
                "--students ada,grace,alan.",
                got=students,
            )
        )
    for name in names:
        _check_name(name, say("student"))
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise HubSetupError(
            say(
                "Each student must be listed once; {names} came more than once. Remove the "
                "repeats from --students.",
                names=", ".join(repeated),
            )
        )
    if instructor in names:
        raise HubSetupError(
            say(
                "The instructor {name!r} is also in --students: a user is one or the other. "
                "Choose another --instructor name, or remove it from the students.",
                name=instructor,
            )
        )
    return names


def _check_course_id(course_id: str) -> str:
    if not COURSE_ID.fullmatch(course_id):
        raise HubSetupError(
            say(
                "The course id {got!r} cannot be used: nbgrader's exchange makes a folder of "
                "it (and refuses an empty one), so expected letters, digits, '-' or '_', "
                "starting with a letter or digit. Use something like 'nn2026'.",
                got=course_id,
            )
        )
    return course_id


def _check_port(port: int) -> int:
    if not 1 <= port <= 65533:
        raise HubSetupError(
            say(
                "--port {port} is not a port the hub can use: expected a number from 1 to "
                "65533 (the hub also uses the next two ports). Use, for example, --port 8000.",
                port=str(port),
            )
        )
    return port


def write_hub(
    directory: Path | str,
    students: list[str],
    *,
    instructor: str = "instructor",
    course_id: str = "nnbook",
    lessons: list[str] | None = None,
    port: int = 8000,
    ip: str = "",
    data_dir: str = "",
    student_password: str | None = None,
    instructor_password: str | None = None,
    notebook_dir: Path | str | None = None,
) -> dict[str, Any]:
    """Write the hub's folder (see the module's docstring); return what was written and the
    passwords: ``{"hub_config", "nbgrader_config", "course", "exchange", "lessons",
    "student_password", "instructor_password"}``.

    Raises :class:`HubSetupError` (a ``ValueError``) for a bad name, course id or port, and
    ``FileExistsError`` if ``directory`` exists and is not empty.
    """
    directory = Path(directory)
    _check_name(instructor, say("instructor"))
    for name in students:
        _check_name(name, say("student"))
    _check_course_id(course_id)
    _check_port(port)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise FileExistsError(
            say(
                "{path} exists and is not an empty folder: the hub's folder must be new, so "
                "that no earlier course, gradebook or exchange is mixed in. Choose a new "
                "folder, or move this one away.",
                path=str(directory),
            )
        )
    student_password = student_password or secrets.token_urlsafe(12)
    instructor_password = instructor_password or secrets.token_urlsafe(32)
    if len(student_password) < 8 or len(instructor_password) < 32:
        raise HubSetupError(
            say(
                "The student password must have at least 8 characters and the instructor's "
                "at least 32 (JupyterHub's shared-password rule); got {got_student} and "
                "{got_instructor}. Leave them out to have random ones made.",
                got_student=str(len(student_password)),
                got_instructor=str(len(instructor_password)),
            )
        )
    course = directory / "course"
    written = write_nbgrader_course(course, lessons, notebook_dir=notebook_dir, course_id=course_id)
    root = directory.resolve()
    exchange = root / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)  # nbgrader's advice: every user writes to the exchange
    (root / "home").mkdir()
    values = dict(
        course_id=course_id,
        instructor=instructor,
        students=list(students),
        student_password=student_password,
        instructor_password=instructor_password,
        ip=ip,
        port=port,
        hub_port=port + 1,
        proxy_api_port=port + 2,
        python=sys.executable,
        data_dir=data_dir,
    )
    hub_config = root / "jupyterhub_config.py"
    hub_config.write_text(HUB_CONFIG.format(**values))  # not a message: a config file
    hub_config.chmod(0o600)  # it holds the passwords
    nbgrader_config = root / "nbgrader_config.py"
    nbgrader_config.write_text(NBGRADER_CONFIG.format(**values))  # not a message: a config file
    with (course / "nbgrader_config.py").open("a") as config:
        config.write(COURSE_EXCHANGE)
    return {
        "hub_config": hub_config,
        "nbgrader_config": nbgrader_config,
        "course": root / "course",
        "exchange": exchange,
        "lessons": [path.parent.name for path in written if path.suffix == ".ipynb"],
        "student_password": student_password,
        "instructor_password": instructor_password,
    }


# ----------------------------------------------------------------- the command line

EPILOG = textwrap.dedent(
    """\
    students:
      --students ada,grace,alan      names, separated by commas (or spaces, quoted)
      --students roster.txt          one name a line; # starts a comment
      --students roster.csv          a column named id (or student_id, or username)
    Names: lowercase letters, digits, - and _. Each student logs in under that name, and it is
    their student id in nbgrader's gradebook.

    then:
      cd DIR && jupyterhub -f jupyterhub_config.py
    needs configurable-http-proxy on the PATH (npm install -g configurable-http-proxy).
    TEACHING.md ("A class on one server") walks through a lesson, from release to feedback.
    """
)


def add_parser(commands: Any) -> argparse.ArgumentParser:
    """Add the ``hub`` command to the subparsers ``commands`` of ``python -m nnbook.classroom``."""
    hub = commands.add_parser(
        "hub",
        help="write a JupyterHub with nbgrader's exchange for one course on one server",
        description=textwrap.fill(
            "Write into DIR (new or empty) a JupyterHub for one course on this machine: "
            "jupyterhub_config.py (shared-password login: the students' password and the "
            "instructor's, made at random unless given; every user's Jupyter server runs as "
            "your Unix account, in DIR/home/USER, not isolated from the others), "
            "nbgrader_config.py for the users' servers, the nbgrader course of the lessons "
            "in DIR/course, and nbgrader's exchange in DIR/exchange.",
            width=90,
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    hub.add_argument("directory", metavar="DIR", type=Path, help="the hub's folder (new or empty)")
    hub.add_argument(
        "--students",
        required=True,
        metavar="NAMES|FILE",
        help="the students: ada,grace,alan or a roster file (.txt or .csv); see below",
    )
    hub.add_argument(
        "--instructor",
        default="instructor",
        metavar="NAME",
        help="the instructor's user name, the hub's admin (default: instructor)",
    )
    hub.add_argument("--course-id", default="nnbook", help="nbgrader's course id (default: nnbook)")
    hub.add_argument(
        "--lessons",
        nargs="+",
        metavar="NN",
        help="only these lessons in the course, by number or name (default: all)",
    )
    hub.add_argument(
        "--port",
        type=int,
        default=8000,
        help="the port users open (default: 8000; the hub "
        "also uses the next two, on 127.0.0.1 only)",
    )
    hub.add_argument(
        "--ip",
        default="",
        help="the address the hub listens on (default: every address of this machine; "
        "127.0.0.1 for this machine only)",
    )
    hub.add_argument(
        "--data-dir",
        default="",
        metavar="FOLDER",
        help="the MNIST folder the users' kernels read (NNBOOK_DATA_DIR; lessons 05 to 07)",
    )
    hub.add_argument(
        "--student-password",
        metavar="TEXT",
        help="the students' password (8 characters or more; default: made at random)",
    )
    hub.add_argument(
        "--instructor-password",
        metavar="TEXT",
        help="the instructor's password (32 characters or more; default: made at random)",
    )
    return hub


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """``python -m nnbook.classroom hub``: write the hub's folder and say what to run next."""
    try:
        students = parse_people(args.students, args.instructor)
        made = write_hub(
            args.directory,
            students,
            instructor=args.instructor,
            course_id=args.course_id,
            lessons=args.lessons,
            port=args.port,
            ip=args.ip,
            data_dir=args.data_dir,
            student_password=args.student_password,
            instructor_password=args.instructor_password,
        )
    except ValueError as error:
        parser.exit(2, say("{prog}: error: {error}\n", prog=parser.prog, error=str(error)))
    except (OSError, ModuleNotFoundError) as error:
        parser.exit(1, say("{prog}: error: {error}\n", prog=parser.prog, error=str(error)))
    first = made["lessons"][0]
    print(
        say(
            "Wrote the hub for the course {course_id} in {directory}: jupyterhub_config.py, "
            "nbgrader_config.py, the course (course/: {lessons}) and the exchange "
            "(exchange/), for the instructor {instructor} and {students}.\n\n"
            "Next:\n"
            "  1. Start the hub (configurable-http-proxy must be on the PATH):\n"
            "       cd {directory} && jupyterhub -f jupyterhub_config.py\n"
            "  2. Open http://<this machine>:{port}/ and log in as {instructor} with the "
            "instructor's password:\n"
            "       {instructor_password}\n"
            "  3. In the instructor's terminal (it opens in course/), release a lesson:\n"
            "       nbgrader generate_assignment {first} && nbgrader release_assignment {first}\n"
            "  4. Students log in with their name and the students' password:\n"
            "       {student_password}\n"
            "     and fetch, work and submit in the Assignments tab (Nbgrader > Assignments).\n"
            "  5. Then, as the instructor: nbgrader collect {first}, nbgrader autograde {first}, "
            "nbgrader generate_feedback {first}, nbgrader release_feedback {first}; students "
            "fetch their feedback in the Assignments tab.\n"
            "The passwords are in jupyterhub_config.py (readable by you only).",
            course_id=args.course_id,
            directory=str(args.directory),
            lessons=say_n("{n} lesson", "{n} lessons", len(made["lessons"])),
            instructor=args.instructor,
            students=say_n("{n} student", "{n} students", len(students)),
            port=str(args.port),
            instructor_password=made["instructor_password"],
            student_password=made["student_password"],
            first=first,
        )
    )
    return 0
