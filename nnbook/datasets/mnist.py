"""MNIST: find it, download it if it is missing, check it, load it.

MNIST holds 70,000 handwritten digits (60,000 for training, 10,000 for testing) as 28 x 28
grey-scale images, each labelled 0-9. It is by Yann LeCun, Corinna Cortes and Christopher
J.C. Burges, and is licensed under CC BY-SA 3.0 (Creative Commons Attribution-ShareAlike 3.0).

It comes as four IDX files (see :mod:`nnbook.datasets.idx`), usually gzip'd::

    train-images-idx3-ubyte.gz   60000 x 28 x 28 unsigned bytes
    train-labels-idx1-ubyte.gz   60000 unsigned bytes
    t10k-images-idx3-ubyte.gz    10000 x 28 x 28
    t10k-labels-idx1-ubyte.gz    10000

**Where the files are looked for**, first match wins:

1. the ``data_dir`` argument;
2. the environment variable ``NNBOOK_DATA_DIR`` (the directory that holds the four files);
3. a per-user cache directory: ``$XDG_CACHE_HOME/nnbook/mnist`` if ``XDG_CACHE_HOME`` is
   set, else ``~/Library/Caches/nnbook/mnist`` on macOS, ``%LOCALAPPDATA%\\nnbook\\mnist``
   on Windows, ``~/.cache/nnbook/mnist`` elsewhere.

Each file may be gzip'd or not (``train-images-idx3-ubyte`` or ``...ubyte.gz``).

**Checking.** Every file is checked by the SHA-256 of its *decompressed* content, so a copy
gzip'd by another tool (which gives different ``.gz`` bytes) is accepted, and a damaged file
or a different data set with the same names (Fashion-MNIST uses them too) is not.

**Downloading.** Only missing files are downloaded, from a list of mirrors tried in order
(:data:`DEFAULT_MIRRORS`; the ``mirrors`` argument or the environment variable
``NNBOOK_MNIST_MIRRORS``, comma- or space-separated, replaces it). Each download goes to a
temporary file in the same directory, is checked, and only then renamed to its final name,
so a partial or wrong file never stands under that name, and a folder created for the
download is removed again if nothing arrives in it. When every mirror fails, one
:class:`MnistDownloadError` lists each mirror with its error and says how to put the files in
place by hand. From a shell: ``python -m nnbook.datasets download [DIR]``.
"""

from __future__ import annotations

import http.client
import os
import socket
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

import numpy as np
from numpy.typing import DTypeLike
from tqdm.auto import tqdm

from nnbook._validation import check_bool, check_dtype, check_float
from nnbook.datasets.idx import (
    IdxFormatError,
    content_sha256,
    read_idx_header,
    read_idx_with_sha256,
)
from nnbook.messages import say, say_n

__all__ = [
    "DEFAULT_MIRRORS",
    "MNIST_FILES",
    "MNIST_SHA256",
    "MnistDownloadError",
    "MnistError",
    "MnistFileError",
    "MnistNotFoundError",
    "default_data_dir",
    "download_mnist",
    "load_mnist",
    "mnist_dir",
]

#: The four files, by their standard names without ``.gz``.
MNIST_FILES: tuple[str, ...] = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)

#: SHA-256 of each file's decompressed content (the original IDX bytes).
MNIST_SHA256: dict[str, str] = {
    "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}

#: Independent public mirrors serving the four standard ``.gz`` files, tried in order:
#: PyTorch's copy on Amazon S3 (torchvision's first choice) and the CVDF copy on Google Cloud
#: Storage (used by TensorFlow's MNIST tutorials).
DEFAULT_MIRRORS: tuple[str, ...] = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)

DATA_DIR_ENV = "NNBOOK_DATA_DIR"
MIRRORS_ENV = "NNBOOK_MNIST_MIRRORS"
DEFAULT_TIMEOUT = 30.0  # seconds without an answer before a mirror counts as failed
#: The timeout must be shorter than a day: a mirror silent for a day will not answer, and a
#: far larger number (``timeout=1e308``) does not fit the operating system's clock.
MAX_TIMEOUT = 86_400.0

_USER_AGENT = "nnbook/0.1 (MNIST downloader; Python urllib)"
_CHUNK = 1 << 16
_GZIP_SIGNATURE = b"\x1f\x8b"


class MnistError(Exception):
    """Base class of the errors of the MNIST loader."""


class MnistFileError(MnistError, IdxFormatError):
    """An MNIST file is damaged or is not MNIST (the message names the file and the problem)."""


class MnistNotFoundError(MnistError, FileNotFoundError):
    """Files are missing and downloading was switched off."""


class MnistDownloadError(MnistError, OSError):
    """Downloading failed on every mirror, or the directory cannot be written to."""


# --------------------------------------------------------------------------------------
# Where the files are
# --------------------------------------------------------------------------------------


def default_data_dir() -> Path:
    """Where MNIST is looked for when no ``data_dir`` is given.

    ``$NNBOOK_DATA_DIR`` if that environment variable is set (and not empty), else the
    per-user cache directory: ``$XDG_CACHE_HOME/nnbook/mnist`` if ``XDG_CACHE_HOME`` is set,
    else ``~/Library/Caches/nnbook/mnist`` on macOS, ``%LOCALAPPDATA%\\nnbook\\mnist`` on
    Windows and ``~/.cache/nnbook/mnist`` elsewhere.

    Returns
    -------
    pathlib.Path
        An absolute path; the directory need not exist yet.
    """
    from_env = os.environ.get(DATA_DIR_ENV, "").strip()
    if from_env:
        return Path(os.path.expanduser(from_env)).absolute()
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    if xdg and Path(xdg).is_absolute():
        cache = Path(xdg)
    elif sys.platform == "darwin":
        cache = Path.home() / "Library" / "Caches"
    elif sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        cache = Path(os.environ["LOCALAPPDATA"])
    else:
        cache = Path.home() / ".cache"
    return (cache / "nnbook" / "mnist").absolute()


#: The folder the last successful :func:`load_mnist` or :func:`download_mnist` of this Python
#: session used; what :func:`mnist_dir` reports. ``None`` until then.
_folder_in_use: Path | None = None


def mnist_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """The directory MNIST is read from: ``data_dir`` if given; else the folder that the last
    :func:`load_mnist` or :func:`download_mnist` of this session read from (so that after
    ``load_mnist(data_dir=...)`` it names that folder); else :func:`default_data_dir`, where
    ``load_mnist()`` looks and downloads to.

    Parameters
    ----------
    data_dir : str or path-like, optional
        A directory chosen by the caller; it wins over ``NNBOOK_DATA_DIR`` and the cache.

    Returns
    -------
    pathlib.Path
        An absolute path; the directory need not exist yet.

    Raises
    ------
    TypeError
        ``data_dir`` is not a path.
    ValueError
        The directory is a file rather than a folder.
    """
    if data_dir is None and _folder_in_use is not None:
        return _folder_in_use
    return _data_folder(data_dir)


def _data_folder(data_dir: object) -> Path:
    """``data_dir`` (default: :func:`default_data_dir`) as an absolute path, ``~`` expanded;
    ``TypeError`` or ``ValueError`` if it cannot name a folder."""
    if data_dir is None:
        directory = default_data_dir()
    elif isinstance(data_dir, str) and not data_dir.strip():
        raise ValueError(
            say(
                "data_dir is an empty string, which would put MNIST in the current folder "
                "({here}). Name a folder, for example data_dir='data/mnist', or leave it out "
                "to use {default}.",
                here=str(Path.cwd()),
                default=str(default_data_dir()),
            )
        )
    elif isinstance(data_dir, str | os.PathLike):
        directory = Path(os.path.expanduser(data_dir)).absolute()
    else:
        raise TypeError(
            say(
                "data_dir must be a folder (str or pathlib.Path) or None; got {value!r} of "
                "type {kind}. For example data_dir='data/mnist', or leave it out to use "
                "{default}.",
                value=data_dir,
                kind=type(data_dir).__name__,
                default=str(default_data_dir()),
            )
        )
    if directory.exists() and not directory.is_dir():
        raise ValueError(
            say(
                "The MNIST folder {directory} is a file, not a folder: use its parent, "
                "data_dir={parent!r} (or set {variable} to it).",
                directory=str(directory),
                parent=str(directory.parent),
                variable=DATA_DIR_ENV,
            )
        )
    if not directory.exists() and _looks_like_a_file(directory.name):
        raise ValueError(
            say(
                "The MNIST folder {directory} does not exist, and its name is a file's: "
                "downloading would make a folder of that name. Name the folder that holds (or "
                "is to receive) the four files, such as data_dir={parent!r} (or set {variable} "
                "to it).",
                directory=str(directory),
                parent=str(directory.parent),
                variable=DATA_DIR_ENV,
            )
        )
    return directory


def _looks_like_a_file(name: str) -> bool:
    """Whether ``name`` is an MNIST file's (``train-images-idx3-ubyte[.gz]``, Kaggle's
    ``train-images.idx3-ubyte``) or ends like an archive's (``.gz``, ``.zip``, ``.npz``, ...)."""
    name = name.lower()
    archive = (".gz", ".zip", ".npz", ".npy", ".pkl", ".tar", ".bz2", ".xz")
    return name.endswith(archive) or name.replace(".", "-") in MNIST_FILES


def _find(directory: Path, name: str) -> Path | None:
    """The file holding ``name`` in ``directory``: uncompressed first, then ``.gz``."""
    for candidate in (directory / name, directory / f"{name}.gz"):
        if candidate.is_file():
            return candidate
    return None


# --------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------


def load_mnist(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    download: bool = True,
    mirrors: str | Sequence[str] | None = None,
    dtype: DTypeLike = np.float32,
    timeout: float = DEFAULT_TIMEOUT,
    progress: bool = True,
    checksums: Mapping[str, str] | None = None,
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    r"""Load MNIST as rows of pixel values in [0, 1] and integer labels.

    Looks in ``data_dir``, else ``$NNBOOK_DATA_DIR``, else the per-user cache directory (see
    :func:`default_data_dir`); downloads the files that are missing there (if ``download``);
    checks every file (its structure and the SHA-256 of its decompressed content); and
    returns

    .. math::
        X_{ij} = \frac{\text{pixel}_{ij}}{255} \in [0, 1],

    one image per row, its 28 x 28 pixels flattened row by row into 784 columns.

    MNIST: Yann LeCun, Corinna Cortes, Christopher J.C. Burges; licensed CC BY-SA 3.0.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Directory holding (or to receive) the four files.
    download : bool, default True
        Download missing files. With ``False``, a missing file raises
        :class:`MnistNotFoundError`. Must be ``True`` or ``False`` (the string ``"False"``
        raises ``TypeError`` rather than count as true).
    mirrors : str or sequence of str, optional
        Base URLs to download from, tried in order; default ``$NNBOOK_MNIST_MIRRORS``, else
        :data:`DEFAULT_MIRRORS`.
    dtype : numpy.float32 or numpy.float64, default numpy.float32
        Type of ``X``. float32 keeps the training images at 188 MB (float64: 376 MB).
    timeout : float, default 30
        Seconds to wait for a mirror to answer (for each connection and each read); less
        than a day (:data:`MAX_TIMEOUT`).
    progress : bool, default True
        Show a progress bar while downloading.
    checksums : mapping of str to str, optional
        Expected SHA-256 of each file's decompressed content, by name without ``.gz``;
        default :data:`MNIST_SHA256`. (Tests use their own small files.)

    Returns
    -------
    (X_train, y_train), (X_test, y_test)
        ``X_train`` of shape (60000, 784) and ``X_test`` of shape (10000, 784), of type
        ``dtype``, values in [0, 1]; ``y_train`` (60000,) and ``y_test`` (10000,), int64,
        values 0-9.

    Raises
    ------
    MnistFileError
        A file is damaged or is not MNIST; the message names it and says what is wrong.
    MnistNotFoundError
        Files are missing and ``download`` is False.
    MnistDownloadError
        Downloading failed on every mirror, or the directory is not writable. A folder
        that this call created is removed again if it stays empty.
    TypeError, ValueError
        An argument of the wrong type or value (``download="False"``, ``data_dir=123``,
        ``data_dir`` naming a file, ``dtype=np.int32``, ``timeout=0``); the message names it.
    """
    dtype = check_dtype(dtype)
    download = check_bool(download, "download")
    progress = check_bool(progress, "progress")
    timeout = check_float(timeout, "timeout", strict=True, maximum=MAX_TIMEOUT)
    directory = _data_folder(data_dir)
    checksums = _check_checksums(checksums)
    missing = [name for name in MNIST_FILES if _find(directory, name) is None]
    if missing and not download:
        raise MnistNotFoundError(
            say(
                "MNIST files missing in {directory}: {names}.\n"
                "Call load_mnist(download=True) to download them.\n{by_hand}",
                directory=str(directory),
                names=", ".join(missing),
                by_hand=_manual_instructions(directory),
            )
        )
    if missing:
        _download_missing(
            directory, missing, _resolve_mirrors(mirrors), timeout, progress, checksums
        )
    # Each uint8 array is scaled as soon as it is read and then dropped, so at most one
    # uint8 copy and its float copy are alive at a time.
    X_train = _scale(_read_checked(directory, "train-images-idx3-ubyte", checksums), dtype)
    y_train = _labels(_read_checked(directory, "train-labels-idx1-ubyte", checksums))
    X_test = _scale(_read_checked(directory, "t10k-images-idx3-ubyte", checksums), dtype)
    y_test = _labels(_read_checked(directory, "t10k-labels-idx1-ubyte", checksums))
    _remember(directory)
    return (X_train, y_train), (X_test, y_test)


def _remember(directory: Path) -> None:
    global _folder_in_use  # what mnist_dir() reports; see there
    _folder_in_use = directory


def _read_checked(directory: Path, name: str, checksums: Mapping[str, str]) -> np.ndarray:
    """Read one MNIST file and check its structure, its values and its checksum."""
    path = _find(directory, name)
    if path is None:  # removed between the check and now
        raise MnistNotFoundError(
            say(
                "{path} (or {path}.gz) is no longer there: it was removed while MNIST was "
                "loading. Run load_mnist() again to download it.",
                path=str(directory / name),
            )
        )
    try:
        header, array, digest = read_idx_with_sha256(path)
    except IdxFormatError as error:
        raise MnistFileError(str(error)) from None
    is_images = "images" in name
    if is_images and header.magic != 0x00000803:
        raise MnistFileError(
            say(
                "{path}: wrong magic number 0x{magic:08X}; MNIST images (n, 28, 28) of "
                "unsigned bytes start with 0x00000803. Is this the right file?",
                path=str(path),
                magic=header.magic,
            )
        )
    if not is_images and header.magic != 0x00000801:
        raise MnistFileError(
            say(
                "{path}: wrong magic number 0x{magic:08X}; MNIST labels (n,) of unsigned "
                "bytes start with 0x00000801. Is this the right file?",
                path=str(path),
                magic=header.magic,
            )
        )
    if is_images and header.shape[1:] != (28, 28):
        raise MnistFileError(
            say(
                "{path}: wrong dimensions {shape}; MNIST images are (n, 28, 28). Is this the "
                "right file?",
                path=str(path),
                shape=header.shape,
            )
        )
    if not is_images and array.size and array.max() > 9:
        first_bad = int(np.argmax(array > 9))
        raise MnistFileError(
            say(
                "{path}: label {label} at position {position} is outside 0-9; the file is "
                "damaged or is not MNIST. Delete it and download it again.",
                path=str(path),
                label=int(array[first_bad]),
                position=first_bad,
            )
        )
    if not is_images:
        partner = name.replace("labels-idx1", "images-idx3")
        partner_path = _find(directory, partner)
        if partner_path is not None:
            try:
                n_images = _header_count(partner_path)
            except IdxFormatError:
                n_images = None  # reported when that file is read
            if n_images is not None and n_images != array.shape[0]:
                raise MnistFileError(
                    say(
                        "{path}: its number of labels ({n_labels}) differs from the number of "
                        "images in {partner} ({n_images}); one of the two files is wrong. "
                        "Delete both and download them again.",
                        path=str(path),
                        n_labels=array.shape[0],
                        partner=partner_path.name,
                        n_images=n_images,
                    )
                )
    if digest != checksums[name]:
        raise MnistFileError(
            say(
                "{path}: the SHA-256 of its decompressed content is {digest}, expected "
                "{expected}. The file is damaged or is another data set with the same name "
                "(Fashion-MNIST uses these names too). Delete it and run load_mnist() or "
                "`python -m nnbook.datasets download` again to download a fresh copy.",
                path=str(path),
                digest=digest,
                expected=checksums[name],
            )
        )
    return array


def _header_count(path: Path) -> int:
    return read_idx_header(path).shape[0]


def _scale(images: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """(n, 28, 28) uint8 -> (n, 784) of ``dtype`` in [0, 1], with one array of ``dtype``."""
    X = images.reshape(len(images), -1).astype(dtype)  # the only large copy
    X /= dtype.type(255)  # in place: no float64 temporary
    return X


def _labels(labels: np.ndarray) -> np.ndarray:
    return labels.astype(np.int64)


def _check_checksums(checksums: Mapping[str, str] | None) -> Mapping[str, str]:
    if checksums is None:
        return MNIST_SHA256
    if not isinstance(checksums, Mapping):
        raise TypeError(
            say(
                "checksums must be a dict of SHA-256 hex digests by file name, like "
                "nnbook.datasets.MNIST_SHA256; got {kind}. Leave it out to use the real "
                "MNIST's.",
                kind=type(checksums).__name__,
            )
        )
    missing = [name for name in MNIST_FILES if name not in checksums]
    if missing:
        raise ValueError(
            say(
                "checksums must give a SHA-256 for each of {names}; missing {missing}. Add "
                "them, or leave checksums out to use the real MNIST's.",
                names=", ".join(MNIST_FILES),
                missing=", ".join(missing),
            )
        )
    result = {}
    for name in MNIST_FILES:
        digest = checksums[name]
        if not (
            isinstance(digest, str)
            and len(digest) == 64
            and all(c in "0123456789abcdef" for c in digest.lower())
        ):
            raise ValueError(
                say(
                    "checksums[{name!r}] must be a SHA-256 digest: 64 hexadecimal characters, "
                    "such as {example!r}; got {digest!r}.",
                    name=name,
                    example=MNIST_SHA256[name],
                    digest=digest,
                )
            )
        result[name] = digest.lower()
    return result


# --------------------------------------------------------------------------------------
# Downloading
# --------------------------------------------------------------------------------------


def download_mnist(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    mirrors: str | Sequence[str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    progress: bool = True,
    checksums: Mapping[str, str] | None = None,
) -> Path:
    """Make sure the four MNIST files are in place and intact; download the missing ones.

    Files already present are checked (SHA-256 of the decompressed content), not downloaded
    again. A missing file is fetched from each mirror in turn into a temporary file in the
    same directory, checked, and renamed to its final name (``<name>.gz``) only if correct.

    Parameters
    ----------
    data_dir : str or path-like, optional
        Target directory; default :func:`default_data_dir` (``$NNBOOK_DATA_DIR`` or the
        per-user cache).
    mirrors : str or sequence of str, optional
        Base URLs, tried in order; default ``$NNBOOK_MNIST_MIRRORS`` (comma- or
        space-separated), else :data:`DEFAULT_MIRRORS`. ``http``, ``https`` and ``file``
        URLs work.
    timeout : float, default 30
        Seconds to wait for a mirror (for each connection and each read); less than a day.
    progress : bool, default True
        Show a progress bar while downloading.
    checksums : mapping of str to str, optional
        Expected SHA-256 of each decompressed file; default :data:`MNIST_SHA256`.

    Returns
    -------
    pathlib.Path
        The directory holding the four files.

    Raises
    ------
    MnistDownloadError
        Every mirror failed for a file (the message lists each one with its error and how to
        place the files by hand), or the directory cannot be written to.
    MnistFileError
        A file already present is damaged or is not MNIST.
    TypeError, ValueError
        An argument of the wrong type or value; the message names it.
    """
    progress = check_bool(progress, "progress")
    timeout = check_float(timeout, "timeout", strict=True, maximum=MAX_TIMEOUT)
    directory = _data_folder(data_dir)
    checksums = _check_checksums(checksums)
    mirror_list = _resolve_mirrors(mirrors)
    missing = []
    for name in MNIST_FILES:
        path = _find(directory, name)
        if path is None:
            missing.append(name)
            continue
        try:
            digest = content_sha256(path)
        except IdxFormatError as error:
            raise MnistFileError(str(error)) from None
        if digest != checksums[name]:
            raise MnistFileError(
                say(
                    "{path}: the SHA-256 of its decompressed content is {digest}, expected "
                    "{expected}. The file is damaged or is not MNIST: delete it and run this "
                    "again to download a fresh copy.",
                    path=str(path),
                    digest=digest,
                    expected=checksums[name],
                )
            )
    if missing:
        _download_missing(directory, missing, mirror_list, timeout, progress, checksums)
    _remember(directory)
    return directory


def _download_missing(
    directory: Path,
    names: Sequence[str],
    mirrors: Sequence[str],
    timeout: float,
    progress: bool,
    checksums: Mapping[str, str],
) -> None:
    created = [p for p in (directory, *directory.parents) if not p.exists()]  # deepest first
    try:
        _ensure_writable(directory)
        for name in names:
            _download_one(directory, name, mirrors, timeout, progress, checksums[name])
    except BaseException:  # Ctrl-C too: remove the folders this call created, if still empty
        for folder in created:
            try:
                folder.rmdir()  # fails on a folder that holds anything (a verified file)
            except OSError:
                break
        raise


def _download_one(
    directory: Path,
    name: str,
    mirrors: Sequence[str],
    timeout: float,
    progress: bool,
    checksum: str,
) -> Path:
    """Fetch ``name.gz`` from the first mirror that serves a correct copy."""
    target = directory / f"{name}.gz"
    failures: list[tuple[str, str]] = []
    for base in mirrors:
        url = base + f"{name}.gz"
        fd, temp_name = tempfile.mkstemp(dir=directory, prefix=f".{name}.gz.", suffix=".part")
        temp = Path(temp_name)
        moved = False
        try:
            with os.fdopen(fd, "wb") as out:
                _fetch(url, out, timeout, progress, desc=f"{name}.gz")
            with open(temp, "rb") as check:
                start = check.read(16)
            if not start.startswith(_GZIP_SIGNATURE):
                raise _RejectedError(
                    say(
                        "the answer is not gzip data (it starts with {start}; an error page?)",
                        start=repr(start),
                    )
                )
            digest = content_sha256(temp)
            if digest != checksum:
                raise _RejectedError(
                    say(
                        "wrong content: SHA-256 of the decompressed file is {digest}, expected "
                        "{expected}",
                        digest=digest,
                        expected=checksum,
                    )
                )
            os.replace(temp, target)
            moved = True
            return target
        except IdxFormatError as error:
            reason = say("not a valid gzip file ({error})", error=str(error.__cause__ or error))
            failures.append((url, reason))
        except _RejectedError as error:
            failures.append((url, str(error)))
        except (OSError, http.client.HTTPException, ValueError) as error:
            failures.append((url, _describe(error, timeout)))
        finally:
            if not moved:
                temp.unlink(missing_ok=True)
    lines = "\n".join(f"  - {url}: {reason}" for url, reason in failures)
    raise MnistDownloadError(
        say(
            "Could not download {file} from any mirror:\n{failures}\n{by_hand}",
            file=target.name,
            failures=lines,
            by_hand=_manual_instructions(directory),
        )
    )


class _RejectedError(Exception):
    """A mirror answered, but with the wrong content."""


def _fetch(url: str, out: BinaryIO, timeout: float, progress: bool, desc: str) -> None:
    """Stream ``url`` into the open file ``out``, checking the length the server announced."""
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        length_header = response.headers.get("Content-Length")
        expected = int(length_header) if length_header and length_header.isdigit() else None
        received = 0
        with tqdm(
            total=expected,
            unit="B",
            unit_scale=True,
            unit_divisor=1024,
            desc=desc,
            disable=not progress,
            leave=False,
        ) as bar:
            while chunk := response.read(_CHUNK):
                out.write(chunk)
                received += len(chunk)
                bar.update(len(chunk))
    if expected is not None and received != expected:
        raise http.client.IncompleteRead(b"", expected - received)


def _describe(error: BaseException, timeout: float) -> str:
    """One line saying what went wrong with a mirror, for the final error message."""
    if isinstance(error, urllib.error.HTTPError):
        return say("HTTP {code} {reason}", code=error.code, reason=str(error.reason))
    if isinstance(error, urllib.error.URLError):
        if isinstance(error.reason, BaseException):
            return _describe(error.reason, timeout)
        return say("cannot connect ({reason})", reason=str(error.reason))
    if isinstance(error, TimeoutError | socket.timeout):
        return say("no answer within the {timeout:g} s timeout", timeout=timeout)
    if isinstance(error, http.client.IncompleteRead):
        return say_n(
            "the connection closed before the whole file arrived ({n} byte missing)",
            "the connection closed before the whole file arrived ({n} bytes missing)",
            error.expected,
        )
    if isinstance(error, socket.gaierror):
        return say("cannot find the host ({reason})", reason=str(error.strerror or error))
    if isinstance(error, ConnectionError):
        return say("connection failed ({reason})", reason=str(error.strerror or error))
    if isinstance(error, OSError) and error.strerror:
        return f"{type(error).__name__}: {error.strerror}"
    return f"{type(error).__name__}: {error}"


def _ensure_writable(directory: Path) -> None:
    """Create ``directory`` and check a file can be written there, before any download."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=directory):
            pass
    except OSError as error:
        reason = f"{type(error).__name__}: {error.strerror or error}"
        raise MnistDownloadError(
            say(
                "Cannot write the MNIST files to {directory} ({error}).\nChoose a directory "
                "you can write to, with load_mnist(data_dir=...), `python -m nnbook.datasets "
                "download DIR`, or the environment variable {variable}.\n{by_hand}",
                directory=str(directory),
                error=reason,
                variable=DATA_DIR_ENV,
                by_hand=_manual_instructions(directory),
            )
        ) from None


def _resolve_mirrors(mirrors: str | Sequence[str] | None) -> list[str]:
    """The mirror list: the argument, else ``$NNBOOK_MNIST_MIRRORS``, else the defaults."""
    from_env = False
    if mirrors is None:
        text = os.environ.get(MIRRORS_ENV, "").strip()
        mirrors, from_env = (text, True) if text else (DEFAULT_MIRRORS, False)
    if isinstance(mirrors, str):
        mirrors = mirrors.replace(",", " ").split()
    if not isinstance(mirrors, Sequence) or not all(isinstance(m, str) for m in mirrors):
        raise TypeError(
            say(
                "mirrors must be a URL string or a sequence of URL strings, such as {example!r}; "
                "got {value!r}.",
                example=DEFAULT_MIRRORS[0],
                value=mirrors,
            )
        )
    result = []
    for url in mirrors:
        url = url.strip()
        if not url.startswith(("http://", "https://", "file://")) and from_env:
            raise ValueError(
                say(
                    "The environment variable {variable}: {url!r} is not an http://, https:// "
                    "or file:// URL. Give base URLs such as {example!r}, under which the four "
                    ".gz files are served, or unset it to use the built-in mirrors.",
                    variable=MIRRORS_ENV,
                    url=url,
                    example=DEFAULT_MIRRORS[0],
                )
            )
        if not url.startswith(("http://", "https://", "file://")):
            raise ValueError(
                say(
                    "mirrors: {url!r} is not an http://, https:// or file:// URL. Give base URLs "
                    "such as {example!r}, under which the four .gz files are served.",
                    url=url,
                    example=DEFAULT_MIRRORS[0],
                )
            )
        result.append(url if url.endswith("/") else url + "/")
    if not result and from_env:
        raise ValueError(
            say(
                "The environment variable {variable} holds no URL; give at least one base URL, "
                "or unset it to use the built-in mirrors.",
                variable=MIRRORS_ENV,
            )
        )
    if not result:
        raise ValueError(
            say(
                "mirrors is empty; give at least one base URL, such as {example!r}.",
                example=DEFAULT_MIRRORS[0],
            )
        )
    return result


def _manual_instructions(directory: Path) -> str:
    """How to put the files in place by hand (the end of every error that needs it)."""
    return say(
        "To install MNIST by hand, download these four files (from any MNIST mirror, for "
        "example {mirror}):\n{files}\nand put them, gzip'd or decompressed, in\n"
        "    {directory}\nor in another directory that you name with the environment variable "
        "{data_variable} (or the data_dir argument of load_mnist). Other mirrors can be given "
        "with the environment variable {mirrors_variable} (comma- or space-separated base "
        "URLs).",
        mirror=DEFAULT_MIRRORS[0],
        files="\n".join(f"    {name}.gz" for name in MNIST_FILES),
        directory=str(directory),
        data_variable=DATA_DIR_ENV,
        mirrors_variable=MIRRORS_ENV,
    )
