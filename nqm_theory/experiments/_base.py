"""Experiments as registered objects: config -> frozen result -> figures -> summary.

An :class:`Experiment` names the four pieces of a reproducible run:

* ``config_type``: a frozen dataclass holding every setting (``default()``, or the
  type's own defaults, is the paper's configuration; ``quick()`` gives a smaller one
  where the experiment defines it);
* ``compute(config, workdir=None, progress=False)``: the computation, returning a raw
  result (arrays and numbers); ``workdir`` is where a resumable experiment keeps its
  finished parts;
* ``numbers(raw) -> dict``: the strictly JSON-ready numbers (no NaN / Infinity tokens:
  a non-finite value is written as ``null`` with an explanation, or as a string);
* ``figures(raw, out_dir) -> list of Path`` and ``summary(numbers) -> str``.

:meth:`Experiment.run` runs them in order and writes ``NAME.json``, ``NAME_summary.txt``
and the figures into ``out_dir`` through the atomic writer of :mod:`nqm_theory._io`, and
returns a frozen :class:`ExperimentResult`.  Experiments are looked up by name in the
catalogue :data:`nqm_theory.experiments.EXPERIMENTS`.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Callable

from .._io import jsonable

__all__ = ["Experiment", "ExperimentOption", "ExperimentResult", "jsonable", "paper_experiment"]


@dataclass(frozen=True)
class ExperimentOption:
    """A command-line option of an experiment: ``--flag VALUE`` sets ``config.<field>``.

    ``parse`` turns the string into the field's value (and raises NQMValueError naming
    the flag for a bad value); ``is_switch`` options take no value and set True.
    """

    flag: str
    field: str
    help: str
    parse: Callable[[str], object] = str
    is_switch: bool = False


@dataclass(frozen=True)
class ExperimentResult:
    """What :meth:`Experiment.run` returns.

    Attributes
    ----------
    name : str
    config : object
        The frozen config that produced it.
    numbers : dict
        The JSON-ready numbers written to ``NAME.json``.
    summary : str
        The text written to ``NAME_summary.txt``.
    figures : tuple of Path
    raw : object
        The raw result of ``compute`` (arrays for plotting); not serialised.
    """

    name: str
    config: object
    numbers: dict
    summary: str
    figures: tuple = ()
    raw: object = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class Experiment:
    """A named experiment (see the module docstring for the protocol)."""

    name: str
    help: str
    config_type: type
    compute: Callable
    numbers: Callable
    figures: Callable
    summary: Callable
    options: tuple = ()
    quick: Callable | None = None
    default: Callable | None = None
    resumable: bool = False

    def config(self, *, quick: bool = False, **overrides):
        """The default (or quick) config with ``overrides`` applied (validated by the type)."""
        from .._validate import NQMValueError
        if quick and self.quick is None:
            raise NQMValueError(f"`--quick` is not defined for experiment {self.name!r}")
        base = self.quick() if quick else (self.default or self.config_type)()
        known = {f.name for f in fields(base)}
        bad = sorted(set(overrides) - known)
        if bad:
            raise NQMValueError(f"`{bad[0]}` is not a setting of experiment {self.name!r}; "
                                f"settings: {', '.join(sorted(known))}")
        return replace(base, **overrides) if overrides else base

    def run(self, config=None, out_dir=None, *, progress: bool = False) -> ExperimentResult:
        """Compute, then (with ``out_dir``) write figures, ``NAME.json`` and the summary."""
        from .._io import atomic_write_json, atomic_write_text
        config = self.config() if config is None else config
        out = None if out_dir is None else Path(out_dir)
        workdir = None
        if out is not None and self.resumable:
            workdir = out / f".{self.name}.parts"
        raw = self.compute(config, workdir=workdir, progress=progress)
        numbers = self.numbers(raw)
        figs = ()
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            figs = tuple(Path(p) for p in self.figures(raw, out))
            numbers = dict(numbers, figures=[str(p) for p in figs])
        text = self.summary(numbers)
        if out is not None:
            atomic_write_json(out / f"{self.name}.json", numbers)
            atomic_write_text(out / f"{self.name}_summary.txt", text)
        return ExperimentResult(self.name, config, numbers, text, figs, raw)


def paper_experiment(name: str, help: str, config_type, run, *, numbers=None, default=None):
    """An :class:`Experiment` for a figure of the paper: ``run(config) -> raw`` (no parts),
    figures by ``nqm_theory.plotting.experiments.plot_<name>``, summary by
    :func:`nqm_theory.experiments._summaries.summarize`."""
    def compute(config, workdir=None, progress=False):
        return run(config)

    def figures(raw, out):
        from ..plotting import experiments as plots
        return getattr(plots, f"plot_{name}")(raw, out)

    def summary(nums):
        from ._summaries import summarize
        return summarize(name, nums)

    def default_numbers(raw):
        from ._summaries import _jsonable
        return _jsonable(raw)

    return Experiment(name=name, help=help, config_type=config_type, compute=compute,
                      numbers=numbers or default_numbers, figures=figures, summary=summary,
                      default=default)
