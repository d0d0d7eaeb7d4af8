"""Reading IDX files, the small binary format MNIST is stored in.

An IDX file is a header followed by the numbers, all big-endian (most significant byte
first)::

    bytes 0-1    0x00 0x00
    byte  2      the type of every number: 0x08 unsigned byte, 0x09 signed byte,
                 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64
    byte  3      d, the number of dimensions
    d x 4 bytes  the size of each dimension, as unsigned 32-bit integers
    the rest     the numbers, in row-major order (the last index changes fastest)

So the MNIST training images start ``00 00 08 03  00 00 EA 60  00 00 00 1C  00 00 00 1C``:
unsigned bytes, 3 dimensions, 60000 x 28 x 28. The files are often gzip'd; the functions
here read both forms and tell them apart by the gzip signature (``1F 8B``), not by the name.

Anything wrong with a file (a wrong magic number, a file cut short, bytes left over, corrupt
gzip data) raises :class:`IdxFormatError` with the file's name and what is wrong.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import math
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple

import numpy as np

from ..messages import say, say_n

__all__ = ["IdxFormatError", "IdxHeader", "parse_idx_header", "read_idx", "read_idx_header"]

# Type code (byte 2 of the header) -> numpy dtype, big-endian as stored.
IDX_TYPES: dict[int, np.dtype] = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}

_GZIP_SIGNATURE = b"\x1f\x8b"
_CHUNK = 1 << 20  # read and hash 1 MiB at a time
_MAX_DEFLATE_RATIO = 1032  # deflate cannot expand data by more than about 1032 : 1


class IdxFormatError(ValueError):
    """A file is not a valid IDX file (or not valid gzip'd IDX); the message says why."""


class IdxHeader(NamedTuple):
    """The header of an IDX file.

    Attributes
    ----------
    magic : int
        The first four bytes as a big-endian integer, e.g. ``0x00000803`` for MNIST images.
    dtype : numpy.dtype
        Type of the numbers as stored (big-endian), from byte 2.
    shape : tuple of int
        The size of each dimension, e.g. ``(60000, 28, 28)``.
    header_size : int
        Bytes before the data: ``4 + 4 * len(shape)``.
    gzipped : bool
        Whether the file on disk is gzip'd (the header is that of the decompressed content).
    """

    magic: int
    dtype: np.dtype
    shape: tuple[int, ...]
    header_size: int
    gzipped: bool


def read_idx_header(path: str | os.PathLike[str]) -> IdxHeader:
    """Read and check only the header of the IDX file at ``path`` (gzip'd or not).

    Returns
    -------
    IdxHeader
        ``(magic, dtype, shape, header_size, gzipped)``.

    Raises
    ------
    IdxFormatError
        If the header is not a valid IDX header.

    Examples
    --------
    >>> header = read_idx_header("train-images-idx3-ubyte.gz")  # doctest: +SKIP
    >>> hex(header.magic), header.shape  # doctest: +SKIP
    ('0x803', (60000, 28, 28))
    """
    path = Path(path)
    with _open_idx(path) as (f, gzipped), _named_errors(path):
        header, _ = parse_idx_header(f, path, gzipped)
    return header


def read_idx(path: str | os.PathLike[str]) -> np.ndarray:
    """Read an IDX file (gzip'd or not) into a numpy array.

    Parameters
    ----------
    path : str or path-like
        The file.

    Returns
    -------
    ndarray
        Shape and type from the header, in native byte order: for MNIST's training images,
        ``uint8`` of shape ``(60000, 28, 28)``; for its labels, ``uint8`` of shape ``(60000,)``.

    Raises
    ------
    IdxFormatError
        If the header is invalid, the file holds fewer or more bytes than the header
        announces, or the gzip data is corrupt.
    """
    _, array, _ = read_idx_with_sha256(path)
    return array


def read_idx_with_sha256(path: str | os.PathLike[str]) -> tuple[IdxHeader, np.ndarray, str]:
    """Like :func:`read_idx`, and also return the header and the SHA-256 of the content.

    The hash is that of the decompressed bytes (header and data), computed while reading,
    so checking a file costs no second pass and no extra copy.

    Returns
    -------
    header : IdxHeader
    array : ndarray
    sha256 : str
        Hex digest of the decompressed file content.
    """
    path = Path(path)
    hasher = hashlib.sha256()
    with _open_idx(path) as (f, gzipped), _named_errors(path):
        header, raw_header = parse_idx_header(f, path, gzipped)
        hasher.update(raw_header)
        n_bytes = math.prod(header.shape) * header.dtype.itemsize  # Python int: no overflow
        _check_plausible_size(path, header, n_bytes)
        data = np.empty(n_bytes, dtype=np.uint8)  # filled in place: no second copy
        view = memoryview(data)
        done = 0
        while done < n_bytes:
            got = f.readinto(view[done : done + _CHUNK])
            if not got:
                raise IdxFormatError(
                    say_n(
                        "{path}: the file is truncated: its header announces shape {shape} "
                        "({n_bytes} bytes of data) but the data ends after {n} byte. "
                        "Delete it and download it again.",
                        "{path}: the file is truncated: its header announces shape {shape} "
                        "({n_bytes} bytes of data) but the data ends after {n} bytes. "
                        "Delete it and download it again.",
                        done,
                        path=str(path),
                        shape=header.shape,
                        n_bytes=n_bytes,
                    )
                )
            done += got
        hasher.update(view)
        extra = _count_rest(f)
        if extra:
            raise IdxFormatError(
                say_n(
                    "{path}: {n} extra byte after the {n_bytes} bytes of data its header "
                    "announces (shape {shape}); the header's dimensions are wrong or the file "
                    "is not what its name says. Delete it and download it again.",
                    "{path}: {n} extra bytes after the {n_bytes} bytes of data its header "
                    "announces (shape {shape}); the header's dimensions are wrong or the file "
                    "is not what its name says. Delete it and download it again.",
                    extra,
                    path=str(path),
                    n_bytes=n_bytes,
                    shape=header.shape,
                )
            )
    array = data.view(header.dtype).reshape(header.shape)
    if header.dtype.itemsize > 1:
        array = array.astype(header.dtype.newbyteorder("="))
    return header, array, hasher.hexdigest()


def content_sha256(path: str | os.PathLike[str]) -> str:
    """SHA-256 of a file's content, decompressed first if it is gzip'd.

    Reads 1 MiB at a time, so memory use does not grow with the file. The content need not
    be IDX.

    Raises
    ------
    IdxFormatError
        If the file is gzip'd and the gzip data is corrupt or cut short.
    """
    path = Path(path)
    hasher = hashlib.sha256()
    with _open_idx(path) as (f, _), _named_errors(path):
        while chunk := f.read(_CHUNK):
            hasher.update(chunk)
    return hasher.hexdigest()


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


@contextlib.contextmanager
def _open_idx(path: Path) -> Iterator[tuple[BinaryIO, bool]]:
    """Open ``path`` for reading, through gzip if it starts with the gzip signature."""
    with open(path, "rb") as raw:
        gzipped = raw.read(2) == _GZIP_SIGNATURE
        raw.seek(0)
        if gzipped:
            with gzip.GzipFile(fileobj=raw, mode="rb") as f:
                yield f, True
        else:
            yield raw, False


@contextlib.contextmanager
def _named_errors(path: Path) -> Iterator[None]:
    """Turn the gzip module's low-level errors into an IdxFormatError naming the file."""
    try:
        yield
    except EOFError as error:
        raise IdxFormatError(
            say(
                "{path}: the gzip data is cut short ({error}). The file is incomplete: delete "
                "it and download it again.",
                path=str(path),
                error=str(error),
            )
        ) from error
    except (zlib.error, gzip.BadGzipFile) as error:
        raise IdxFormatError(
            say(
                "{path}: the gzip data is corrupt ({error}). Delete the file and download it "
                "again.",
                path=str(path),
                error=str(error),
            )
        ) from error


def parse_idx_header(f: BinaryIO, path: Path, gzipped: bool) -> tuple[IdxHeader, bytes]:
    """Read an IDX header from the open (decompressed) stream ``f`` and check every part of it.

    An IDX file starts with two zero bytes, a type code (``0x08``: unsigned bytes), the number
    of dimensions, and then each dimension's size as a 4-byte big-endian integer.

    Parameters
    ----------
    f : binary file object
        Positioned at the start of the content.
    path : Path
        The file's name, for the error messages.
    gzipped : bool
        Recorded in the result.

    Returns
    -------
    header : IdxHeader
    raw : bytes
        The header's bytes as read (part of the content whose SHA-256 is checked).

    Raises
    ------
    IdxFormatError
        For a file that is empty or truncated inside its header, or not an IDX file.
    """
    start = _read_up_to(f, 4)
    if len(start) < 4:
        raise IdxFormatError(
            say_n(
                "{path}: the file holds only {n} byte; an IDX file starts with a header of at "
                "least 8 bytes. It is empty or truncated: delete it and download it again.",
                "{path}: the file holds only {n} bytes; an IDX file starts with a header of at "
                "least 8 bytes. It is empty or truncated: delete it and download it again.",
                len(start),
                path=str(path),
            )
        )
    magic = int.from_bytes(start, "big")
    if start[:2] != b"\x00\x00" or start[2] not in IDX_TYPES or start[3] == 0:
        raise IdxFormatError(
            say(
                "{path}: wrong magic number 0x{magic:08X}; an IDX file starts with 00 00, a type "
                "code (08 for unsigned bytes) and the number of dimensions (MNIST images start "
                "with 0x00000803, labels with 0x00000801). This is not an IDX file.",
                path=str(path),
                magic=magic,
            )
        )
    ndim = start[3]
    dims = _read_up_to(f, 4 * ndim)
    if len(dims) < 4 * ndim:
        raise IdxFormatError(
            say_n(
                "{path}: the file is truncated inside its header: magic 0x{magic:08X} announces "
                "{ndim} dimensions ({n_bytes} bytes) but only {n} byte follows. Delete it and "
                "download it again.",
                "{path}: the file is truncated inside its header: magic 0x{magic:08X} announces "
                "{ndim} dimensions ({n_bytes} bytes) but only {n} bytes follow. Delete it and "
                "download it again.",
                len(dims),
                path=str(path),
                magic=magic,
                ndim=ndim,
                n_bytes=4 * ndim,
            )
        )
    shape = tuple(int(d) for d in np.frombuffer(dims, dtype=">u4"))
    header = IdxHeader(magic, IDX_TYPES[start[2]], shape, 4 + 4 * ndim, gzipped)
    return header, start + dims


def _check_plausible_size(path: Path, header: IdxHeader, n_bytes: int) -> None:
    """Refuse a header whose dimensions cannot fit in the file, before allocating for them."""
    size_on_disk = path.stat().st_size
    limit = size_on_disk * _MAX_DEFLATE_RATIO if header.gzipped else size_on_disk
    if header.header_size + n_bytes > limit and header.gzipped:
        raise IdxFormatError(
            say(
                "{path}: the file is truncated or its header is wrong: the header announces "
                "shape {shape} ({n_bytes} bytes of data), more than the {size}-byte gzip file "
                "can hold. Delete it and download it again.",
                path=str(path),
                shape=header.shape,
                n_bytes=n_bytes,
                size=size_on_disk,
            )
        )
    if header.header_size + n_bytes > limit:
        raise IdxFormatError(
            say(
                "{path}: the file is truncated or its header is wrong: the header announces "
                "shape {shape} ({n_bytes} bytes of data), more than the {size}-byte file can "
                "hold. Delete it and download it again.",
                path=str(path),
                shape=header.shape,
                n_bytes=n_bytes,
                size=size_on_disk,
            )
        )


def _read_up_to(f: BinaryIO, n: int) -> bytes:
    """Read ``n`` bytes, or fewer only at the end of the file."""
    parts = []
    while n > 0 and (chunk := f.read(n)):
        parts.append(chunk)
        n -= len(chunk)
    return b"".join(parts)


def _count_rest(f: BinaryIO) -> int:
    count = 0
    while chunk := f.read(_CHUNK):
        count += len(chunk)
    return count
