"""A verified on-disk cache of generated map modules (so numba can cache their machine code).

numba caches compiled code only for functions that live in a real source file, so the
Python module printed from a map (:func:`nqm_theory.maps.codegen.python_module`) is
written to ``cache_dir()/maps/map_<sha256 of its text>.py``.  The file is never trusted:
before it is executed its bytes are compared with the text the engine has just printed
from the SymPy map, and a missing, truncated or edited file is rewritten atomically
(temporary file, fsync, rename).  The cache directory is ``$NQM_THEORY_CACHE_DIR`` or
``$XDG_CACHE_HOME/nqm_theory`` (default ``~/.cache/nqm_theory``); when it is not writable
a private temporary directory is used.
"""
from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import types
from functools import lru_cache
from pathlib import Path

__all__ = ["cache_dir", "module_path", "load_module", "source_digest"]


def cache_dir() -> Path:
    """Directory of generated code (not created here)."""
    base = os.environ.get("NQM_THEORY_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "nqm_theory")
    return Path(base)


def source_digest(text: str) -> str:
    """SHA-256 (hex) of a generated module's text: its file name and its identity."""
    return hashlib.sha256(text.encode()).hexdigest()


@lru_cache(maxsize=1)
def _writable_dir() -> Path:
    d = cache_dir() / "maps"
    try:
        d.mkdir(parents=True, exist_ok=True)
        probe = d / f".probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
        return d
    except OSError:
        return Path(tempfile.mkdtemp(prefix="nqm_theory_maps_"))


def module_path(text: str) -> Path:
    """Path of the module holding ``text``; (re)written atomically unless it matches."""
    data = text.encode()
    path = _writable_dir() / f"map_{source_digest(text)[:24]}.py"
    try:
        if path.read_bytes() == data:
            return path
    except OSError:
        pass
    from .._io import atomic_write_text
    return atomic_write_text(path, text)


def load_module(text: str, flavour: str, namespace: dict) -> types.ModuleType:
    """Execute the verified module ``text`` with ``namespace`` preset (``_Q``, ``_F``).

    Each ``flavour`` (number system) gets its own module object, registered in
    ``sys.modules`` under a name made of the text's digest, so that numba and pickle can
    find its functions by name.
    """
    path = module_path(text)
    digest = source_digest(text)[:24]
    name = f"nqm_theory_maps_{flavour}_{digest}"
    mod = sys.modules.get(name)
    if mod is not None:
        return mod
    mod = types.ModuleType(name)
    mod.__file__ = str(path)
    mod.__dict__.update(namespace)
    code = compile(text, str(path), "exec")
    exec(code, mod.__dict__)  # the text printed by the engine itself, verified on disk
    sys.modules[name] = mod
    return mod
