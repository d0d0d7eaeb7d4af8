"""Checked exercises: ``check``, ``hint`` and ``solution``.

A learner writes an answer in a notebook cell and runs ``check``: it says "Correct", or "Not
yet" with a specific message ("my_sigmoid_prime(0) gave 0.5, expected 0.25: that is sigma(z)
itself; multiply it by 1 - sigma(z)."), or "Not attempted" while the answer is still blank.
``check`` never raises, so a notebook always runs from top to bottom.

In a notebook
-------------
The answer cell has the cell tag ``exercise`` and the cell metadata
``{"nnbook": {"exercise": "<id>"}}``, and holds only the assignment or function definition,
left blank with ``...``::

    def my_sigmoid_prime(z):
        ...

The next cell checks it::

    check("01-my-sigmoid-prime", my_sigmoid_prime)

Any other cell may call ``hint("01-my-sigmoid-prime")`` (one more hint per call, then a note
that none are left) or ``solution("01-my-sigmoid-prime")`` (the worked answer cell,
syntax-highlighted; it is not in the notebook until someone asks). ``hint`` and ``solution``
raise ``ValueError`` listing the lesson's ids for an unknown id; ``check`` says so instead.

**The blank rule.** An answer is blank while it is still the ``...`` the notebook ships with:
the value ``...`` itself (``name = ...``), or a function whose whole body is ``...`` (a
docstring before it is fine; ``pass`` counts the same). Anything else is checked.

``check`` returns a :class:`CheckResult` (``status`` is ``"correct"``, ``"incorrect"`` or
``"not attempted"``; ``message``) displayed as one stable line of text or HTML, and records
the status: ``results()`` returns ``{id: status}`` for the session. An answer that runs longer
than ``TIME_LIMIT_S`` seconds is stopped, one that calls ``exit()`` is "incorrect", and a
complex number or a string where real numbers are expected is never "Correct". Every numeric
answer that is wrong but close gets a message of its own: the sign flipped, ``n`` times (the
number of examples, where the exercise knows it) or 2 times too big or too small, or rounded
to two or three digits.

Writing a lesson's exercises: solutions are functions
-----------------------------------------------------
Lesson ``NN`` puts its exercises in ``nnbook/exercises/lessonNN.py``; every module named
``lesson<digits>`` in this package is imported the first time an exercise is looked up.
**Each exercise is its reference solution, a real function, decorated** with what the checker
needs. The function's name is the name the learner defines (``answer_name``):

- a *function* exercise's solution is the function the learner writes, exactly as the
  answer cell would hold it::

      @function_exercise("01-my-sigmoid-prime", "Implement the sigmoid's derivative",
                         inputs=[0.0, 2.0, np.zeros((2, 3))], hints=[...],
                         mistakes=[(sigmoid, "that is sigma(z) itself; ...")])
      def my_sigmoid_prime(z):
          s = sigmoid(z)  # sigma(z), computed once
          return s * (1 - s)

- a *value* exercise's solution is a function without arguments, named like the variable,
  whose body computes the value and ends with ``return``::

      @value_exercise("00-pixels", "How many numbers describe one MNIST image?",
                      expected=784, hints=[...], mistakes=[(56, "you added the sides ...")])
      def pixels_per_image():
          return 28 * 28

``solution(id)`` shows the answer cell read from that source (:func:`answer_cell`): the
function without its decorator, or the body with ``return <expr>`` written as
``pixels_per_image = <expr>``. The notebook test puts that cell into the notebook and runs it,
so the code a learner is shown is code that has been run and checked. A solution may use only
names that the notebook has defined before the answer cell (``np``, ``sigmoid``, ...).

Three decorators make the checker: :func:`value_exercise` (an expected value, tolerances,
known mistakes as values or predicates), :func:`function_exercise` (inputs to try, edge cases
included, and known mistakes as wrong implementations) and :func:`custom_exercise` (any
``checker(answer, exercise) -> (passed, message)``); ``_gradients.gradient_exercise`` checks a
backward pass against ``Network.backprop``.

The authoring rules are checked by ``tests/test_exercises.py`` for every registered exercise:
the id is the lesson number, hyphen, name in lowercase (``"01-my-sigmoid-prime"``); at least
two hints, from a gentle nudge to nearly the answer; the solution passes its own check; each
known mistake and each of ``wrong_answers`` gets its message; the blank gets "not attempted".
"""

from nnbook.exercises._core import (
    STATUSES,
    TIME_LIMIT_S,
    CheckResult,
    Exercise,
    HintText,
    all_exercises,
    answer_cell,
    check,
    custom_exercise,
    describe,
    function_exercise,
    get,
    hint,
    is_blank,
    register,
    reset_progress,
    results,
    solution,
    unregister,
    value_exercise,
)

__all__ = [
    "STATUSES",
    "TIME_LIMIT_S",
    "CheckResult",
    "Exercise",
    "HintText",
    "all_exercises",
    "answer_cell",
    "check",
    "custom_exercise",
    "describe",
    "function_exercise",
    "get",
    "hint",
    "is_blank",
    "register",
    "reset_progress",
    "results",
    "solution",
    "unregister",
    "value_exercise",
]
