"""Checked exercises: ``check``, ``hint`` and ``solution``.

A learner writes an answer in a notebook cell and runs ``check``: it says "Correct", or "Not
yet" with a specific message ("sigmoid_prime(0) gave 0.5, expected 0.25: did you multiply
sigma(z) by 1 - sigma(z)?"), or "Not attempted" while the answer is still blank. ``check``
never raises, so a notebook always runs from top to bottom.

In a notebook
-------------
The answer cell has the cell tag ``exercise`` and the cell metadata
``{"nnbook": {"exercise": "<id>"}}``, and holds only the assignment or function definition,
left blank with ``...``::

    def sigmoid_prime(z):
        ...

The next cell checks it::

    check("01-sigmoid-prime", sigmoid_prime)

Any other cell may call ``hint("01-sigmoid-prime")`` (one more hint per call, then a note that
none are left) or ``solution("01-sigmoid-prime")`` (the worked answer, syntax-highlighted; it
is not in the notebook until someone asks). A blank answer is ``...``, ``None``, a function
whose body is only ``...``/``pass``/a docstring, or one that returns ``...`` or raises
``NotImplementedError``.

``check`` returns a :class:`CheckResult` (``status`` is ``"correct"``, ``"incorrect"`` or
``"not attempted"``; ``message``) displayed as one stable line of text or HTML, and records
the status: ``results()`` returns ``{id: status}`` for the session.

Writing a lesson's exercises
----------------------------
Lesson ``NN`` puts its exercises in ``nnbook/exercises/lessonNN.py``; every module named
``lesson<digits>`` in this package is imported the first time an exercise is looked up, so
nothing else needs editing. Each exercise is registered once at import::

    from nnbook.exercises import function_exercise, register

    register(function_exercise(
        "01-sigmoid-prime", "The derivative of the sigmoid", "sigmoid_prime",
        reference=_sigmoid_prime,
        inputs=[0.0, 2.0, -1000.0, 1000.0, np.linspace(-5, 5, 7), np.zeros((2, 3))],
        mistakes=[(_sigmoid, "did you multiply sigma(z) by 1 - sigma(z)?")],
        hints=["gentle nudge ...", "...", "nearly the answer ..."],
        setup_code="import numpy as np\\nfrom nnbook.activations import sigmoid",
        solution_code="def sigmoid_prime(z):\\n    return sigmoid(z) * (1 - sigmoid(z))",
        wrong_examples=[("def sigmoid_prime(z):\\n    return sigmoid(z)", "1 - sigma(z)")],
    ))

The contract, which ``tests/test_exercises.py`` checks for every registered exercise:

- ``id``: lesson number, hyphen, name, lowercase (``"01-sigmoid-prime"``); ``title``: a few
  words; ``answer_name``: the variable the learner defines.
- ``hints``: at least two, from a gentle nudge to nearly the answer.
- ``setup_code``: what the notebook defines before the answer cell (imports, earlier
  functions) that the solution uses; tests run it first, in a fresh namespace.
- ``solution_code``: Python defining ``answer_name``; after ``setup_code`` it passes the check.
  The notebook test also runs each notebook with every answer cell replaced by it.
- ``wrong_examples``: at least one typical wrong answer (source defining ``answer_name``) with
  a fragment of the message it must produce.
- Blank answers report ``"not attempted"`` (handled here, not in each checker).

Three ways to make the checker:

- :func:`value_exercise`: an expected value, tolerances, and known mistakes (a value or a
  predicate, with a message).
- :func:`function_exercise`: a reference function and inputs (edge cases included), tolerances,
  and known mistakes given as wrong implementations; the message names the input, what came
  and what was expected.
- :class:`Exercise` directly, with any ``checker(answer) -> (passed, message)``; it may raise
  :class:`NotAttempted`, and whatever else it raises is reported as "incorrect".
"""

from nnbook.exercises._core import (
    STATUSES,
    CheckResult,
    Exercise,
    HintText,
    NotAttempted,
    all_exercises,
    check,
    describe,
    function_exercise,
    get,
    hint,
    register,
    reset_progress,
    results,
    run_answer,
    solution,
    unregister,
    value_exercise,
)

__all__ = [
    "STATUSES",
    "CheckResult",
    "Exercise",
    "HintText",
    "NotAttempted",
    "all_exercises",
    "check",
    "describe",
    "function_exercise",
    "get",
    "hint",
    "register",
    "reset_progress",
    "results",
    "run_answer",
    "solution",
    "unregister",
    "value_exercise",
]
