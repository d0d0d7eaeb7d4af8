"""Command line: ``python -m nnbook.datasets download [DIR]``.

Downloads whatever MNIST files are missing in ``DIR`` (default: ``$NNBOOK_DATA_DIR``, else the
per-user cache directory), checks every file, and prints where they are. For Binder's
``postBuild`` and for teachers preparing machines that will be offline. On failure it prints
the same message as :func:`nnbook.load_mnist` would raise, without a traceback, and exits
with status 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from nnbook.datasets.mnist import (
    DATA_DIR_ENV,
    DEFAULT_TIMEOUT,
    MIRRORS_ENV,
    MNIST_FILES,
    MnistError,
    _find,
    default_data_dir,
    download_mnist,
)
from nnbook.messages import say, say_n


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m nnbook.datasets",
        description=say("Data sets for the nnbook notebooks."),
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    download = commands.add_parser(
        "download",
        help="download and check MNIST",
        description=say(
            "Download the MNIST files missing in DIR and check all four (SHA-256 of the "
            "decompressed content)."
        ),
    )
    download.add_argument(
        "directory",
        nargs="?",
        metavar="DIR",
        help=say(
            "target directory (default: ${variable}, else the per-user cache; here: {here})",
            variable=DATA_DIR_ENV,
            here=str(default_data_dir()).replace("%", "%%"),  # argparse %-formats help
        ),
    )
    download.add_argument(
        "--mirror",
        action="append",
        metavar="URL",
        help=say(
            "base URL to download from; repeat for several, tried in order (default: "
            "${variable}, else the built-in mirrors)",
            variable=MIRRORS_ENV,
        ),
    )
    download.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=say("seconds to wait for a mirror (default {timeout:g})", timeout=DEFAULT_TIMEOUT),
    )
    download.add_argument("--quiet", action="store_true", help="no progress bars")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 success, 1 failure, 2 bad usage)."""
    args = _parser().parse_args(argv)
    if args.command == "download":
        try:
            directory = download_mnist(
                args.directory,
                mirrors=args.mirror,
                timeout=args.timeout,
                progress=not args.quiet,
            )
        except (MnistError, OSError, ValueError, TypeError) as error:
            print(say("error: {error}", error=str(error)), file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print(say("interrupted; no partial file was kept."), file=sys.stderr)
            return 130
        print(say("MNIST is ready in {directory}", directory=str(directory)))
        for name in MNIST_FILES:
            path = _find(directory, name)
            size = path.stat().st_size if path is not None else 0
            line = say_n("{n:>12,} byte", "{n:>12,} bytes", size)
            print(f"  {path.name if path else name:<28} {line}")
        return 0
    return 2  # pragma: no cover  (argparse rejects unknown commands)


if __name__ == "__main__":
    sys.exit(main())
