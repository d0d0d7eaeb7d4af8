"""nnbook.show_source: the package's real code, syntax-highlighted, or a clear TypeError."""

from __future__ import annotations

import functools
import inspect

import numpy as np
import pytest
from IPython.display import Code

import nnbook
from nnbook import plots, show_source
from nnbook.widgets import FunctionExplorer


def test_function_source_is_the_real_code():
    shown = show_source(nnbook.sigmoid)
    assert isinstance(shown, Code)
    assert shown.data == inspect.getsource(nnbook.activations.sigmoid)
    assert shown.data.startswith("def sigmoid(")
    html = shown._repr_html_()
    assert "<span" in html and "sigmoid" in html  # highlighted by pygments


def test_method_class_and_module():
    method = show_source(nnbook.Network.feedforward)
    assert method.data.startswith("def feedforward(self")  # dedented out of the class
    assert show_source(nnbook.Network(([2, 2]), seed=0).feedforward).data == method.data
    assert show_source(nnbook.Network).data.startswith("class Network")
    module = show_source(nnbook.costs)
    assert module.data == inspect.getsource(nnbook.costs)


def test_property_and_decorated_function():
    assert show_source(FunctionExplorer.values).data.lstrip().startswith("@property")
    # plots' functions are wrapped by a style decorator: the source shown is the function's.
    assert show_source(plots.plot_history).data.startswith("@styled\ndef plot_history(")


def test_objects_without_python_source_raise_type_error():
    for builtin in (len, np.exp, 3, "text"):
        with pytest.raises(TypeError, match="show_source needs a function, class"):
            show_source(builtin)
    with pytest.raises(TypeError, match="pass its class"):
        show_source(nnbook.Network([2, 2], seed=0))
    made_up = eval("lambda z: z")  # no file behind it
    with pytest.raises(TypeError, match="cannot find the source"):
        show_source(made_up)
    with pytest.raises(TypeError, match="show_source needs"):
        show_source(functools.partial(nnbook.sigmoid))


def test_a_name_in_quotes_is_told_to_pass_the_object_itself():
    # Before: the same message as for len or 3, which does not say what went wrong.
    with pytest.raises(TypeError, match=r"got the string 'sigmoid'\. Pass the object itself"):
        show_source("sigmoid")
