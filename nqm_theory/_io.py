"""Atomic file output: every file is written to a temporary name, fsynced, and renamed.

A crash, a power cut or Ctrl-C therefore never leaves a half-written report, figure or
array at the final path: readers see the old file or the complete new one.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

__all__ = ["atomic_write_text", "atomic_write_json", "atomic_savefig", "atomic_savez"]


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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
