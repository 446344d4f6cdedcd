"""``experiment activations``: where the catapult window is, per activation (issue 11).

Parts (each stored atomically in the workdir with a hash of its settings, so an
interrupted run resumes and a damaged or foreign part is recomputed):

* ``window_NAME``: the exact reduced NQM map of ``seeds`` draws at each width and
  eta*lam0 in ``v0s`` (edges per draw, seed fractions, peak loss / m, final eta*lam) and
  the infinite-width limit map over ``rho0s``;
* ``slope_leaky`` / ``slope_poly``: limit-map edges over the leaky_relu slope and the
  poly coefficient;
* ``convergence_NAME``: finite-m runs against the limit map (rate in m);
* ``models_NAME``: f, f_lin and the NQM in parameter space (docs/theory.md §7 Fig. 2b style);
* ``etamax_NAME``: the largest convergent eta*lam0 of the network f against the width;
* ``band_NAME``: the limit map over 40 values of rho(0): sharp upper edge or a band.

Functions: :mod:`nqm_theory.activations.studies`.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass

__all__ = ["ActivationsConfig", "EXPERIMENT"]

_NAMES = ("relu", "leaky_relu", "linear", "abs", "tanh", "erf", "gelu", "silu", "softplus",
          "poly")


def _grid(lo, hi, step):
    n = int(round((hi - lo) / step))
    return tuple(round(lo + k * step, 6) for k in range(n + 1))


@dataclass(frozen=True)
class ActivationsConfig:
    activations: tuple = _NAMES
    v0s: tuple = _grid(1.8, 4.6, 0.05)
    widths: tuple = (256, 1024, 4096)
    seeds: tuple = tuple(range(16))
    y: float = 0.5
    rho0s: tuple = (1e-3, 1e-5, -1e-5, 1e-8)
    steps: int = 20000
    n_nodes: int = 128
    slopes: tuple = _grid(-1.0, 1.0, 0.1)
    slope_v0s: tuple = _grid(1.95, 2.15, 0.01) + _grid(3.3, 4.1, 0.01)
    poly_bs: tuple = (0.0, 0.125, 0.25, 0.5, 1.0, 2.0)
    conv_v0: float = 2.5
    conv_widths: tuple = (64, 256, 1024, 4096, 16384)
    conv_seeds: tuple = tuple(range(8))
    model_v0s: tuple = (1.5, 1.9, 2.1, 2.5, 3.0, 3.5, 3.9, 4.1, 4.5, 5.0, 6.0, 7.0, 8.0, 10.0,
                        12.0, 14.0, 16.0, 20.0, 24.0)
    model_width: int = 1024
    model_seeds: tuple = (0, 1, 2, 3)
    model_steps: int = 5000
    band_v0s: tuple = _grid(2.9, 4.1, 0.02)
    band_rho0s: tuple = tuple(float(f"{s * 10.0 ** (k / 19 * 6 - 8):.6g}")
                              for s in (1, -1) for k in range(20))
    band_nodes: int = 64
    etamax_activations: tuple = ("relu", "gelu", "tanh")
    etamax_v0s: tuple = _grid(3.0, 24.0, 1.0)
    etamax_widths: tuple = (256, 1024, 4096)
    etamax_seeds: tuple = (0, 1, 2)


def _quick():
    return ActivationsConfig(activations=("relu", "leaky_relu", "tanh"), v0s=_grid(1.8, 4.6, 0.2),
                             widths=(128, 512), seeds=(0, 1, 2), rho0s=(1e-3, 1e-6),
                             steps=5000, n_nodes=48, slopes=(-0.5, 0.0, 0.5), poly_bs=(0.5,),
                             slope_v0s=(1.9, 2.1, 3.7, 3.9, 4.1),
                             conv_widths=(64, 256, 1024), conv_seeds=(0, 1),
                             model_v0s=(1.5, 3.0, 6.0), model_width=64, model_seeds=(0,),
                             model_steps=2000, etamax_activations=("relu",),
                             etamax_v0s=(3.0, 6.0), etamax_widths=(64,), etamax_seeds=(0,),
                             band_v0s=(3.0, 3.1, 3.9, 4.1), band_rho0s=(1e-6, -1e-4),
                             band_nodes=32)


def _parts(cfg):
    from ..activations import catalogue as cat
    from fractions import Fraction

    from ..activations import studies as st
    acts = [cat.make_activation(n) for n in cfg.activations]
    common = dict(steps=cfg.steps, n_nodes=cfg.n_nodes)
    parts = {}
    for a in acts:
        key = a.name.split(":")[0]
        parts[f"window_{key}"] = (lambda a=a: st.window_part(
            a, v0s=cfg.v0s, widths=cfg.widths, seeds=cfg.seeds, y=cfg.y, rho0s=cfg.rho0s,
            **common))
        parts[f"convergence_{key}"] = (lambda a=a: st.convergence_part(
            a, v0=cfg.conv_v0, widths=cfg.conv_widths, seeds=cfg.conv_seeds, y=cfg.y,
            **common))
        parts[f"band_{key}"] = (lambda a=a: st.band_part(
            a, v0s=cfg.band_v0s, rho0s=cfg.band_rho0s, steps=cfg.steps,
            n_nodes=cfg.band_nodes))
        parts[f"models_{key}"] = (lambda a=a: st.models_part(
            a, v0s=cfg.model_v0s, width=cfg.model_width, d=2, seeds=cfg.model_seeds,
            y=cfg.y, steps=cfg.model_steps))
    for n in cfg.etamax_activations:
        a = cat.make_activation(n)
        parts[f"etamax_{n}"] = (lambda a=a: st.etamax_part(
            a, v0s=cfg.etamax_v0s, widths=cfg.etamax_widths, seeds=cfg.etamax_seeds, y=cfg.y,
            steps=cfg.model_steps))
    frac = (lambda p: Fraction(p).limit_denominator(1000))
    parts["slope_leaky"] = lambda: st.slope_part(
        lambda p: cat.make_activation("leaky_relu", frac(p)), cfg.slopes, v0s=cfg.slope_v0s,
        rho0s=cfg.rho0s, **common)
    parts["slope_poly"] = lambda: st.slope_part(
        lambda p: cat.make_activation("poly", frac(p)), cfg.poly_bs, v0s=cfg.slope_v0s,
        rho0s=cfg.rho0s, **common)
    return parts


#: The settings each kind of part depends on (its resume key; other settings may change).
_FIELDS = {"window": ("v0s", "widths", "seeds", "y", "rho0s", "steps", "n_nodes"),
           "convergence": ("conv_v0", "conv_widths", "conv_seeds", "y", "steps", "n_nodes"),
           "models": ("model_v0s", "model_width", "model_seeds", "y", "model_steps"),
           "slope": ("slopes", "poly_bs", "slope_v0s", "rho0s", "steps", "n_nodes"),
           "band": ("band_v0s", "band_rho0s", "band_nodes", "steps"),
           "etamax": ("etamax_v0s", "etamax_widths", "etamax_seeds", "y", "model_steps")}


def _digest(cfg, name) -> str:
    full = asdict(cfg)
    used = {k: full[k] for k in _FIELDS[name.split("_")[0]]}
    text = json.dumps({"settings": used, "part": name}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _compute(config, workdir=None, progress=False):
    from tqdm import tqdm

    from .._io import atomic_write_json
    parts = _parts(config)
    out = {}
    for name in tqdm(list(parts), desc="activations", disable=not progress):
        path = None if workdir is None else workdir / f"{name}.json"
        dig = _digest(config, name)
        if path is not None and path.exists():
            try:
                stored = json.loads(path.read_text())
                if stored.get("digest") == dig:
                    out[name] = stored["data"]
                    continue
            except (OSError, ValueError, AttributeError, KeyError):
                pass   # damaged part: recomputed
        out[name] = parts[name]()
        if path is not None:
            atomic_write_json(path, {"digest": dig, "data": _strict(out[name])})
    return {"config": asdict(config), "parts": out}


def _strict(obj):
    from ._base import jsonable
    return jsonable(obj)


def _numbers(raw):
    from ..activations.report import numbers
    return numbers(raw)


def _figures(raw, out):
    from ..plotting.activations import plot_activations
    return plot_activations(raw, out)


def _summary(numbers):
    from ..activations.report import summary
    return summary(numbers)


def _make():
    from ._base import Experiment
    return Experiment(name="activations", help="catapult window per activation: edges, "
                      "seed fractions, limit map, leaky slope, f vs f_lin vs NQM",
                      config_type=ActivationsConfig, compute=_compute, numbers=_numbers,
                      figures=_figures, summary=_summary, quick=_quick, resumable=True)


#: This experiment in the catalogue :data:`nqm_theory.experiments.EXPERIMENTS`.
EXPERIMENT = _make()
