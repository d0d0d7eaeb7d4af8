"""Tests of the IDX reader and the MNIST loader/downloader.

The tests write their own tiny IDX files (20 training and 10 test images) and serve them from
a loopback HTTP server running in a thread, with routes that answer well, 404, corrupt bytes,
the wrong content, a truncated body and a stalled response. The real MNIST is loaded only if
it is present (``$NNBOOK_DATA_DIR`` or ``../shared/data/mnist`` next to the repository).
"""

from __future__ import annotations

import gzip
import hashlib
import http.server
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

import nnbook
from nnbook.datasets import idx, mnist
from nnbook.datasets.__main__ import main as cli_main
from nnbook.datasets.mnist import (
    MNIST_FILES,
    MnistDownloadError,
    MnistFileError,
    MnistNotFoundError,
    download_mnist,
    load_mnist,
    mnist_dir,
)

TIMEOUT = 0.5  # seconds; the stalled routes sleep STALL > TIMEOUT
STALL = 1.5
REPO = Path(__file__).resolve().parents[1]
TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS = MNIST_FILES


# --- tiny IDX data ----------------------------------------------------------------------


def idx_bytes(array: np.ndarray, type_code: int = 0x08) -> bytes:
    """An IDX file for ``array``, written independently of nnbook's reader."""
    header = bytes([0, 0, type_code, array.ndim])
    header += b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    big_endian = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
    return header + array.astype(big_endian[type_code]).tobytes()


def tiny_mnist(seed: int = 0, n_train: int = 20, n_test: int = 10) -> dict:
    """Arrays, raw IDX bytes and SHA-256s of a small MNIST look-alike."""
    rng = np.random.default_rng(seed)
    arrays = {
        TRAIN_IMAGES: rng.integers(0, 256, size=(n_train, 28, 28), dtype=np.uint8),
        TRAIN_LABELS: rng.integers(0, 10, size=n_train, dtype=np.uint8),
        TEST_IMAGES: rng.integers(0, 256, size=(n_test, 28, 28), dtype=np.uint8),
        TEST_LABELS: rng.integers(0, 10, size=n_test, dtype=np.uint8),
    }
    arrays[TRAIN_IMAGES][0, 0, 0], arrays[TRAIN_IMAGES][0, 0, 1] = 0, 255  # both extremes
    raw = {name: idx_bytes(a) for name, a in arrays.items()}
    sha = {name: hashlib.sha256(content).hexdigest() for name, content in raw.items()}
    return {"arrays": arrays, "raw": raw, "sha": sha}


TINY = tiny_mnist()


def gz(content: bytes, level: int = 9, mtime: int = 0) -> bytes:
    return gzip.compress(content, compresslevel=level, mtime=mtime)


def place(directory: Path, raw: dict, names=MNIST_FILES, *, gzipped: bool = True, level=9):
    directory.mkdir(parents=True, exist_ok=True)
    for name in names:
        if gzipped:
            (directory / f"{name}.gz").write_bytes(gz(raw[name], level))
        else:
            (directory / name).write_bytes(raw[name])


# --- loopback server --------------------------------------------------------------------


class Handler(http.server.BaseHTTPRequestHandler):
    """Routes: /<mode>/<name>.gz with mode one of good, missing (404), corrupt (an HTML page),
    badgzip (damaged gzip), wrong (valid gzip, other content), truncated (Content-Length
    larger than the body), stall (headers, then silence) and stallheaders (silence before
    any answer)."""

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.server.log.append(self.path)
        mode, _, filename = self.path.strip("/").partition("/")
        name = filename.removesuffix(".gz")
        if name not in TINY["raw"] or mode == "missing":
            self.send_error(404)
            return
        body = gz(TINY["raw"][name])
        if mode == "corrupt":
            body = b"<html>Access denied</html>" * 20
        elif mode == "badgzip":  # gzip signature, then damage
            body = _corrupt_gzip(TINY["raw"][name])
        elif mode == "wrong":  # valid gzip, but another content
            body = gz(TINY["raw"][name][:-1] + b"\x01")
        elif mode == "stallheaders":
            time.sleep(STALL)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if mode == "truncated":
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        if mode == "stall":
            self.wfile.write(body[:10])
            self.wfile.flush()
            time.sleep(STALL)
            return
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address):
        pass  # the client hung up on a stalled route: expected


@pytest.fixture(scope="module")
def server():
    srv = Server(("127.0.0.1", 0), Handler)
    srv.log = []
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def url(server):
    """url("good") -> base URL of that route; also clears the request log."""
    server.log.clear()
    host, port = server.server_address
    return lambda mode: f"http://{host}:{port}/{mode}/"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    """No proxy for the loopback server, no data directory or mirrors from the environment,
    and a private cache directory."""
    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.delenv("NNBOOK_DATA_DIR", raising=False)
    monkeypatch.delenv("NNBOOK_MNIST_MIRRORS", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setattr(mnist, "_folder_in_use", None)  # no folder remembered from another test


def quiet_download(directory, mirrors, **kwargs):
    kwargs.setdefault("checksums", TINY["sha"])
    return download_mnist(directory, mirrors=mirrors, timeout=TIMEOUT, progress=False, **kwargs)


def requested(server) -> list[str]:
    return list(server.log)


# --- reading IDX ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("type_code", "values"),
    [
        (0x08, np.arange(24, dtype=np.uint8).reshape(2, 3, 4)),
        (0x09, np.array([-128, -1, 0, 127], dtype=np.int8)),
        (0x0B, np.array([[-30000, 2], [3, 30000]], dtype=np.int16)),
        (0x0C, np.array([-(2**31), 2**31 - 1], dtype=np.int32)),
        (0x0D, np.array([0.5, -1.25], dtype=np.float32)),
        (0x0E, np.array([np.pi, -np.e])),
    ],
)
def test_read_idx_round_trip_all_types(tmp_path, type_code, values):
    path = tmp_path / "data.idx"
    path.write_bytes(idx_bytes(values, type_code))
    array = idx.read_idx(path)
    assert array.shape == values.shape
    assert array.dtype == values.dtype.newbyteorder("=")
    np.testing.assert_array_equal(array, values)
    # The same through gzip.
    path_gz = tmp_path / "data.idx.gz"
    path_gz.write_bytes(gz(idx_bytes(values, type_code)))
    np.testing.assert_array_equal(idx.read_idx(path_gz), values)


def test_read_idx_header_fields(tmp_path):
    path = tmp_path / f"{TRAIN_IMAGES}.gz"
    path.write_bytes(gz(TINY["raw"][TRAIN_IMAGES]))
    header = nnbook.datasets.read_idx_header(path)
    assert header.magic == 0x00000803
    assert header.shape == (20, 28, 28)
    assert header.dtype == np.uint8
    assert header.header_size == 16
    assert header.gzipped is True


def test_gzip_is_recognised_by_content_not_name(tmp_path):
    path = tmp_path / "labels.gz"  # named .gz but stored uncompressed
    path.write_bytes(TINY["raw"][TRAIN_LABELS])
    np.testing.assert_array_equal(idx.read_idx(path), TINY["arrays"][TRAIN_LABELS])


# --- loading from a directory -----------------------------------------------------------


def test_load_tiny_mnist(tmp_path):
    place(tmp_path, TINY["raw"])
    (X_train, y_train), (X_test, y_test) = load_mnist(
        tmp_path, download=False, checksums=TINY["sha"]
    )
    assert X_train.shape == (20, 784) and X_test.shape == (10, 784)
    assert X_train.dtype == np.float32 and X_test.dtype == np.float32
    assert y_train.shape == (20,) and y_train.dtype == np.int64 and y_test.dtype == np.int64
    assert X_train.min() == 0.0 and X_train.max() == 1.0
    expected = TINY["arrays"][TRAIN_IMAGES].reshape(20, 784).astype(np.float64) / 255.0
    np.testing.assert_allclose(X_train, expected, rtol=1e-7, atol=0)
    np.testing.assert_array_equal(y_train, TINY["arrays"][TRAIN_LABELS])
    np.testing.assert_array_equal(y_test, TINY["arrays"][TEST_LABELS])
    # The second row is the second image, flattened row by row.
    np.testing.assert_allclose(
        X_train[1, 28:56], TINY["arrays"][TRAIN_IMAGES][1, 1] / 255.0, rtol=1e-7
    )


def test_load_float64(tmp_path):
    place(tmp_path, TINY["raw"])
    (X_train, _), _ = load_mnist(tmp_path, download=False, dtype=np.float64, checksums=TINY["sha"])
    assert X_train.dtype == np.float64
    expected = TINY["arrays"][TRAIN_IMAGES].reshape(20, 784) / 255.0
    np.testing.assert_array_equal(X_train, expected)


def test_differently_gzipped_and_uncompressed_copies_are_all_accepted(tmp_path):
    # Same content, different gzip bytes: as between the shared copy and the mirrors.
    a, b = gz(TINY["raw"][TRAIN_IMAGES], 1, mtime=1), gz(TINY["raw"][TRAIN_IMAGES], 9, mtime=2)
    assert a != b
    (tmp_path / f"{TRAIN_IMAGES}.gz").write_bytes(a)
    place(tmp_path, TINY["raw"], [TRAIN_LABELS], level=1)
    place(tmp_path, TINY["raw"], [TEST_IMAGES, TEST_LABELS], gzipped=False)
    (X_train, _), (X_test, _) = load_mnist(tmp_path, download=False, checksums=TINY["sha"])
    assert X_train.shape == (20, 784) and X_test.shape == (10, 784)
    (tmp_path / f"{TRAIN_IMAGES}.gz").write_bytes(b)
    assert download_mnist(tmp_path, checksums=TINY["sha"], progress=False) == tmp_path


def test_checksums_must_name_every_file(tmp_path):
    with pytest.raises(ValueError, match="missing t10k-labels-idx1-ubyte"):
        load_mnist(tmp_path, checksums={k: v for k, v in TINY["sha"].items() if "t10k-l" not in k})


def test_default_checksums_are_the_real_ones(tmp_path):
    assert mnist.MNIST_SHA256[TRAIN_IMAGES].startswith("ba891046")
    place(tmp_path, TINY["raw"])
    with pytest.raises(MnistFileError, match="SHA-256 of its decompressed content") as info:
        load_mnist(tmp_path, download=False)
    assert TRAIN_IMAGES in str(info.value)
    assert "Fashion-MNIST" in str(info.value)


def test_missing_files_without_download(tmp_path):
    place(tmp_path, TINY["raw"], [TRAIN_IMAGES, TRAIN_LABELS])
    with pytest.raises(MnistNotFoundError) as info:
        load_mnist(tmp_path, download=False, checksums=TINY["sha"])
    message = str(info.value)
    assert TEST_IMAGES in message and TEST_LABELS in message and str(tmp_path) in message
    assert "NNBOOK_DATA_DIR" in message
    assert isinstance(info.value, FileNotFoundError)


def _bad(name: str, content: bytes, gzipped: bool = True):
    return name, content, gzipped


def _corrupt_gzip(content: bytes) -> bytes:
    data = bytearray(gz(content))
    middle = len(data) // 2
    data[middle : middle + 40] = b"\xff" * 40
    return bytes(data)


def _labels_with(values) -> bytes:
    return idx_bytes(np.asarray(values, dtype=np.uint8))


BAD_FILES = {
    "wrong magic": (
        _bad(TRAIN_IMAGES, b"\x12\x34\x56\x78" + TINY["raw"][TRAIN_IMAGES][4:]),
        "wrong magic number 0x12345678",
    ),
    "images in the labels' place": (
        _bad(TRAIN_LABELS, TINY["raw"][TRAIN_IMAGES]),
        "wrong magic number 0x00000803; MNIST labels",
    ),
    "wrong dimensions": (
        _bad(TRAIN_IMAGES, idx_bytes(np.zeros((20, 27, 28), np.uint8))),
        r"wrong dimensions \(20, 27, 28\)",
    ),
    "truncated data": (
        _bad(TRAIN_IMAGES, TINY["raw"][TRAIN_IMAGES][:5000], gzipped=False),
        "truncated",
    ),
    "truncated data, gzip'd": (
        _bad(TRAIN_IMAGES, TINY["raw"][TRAIN_IMAGES][:5000]),
        "the file is truncated",
    ),
    "truncated header": (
        _bad(TRAIN_IMAGES, TINY["raw"][TRAIN_IMAGES][:9], gzipped=False),
        "truncated inside its header",
    ),
    "empty": (_bad(TRAIN_LABELS, b"", gzipped=False), "holds only 0 bytes"),
    "extra bytes": (
        _bad(TRAIN_LABELS, TINY["raw"][TRAIN_LABELS] + b"\x00" * 5),
        "5 extra bytes",
    ),
    "cut gzip": (
        _bad(TRAIN_IMAGES, gz(TINY["raw"][TRAIN_IMAGES])[:3000], gzipped=None),
        "gzip data is cut short",
    ),
    "corrupt gzip": (
        _bad(TRAIN_IMAGES, _corrupt_gzip(TINY["raw"][TRAIN_IMAGES]), gzipped=None),
        "gzip data is (corrupt|cut short)",
    ),
    "label out of range": (
        _bad(TEST_LABELS, _labels_with([1, 2, 3, 10, 4, 5, 6, 7, 8, 9])),
        "label 10 at position 3 is outside 0-9",
    ),
    "count mismatch": (
        _bad(TRAIN_LABELS, idx_bytes(TINY["arrays"][TRAIN_LABELS][:19])),
        r"number of labels \(19\) differs from the number of images in "
        r"train-images-idx3-ubyte\.gz \(20\)",
    ),
    "huge dimensions": (
        _bad(TRAIN_IMAGES, idx_bytes(np.zeros((0, 28, 28), np.uint8))[:4] + b"\xff" * 12),
        "more than the",
    ),
}


@pytest.mark.parametrize("case", list(BAD_FILES), ids=list(BAD_FILES))
def test_invalid_file_gives_a_clear_error(tmp_path, case):
    (name, content, gzipped), match = BAD_FILES[case]
    place(tmp_path, TINY["raw"], [n for n in MNIST_FILES if n != name])
    if gzipped is None:  # already gzip bytes
        bad_path = tmp_path / f"{name}.gz"
        bad_path.write_bytes(content)
    elif gzipped:
        bad_path = tmp_path / f"{name}.gz"
        bad_path.write_bytes(gz(content))
    else:
        bad_path = tmp_path / name
        bad_path.write_bytes(content)
    with pytest.raises(MnistFileError, match=match) as info:
        load_mnist(tmp_path, download=False, checksums=TINY["sha"])
    assert str(bad_path) in str(info.value), "the message must name the file"
    assert isinstance(info.value, ValueError)
    # download_mnist checks files already present too (by content hash, never downloading).
    with pytest.raises(MnistFileError, match=str(bad_path.name)):
        download_mnist(tmp_path, mirrors="http://127.0.0.1:9/", checksums=TINY["sha"])


# --- where the files are looked for -----------------------------------------------------


def test_lookup_order_argument_over_environment_over_cache(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert mnist_dir() == home / ".cache" / "nnbook" / "mnist"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert mnist_dir() == tmp_path / "xdg" / "nnbook" / "mnist"
    assert nnbook.default_data_dir() == mnist_dir()
    monkeypatch.setenv("NNBOOK_DATA_DIR", str(tmp_path / "env"))
    assert mnist_dir() == tmp_path / "env"
    assert mnist_dir(tmp_path / "arg") == tmp_path / "arg"
    assert mnist_dir(str(tmp_path / "arg")) == tmp_path / "arg"
    monkeypatch.setenv("NNBOOK_DATA_DIR", "")  # empty counts as unset
    assert mnist_dir() == tmp_path / "xdg" / "nnbook" / "mnist"


def test_load_reads_from_the_directory_the_lookup_order_picks(tmp_path, monkeypatch):
    sets = {where: tiny_mnist(seed) for seed, where in enumerate(("arg", "env", "cache"))}
    place(tmp_path / "arg", sets["arg"]["raw"])
    place(tmp_path / "env", sets["env"]["raw"])
    place(tmp_path / "xdg" / "nnbook" / "mnist", sets["cache"]["raw"])
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("NNBOOK_DATA_DIR", str(tmp_path / "env"))

    def labels_loaded(where, data_dir=None):
        (_, y), _ = load_mnist(data_dir, download=False, checksums=sets[where]["sha"])
        return y

    y = labels_loaded("arg", tmp_path / "arg")
    np.testing.assert_array_equal(y, sets["arg"]["arrays"][TRAIN_LABELS])
    np.testing.assert_array_equal(labels_loaded("env"), sets["env"]["arrays"][TRAIN_LABELS])
    monkeypatch.delenv("NNBOOK_DATA_DIR")
    np.testing.assert_array_equal(labels_loaded("cache"), sets["cache"]["arrays"][TRAIN_LABELS])


# --- downloading ------------------------------------------------------------------------


def final_files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_download_all_from_a_good_mirror(tmp_path, server, url):
    target = tmp_path / "new" / "dir"
    (X_train, y_train), (X_test, _) = load_mnist(
        target, mirrors=[url("good")], timeout=TIMEOUT, progress=False, checksums=TINY["sha"]
    )
    assert final_files(target) == sorted(f"{n}.gz" for n in MNIST_FILES)  # no temp file left
    assert X_train.shape == (20, 784) and X_test.shape == (10, 784)
    np.testing.assert_array_equal(y_train, TINY["arrays"][TRAIN_LABELS])
    assert requested(server) == [f"/good/{n}.gz" for n in MNIST_FILES]


def test_failover_to_the_next_mirror(tmp_path, server, url):
    mirrors = [url("missing"), url("corrupt"), url("wrong"), url("truncated"), url("good")]
    quiet_download(tmp_path, mirrors)
    assert final_files(tmp_path) == sorted(f"{n}.gz" for n in MNIST_FILES)
    for name in MNIST_FILES:
        tried = [p for p in requested(server) if p.endswith(f"/{name}.gz")]
        assert tried == [
            f"/{m}/{name}.gz" for m in ("missing", "corrupt", "wrong", "truncated")
        ] + [f"/good/{name}.gz"]


def test_stalled_mirror_times_out_and_the_next_one_is_used(tmp_path, server, url):
    place(tmp_path, TINY["raw"], MNIST_FILES[1:])
    start = time.monotonic()
    quiet_download(tmp_path, [url("stall"), url("stallheaders"), url("good")])
    elapsed = time.monotonic() - start
    assert elapsed < 2 * TIMEOUT + 1.0, f"took {elapsed:.1f} s; timeouts are {TIMEOUT} s"
    assert final_files(tmp_path) == sorted(f"{n}.gz" for n in MNIST_FILES)
    assert requested(server)[-1] == f"/good/{TRAIN_IMAGES}.gz"


def test_only_missing_files_are_downloaded(tmp_path, server, url):
    place(tmp_path, TINY["raw"], [TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES])
    quiet_download(tmp_path, [url("good")])
    assert requested(server) == [f"/good/{TEST_LABELS}.gz"]
    # Nothing missing: no request at all.
    load_mnist(tmp_path, mirrors=[url("good")], progress=False, checksums=TINY["sha"])
    assert requested(server) == [f"/good/{TEST_LABELS}.gz"]


def test_all_mirrors_fail_with_one_error_listing_each(tmp_path, server, url):
    modes = ["missing", "corrupt", "badgzip", "wrong", "truncated", "stall"]
    with pytest.raises(MnistDownloadError) as info:
        quiet_download(tmp_path, [url(m) for m in modes])
    message = str(info.value)
    for mode in modes:
        assert f"{url(mode)}{TRAIN_IMAGES}.gz" in message
    assert "HTTP 404" in message
    assert "the answer is not gzip data (it starts with b'<html>" in message
    assert "not a valid gzip file (" in message
    assert "wrong content: SHA-256" in message
    assert "connection closed before the whole file arrived" in message
    assert f"no answer within the {TIMEOUT:g} s timeout" in message
    # How to place the files by hand: which names, which directory, which variable.
    for name in MNIST_FILES:
        assert f"{name}.gz" in message
    assert str(tmp_path) in message and "NNBOOK_DATA_DIR" in message
    assert isinstance(info.value, OSError) and isinstance(info.value, nnbook.MnistError)
    assert final_files(tmp_path) == [], "no partial or temporary file may be left behind"


def test_checksum_rejection_keeps_no_file(tmp_path, server, url):
    with pytest.raises(MnistDownloadError, match="wrong content: SHA-256"):
        quiet_download(tmp_path, [url("wrong")])
    assert final_files(tmp_path) == []
    # With the real checksums, the tiny files served as "good" are rejected too.
    with pytest.raises(MnistDownloadError, match=mnist.MNIST_SHA256[TRAIN_IMAGES]):
        quiet_download(tmp_path, [url("good")], checksums=None)
    assert final_files(tmp_path) == []


def test_unreachable_mirror(tmp_path):
    with pytest.raises(MnistDownloadError, match="http://127.0.0.1:9/train-images"):
        quiet_download(tmp_path, ["http://127.0.0.1:9/"])
    assert final_files(tmp_path) == []


def test_mirrors_from_environment_and_argument_precedence(tmp_path, monkeypatch, server, url):
    monkeypatch.setenv("NNBOOK_MNIST_MIRRORS", f"{url('missing')}, {url('good')}")
    download_mnist(tmp_path / "a", timeout=TIMEOUT, progress=False, checksums=TINY["sha"])
    assert requested(server)[:2] == [f"/missing/{TRAIN_IMAGES}.gz", f"/good/{TRAIN_IMAGES}.gz"]
    server.log.clear()
    monkeypatch.setenv("NNBOOK_MNIST_MIRRORS", url("missing"))
    quiet_download(tmp_path / "b", url("good").rstrip("/"))  # argument wins; "/" added
    assert all(p.startswith("/good/") for p in requested(server))


def test_invalid_mirrors(tmp_path, monkeypatch):
    with pytest.raises(ValueError, match="'ftp://example.org/' is not an http"):
        quiet_download(tmp_path, ["ftp://example.org/"])
    with pytest.raises(ValueError, match="mirrors is empty"):
        quiet_download(tmp_path, [])
    monkeypatch.setenv("NNBOOK_MNIST_MIRRORS", "example.org/mnist")
    with pytest.raises(ValueError, match="environment variable NNBOOK_MNIST_MIRRORS"):
        download_mnist(tmp_path, progress=False, checksums=TINY["sha"])


def test_file_urls_work_for_offline_copies(tmp_path):
    place(tmp_path / "usb", TINY["raw"])
    quiet_download(tmp_path / "dest", [(tmp_path / "usb").as_uri()])
    assert final_files(tmp_path / "dest") == sorted(f"{n}.gz" for n in MNIST_FILES)


def test_progress_bar_while_downloading(tmp_path, server, url, capfd):
    place(tmp_path, TINY["raw"], MNIST_FILES[:3])
    download_mnist(tmp_path, mirrors=[url("good")], progress=True, checksums=TINY["sha"])
    assert f"{TEST_LABELS}.gz" in capfd.readouterr().err
    place(tmp_path / "q", TINY["raw"], MNIST_FILES[:3])
    quiet_download(tmp_path / "q", [url("good")])
    assert capfd.readouterr().err == ""


def test_directory_under_a_regular_file_is_a_clear_error(tmp_path, server, url):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    target = blocker / "mnist"
    with pytest.raises(MnistDownloadError, match="Cannot write the MNIST files to") as info:
        quiet_download(target, [url("good")])
    assert str(target) in str(info.value) and "NNBOOK_DATA_DIR" in str(info.value)
    assert requested(server) == [], "nothing is downloaded before the directory is checked"


def test_read_only_directory_is_a_clear_error(tmp_path, server, url):
    read_only = tmp_path / "ro"
    read_only.mkdir()
    read_only.chmod(0o555)
    try:
        probe = read_only / "probe"
        try:
            probe.write_bytes(b"")
        except PermissionError:
            pass
        else:
            probe.unlink()
            pytest.skip("running as root: chmod 0o555 does not stop writes (see the test above)")
        with pytest.raises(MnistDownloadError, match="Cannot write the MNIST files to"):
            quiet_download(read_only, [url("good")])
        assert requested(server) == []
    finally:
        read_only.chmod(0o755)


def test_nothing_missing_means_nothing_written(tmp_path, server, url, monkeypatch):
    # A read-only directory holding all four files (a shared copy) must work: the write
    # check and the mirrors are used only for missing files.
    place(tmp_path, TINY["raw"])

    def must_not_be_called(*args):
        raise AssertionError("the directory was checked for writing with nothing missing")

    monkeypatch.setattr(mnist, "_ensure_writable", must_not_be_called)
    assert quiet_download(tmp_path, [url("good")]) == tmp_path
    load_mnist(tmp_path, mirrors=[url("good")], progress=False, checksums=TINY["sha"])
    assert requested(server) == []


# --- bad arguments, failed downloads, the folder in use ----------------------------------


@pytest.mark.parametrize("value", ["False", "no", 0, 1, None, np.array([True])])
def test_download_must_be_a_bool(tmp_path, value):
    place(tmp_path, TINY["raw"])
    with pytest.raises(TypeError, match=r"download must be True or False.*; got") as info:
        load_mnist(tmp_path, download=value, checksums=TINY["sha"])
    assert repr(value) in str(info.value)
    if isinstance(value, str):
        assert "(without quotes)" in str(info.value)


def test_numpy_bools_are_bools(tmp_path):
    place(tmp_path, TINY["raw"])
    (X, _), _ = load_mnist(tmp_path, download=np.False_, progress=np.True_, checksums=TINY["sha"])
    assert X.shape == (20, 784)


@pytest.mark.parametrize("function", [load_mnist, download_mnist])
def test_progress_must_be_a_bool(tmp_path, function):
    with pytest.raises(
        TypeError, match=r"progress must be True or False \(without quotes\); got 'no'"
    ):
        function(tmp_path, progress="no", checksums=TINY["sha"])
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("timeout", "error", "match"),
    [
        ("30", TypeError, r"timeout must be a number; got '30'"),
        (True, TypeError, r"timeout must be a number; got True"),
        (0, ValueError, r"timeout must be a finite number > 0.*; got 0"),
        (-1.0, ValueError, r"timeout must be a finite number > 0.*; got -1"),
        (float("nan"), ValueError, r"timeout must be a finite number > 0.*; got nan"),
        (float("inf"), ValueError, r"timeout must be a finite number > 0.*; got inf"),
    ],
)
@pytest.mark.parametrize("function", [load_mnist, download_mnist])
def test_timeout_must_be_a_positive_number(tmp_path, function, timeout, error, match):
    place(tmp_path, TINY["raw"])  # checked even when nothing needs downloading
    with pytest.raises(error, match=match):
        function(tmp_path, timeout=timeout, checksums=TINY["sha"])


@pytest.mark.parametrize("function", [load_mnist, download_mnist])
def test_a_timeout_too_long_for_the_clock_is_refused_before_downloading(tmp_path, function):
    # Before: timeout=1e308 passed the check and reached the socket as an OverflowError.
    with pytest.raises(ValueError, match="timeout") as info:
        function(tmp_path / "new", mirrors="http://127.0.0.1:9/", timeout=1e308, progress=False)
    assert not isinstance(info.value, mnist.MnistError)
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("data_dir", ["", "  "])
def test_an_empty_data_dir_is_refused_rather_than_filling_the_current_folder(
    tmp_path, monkeypatch, data_dir
):
    # Before: "" meant the current folder, and MNIST was downloaded into it.
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match=r"data_dir is an empty string.*data_dir='data/mnist'"):
        load_mnist(data_dir, mirrors="http://127.0.0.1:9/", progress=False)
    with pytest.raises(ValueError, match="data_dir is an empty string"):
        download_mnist(data_dir, mirrors="http://127.0.0.1:9/", progress=False)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "name", ["train-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte", "mnist.npz", "MNIST.zip"]
)
def test_a_data_dir_named_like_a_file_that_does_not_exist_is_refused(tmp_path, name):
    # Before: load_mnist made a folder of that name and downloaded MNIST into it.
    with pytest.raises(ValueError, match=rf"{re.escape(name)} does not exist, and its name is"):
        load_mnist(tmp_path / name, mirrors="http://127.0.0.1:9/", progress=False)
    with pytest.raises(ValueError, match=rf"data_dir='{re.escape(str(tmp_path))}'"):
        download_mnist(tmp_path / name, mirrors="http://127.0.0.1:9/", progress=False)
    assert list(tmp_path.iterdir()) == []
    # a folder that exists is taken whatever its name
    (tmp_path / name).mkdir()
    place(tmp_path / name, TINY["raw"])
    load_mnist(tmp_path / name, download=False, checksums=TINY["sha"])


@pytest.mark.parametrize("dtype", ["banana", np.int32, np.float16, np.longdouble, object])
def test_dtype_must_be_float32_or_float64(tmp_path, dtype):
    place(tmp_path, TINY["raw"])
    with pytest.raises(ValueError, match=r"dtype must be np.float32 or np.float64; got") as info:
        load_mnist(tmp_path, dtype=dtype, checksums=TINY["sha"])
    assert info.value.__cause__ is None  # no numpy traceback above ours
    assert info.value.__context__ is None or info.value.__suppress_context__


@pytest.mark.parametrize(
    ("checksums", "error", "match"),
    [
        ([1, 2, 3, 4], TypeError, r"checksums must be a dict .*got list"),
        ("abc", TypeError, r"checksums must be a dict .*got str"),
        (
            dict(TINY["sha"], **{TEST_LABELS: "abc"}),
            ValueError,
            rf"checksums\['{TEST_LABELS}'\] must be a SHA-256 .*64 hexadecimal.*got 'abc'",
        ),
        (
            dict(TINY["sha"], **{TEST_LABELS: None}),
            ValueError,
            r"must be a SHA-256 .*got None",
        ),
    ],
)
def test_bad_checksums(tmp_path, checksums, error, match):
    with pytest.raises(error, match=match):
        load_mnist(tmp_path, download=False, checksums=checksums)


@pytest.mark.parametrize("data_dir", [123, b"/tmp"])
@pytest.mark.parametrize("function", [load_mnist, download_mnist, mnist_dir])
def test_data_dir_of_the_wrong_type(function, data_dir):
    with pytest.raises(TypeError, match=r"data_dir must be a folder \(str or pathlib.Path\)"):
        function(data_dir)


def test_data_dir_expands_the_home_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert mnist_dir("~/mnist") == tmp_path / "mnist"
    monkeypatch.setenv("NNBOOK_DATA_DIR", "~/env")
    assert mnist_dir() == tmp_path / "env"


@pytest.mark.parametrize("function", [load_mnist, download_mnist, mnist_dir])
def test_data_dir_is_a_file(tmp_path, function):
    place(tmp_path, TINY["raw"])
    a_file = tmp_path / f"{TRAIN_IMAGES}.gz"
    with pytest.raises(ValueError, match=r"is a file, not a folder: use its parent") as info:
        function(a_file)
    message = str(info.value)
    assert str(a_file) in message
    assert f"data_dir={str(tmp_path)!r}" in message, "the fix: the folder that holds it"


def test_data_dir_from_the_environment_is_a_file(tmp_path, monkeypatch):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    monkeypatch.setenv("NNBOOK_DATA_DIR", str(a_file))
    with pytest.raises(ValueError, match=r"notes\.txt is a file, not a folder.*NNBOOK_DATA_DIR"):
        load_mnist(download=False)
    with pytest.raises(ValueError, match=r"notes\.txt is a file, not a folder"):
        download_mnist(mirrors=(tmp_path / "nothing").as_uri())
    assert a_file.read_text() == "x"


def test_failed_download_leaves_no_empty_cache_folder(tmp_path, monkeypatch):
    empty_mirror = tmp_path / "mirror"
    empty_mirror.mkdir()
    monkeypatch.setenv("NNBOOK_MNIST_MIRRORS", empty_mirror.as_uri())
    cache = tmp_path / "xdg-cache"  # XDG_CACHE_HOME, set by clean_env; it does not exist yet
    assert not cache.exists()
    with pytest.raises(MnistDownloadError, match=r"file:///.*train-images-idx3-ubyte\.gz"):
        load_mnist(progress=False)
    assert not cache.exists(), "the folders this call created must be removed again"
    with pytest.raises(MnistDownloadError):
        download_mnist(progress=False)
    assert not cache.exists()
    # An explicit data_dir: the same, down to the first folder that existed before.
    target = tmp_path / "new" / "deeper" / "mnist"
    with pytest.raises(MnistDownloadError):
        load_mnist(target, progress=False)
    assert final_files(tmp_path) == ["mirror"]


def test_failed_download_keeps_a_folder_that_existed_before(tmp_path, monkeypatch):
    monkeypatch.setenv("NNBOOK_MNIST_MIRRORS", (tmp_path / "nothing-here").as_uri())
    target = tmp_path / "mine"
    target.mkdir()
    with pytest.raises(MnistDownloadError):
        load_mnist(target, progress=False)
    assert target.is_dir() and final_files(target) == []


def test_failed_download_keeps_the_files_that_were_verified(tmp_path):
    half = tmp_path / "half-mirror"
    place(half, TINY["raw"], [TRAIN_IMAGES, TRAIN_LABELS])
    target = tmp_path / "new" / "mnist"
    with pytest.raises(MnistDownloadError, match=TEST_IMAGES):
        quiet_download(target, [half.as_uri()])
    assert final_files(target) == [f"{TRAIN_IMAGES}.gz", f"{TRAIN_LABELS}.gz"]
    place(tmp_path / "full-mirror", TINY["raw"])
    quiet_download(target, [(tmp_path / "full-mirror").as_uri()])
    assert len(final_files(target)) == 4


def test_interrupted_download_leaves_no_empty_folder(tmp_path, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(mnist, "_fetch", interrupted)
    target = tmp_path / "new" / "mnist"
    with pytest.raises(KeyboardInterrupt):
        quiet_download(target, [(tmp_path / "m").as_uri()])
    assert not (tmp_path / "new").exists()


NOTEBOOK_05_CELL = """
directory = mnist_dir()
files = {}
for name in MNIST_FILES:
    candidates = [directory / name, directory / (name + ".gz")]
    files[name] = next(path for path in candidates if path.is_file())
"""


def test_mnist_dir_after_load_mnist_with_data_dir(tmp_path):
    # Notebook 05 loads MNIST, then finds its files with mnist_dir(). A learner offline
    # follows the advice and passes data_dir: mnist_dir() must then name that folder, not
    # the empty cache (where next(...) raised a bare StopIteration).
    place(tmp_path / "usb", TINY["raw"])
    load_mnist(tmp_path / "usb", download=False, checksums=TINY["sha"])
    namespace = {"mnist_dir": mnist_dir, "MNIST_FILES": MNIST_FILES}
    exec(NOTEBOOK_05_CELL, namespace)  # noqa: S102 (raised StopIteration before the fix)
    assert mnist_dir() == tmp_path / "usb"
    assert namespace["files"][TRAIN_IMAGES] == tmp_path / "usb" / f"{TRAIN_IMAGES}.gz"
    assert mnist_dir(tmp_path / "other") == tmp_path / "other"  # an argument still wins


def test_mnist_dir_is_the_folder_last_read_from(tmp_path, monkeypatch):
    default = tmp_path / "xdg-cache" / "nnbook" / "mnist"
    assert mnist_dir() == default  # nothing loaded yet: where load_mnist() looks
    place(default, TINY["raw"])
    place(tmp_path / "a", TINY["raw"])
    download_mnist(tmp_path / "a", progress=False, checksums=TINY["sha"])
    assert mnist_dir() == tmp_path / "a"
    load_mnist(download=False, checksums=TINY["sha"])
    assert mnist_dir() == default
    # A failed call changes nothing.
    with pytest.raises(MnistNotFoundError):
        load_mnist(tmp_path / "empty", download=False, checksums=TINY["sha"])
    assert mnist_dir() == default
    assert nnbook.default_data_dir() == default


# --- command line -----------------------------------------------------------------------


def test_cli_download_success(tmp_path, server, url, monkeypatch, capsys):
    monkeypatch.setattr(mnist, "MNIST_SHA256", TINY["sha"])
    status = cli_main(
        ["download", str(tmp_path), "--mirror", url("missing")]
        + ["--mirror", url("good"), "--quiet", "--timeout", "2"]
    )
    out = capsys.readouterr()
    assert status == 0, out.err
    assert f"MNIST is ready in {tmp_path}" in out.out
    for name in MNIST_FILES:
        assert f"{name}.gz" in out.out
    assert final_files(tmp_path) == sorted(f"{n}.gz" for n in MNIST_FILES)


def test_cli_download_default_directory_is_the_lookup_order(tmp_path, server, url, monkeypatch):
    monkeypatch.setattr(mnist, "MNIST_SHA256", TINY["sha"])
    monkeypatch.setenv("NNBOOK_DATA_DIR", str(tmp_path / "env"))
    assert cli_main(["download", "--mirror", url("good"), "--quiet"]) == 0
    assert len(final_files(tmp_path / "env")) == 4


def test_cli_failure_exit_code_and_message(tmp_path, server, url):
    env = {**os.environ, "no_proxy": "127.0.0.1", "NNBOOK_DATA_DIR": str(tmp_path / "d")}
    env.pop("http_proxy", None)
    env.pop("HTTP_PROXY", None)
    result = subprocess.run(
        [sys.executable, "-m", "nnbook.datasets", "download", "--mirror", url("missing")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: Could not download train-images-idx3-ubyte.gz")
    assert "HTTP 404" in result.stderr and "NNBOOK_DATA_DIR" in result.stderr
    assert str(tmp_path / "d") in result.stderr
    assert not (tmp_path / "d").exists(), "the folder it created is removed again"


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (["--timeout", "nan"], r"timeout must be a finite number > 0.*; got nan"),
        (["--timeout", "0"], r"timeout must be a finite number > 0.*; got 0"),
        (["--mirror", "example.org"], r"'example\.org' is not an http"),
    ],
)
def test_cli_bad_options_print_one_line_without_traceback(tmp_path, capsys, args, match):
    assert cli_main(["download", str(tmp_path), *args]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and re.search(match, err)
    assert final_files(tmp_path) == []


def test_cli_directory_that_is_a_file(tmp_path, capsys):
    a_file = tmp_path / "mnist.zip"
    a_file.write_bytes(b"PK")
    assert cli_main(["download", str(a_file), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: The MNIST folder {a_file} is a file, not a folder")


def test_cli_usage_error():
    with pytest.raises(SystemExit) as info:
        cli_main(["fetch"])
    assert info.value.code == 2


# --- the real MNIST, when present -------------------------------------------------------


def real_mnist_dir() -> Path | None:
    candidates = [os.environ.get("NNBOOK_DATA_DIR", ""), REPO.parent / "shared/data/mnist"]
    for candidate in candidates:
        if candidate and all(
            (Path(candidate) / n).is_file() or (Path(candidate) / f"{n}.gz").is_file()
            for n in MNIST_FILES
        ):
            return Path(candidate)
    return None


REAL = real_mnist_dir()
needs_real = pytest.mark.skipif(
    REAL is None, reason="real MNIST not found ($NNBOOK_DATA_DIR or ../shared/data/mnist)"
)

LOAD_AND_MEASURE = """
import json, resource, sys
import numpy as np
from nnbook.datasets import load_mnist
(X, y), (Xt, yt) = load_mnist(sys.argv[1], download=False, progress=False)
print(json.dumps({
    "shapes": [X.shape, y.shape, Xt.shape, yt.shape],
    "dtypes": [str(X.dtype), str(y.dtype), str(Xt.dtype), str(yt.dtype)],
    "range": [float(X.min()), float(X.max()), float(Xt.min()), float(Xt.max())],
    "train_counts": np.bincount(y).tolist(),
    "test_counts": np.bincount(yt).tolist(),
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


@needs_real
@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss is in KiB on Linux only")
def test_real_mnist_loads_with_known_counts_under_600_mb():
    # In a fresh process, so that the peak resident memory is that of loading alone.
    result = subprocess.run(
        [sys.executable, "-c", LOAD_AND_MEASURE, str(REAL)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["shapes"] == [[60000, 784], [60000], [10000, 784], [10000]]
    assert info["dtypes"] == ["float32", "int64", "float32", "int64"]
    assert info["range"] == [0.0, 1.0, 0.0, 1.0]
    assert info["train_counts"] == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    assert info["test_counts"] == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    assert info["peak_rss_mb"] < 600, f"peak RSS {info['peak_rss_mb']:.0f} MB"


@needs_real
def test_real_mnist_checks_out_without_downloading(server, url):
    # Its .gz bytes differ from the mirrors' but the content hashes match; nothing is fetched.
    assert download_mnist(REAL, mirrors=[url("good")], progress=False) == REAL
    assert requested(server) == []
    header = nnbook.datasets.read_idx_header(REAL / f"{TRAIN_IMAGES}.gz")
    assert (header.magic, header.shape) == (0x00000803, (60000, 28, 28))
