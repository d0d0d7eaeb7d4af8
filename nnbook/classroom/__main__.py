"""Command line: ``python -m nnbook.classroom nbgrader DIR`` or ``hub DIR`` (see ``--help``)."""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

from nnbook.classroom import hub
from nnbook.classroom.course import (
    DEFAULT_NOTEBOOK_DIR,
    INSTALL_HINT,
    parse_points,
    write_nbgrader_course,
)
from nnbook.messages import SOURCE_LANGUAGE, languages, say, say_n

EPILOG = textwrap.dedent(
    """\
    points:
      Each exercise's test cell is worth --default-points (1). Give one exercise other points
      with --points ID=POINTS, repeated as needed, e.g.
        --points 01-my-sigmoid-prime=3 --points 05-one-hot=2
      The ids are the ones in the notebooks' check("...") cells.

    then, from DIR (nbgrader's usual steps; TEACHING.md explains them):
      nbgrader generate_assignment 01_sigmoid        # release/01_sigmoid/: answers blanked
      nbgrader validate source/01_sigmoid/*.ipynb    # every check passes with the solutions
      nbgrader autograde 01_sigmoid                  # submitted/<student>/01_sigmoid/
      nbgrader generate_feedback 01_sigmoid          # feedback/<student>/01_sigmoid/*.html
    Set NNBOOK_DATA_DIR for validate and autograde: lessons 05 and 06 load MNIST.
    """
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m nnbook.classroom",
        description=say("The teacher's kit for the nnbook lessons."),
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    course = commands.add_parser(
        "nbgrader",
        help="write an nbgrader course of the lessons",
        description=textwrap.fill(
            say(
                "Write an nbgrader course into DIR: DIR/nbgrader_config.py and "
                "DIR/source/<lesson>/<lesson>.ipynb, one assignment per lesson (01 to the "
                "last). In each notebook, every exercise's answer cell is an nbgrader solution "
                "cell holding the reference solution between ### BEGIN SOLUTION and ### END "
                "SOLUTION, and every check cell is a locked, autograded test cell that fails "
                "with the check's own message unless the answer is correct. hint() works as in "
                "the lessons; solution() says that the graded version has no worked solutions. "
                "Needs nbgrader: {install}.",
                install=INSTALL_HINT,
            ),
            width=90,
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    course.add_argument(
        "directory", metavar="DIR", type=Path, help="the course directory (new or empty)"
    )
    course.add_argument(
        "--lessons",
        nargs="+",
        metavar="NN",
        help="only these lessons, by number (01 or 1) or name (01_sigmoid); "
        "commas or spaces between them (default: all, 01 to the last)",
    )
    course.add_argument(
        "--points",
        action="append",
        default=[],
        metavar="ID=POINTS",
        help="points of one exercise's test cell, e.g. 01-my-sigmoid-prime=3; repeatable",
    )
    course.add_argument(
        "--default-points",
        type=float,
        default=1,
        metavar="POINTS",
        help="points of every other test cell (default: 1)",
    )
    course.add_argument(
        "--force",
        action="store_true",
        help="write into a DIR that is not empty: replaces nbgrader_config.py and the "
        "chosen lessons' source/ folders, keeps everything else (release/, submitted/, "
        "autograded/, feedback/, gradebook.db)",
    )
    course.add_argument(
        "--course-id",
        default="nnbook",
        help="nbgrader's CourseDirectory.course_id (default: nnbook)",
    )
    course.add_argument(
        "--notebooks",
        type=Path,
        default=DEFAULT_NOTEBOOK_DIR,
        metavar="FOLDER",
        help=say(
            "where the lessons are read from (default: {folder})",
            folder=str(DEFAULT_NOTEBOOK_DIR).replace("%", "%%"),  # argparse %-formats help
        ),
    )
    course.add_argument(
        "--language",
        default=SOURCE_LANGUAGE,
        metavar="CODE",
        help=say(
            "the lessons' language: {languages} (default: {default}); zh_CN reads the Chinese "
            "edition from the folder's zh_CN/, whose feedback is Chinese too",
            languages=", ".join(languages()),
            default=SOURCE_LANGUAGE,
        ),
    )
    hub.add_parser(commands)
    return parser


def lesson_folder(notebooks: Path, language: str) -> Path:
    """Where the lessons of ``language`` are: ``notebooks`` for English, else its subfolder
    named by the language (``notebooks/zh_CN``). Raises ``ValueError`` for a language nnbook
    does not speak."""
    if language not in languages():
        raise ValueError(
            say(
                "--language must be one of {languages}; got {language!r}.",
                languages=", ".join(languages()),
                language=language,
            )
        )
    return notebooks if language == SOURCE_LANGUAGE else notebooks / language


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 success, 1 failure, 2 bad usage), as
    ``python -m nnbook.datasets`` does.

    Bad usage is what the arguments get wrong: an option argparse rejects, malformed or
    non-positive points, an unknown lesson or exercise id (``ValueError``). A failure is what
    the machine gets in the way of: nbgrader not installed, a directory that is not empty
    without ``--force``, a file that cannot be read or written.
    """
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "hub":
        return hub.run(args, parser)
    try:
        written = write_nbgrader_course(
            args.directory,
            args.lessons,
            points=parse_points(args.points),
            default_points=args.default_points,
            force=args.force,
            notebook_dir=lesson_folder(args.notebooks, args.language),
            course_id=args.course_id,
        )
    except ValueError as error:
        parser.exit(2, say("{program}: error: {error}\n", program=parser.prog, error=str(error)))
    except (OSError, ModuleNotFoundError) as error:
        parser.exit(1, say("{program}: error: {error}\n", program=parser.prog, error=str(error)))
    notebooks = [path for path in written if path.suffix == ".ipynb"]
    print(
        say_n(
            "Wrote {config} and {n} lesson:",
            "Wrote {config} and {n} lessons:",
            len(notebooks),
            config=str(args.directory / "nbgrader_config.py"),
        )
    )
    for path in notebooks:
        print(f"  {path}")
    print(
        say(
            "Next, from {directory}: nbgrader generate_assignment {assignment}",
            directory=str(args.directory),
            assignment=notebooks[0].parent.name,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
