"""The time limit: an answer that runs longer than ``TIME_LIMIT_S`` seconds is stopped.

A learner's loop that never ends must not hang the notebook: :func:`within_time_limit` calls
the answer and raises :class:`TimeUp` into it when the time is up.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from typing import Any

TIME_LIMIT_S = 5  #: seconds an answer may run before ``check`` stops it


class TimeUp(BaseException):  # noqa: N818 - not an Exception, so an answer cannot catch it
    """Raised into an answer that runs past ``TIME_LIMIT_S``; ``seconds`` is that limit."""

    def __init__(self) -> None:
        super().__init__()
        self.seconds = TIME_LIMIT_S


def within_time_limit(function: Callable[..., Any], *args: Any) -> Any:
    """``function(*args)``, or :class:`TimeUp` once it has run ``TIME_LIMIT_S`` seconds.

    On the main thread of a POSIX system (a Jupyter kernel, a script, pytest) a ``SIGALRM``
    timer interrupts the call wherever it is. Elsewhere (Windows, a worker thread) the call
    runs in a daemon thread that is abandoned when the time is up: the learner gets the message,
    but the runaway call cannot be interrupted and keeps running until the kernel restarts.
    """
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():

        def stop(signum: int, frame: Any) -> None:
            raise TimeUp()

        previous = signal.signal(signal.SIGALRM, stop)
        signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT_S)
        try:
            return function(*args)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(function(*args))
        except BaseException as error:  # handed back to the caller's thread below
            outcome.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(TIME_LIMIT_S)
    if not outcome:
        raise TimeUp()
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]
