"""Atomic file output: every file is written to a temporary name, fsynced, and renamed.

A crash, a power cut or Ctrl-C therefore never leaves a half-written report, figure or
array at the final path: readers see the old file or the complete new one.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path

__all__ = ["atomic_write_text", "atomic_write_json", "atomic_savefig", "atomic_savez",
           "atomic_dir", "check_output", "jsonable"]


def _atomic(path, writer, suffix=""):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=suffix + ".tmp")
    os.close(fd)
    try:
        writer(tmp)
        with open(tmp, "rb+") as fh:  # data on disk before the rename makes it visible
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual mode
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def atomic_write_text(path, text: str) -> Path:
    """Write ``text`` to ``path`` atomically."""
    return _atomic(path, lambda tmp: Path(tmp).write_text(text))


def atomic_write_json(path, obj) -> Path:
    """Write ``obj`` as indented JSON atomically (non-finite floats are rejected)."""
    return atomic_write_text(path, json.dumps(obj, indent=2, allow_nan=False) + "\n")


def atomic_savefig(fig, path, **kwargs) -> Path:
    """``fig.savefig`` to ``path`` atomically (format taken from the suffix of ``path``)."""
    fmt = Path(path).suffix.lstrip(".") or "png"
    return _atomic(path, lambda tmp: fig.savefig(tmp, format=fmt, **kwargs))


def atomic_savez(path, **arrays) -> Path:
    """Write an uncompressed ``.npz`` (``np.load`` reads it) to ``path`` atomically.

    Each array's buffer is streamed into the archive without the per-array copies of
    ``np.savez``; a value may also be an object with ``shape``, ``dtype`` and ``blocks()``
    (C-order pieces), so arrays larger than memory can be written block by block.
    """
    import zipfile

    def write(tmp):
        with open(tmp, "wb") as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_STORED,
                                                    allowZip64=True) as zf:
            for name, value in arrays.items():
                with zf.open(name + ".npy", "w", force_zip64=True) as out:
                    _write_member(out, value)
    return _atomic(path, write)


def _write_member(out, value) -> None:
    """One .npy member: an array, or an object with shape, dtype and blocks() (C order)."""
    import numpy as np
    if hasattr(value, "blocks"):
        header = {"descr": np.lib.format.dtype_to_descr(np.dtype(value.dtype)),
                  "fortran_order": False, "shape": tuple(value.shape)}
        np.lib.format.write_array_header_2_0(out, header)
        for b in value.blocks():
            out.write(memoryview(np.ascontiguousarray(b).reshape(-1)).cast("B"))
        return
    a = np.asarray(value)
    a = a if a.flags.c_contiguous else a.copy()  # (ascontiguousarray makes 0-d arrays 1-d)
    np.lib.format.write_array_header_2_0(out, np.lib.format.header_data_from_array_1_0(a))
    if a.size:
        out.write(memoryview(a.reshape(-1)).cast("B"))


@contextlib.contextmanager
def atomic_dir(path):
    """Build a whole output directory in a temporary sibling, then swap it into place.

    Yields the temporary directory.  On success an existing ``path`` (a directory) is
    moved aside, the new one renamed into place and the old one removed; on any error or
    Ctrl-C the temporary directory is removed and ``path`` is left as it was, so a reader
    never sees a half-written report.
    """
    path = Path(path)
    check_output("out", path, kind="dir")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"))
    try:
        yield tmp
        old = None
        if path.exists():
            old = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".old"))
            os.rmdir(old)
            os.replace(path, old)
        os.replace(tmp, path)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _error(msg):
    from ._validate import NQMValueError
    return NQMValueError(msg)


def check_output(flag: str, path, *, kind: str = "file") -> Path:
    """Refuse an output path that cannot be written, before any work starts.

    ``kind`` is ``"file"`` (must not be an existing directory; its folder must exist or
    be creatable and be writable) or ``"dir"`` (must not be an existing file).
    """
    if path is None or not str(path).strip():
        raise _error(f"`{flag}` must be a non-empty path, got {path!r}")
    p = Path(path)
    if kind == "file" and p.is_dir():
        raise _error(f"`{flag}` {str(p)!r} is a directory; give a file name")
    if kind == "dir" and p.exists() and not p.is_dir():
        raise _error(f"`{flag}` {str(p)!r} exists and is not a directory")
    base = p if kind == "dir" and p.exists() else p.parent
    while not base.exists():
        if base.parent == base:
            break
        base = base.parent
    if not base.is_dir() or not os.access(base, os.W_OK | os.X_OK):
        raise _error(f"`{flag}` {str(p)!r} cannot be written (folder {str(base)!r} "
                            "is not a writable directory)")
    return p


def jsonable(obj, drop=()):
    """``obj`` with numpy scalars as Python numbers and non-finite floats as strings.

    Keys in ``drop`` (raw arrays kept for plotting) are left out of dicts.

    Examples
    --------
    >>> import numpy as np
    >>> jsonable({"a": np.float64(1.5), "b": float("nan"), "c": [np.int64(2)]})
    {'a': 1.5, 'b': 'nan', 'c': [2]}
    """
    import math

    import numpy as np
    if isinstance(obj, dict):
        return {k: jsonable(v, drop) for k, v in obj.items() if k not in drop}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v, drop) for v in obj]
    if isinstance(obj, (np.bool_, bool)):
        return bool(obj)
    if isinstance(obj, (np.integer, int)):
        return int(obj)
    if isinstance(obj, (np.floating, float)):
        return float(obj) if math.isfinite(obj) else repr(float(obj))
    if isinstance(obj, np.ndarray):
        return jsonable(obj.tolist(), drop)
    return obj
