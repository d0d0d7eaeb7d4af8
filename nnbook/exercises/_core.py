"""The machinery behind ``check``, ``hint`` and ``solution``: see the package docstring."""

from __future__ import annotations

import copy
import difflib
import dis
import html
import importlib
import keyword
import math
import numbers
import pkgutil
import re
import sys
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from IPython.display import Code

STATUSES = ("correct", "incorrect", "not attempted")

#: What a checker returns: ``(passed, message)``.
Outcome = tuple[bool, str]

#: A known mistake: ``(what_it_looks_like, message)``. For a value exercise the first item is
#: a value (compared with the same tolerances) or a predicate ``answer -> bool``; for a function
#: exercise it is a wrong implementation with the same signature as the answer.
Mistake = tuple[Any, str]

_ID_PATTERN = re.compile(r"[0-9a-z][0-9a-z-]*")


class NotAttempted(Exception):  # noqa: N818 - a signal, not an error
    """Raised by a checker when the answer is still the blank the notebook ships with.

    ``check`` turns it into the status ``"not attempted"``. The function checkers raise it
    when the learner's function raises ``NotImplementedError`` or returns ``...``.
    """


# --------------------------------------------------------------------------------------------
# Exercises and their registry
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exercise:
    """One checked exercise.

    Parameters
    ----------
    id : str
        Lesson number, hyphen, short name, in lowercase: ``"01-sigmoid-prime"``.
    title : str
        What the learner is asked to do, in a few words: ``"The derivative of the sigmoid"``.
    answer_name : str
        The variable (or function) the learner defines in the answer cell.
    checker : callable
        ``checker(answer) -> (passed, message)``. It may raise :class:`NotAttempted`; any other
        exception it lets through is reported to the learner as "incorrect", with its type and
        message. It is never called with a blank answer (``...``, ``None``, an empty function).
    hints : sequence of str
        At least two, from a gentle nudge to nearly the answer. Backticks mark code.
    solution_code : str
        Python that defines ``answer_name``. Run in the notebook (after ``setup_code``), it
        must make the check pass.
    wrong_examples : sequence of (str, str)
        At least one typical wrong answer, as Python source defining ``answer_name``, with a
        fragment of the message ``check`` must give for it.
    kind : str
        ``"value"``, ``"function"`` or anything else for a custom checker.
    setup_code : str
        What the notebook has defined before the answer cell (imports, earlier functions) that
        ``solution_code`` and ``wrong_examples`` rely on. Tests run it first in a fresh
        namespace; the notebook itself never runs it.
    """

    id: str
    title: str
    answer_name: str
    checker: Callable[[Any], Outcome]
    hints: Sequence[str]
    solution_code: str
    wrong_examples: Sequence[tuple[str, str]]
    kind: str = "custom"
    setup_code: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not _ID_PATTERN.fullmatch(self.id):
            raise ValueError(
                f"Exercise id must be lowercase letters, digits and hyphens, starting with the "
                f"lesson number, like '01-sigmoid-prime'; got {self.id!r}."
            )
        if not self.answer_name.isidentifier() or keyword.iskeyword(self.answer_name):
            raise ValueError(
                f"answer_name must be a Python variable name; got {self.answer_name!r} "
                f"(exercise {self.id!r})."
            )
        if not callable(self.checker):
            raise TypeError(f"checker must be callable; got {self.checker!r} ({self.id!r}).")
        hints = tuple(self.hints)
        if len(hints) < 2 or not all(isinstance(h, str) and h.strip() for h in hints):
            raise ValueError(
                f"Exercise {self.id!r} needs at least two non-empty hints, from gentle to "
                f"nearly the answer; got {len(hints)}."
            )
        wrong = tuple((str(src), str(fragment)) for src, fragment in self.wrong_examples)
        if not wrong:
            raise ValueError(
                f"Exercise {self.id!r} needs at least one wrong example: (source defining "
                f"{self.answer_name}, fragment of the message check gives for it)."
            )
        for label, source in [
            ("solution_code", self.solution_code),
            ("setup_code", self.setup_code),
        ]:
            try:
                compile(source, f"<{self.id} {label}>", "exec")
            except SyntaxError as error:
                raise ValueError(
                    f"{label} of exercise {self.id!r} is not valid Python: {error}"
                ) from None
        # Frozen dataclass: store the normalised tuples through object.__setattr__.
        object.__setattr__(self, "hints", hints)
        object.__setattr__(self, "wrong_examples", wrong)


_registry: dict[str, Exercise] = {}
_lessons_loaded = False


def register(exercise: Exercise) -> Exercise:
    """Add ``exercise`` to the registry and return it.

    Registering an exercise again with the same id, title, answer name and solution (which
    happens when a lesson module is reloaded) replaces it; a different exercise with an id that
    is taken raises ``ValueError``.
    """
    if not isinstance(exercise, Exercise):
        raise TypeError(
            f"register expects an Exercise (e.g. from function_exercise(...)); "
            f"got {type(exercise).__name__}."
        )
    old = _registry.get(exercise.id)
    if old is not None and _identity(old) != _identity(exercise):
        raise ValueError(
            f"An exercise with id {exercise.id!r} is already registered ({old.title!r}). "
            f"Pick another id, or unregister({exercise.id!r}) first."
        )
    _registry[exercise.id] = exercise
    return exercise


def _identity(exercise: Exercise) -> tuple[str, str, str, str]:
    return (exercise.id, exercise.title, exercise.answer_name, exercise.solution_code)


def unregister(exercise_id: str) -> None:
    """Remove an exercise, with its recorded result and hint count (used by tests)."""
    _registry.pop(exercise_id, None)
    _results.pop(exercise_id, None)
    _hints_shown.pop(exercise_id, None)


def _load_lessons() -> None:
    """Import every ``nnbook.exercises.lessonNN`` module once, so that they register theirs."""
    global _lessons_loaded
    if _lessons_loaded:
        return
    _lessons_loaded = True
    package = sys.modules[__name__.rpartition(".")[0]]
    names = sorted(
        info.name
        for info in pkgutil.iter_modules(package.__path__)
        if re.fullmatch(r"lesson\d+", info.name)
    )
    try:
        for name in names:
            importlib.import_module(f"{package.__name__}.{name}")
    except Exception:
        _lessons_loaded = False
        raise


def get(exercise_id: str) -> Exercise:
    """The registered exercise with this id; ``KeyError`` naming close ids if there is none."""
    _load_lessons()
    try:
        return _registry[exercise_id]
    except KeyError:
        close = difflib.get_close_matches(str(exercise_id), list(_registry), n=3)
        suggestion = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
        raise KeyError(f"No exercise with id {exercise_id!r}.{suggestion}") from None


def all_exercises() -> list[Exercise]:
    """Every registered exercise (lesson modules included), sorted by id."""
    _load_lessons()
    return [_registry[key] for key in sorted(_registry)]


# --------------------------------------------------------------------------------------------
# Results, hints, solutions
# --------------------------------------------------------------------------------------------

_results: dict[str, str] = {}
_hints_shown: dict[str, int] = {}

_SYMBOL = {"correct": "✔", "incorrect": "✘", "not attempted": "○"}
_LABEL = {"correct": "Correct", "incorrect": "Not yet", "not attempted": "Not attempted"}
_COLOUR = {"correct": "#2e7d32", "incorrect": "#c62828", "not attempted": "#757575"}


def _inline_code_html(text: str) -> str:
    """Escape ``text`` for HTML and show `backticked` parts as code."""
    parts = html.escape(text).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))


@dataclass(frozen=True)
class CheckResult:
    """What ``check`` returns: a status and a message, shown as one stable line.

    ``status`` is ``"correct"``, ``"incorrect"`` or ``"not attempted"``. ``bool(result)`` is
    True only when correct. The display (text and HTML) holds no ids, timings or addresses, so
    a notebook's saved output compares equal when it is run again.
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
        colour = _COLOUR[self.status]
        css = "nnbook-check nnbook-check-" + self.status.replace(" ", "-")
        title = f" ({html.escape(self.title)})" if self.title else ""
        return (
            f'<div class="{css}" style="border-left: 4px solid {colour}; padding: 0.3em 0.6em;">'
            f'<span style="color: {colour}; font-weight: bold;">{_SYMBOL[self.status]} '
            f"{_LABEL[self.status]}</span>{title}: {_inline_code_html(self.message)}</div>"
        )


@dataclass(frozen=True)
class HintText:
    """What ``hint`` returns: the next hint, shown as text or HTML."""

    text: str
    number: int = 0  # 1-based; 0 when there are no hints left
    total: int = 0
    title: str = ""

    def __str__(self) -> str:
        if self.number == 0:
            return self.text
        return f"Hint {self.number} of {self.total} ({self.title}): {self.text}"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))

    def _repr_html_(self) -> str:
        if self.number == 0:
            head = "No more hints"
        else:
            head = f"Hint {self.number} of {self.total}"
        return (
            '<div class="nnbook-hint" style="border-left: 4px solid #1565c0; '
            f'padding: 0.3em 0.6em;"><strong>{head}</strong> ({html.escape(self.title)}): '
            f"{_inline_code_html(self.text)}</div>"
        )


def results() -> dict[str, str]:
    """A copy of ``{exercise id: status}`` for every exercise checked in this session."""
    return dict(_results)


def reset_progress() -> None:
    """Forget every recorded result and how many hints were shown."""
    _results.clear()
    _hints_shown.clear()


def hint(exercise_id: str) -> HintText:
    """Show the next hint for an exercise; each call shows one more, then says none are left."""
    exercise = get(exercise_id)
    shown = _hints_shown.get(exercise_id, 0)
    total = len(exercise.hints)
    if shown >= total:
        return HintText(
            f"No more hints: you have seen all {total}. "
            f'solution("{exercise_id}") shows a worked answer.',
            title=exercise.title,
        )
    _hints_shown[exercise_id] = shown + 1
    return HintText(exercise.hints[shown], shown + 1, total, exercise.title)


def solution(exercise_id: str) -> Code:
    """The exercise's solution as syntax-highlighted Python, for the learner who asks for it."""
    return Code(get(exercise_id).solution_code.strip() + "\n", language="python")


# --------------------------------------------------------------------------------------------
# check
# --------------------------------------------------------------------------------------------

_MISSING = object()


def _is_blank_function(answer: Any) -> bool:
    """True for a function whose body does nothing: ``...``, ``pass``, a docstring."""
    code = getattr(answer, "__code__", None)
    if code is None:
        return False
    for instruction in dis.get_instructions(code):
        if instruction.opname in ("RESUME", "NOP", "CACHE", "RETURN_VALUE", "POP_TOP"):
            continue
        if instruction.opname in ("LOAD_CONST", "RETURN_CONST") and (
            instruction.argval is None or instruction.argval is Ellipsis
        ):
            continue
        return False
    return True


def _is_blank(answer: Any) -> bool:
    return answer is Ellipsis or answer is None or _is_blank_function(answer)


def _caller_value(name: str) -> Any:
    """Look ``name`` up where the learner works: IPython's namespace, else the caller's module."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:  # pragma: no cover - IPython is a dependency
        shell = None
    if shell is not None and name in shell.user_ns:
        return shell.user_ns[name]
    frame = sys._getframe(2)  # the caller of check
    return frame.f_globals.get(name, _MISSING)


def check(exercise_id: str, answer: Any = _MISSING) -> CheckResult:
    """Check a learner's answer and record the status in :func:`results`.

    Parameters
    ----------
    exercise_id : str
        The id in the answer cell's metadata, e.g. ``"01-sigmoid-prime"``.
    answer : object, optional
        The learner's value or function. If left out, the variable named by the exercise's
        ``answer_name`` is looked up in the notebook.

    Returns
    -------
    CheckResult
        Status ``"correct"``, ``"incorrect"`` or ``"not attempted"`` with a message. ``check``
        never raises: a blank answer is "not attempted"; a wrong one, or one that raises, is
        "incorrect" with a message saying what went wrong.
    """
    try:
        exercise = get(exercise_id)
    except Exception as error:  # an unknown id, or a lesson module that fails to import
        message = error.args[0] if isinstance(error, KeyError) and error.args else str(error)
        return CheckResult("incorrect", f"cannot check this exercise: {message}")
    if answer is _MISSING:
        answer = _caller_value(exercise.answer_name)
    status, message = _run_checker(exercise, answer)
    _results[exercise.id] = status
    return CheckResult(status, message, exercise.title)


def _run_checker(exercise: Exercise, answer: Any) -> tuple[str, str]:
    blank_message = (
        f"replace the `...` in the exercise cell above with your answer "
        f"(`{exercise.answer_name}`), run that cell, then run this one again."
    )
    if answer is _MISSING:
        return "not attempted", f"`{exercise.answer_name}` is not defined yet: " + blank_message
    if _is_blank(answer):
        return "not attempted", blank_message
    try:
        passed, message = exercise.checker(answer)
    except NotAttempted:
        return "not attempted", blank_message
    except NotImplementedError:
        return "not attempted", blank_message
    except Exception as error:
        return "incorrect", f"checking your answer raised {type(error).__name__}: {error}"
    return ("correct" if passed else "incorrect"), message


# --------------------------------------------------------------------------------------------
# Describing values in messages
# --------------------------------------------------------------------------------------------


def _number(value: Any) -> str:
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return f"{float(value):.6g}"
    if isinstance(value, numbers.Complex):
        return f"{complex(value):.6g}"
    return repr(value)


def describe(value: Any, *, max_size: int = 8) -> str:
    """A short, stable description of a value for a message: ``0.25``, ``[1, 2.5]``, ``an
    array of shape (100, 2)``, ``a str ('abc')``."""
    if value is Ellipsis:
        return "..."
    if value is None:
        return "None"
    if isinstance(value, numbers.Number) or isinstance(value, np.generic):
        return _number(value)
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else repr(value[:37] + "...")
    if isinstance(value, (list, tuple, np.ndarray)):
        try:
            array = np.asarray(value)
        except Exception:  # ragged lists and the like
            return f"a {type(value).__name__} of length {len(value)}"
        if array.dtype.kind in "biufc" and array.ndim <= 2 and array.size <= max_size:
            if array.ndim == 0:
                return _number(array.item())
            rows = array.tolist() if array.ndim == 2 else [array.tolist()]
            text = "; ".join(", ".join(_number(v) for v in row) for row in rows)
            shape = "" if array.ndim == 1 else f" (shape {array.shape})"
            return f"[{text}]{shape}"
        if isinstance(value, np.ndarray) or array.dtype.kind in "biufc":
            return f"an array of shape {array.shape}"
        return f"a {type(value).__name__} of length {len(value)}"
    if callable(value):
        return f"a function ({getattr(value, '__name__', type(value).__name__)})"
    return f"a {type(value).__name__}"


def _describe_call(name: str, args: tuple[Any, ...]) -> str:
    return f"{name}({', '.join(describe(a, max_size=4) for a in args)})"


# --------------------------------------------------------------------------------------------
# Comparing results
# --------------------------------------------------------------------------------------------


def _is_numeric(value: Any) -> bool:
    if isinstance(value, (str, bytes)) or value is None:
        return False
    try:
        return np.asarray(value).dtype.kind in "biufc"
    except Exception:
        return False


def _mismatch(got: Any, expected: Any, rtol: float, atol: float) -> str | None:
    """Why ``got`` differs from ``expected`` (None if it matches within the tolerances).

    Numbers and arrays must have the same shape and agree within ``|got - expected| <= atol +
    rtol * |expected|`` element by element (nan only where nan is expected). Strings compare
    ignoring case and surrounding spaces; anything else with ``==``.
    """
    if isinstance(expected, str):
        if isinstance(got, str) and got.strip().lower() == expected.strip().lower():
            return None
        return f"gave {describe(got)}, expected {describe(expected)}"
    if not _is_numeric(expected):
        try:
            equal = bool(got == expected)
        except Exception:
            equal = False
        return None if equal else f"gave {describe(got)}, expected {describe(expected)}"
    if got is None:
        return "returned None: did you forget the `return`?"
    if not _is_numeric(got):
        return f"gave {describe(got)}, expected a number or array like {describe(expected)}"
    got_array = np.asarray(got)
    expected_array = np.asarray(expected)
    if got_array.shape != expected_array.shape:
        return (
            f"gave {_shape_words(got_array)}, expected {_shape_words(expected_array)}"
            f"{_transpose_hint(got_array.shape, expected_array.shape)}"
        )
    with np.errstate(invalid="ignore", over="ignore"):
        close = np.isclose(got_array, expected_array, rtol=rtol, atol=atol, equal_nan=True)
    if close.all():
        return None
    index = tuple(int(i) for i in np.argwhere(~close)[0])
    got_value, expected_value = got_array[index], expected_array[index]
    where = f" at index {index}" if got_array.ndim else ""
    text = f"gave {describe(got)}, expected {describe(expected)}"
    if got_array.size > 1 and (got_array.size > 4 or got_array.ndim > 1):
        text = f"gave {_number(got_value)}{where}, expected {_number(expected_value)}"
    if isinstance(got_value, (float, np.floating)) and math.isnan(float(got_value)):
        text += " (nan: an overflow, or 0/0 somewhere?)"
    return text


def _shape_words(array: np.ndarray) -> str:
    if array.ndim == 0:
        return "a single number"
    return f"an array of shape {array.shape}"


def _transpose_hint(got: tuple[int, ...], expected: tuple[int, ...]) -> str:
    if len(got) == 2 and got == expected[::-1] and got != expected:
        return " (transposed?)"
    return ""


# --------------------------------------------------------------------------------------------
# Helper constructors
# --------------------------------------------------------------------------------------------


def value_exercise(
    id: str,
    title: str,
    answer_name: str,
    expected: Any,
    *,
    hints: Sequence[str],
    solution_code: str,
    wrong_examples: Sequence[tuple[str, str]],
    mistakes: Iterable[Mistake] = (),
    rtol: float = 1e-6,
    atol: float = 1e-9,
    show_expected: bool = False,
    setup_code: str = "",
) -> Exercise:
    """An exercise whose answer is a value: a number, an array, a string, a tuple.

    A numeric answer passes when it has the expected shape and
    ``|answer - expected| <= atol + rtol * |expected|`` element by element; a string when it
    equals ``expected`` ignoring case and surrounding spaces; anything else when ``==``.

    Parameters
    ----------
    mistakes : iterable of (value or predicate, message)
        Known wrong answers and what to tell the learner who gives one. A value matches with
        the same tolerances; a predicate ``answer -> bool`` matches when it returns True (if it
        raises, it does not match). The first match wins.
    show_expected : bool
        Whether a wrong answer's message gives the expected value (off by default: that would
        give the answer away).

    Examples
    --------
    >>> ex = value_exercise(
    ...     "00-demo-mean", "The mean of 1, 2, 3", "mean", 2.0,
    ...     hints=["Add them up.", "Divide the sum, 6, by how many there are."],
    ...     solution_code="mean = (1 + 2 + 3) / 3",
    ...     wrong_examples=[("mean = 6", "divide")],
    ...     mistakes=[(6, "That is the sum: now divide by how many numbers there are.")],
    ... )
    >>> ex.checker(6)
    (False, 'mean = 6 is not right yet: That is the sum: now divide by how many numbers there are.')
    """
    mistakes = tuple(mistakes)

    def checker(answer: Any) -> Outcome:
        problem = _mismatch(answer, expected, rtol, atol)
        if problem is None:
            return True, f"`{answer_name}` = {describe(answer)} is right."
        for known, message in mistakes:
            if _matches_value(answer, known, rtol, atol):
                return False, f"{answer_name} = {describe(answer)} is not right yet: {message}"
        if _is_numeric(expected) and _is_numeric(answer):
            if np.shape(answer) != np.shape(expected):
                return False, f"`{answer_name}` {problem.replace('gave', 'is', 1)}."
        detail = f" Expected {describe(expected)}." if show_expected else ""
        return False, (
            f"{answer_name} = {describe(answer)} is not right yet.{detail} "
            f'hint("{id}") gives a hint.'
        )

    return Exercise(
        id=id,
        title=title,
        answer_name=answer_name,
        checker=checker,
        hints=hints,
        solution_code=solution_code,
        wrong_examples=wrong_examples,
        kind="value",
        setup_code=setup_code,
    )


def _matches_value(answer: Any, known: Any, rtol: float, atol: float) -> bool:
    if callable(known):
        try:
            return bool(known(answer))
        except Exception:
            return False
    return _mismatch(answer, known, rtol, atol) is None


def function_exercise(
    id: str,
    title: str,
    answer_name: str,
    reference: Callable[..., Any],
    inputs: Iterable[Any],
    *,
    hints: Sequence[str],
    solution_code: str,
    wrong_examples: Sequence[tuple[str, str]],
    mistakes: Iterable[Mistake] = (),
    rtol: float = 1e-6,
    atol: float = 1e-9,
    warnings_are_errors: bool = False,
    setup_code: str = "",
) -> Exercise:
    """An exercise whose answer is a function, compared with ``reference`` on several inputs.

    Parameters
    ----------
    reference : callable
        The correct function. It is called on a deep copy of each input, and so is the
        learner's, so neither can change what the other sees.
    inputs : iterable
        The inputs to try, in order; include the edge cases (0, large ``|z|``, arrays of
        several shapes). A tuple is the positional arguments of one call; anything else is
        a single argument (write ``(t,)`` to pass a tuple ``t`` as one argument).
    mistakes : iterable of (wrong_function, message)
        Typical wrong implementations. When the learner's function gives the same results as
        one of them on every input (within the tolerances), the message for the first failing
        input ends with that mistake's message, e.g. "sigmoid_prime(0) gave 0.5, expected
        0.25: did you multiply sigma(z) by 1 - sigma(z)?".
    rtol, atol : float
        Each output must satisfy ``|got - expected| <= atol + rtol * |expected|`` elementwise
        and have the expected shape.
    warnings_are_errors : bool
        Treat a ``RuntimeWarning`` (overflow in ``exp``, division by zero) raised by the
        learner's function as a failure: for lessons about numerically stable formulas.
    """
    cases = [case if isinstance(case, tuple) else (case,) for case in inputs]
    if not cases:
        raise ValueError(f"function_exercise {id!r} needs at least one input to try.")
    mistakes = tuple(mistakes)
    for wrong, _ in mistakes:
        if not callable(wrong):
            raise TypeError(
                f"function_exercise {id!r}: each mistake is (wrong_function, message); "
                f"got {wrong!r} where a function was expected."
            )

    def checker(answer: Any) -> Outcome:
        if not callable(answer):
            return False, (
                f"`{answer_name}` should be a function (`def {answer_name}(...):`), "
                f"but it is {describe(answer)}."
            )
        outputs = []
        for args in cases:
            call = _describe_call(answer_name, args)
            expected = reference(*copy.deepcopy(args))
            try:
                with warnings.catch_warnings():
                    if warnings_are_errors:
                        warnings.simplefilter("error", RuntimeWarning)
                    got = answer(*copy.deepcopy(args))
            except NotImplementedError as error:
                raise NotAttempted() from error
            except Exception as error:
                return False, f"{call} raised {type(error).__name__}: {error}"
            if got is Ellipsis:
                raise NotAttempted()
            outputs.append((args, got, expected, _mismatch(got, expected, rtol, atol)))
        failures = [(args, problem) for args, _, _, problem in outputs if problem is not None]
        if not failures:
            return True, f"`{answer_name}` gives the expected result on all {len(cases)} inputs."
        args, problem = failures[0]
        message = f"{_describe_call(answer_name, args)} {problem}"
        for wrong, explanation in mistakes:
            if _same_as(wrong, outputs, rtol, atol):
                return False, f"{message}: {explanation}"
        return False, f"{message} (wrong on {len(failures)} of {len(cases)} inputs)"

    return Exercise(
        id=id,
        title=title,
        answer_name=answer_name,
        checker=checker,
        hints=hints,
        solution_code=solution_code,
        wrong_examples=wrong_examples,
        kind="function",
        setup_code=setup_code,
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
        if _mismatch(got, theirs, rtol, atol) is not None:
            return False
    return True


def run_answer(exercise: Exercise, source: str) -> Any:
    """Run ``setup_code``, then ``source``, in a fresh namespace and return what it defines.

    This is how the tests try an exercise's solution and wrong examples outside a notebook.
    ``ValueError`` if ``source`` does not define ``answer_name``.
    """
    namespace: dict[str, Any] = {"__name__": "__nnbook_exercise__"}
    exec(compile(exercise.setup_code, f"<{exercise.id} setup>", "exec"), namespace)
    exec(compile(source, f"<{exercise.id} answer>", "exec"), namespace)
    if exercise.answer_name not in namespace:
        raise ValueError(
            f"The code given for exercise {exercise.id!r} does not define {exercise.answer_name!r}."
        )
    return namespace[exercise.answer_name]
