"""Command-line interface ``nqm-theory`` (also ``python -m nqm_theory``): a thin layer.

Every subcommand lives in its own module of :mod:`nqm_theory._cli` and exposes ``NAME``,
``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``; they are discovered
automatically.  Errors in user input print one line ``nqm-theory: error: ...`` naming the
parameter and exit with code 2; no traceback (set ``NQM_THEORY_DEBUG=1`` to see one for
internal errors).
"""
from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import re
import sys

from ._validate import NQMValueError

__all__ = ["main", "build_parser"]


#: What argparse must read as a value, not as an option: every token with a single dash
#: except ``-h`` (``-1e6``, ``-5/2``, ``-.5``, and also ``-inf``, which the number parser
#: then refuses with a clear message); argparse's own pattern knows only ``-3`` and ``-3.5``.
_NEGATIVE = re.compile(r"^-(?!-)(?!h$).+")


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._negative_number_matcher = _NEGATIVE

    def error(self, message):  # one line, exit 2 (argparse prints usage + message)
        raise _UsageError(message)


class _UsageError(Exception):
    pass


def _commands():
    from . import _cli
    mods = []
    for info in sorted(pkgutil.iter_modules(_cli.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"{_cli.__name__}.{info.name}")
        if hasattr(mod, "NAME"):
            mods.append(mod)
    return mods


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser with one subparser per command module."""
    parser = _Parser(prog="nqm-theory", description="Exact analysis of GD on neural "
                     "quadratic models and the catapult phase (Zhu et al., ICLR 2024).")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for mod in _commands():
        p = sub.add_parser(mod.NAME, help=mod.HELP, description=mod.HELP)
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run)
    return parser


def main(argv=None) -> int:
    """Entry point; returns the exit code (0 success, 2 bad input, 1 internal error)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not getattr(args, "_run", None):
            parser.print_help()
            return 2
        return int(args._run(args) or 0)
    except (NQMValueError, _UsageError) as exc:
        text = " ".join(str(exc).split())   # always one line
        text = re.sub(r"^argument (-[-\w]+(?:/-[-\w]+)*)", r"`\1`", text)
        print(f"nqm-theory: error: {text}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output closed early (e.g. piped into `head`)
        sys.stderr.close()
        return 0
    except OSError as exc:  # a path given by the user cannot be read or written
        where = f" `{exc.filename}`" if exc.filename else ""
        print(f"nqm-theory: error: cannot access{where}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("nqm-theory: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # internal error: one line unless debugging
        if os.environ.get("NQM_THEORY_DEBUG"):
            raise
        print(f"nqm-theory: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
