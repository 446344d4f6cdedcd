"""Atomic file output: every file is written to a temporary name and renamed into place.

A crash or Ctrl-C therefore never leaves a half-written report, figure or array.
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
    """``numpy.savez_compressed`` to ``path`` atomically."""
    import numpy as np

    def write(tmp):
        with open(tmp, "wb") as fh:
            np.savez_compressed(fh, **arrays)
    return _atomic(path, write)
