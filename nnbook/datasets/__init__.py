"""Data sets: the lessons' small examples, 2-D playgrounds, and MNIST.

- :mod:`nnbook.datasets.toy`: the single neuron's four examples, XOR, the weight/height
  examples, and generators (moons, circles, spirals, blobs).
- :mod:`nnbook.datasets.idx`: reading IDX files, MNIST's format.
- :mod:`nnbook.datasets.mnist`: finding, downloading, checking and loading MNIST.

From a shell, ``python -m nnbook.datasets download [DIR]`` downloads and checks MNIST.
"""

from nnbook.datasets.idx import IdxFormatError, IdxHeader, read_idx, read_idx_header
from nnbook.datasets.mnist import (
    DEFAULT_MIRRORS,
    MNIST_FILES,
    MNIST_SHA256,
    MnistDownloadError,
    MnistError,
    MnistFileError,
    MnistNotFoundError,
    default_data_dir,
    download_mnist,
    load_mnist,
    mnist_dir,
)
from nnbook.datasets.toy import (
    Person,
    blobs,
    circles,
    moons,
    single_neuron,
    single_neuron_query,
    spirals,
    weight_height,
    weight_height_sample,
    weight_height_table,
    xor,
)

__all__ = [
    "DEFAULT_MIRRORS",
    "MNIST_FILES",
    "MNIST_SHA256",
    "IdxFormatError",
    "IdxHeader",
    "MnistDownloadError",
    "MnistError",
    "MnistFileError",
    "MnistNotFoundError",
    "Person",
    "blobs",
    "circles",
    "default_data_dir",
    "download_mnist",
    "load_mnist",
    "mnist_dir",
    "moons",
    "read_idx",
    "read_idx_header",
    "single_neuron",
    "single_neuron_query",
    "spirals",
    "weight_height",
    "weight_height_sample",
    "weight_height_table",
    "xor",
]
