"""Checked exercises: ``check``, ``hint`` and ``solution``.

A learner writes an answer in a notebook cell and runs ``check``: it says "Correct", or "Not
yet" with a specific message ("my_sigmoid_prime(0) gave 0.5, expected 0.25: that is sigma(z)
itself; multiply it by 1 - sigma(z)."), or "Not attempted" while the answer is still blank.
``check`` never raises, so a notebook always runs from top to bottom.

In a notebook, the answer cell has the tag ``exercise`` and the metadata ``{"nnbook":
{"exercise": "<id>"}}`` (:func:`answer_cells` finds them) and holds only the definition, left
blank with ``...``; the next cell runs ``check("01-my-sigmoid-prime", my_sigmoid_prime)``. Any
cell may call ``hint(id)`` (one more hint per call) or ``solution(id)`` (the worked answer
cell). An unknown id gets the list of the lesson's ids. **The blank rule:** an answer is blank
while it is the ``...`` the notebook ships with: the value ``...`` or a function whose whole
body is ``...`` (after an optional docstring; ``pass`` counts the same). Anything else is
checked: an answer that runs longer than ``TIME_LIMIT_S`` seconds is stopped, one that calls
``exit()`` is "incorrect", a complex number or a string is never "Correct", and a numeric answer
that is wrong but close gets its own message (the sign flipped; ``n`` or 2 times too big or too
small; rounded to 2-3 digits). ``results()`` returns ``{id: status}`` for the session.

**Writing a lesson's exercises.** Lesson ``NN``'s exercises live in
``nnbook/exercises/lessonNN.py`` (imported the first time an exercise is looked up). Each
exercise *is* its reference solution, a real function named as the learner's answer and
decorated with what the checker needs: :func:`function_exercise` (the function the learner
writes, tried on inputs, with known mistakes as wrong implementations), :func:`value_exercise`
(a function without arguments whose body computes the value and ends with ``return``; known
mistakes as values or predicates) or :func:`custom_exercise` (any checker). ``solution(id)``
shows :func:`answer_cell` of that source, the cell a learner would write; the notebook test
runs every notebook with those cells in place. Every text a learner reads (the title, each hint,
each known mistake's message) is written as ``N_("...")`` so that it can be translated (see
:mod:`nnbook.messages`). ``tests/test_exercises.py`` checks the
authoring rules for every exercise: the id is ``"NN-lowercase-name"``; at least two hints,
from a nudge to nearly the answer; the solution passes; each known mistake gets its message;
the blank gets "not attempted".

**The machinery, one job per module** (read them in this order, each imports only those above):

======================  ====================================================================
module                  job
======================  ====================================================================
``_compare``            an answer against the expected value: the same or not, and why not
``_near_miss``          the usual near misses of a wrong number (the sign, n or 2 times off)
``_cells``              the cell a solution stands for; a notebook's answer cells
``_progress``           the session's record: statuses and hints shown
``_registry``           :class:`Exercise`, ``register``, ``get`` (lesson modules load here)
``_display``            how ``check`` and ``hint`` results look, as text and HTML
``_time_limit``         ``TIME_LIMIT_S`` and stopping an answer that runs past it
``_check``              ``check``: blank or not, run safely, record the status
``_help``               ``hint`` and ``solution``
``_decorators``         ``value_exercise`` and ``function_exercise``
``_gradients``          exercises whose answer is a backward pass (lessons 03, 04)
``_training_loop``      the checker of lesson 05's training loop by hand
``lessonNN``            lesson NN's exercises
======================  ====================================================================
"""

from nnbook.exercises._cells import answer_cell, answer_cells
from nnbook.exercises._check import check, is_blank
from nnbook.exercises._decorators import function_exercise, value_exercise
from nnbook.exercises._display import STATUSES, CheckResult, HintText
from nnbook.exercises._help import hint, solution
from nnbook.exercises._progress import reset_progress, results
from nnbook.exercises._registry import (
    Exercise,
    all_exercises,
    custom_exercise,
    get,
    register,
    unregister,
)
from nnbook.exercises._time_limit import TIME_LIMIT_S

__all__ = [
    "STATUSES",
    "TIME_LIMIT_S",
    "CheckResult",
    "Exercise",
    "HintText",
    "all_exercises",
    "answer_cell",
    "answer_cells",
    "check",
    "custom_exercise",
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
