r"""How a :class:`~nnbook.Network` draws its starting weights and biases (lesson 06).

Each :class:`Initialization` in :data:`INITIALIZATIONS` gives the standard deviation
:math:`s` of the starting weights of a layer with :math:`n_{in}` inputs,
:math:`W_{jk} \sim N(0, s^2)`, and whether the biases start at 0 or from :math:`N(0, 1)`.
:meth:`Network.initial_parameters <nnbook.Network.initial_parameters>` draws them.
:func:`register_initialization` adds one more; the network and the tests read the registry
when they are used, so a new initialization needs no other edit.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from ._validation import check_new_name
from .messages import say

__all__ = ["INITIALIZATIONS", "Initialization", "register_initialization"]


@dataclass(frozen=True)
class Initialization:
    r"""A rule for a network's starting parameters.

    Attributes
    ----------
    name : str
        The name a :class:`~nnbook.Network` is given, such as ``init="scaled"``.
    weight_scale : callable
        ``weight_scale(n_in)`` is :math:`s`, the standard deviation of the weights of a layer
        with ``n_in`` inputs.
    zero_biases : bool
        Biases start at 0 (``True``) or are drawn from :math:`N(0, 1)` (``False``).
    """

    name: str
    weight_scale: Callable[[int], float]
    zero_biases: bool = False


#: The initializations a :class:`~nnbook.Network` can use, by name: ``"normal"`` (Nielsen's
#: chapter 1), ``"scaled"`` (his chapter 3) and ``"he"`` (He et al. 2015, for ReLU).
INITIALIZATIONS: dict[str, Initialization] = {
    "normal": Initialization("normal", lambda n_in: 1.0),
    "scaled": Initialization("scaled", lambda n_in: 1 / math.sqrt(n_in)),
    "he": Initialization("he", lambda n_in: math.sqrt(2 / n_in), zero_biases=True),
}


def register_initialization(initialization: Initialization) -> None:
    """Add ``initialization`` to :data:`INITIALIZATIONS`, after checking it.

    Parameters
    ----------
    initialization : Initialization
        Its ``name`` must be a Python identifier that is not registered yet and does not start
        with ``"no_such_"``; its ``weight_scale`` a function of the number of inputs.

    Examples
    --------
    >>> xavier = Initialization("xavier", lambda n_in: math.sqrt(1 / n_in), zero_biases=True)
    >>> register_initialization(xavier)  # doctest: +SKIP
    >>> del INITIALIZATIONS["xavier"]  # doctest: +SKIP
    """
    if not isinstance(initialization, Initialization):
        raise TypeError(
            say(
                "register_initialization expects an Initialization(name, weight_scale); got "
                "{value!r} of type {kind}.",
                value=initialization,
                kind=type(initialization).__name__,
            )
        )
    name = check_new_name(initialization.name, INITIALIZATIONS, "INITIALIZATIONS", "xavier")
    if not callable(initialization.weight_scale):
        raise TypeError(
            say(
                "The initialization {name!r} needs a callable weight_scale(n_in); got "
                "{value!r}. Give a function of the number of inputs.",
                name=name,
                value=initialization.weight_scale,
            )
        )
    INITIALIZATIONS[name] = initialization
