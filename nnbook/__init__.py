"""nnbook: neural networks from scratch, in Python and numpy.

The package behind the nnbook notebook series. Each module holds one concept and follows
the notebooks. The lessons' code: ``activations``, ``costs``, ``network`` (the forward pass
and the four equations of backpropagation), ``gradcheck``. Around it: ``labels``,
``training`` (``fit`` and its ``History``), ``optim`` (momentum and L2), ``persistence``
(save and load), ``datasets``, ``model_selection``, and the teaching kit: ``plots``,
``widgets``, ``exercises``, ``show_source``.

One layout everywhere: rows are examples. ``X`` has shape ``(n_samples, n_features)``, a
layer's weights ``(n_in, n_out)``, its biases ``(n_out,)``, and ``Z = A_prev @ W + b``.
"""

# --- core (activations, costs, network, gradcheck) ---
from nnbook.activations import relu, relu_prime, sigmoid, sigmoid_prime, softmax
from nnbook.costs import (
    quadratic_cost,
    quadratic_cost_gradient,
    sigmoid_cross_entropy,
    sigmoid_cross_entropy_gradient,
    softmax_cross_entropy,
    softmax_cross_entropy_gradient,
)
from nnbook.gradcheck import check_gradients, numerical_gradient, relative_error
from nnbook.labels import one_hot, predicted_labels
from nnbook.network import Network
from nnbook.optim import SGD
from nnbook.training import History, TrainingDivergedError

# --- datasets ---
# isort: split
from nnbook.datasets import (
    MnistDownloadError,
    MnistError,
    MnistFileError,
    circles,
    default_data_dir,
    download_mnist,
    load_mnist,
    mnist_dir,
    moons,
    read_idx,
    single_neuron,
    single_neuron_query,
    spirals,
    weight_height,
    weight_height_sample,
    xor,
)

# --- choosing settings on data the test set never sees ---
# isort: split
from nnbook.model_selection import train_validation_split

# --- teaching kit (exercises, plots, widgets, show_source) ---
# isort: split
from nnbook import exercises, plots, widgets
from nnbook.exercises import check, hint, solution
from nnbook.source import show_source

# --- the welcome notebook's check of the learner's set-up ---
# isort: split
from nnbook.environment import check_environment

# --- the language nnbook speaks (English, or a translated edition's) ---
# isort: split
from nnbook.messages import language, languages, say, say_n, set_language

__version__ = "0.1.0"

__all__: list[str] = [
    "__version__",
    # core
    "History",
    "Network",
    "SGD",
    "TrainingDivergedError",
    "check_gradients",
    "numerical_gradient",
    "one_hot",
    "predicted_labels",
    "quadratic_cost",
    "quadratic_cost_gradient",
    "relative_error",
    "relu",
    "relu_prime",
    "sigmoid",
    "sigmoid_cross_entropy",
    "sigmoid_cross_entropy_gradient",
    "sigmoid_prime",
    "softmax",
    "softmax_cross_entropy",
    "softmax_cross_entropy_gradient",
    # end core
    "check_environment",
    # datasets
    "MnistDownloadError",
    "MnistError",
    "MnistFileError",
    "circles",
    "default_data_dir",
    "download_mnist",
    "load_mnist",
    "mnist_dir",
    "moons",
    "read_idx",
    "single_neuron",
    "single_neuron_query",
    "spirals",
    "weight_height",
    "weight_height_sample",
    "xor",
    # end datasets
    "train_validation_split",
    # teaching kit
    "check",
    "exercises",
    "hint",
    "plots",
    "show_source",
    "solution",
    "widgets",
    # end teaching kit
    # languages
    "language",
    "languages",
    "say",
    "say_n",
    "set_language",
]
