"""The machinery behind ``check``, ``hint`` and ``solution``: see the package docstring."""

from __future__ import annotations

import ast
import copy
import dis
import html
import importlib
import inspect
import numbers
import pkgutil
import re
import signal
import sys
import textwrap
import threading
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
from IPython.display import Code

STATUSES = ("correct", "incorrect", "not attempted")
TIME_LIMIT_S = 5  #: seconds an answer may run before ``check`` stops it
Outcome = tuple[bool, str]  #: what a checker returns: ``(passed, message)``
Checker = Callable[[Any, "Exercise"], Outcome]  #: ``checker(answer, exercise)``
Mistake = tuple[Callable[..., Any], str]  #: a wrong implementation and its message
F = TypeVar("F", bound=Callable[..., Any])

# ----------------------------------------------------------------- exercises, their registry


@dataclass(frozen=True)
class Exercise:
    """One checked exercise, made and registered by one of the decorators below.

    ``answer_name`` is the name the learner defines, the solution function's name; ``kind`` is
    ``"function"`` (the answer is ``solution`` itself) or ``"value"`` (it is what
    ``solution()`` returns). ``checker(answer, exercise) -> (passed, message)`` is never
    called with a blank answer. ``wrong_answers`` holds typical wrong answers with a fragment
    of the message each must get, for the tests.
    """

    id: str
    title: str
    answer_name: str
    checker: Checker
    hints: tuple[str, ...]
    solution: Callable[..., Any]
    kind: str
    wrong_answers: tuple[tuple[Any, str], ...] = ()

    def solution_answer(self) -> Any:
        """What a learner who solved it has defined: the function, or the value it returns."""
        return self.solution if self.kind == "function" else self.solution()

    @property
    def solution_code(self) -> str:
        """The answer cell the solution stands for: see :func:`answer_cell`."""
        return answer_cell(self.solution, self.kind)


def answer_cell(solution: Callable[..., Any], kind: str) -> str:
    """The notebook cell that a solution function stands for, read from its source.

    For a function exercise, the definition without its decorator; for a value exercise, the
    body, with its last statement ``return <expr>`` written as ``<name> = <expr>``.
    """
    source = textwrap.dedent(inspect.getsource(solution))
    lines, node = source.splitlines(), ast.parse(source).body[0]  # a FunctionDef
    if kind == "function":
        return "\n".join(lines[node.lineno - 1 : node.end_lineno]) + "\n"
    first, last = node.body[0].lineno - 1, node.body[-1]
    if not isinstance(last, ast.Return):
        raise ValueError(f"the value solution {node.name} must end with `return <value>`")
    cell = textwrap.dedent("\n".join(lines[first : node.end_lineno])).splitlines()
    cell[last.lineno - 1 - first] = cell[last.lineno - 1 - first].replace(
        "return ", f"{node.name} = ", 1
    )
    return "\n".join(cell) + "\n"


def answer_cells(notebook: Mapping[str, Any]) -> list[tuple[int, str]]:
    """``(cell index, exercise id)`` of every answer cell in a notebook, in order.

    The lessons' convention: an answer cell has the tag ``exercise`` and the metadata
    ``{"nnbook": {"exercise": "<id>"}}``. ``notebook`` is an ``nbformat`` notebook or the
    plain dict of its JSON. (:func:`answer_cell`, singular, is the *solution's* cell text.)

    Raises ``ValueError`` for a cell tagged ``exercise`` without an exercise id.
    """
    found = []
    for index, cell in enumerate(notebook["cells"]):
        metadata = cell.get("metadata", {})
        if "exercise" not in metadata.get("tags", []):
            continue
        exercise_id = metadata.get("nnbook", {}).get("exercise")
        if not exercise_id:
            raise ValueError(
                f'Cell {index} is tagged "exercise" but has no exercise id: give it the '
                'metadata {"nnbook": {"exercise": "<id>"}}, the id its check cell uses.'
            )
        found.append((index, exercise_id))
    return found


_registry: dict[str, Exercise] = {}
_lessons_loaded = False


def register(exercise: Exercise) -> Exercise:
    """Add ``exercise`` to the registry and return it; the same id, title and answer name again
    (a reloaded lesson module) replaces it, another exercise under a taken id is a ValueError."""
    old = _registry.get(exercise.id)
    if old is not None and (old.title, old.answer_name) != (exercise.title, exercise.answer_name):
        raise ValueError(
            f"An exercise with id {exercise.id!r} is already registered ({old.title!r}). "
            f"Pick another id, or unregister({exercise.id!r}) first."
        )
    _registry[exercise.id] = exercise
    return exercise


def unregister(exercise_id: str) -> None:
    """Remove an exercise, with its recorded result and hint count (used by tests)."""
    for table in (_registry, _results, _hints_shown):
        table.pop(exercise_id, None)


def custom_exercise(
    id: str,
    title: str,
    *,
    checker: Checker,
    hints: Sequence[str],
    kind: str,
    wrong_answers: Iterable[tuple[Any, str]] = (),
) -> Callable[[F], F]:
    """Decorator: register the decorated solution as exercise ``id``, checked by ``checker``.

    The answer's name is the solution's name; the function is returned unchanged.
    """

    def decorate(solution: F) -> F:
        fields = (solution.__name__, checker, tuple(hints), solution, kind, tuple(wrong_answers))
        register(Exercise(id, title, *fields))
        return solution

    return decorate


def _load_lessons() -> None:
    """Import every ``nnbook.exercises.lessonNN`` module once, so that they register theirs."""
    global _lessons_loaded
    if _lessons_loaded:
        return
    _lessons_loaded = True
    package = sys.modules[__name__.rpartition(".")[0]]
    try:
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
            if re.fullmatch(r"lesson\d+", info.name):
                importlib.import_module(f"{package.__name__}.{info.name}")
    except Exception:
        _lessons_loaded = False
        raise


def get(exercise_id: str) -> Exercise:
    """The registered exercise with this id; else a ValueError that lists the ids of the same
    lesson (or all ids, if no exercise starts with that lesson number)."""
    _load_lessons()
    if exercise_id in _registry:
        return _registry[exercise_id]
    lesson = str(exercise_id).partition("-")[0] + "-"
    same_lesson = [i for i in sorted(_registry) if i.startswith(lesson)]
    where = f"lesson {lesson[:-1]}" if same_lesson else "all lessons"
    known = ", ".join(repr(i) for i in same_lesson or sorted(_registry))
    raise ValueError(f"No exercise with id {exercise_id!r}. The ids of {where}: {known}.")


def all_exercises() -> list[Exercise]:
    """Every registered exercise (lesson modules included), sorted by id."""
    _load_lessons()
    return [_registry[key] for key in sorted(_registry)]


# ----------------------------------------------------------------- results, hints, solutions

_results: dict[str, str] = {}
_hints_shown: dict[str, int] = {}
_SYMBOL = {"correct": "✔", "incorrect": "✘", "not attempted": "○"}
_LABEL = {"correct": "Correct", "incorrect": "Not yet", "not attempted": "Not attempted"}
_COLOUR = {"correct": "#2e7d32", "incorrect": "#c62828", "not attempted": "#757575"}


def _html_box(css: str, colour: str, head: str, title: str, text: str) -> str:
    """A bordered line of HTML; `backticked` parts of ``text`` are shown as code."""
    parts = html.escape(text).split("`")
    body = "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))
    title = f" ({html.escape(title)})" if title else ""
    return (
        f'<div class="{css}" style="border-left: 4px solid {colour}; padding: 0.3em 0.6em;">'
        f"{head}{title}: {body}</div>"
    )


@dataclass(frozen=True)
class CheckResult:
    """What ``check`` returns: ``status`` (one of :data:`STATUSES`) and ``message``.

    ``bool(result)`` is True only when correct. The display (text and HTML) holds no ids,
    timings or addresses, so a notebook's saved output compares equal when it is run again.
    """

    status: str
    message: str
    title: str = ""

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        title = f" ({self.title})" if self.title else ""
        return f"{_SYMBOL[self.status]} {_LABEL[self.status]}{title}: {self.message}"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))

    def _repr_html_(self) -> str:
        colour, symbol, label = (table[self.status] for table in (_COLOUR, _SYMBOL, _LABEL))
        head = f'<span style="color: {colour}; font-weight: bold;">{symbol} {label}</span>'
        css = "nnbook-check nnbook-check-" + self.status.replace(" ", "-")
        return _html_box(css, colour, head, self.title, self.message)


@dataclass(frozen=True)
class HintText:
    """What ``hint`` returns: the next hint, ``number`` of ``total`` (``number`` is 0 when
    none are left)."""

    text: str
    number: int = 0
    total: int = 0
    title: str = ""

    def __str__(self) -> str:
        if self.number == 0:
            return self.text
        return f"Hint {self.number} of {self.total} ({self.title}): {self.text}"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))

    def _repr_html_(self) -> str:
        head = f"Hint {self.number} of {self.total}" if self.number else "No more hints"
        return _html_box(
            "nnbook-hint", "#1565c0", f"<strong>{head}</strong>", self.title, self.text
        )


def results() -> dict[str, str]:
    """A copy of ``{exercise id: status}`` for every exercise checked in this session."""
    return dict(_results)


def reset_progress() -> None:
    """Forget every recorded result and how many hints were shown."""
    _results.clear()
    _hints_shown.clear()


def hint(exercise_id: str) -> HintText:
    """The next hint for an exercise, one more per call, then a note that none are left.

    Raises ``ValueError`` listing the lesson's ids if ``exercise_id`` is unknown.
    """
    exercise = get(exercise_id)
    shown, total = _hints_shown.get(exercise_id, 0), len(exercise.hints)
    if shown >= total:
        return HintText(
            f"No more hints: you have seen all {total}. "
            f'solution("{exercise_id}") shows a worked answer.',
            total=total,
            title=exercise.title,
        )
    _hints_shown[exercise_id] = shown + 1
    return HintText(exercise.hints[shown], shown + 1, total, exercise.title)


def solution(exercise_id: str) -> Code:
    """The worked answer cell, syntax-highlighted, read from the tested solution function.

    Raises ``ValueError`` listing the lesson's ids if ``exercise_id`` is unknown.
    """
    return Code(get(exercise_id).solution_code, language="python")


# ----------------------------------------------------------------- check

_MISSING = object()


def is_blank(answer: Any) -> bool:
    """Whether ``answer`` is still the blank the notebook ships with.

    One rule: the blank is ``...``, either the value itself (``name = ...``) or the whole body
    of a function (``def f(x): ...``, maybe after a docstring). Python compiles such a body to
    "return None" and nothing else, so a body of only ``pass`` is blank too.
    """
    code = getattr(answer, "__code__", None)
    if answer is Ellipsis or code is None:
        return answer is Ellipsis
    return all(
        i.opname in ("RESUME", "NOP", "CACHE", "RETURN_VALUE", "POP_TOP")
        or (i.opname in ("LOAD_CONST", "RETURN_CONST") and i.argval is None)
        for i in dis.get_instructions(code)
    )


def _caller_value(name: str) -> Any:
    """Look ``name`` up where the learner works: IPython's namespace, else the caller's module."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None and name in shell.user_ns:
        return shell.user_ns[name]
    return sys._getframe(2).f_globals.get(name, _MISSING)  # the caller of check


def check(exercise_id: str, answer: Any = _MISSING) -> CheckResult:
    """Check the ``answer`` (a value or function; by default the notebook's variable named by
    the exercise's ``answer_name``) to exercise ``exercise_id`` and record the status.

    Returns a :class:`CheckResult`: ``"correct"``, ``"incorrect"`` or ``"not attempted"`` (see
    :func:`is_blank`), with a message. Never raises (only a real Ctrl+C gets through): an
    unknown id, an answer that raises, calls ``exit()`` or runs past ``TIME_LIMIT_S`` is
    "incorrect".
    """
    try:
        exercise = get(exercise_id)
    except Exception as error:  # an unknown id, or a lesson module that fails to import
        return CheckResult("incorrect", f"cannot check this exercise: {error}")
    if answer is _MISSING:
        answer = _caller_value(exercise.answer_name)
    status, message = _run_checker(exercise, answer)
    _results[exercise.id] = status
    return CheckResult(status, message, exercise.title)


def _run_checker(exercise: Exercise, answer: Any) -> tuple[str, str]:
    name = exercise.answer_name
    if answer is _MISSING or is_blank(answer):
        undefined = f"`{name}` is not defined yet: " if answer is _MISSING else ""
        return "not attempted", (
            f"{undefined}replace the `...` in the exercise cell above with your answer "
            f"(`{name}`), run that cell, then run this one again."
        )
    try:
        passed, message = within_time_limit(exercise.checker, answer, exercise)
    except TimeUp:
        limit = f"{TIME_LIMIT_S:g} s"
        return "incorrect", f"your function did not finish within {limit}: does a loop never end?"
    except SystemExit:
        return "incorrect", "your answer called `exit()` (SystemExit): return a result instead."
    except Exception as error:
        return "incorrect", f"checking your answer raised {type(error).__name__}: {error}"
    return ("correct" if passed else "incorrect"), message


class TimeUp(BaseException):  # noqa: N818 - not an Exception, so an answer cannot catch it
    """Raised into an answer that runs past ``TIME_LIMIT_S``."""


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


# ----------------------------------------------------------------- describing values


def _number(value: Any) -> str:
    if isinstance(value, (bool, np.bool_, numbers.Integral)):
        return str(value if isinstance(value, (bool, np.bool_)) else int(value))
    return f"{float(value):.6g}" if isinstance(value, numbers.Real) else f"{complex(value):.6g}"


def describe(value: Any, *, max_size: int = 8) -> str:
    """A short, stable description of a value for a message: ``0.25``, ``[1, 2.5]``, ``an
    array of shape (100, 2)``, ``'abc'``, ``a function (f)``."""
    if value is Ellipsis or value is None:
        return repr(value).replace("Ellipsis", "...")
    if isinstance(value, (numbers.Number, np.generic)):
        return _number(value)
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else repr(value[:37] + "...")
    if isinstance(value, (list, tuple, np.ndarray)):
        kind = _kind(value)
        if kind not in "biufc":
            return f"a {type(value).__name__} of length {len(value)}"
        array = np.asarray(value)
        if array.ndim > 2 or array.size > max_size:
            return f"an array of shape {array.shape}"
        if array.ndim == 0:
            return _number(array.item())
        rows = array.tolist() if array.ndim == 2 else [array.tolist()]
        text = "; ".join(", ".join(_number(v) for v in row) for row in rows)
        return f"[{text}]" + ("" if array.ndim == 1 else f" (shape {array.shape})")
    if callable(value):
        return f"a function ({getattr(value, '__name__', type(value).__name__)})"
    return f"a {type(value).__name__}"


def _describe_call(name: str, args: tuple[Any, ...]) -> str:
    return f"{name}({', '.join(describe(a, max_size=4) for a in args)})"


# ----------------------------------------------------------------- comparing results


def _kind(value: Any) -> str:
    """numpy's dtype kind of ``value`` as an array: ``"f"``, ``"c"``, ``"U"``, ``"O"`` ..."""
    if value is None or isinstance(value, (str, bytes)):
        return "U"
    try:
        return np.asarray(value).dtype.kind
    except Exception:  # ragged lists and the like
        return "O"


def _shape_words(array: Any) -> str:
    return "a single number" if np.shape(array) == () else f"an array of shape {np.shape(array)}"


def form_problem(got: Any, expected: Any) -> str | None:
    """Why ``got`` cannot be compared with ``expected`` number by number (None if it can).

    Where ``expected`` is real numbers, ``got`` must be real numbers (not None, a string,
    complex numbers or objects) of its shape. Otherwise strings compare ignoring case and
    surrounding spaces, anything else with ``==``. The message starts with "gave".
    """
    if _kind(expected) not in "biuf":
        if isinstance(expected, str) and isinstance(got, str):
            got, expected = got.strip().lower(), expected.strip().lower()
        try:
            equal = bool(got == expected)
        except Exception:
            equal = False
        return None if equal else f"gave {describe(got)}, expected {describe(expected)}"
    wanted = f"{_shape_words(expected)} of real numbers"
    if got is None:
        return "gave None: did you forget the `return`?"
    if _kind(got) == "c":
        return f"gave complex numbers ({describe(got)}), expected {wanted}: drop the `j` part"
    if _kind(got) not in "biuf":
        return f"gave {describe(got)}, expected {wanted}"
    if np.shape(got) != np.shape(expected):
        flipped = np.ndim(got) == 2 and np.shape(got) == np.shape(expected)[::-1]
        transposed = " (transposed?)" if flipped else ""
        return f"gave {_shape_words(got)}, expected {_shape_words(expected)}{transposed}"
    return None


def _close(got: Any, expected: Any, rtol: float, atol: float) -> np.ndarray:
    with np.errstate(invalid="ignore", over="ignore"):
        return np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)


def mismatch(got: Any, expected: Any, rtol: float, atol: float) -> str | None:
    """Why ``got`` differs from ``expected`` (None if it matches), starting with "gave".

    Beyond :func:`form_problem`, numbers must agree within ``|got - expected| <= atol + rtol *
    |expected|`` element by element (nan only where nan is expected).
    """
    problem = form_problem(got, expected)
    if problem is not None or _kind(expected) not in "biuf":
        return problem
    close = _close(got, expected, rtol, atol)
    if close.all():
        return None
    got_array, expected_array = np.asarray(got), np.asarray(expected)
    index = tuple(int(i) for i in np.argwhere(~close)[0])
    text = f"gave {describe(got)}, expected {describe(expected)}"
    if got_array.size > 4 or got_array.ndim > 1:
        text = (
            f"gave {_number(got_array[index])} at index {index}, "
            f"expected {_number(expected_array[index])}"
        )
    return text + (" (nan: an overflow, or 0/0 somewhere?)" if np.isnan(got_array[index]) else "")


#: The near misses every numeric answer is tested for: ``(got from expected e and n, whether it
#: needs n, message)``, where n is the number of examples (None if the exercise does not say).
_NEAR_MISSES: tuple[tuple[Callable[[np.ndarray, Any], np.ndarray], bool, str], ...] = (
    (lambda e, n: -e, False, "check the sign: that is the expected value with its sign flipped."),
    (
        lambda e, n: n * e,
        True,
        "every number is n times too big (n = the number of examples): the cost is a mean "
        "over the examples, so divide by n.",
    ),
    (lambda e, n: e / n, True, "every number is n times too small (n = the number of examples)."),
    (
        lambda e, n: 2 * e,
        False,
        "twice too big: look for an extra factor 2 or a missing 1/2 (the 1/2 in front of a "
        "square cancels the 2 its derivative brings down).",
    ),
    (lambda e, n: e / 2, False, "half too small: look for a missing factor 2 or an extra 1/2."),
)


def near_miss(pairs: Sequence[tuple[Any, Any, int | None]], rtol: float, atol: float) -> str | None:
    """What a wrong numeric answer is close to, or None.

    ``pairs`` holds ``(got, expected, n)`` for every result (the right ones too), real numbers
    of equal shapes. In order: the sign flipped; ``n`` times too big or too small; twice too
    big or half; agreeing to two significant digits (rounded). Each must hold for every pair.
    """
    arrays = [(np.asarray(g, float), np.asarray(e, float), n) for g, e, n in pairs]
    for scaled, uses_n, message in _NEAR_MISSES:
        if uses_n and any(n is None for _, _, n in arrays):
            continue
        if all(_close(g, scaled(e, n), rtol, atol).all() for g, e, n in arrays):
            return message
    if all(_rounded(g, e, atol) for g, e, _ in arrays) and any(
        np.any(e != np.round(e)) for _, e, _ in arrays
    ):
        return "close: keep more digits (don't round)."
    return None


def _rounded(got: np.ndarray, expected: np.ndarray, atol: float) -> bool:
    """Whether ``got`` agrees with ``expected`` to two significant digits, elementwise."""
    with np.errstate(divide="ignore"):
        half_unit = 0.5 * 10.0 ** (np.floor(np.log10(np.abs(expected))) - 1)  # of digit 2
    return bool(np.all(np.abs(got - expected) <= np.maximum(half_unit * (1 + 1e-9), atol)))


# ----------------------------------------------------------------- the two common kinds


def value_exercise(
    id: str,
    title: str,
    *,
    hints: Sequence[str],
    expected: Any = None,
    mistakes: Mapping[Any, str] | None = None,
    wrong_answers: Iterable[tuple[Any, str]] = (),
    rtol: float = 1e-6,
    atol: float = 1e-9,
    n: int | None = None,
    near_misses: bool = True,
    show_expected: bool = False,
) -> Callable[[F], F]:
    """Decorator: an exercise whose answer is a value, the one the decorated function returns.

    The answer passes if :func:`mismatch` finds nothing: the expected shape and ``|answer -
    expected| <= atol + rtol * |expected|`` elementwise, for numbers.

    Parameters
    ----------
    expected : object, optional
        The right value (the tests check that the solution returns it); by default what the
        solution returns.
    mistakes : dict
        ``{wrong value or predicate: message}``, the first match winning: a value matches with
        the same tolerances, a predicate ``answer -> bool`` when it returns True.
    wrong_answers : iterable of (answer, message fragment)
        More wrong answers for the tests to try.
    n : int, optional
        The number of examples, if the answer involves a mean (see :func:`near_miss`).
    near_misses : bool
        False for answers that are labels rather than quantities (a weight's number).
    show_expected : bool
        Whether a wrong answer's message gives the expected value (off by default).
    """
    known_mistakes = tuple((mistakes or {}).items())

    def checker(answer: Any, exercise: Exercise) -> Outcome:
        name = exercise.answer_name
        right = exercise.solution() if expected is None else expected
        if mismatch(answer, right, rtol, atol) is None:
            return True, f"`{name}` = {describe(answer)} is right."
        said = f"{name} = {describe(answer)} is not right yet"
        for known, message in known_mistakes:
            if _matches_value(answer, known, rtol, atol):
                return False, f"{said}: {message}"
        problem = form_problem(answer, right)
        if problem is not None and _kind(right) in "biuf":
            return False, f"`{name}` {problem.replace('gave', 'is', 1)}."
        if near_misses and _kind(right) in "iuf":
            near = near_miss([(answer, right, n)], rtol, atol)
            if near is not None:
                return False, f"{said}: {near}"
        detail = f" Expected {describe(right)}." if show_expected else ""
        return False, f'{said}.{detail} hint("{exercise.id}") gives a hint.'

    examples = [(known, message) for known, message in known_mistakes if not callable(known)]
    wrong = [*examples, *wrong_answers]
    return custom_exercise(
        id, title, checker=checker, hints=hints, kind="value", wrong_answers=wrong
    )


def _matches_value(answer: Any, known: Any, rtol: float, atol: float) -> bool:
    try:
        return (
            bool(known(answer)) if callable(known) else mismatch(answer, known, rtol, atol) is None
        )
    except Exception:  # a predicate that cannot handle this answer
        return False


def function_exercise(
    id: str,
    title: str,
    *,
    inputs: Iterable[Any],
    hints: Sequence[str],
    reference: Callable[..., Any] | None = None,
    mistakes: Iterable[Mistake] = (),
    wrong_answers: Iterable[tuple[Any, str]] = (),
    rtol: float = 1e-6,
    atol: float = 1e-9,
    n_of: Callable[..., int] | None = None,
    warnings_are_errors: bool = False,
) -> Callable[[F], F]:
    """Decorator: an exercise whose answer is a function, like the decorated solution.

    Parameters
    ----------
    inputs : iterable
        The inputs to try, in order, edge cases included (0, large ``|z|``, several shapes). A
        tuple is the positional arguments of one call; anything else is a single argument.
    reference : callable, optional
        The function to compare with, if not the solution (the package's own version). Both
        are called on deep copies of each input, so neither can change what the other sees.
    mistakes : iterable of (wrong_function, message)
        Typical wrong implementations (the tests try them): a learner's function that agrees
        with one on every input gets its message after the first failing input's.
    rtol, atol : float
        Tolerances, elementwise: ``|got - expected| <= atol + rtol * |expected|``.
    n_of : callable, optional
        ``n_of(*args)``, the number of examples in a call (see :func:`near_miss`).
    warnings_are_errors : bool
        Fail on a ``RuntimeWarning`` (overflow in ``exp``) raised by the learner's function:
        for lessons about numerically stable formulas.
    """
    cases = [case if isinstance(case, tuple) else (case,) for case in inputs]
    mistakes = tuple(mistakes)

    def checker(answer: Any, exercise: Exercise) -> Outcome:
        name = exercise.answer_name
        if not callable(answer):
            return False, f"`{name}` should be a function (`def {name}(...):`), but it is " + (
                f"{describe(answer)}."
            )
        outputs = []
        for args in cases:
            expected = (reference or exercise.solution)(*copy.deepcopy(args))
            try:
                with warnings.catch_warnings():
                    if warnings_are_errors:
                        warnings.simplefilter("error", RuntimeWarning)
                    got = answer(*copy.deepcopy(args))
            except Exception as error:
                return False, f"{_describe_call(name, args)} raised {type(error).__name__}: {error}"
            outputs.append((args, got, expected, mismatch(got, expected, rtol, atol)))
        failures = [(args, problem) for args, _, _, problem in outputs if problem is not None]
        if not failures:
            return True, f"`{name}` gives the expected result on all {len(cases)} inputs."
        message = f"{_describe_call(name, failures[0][0])} {failures[0][1]}"
        for wrong, explanation in mistakes:
            if _same_as(wrong, outputs, rtol, atol):
                return False, f"{message}: {explanation}"
        if all(form_problem(got, e) is None and _kind(e) in "iuf" for _, got, e, _ in outputs):
            pairs = [(got, e, n_of(*args) if n_of else None) for args, got, e, _ in outputs]
            near = near_miss(pairs, rtol, atol)
            if near is not None:
                return False, f"{message}: {near}"
        return False, f"{message} (wrong on {len(failures)} of {len(cases)} inputs)"

    return custom_exercise(
        id,
        title,
        checker=checker,
        hints=hints,
        kind="function",
        wrong_answers=[*mistakes, *wrong_answers],
    )


def _same_as(wrong: Callable[..., Any], outputs: list[tuple], rtol: float, atol: float) -> bool:
    """Whether the learner's outputs equal ``wrong``'s on every input."""
    for args, got, _, _ in outputs:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                theirs = wrong(*copy.deepcopy(args))
        except Exception:
            return False
        if mismatch(got, theirs, rtol, atol) is not None:
            return False
    return True
