"""Two-layer networks with any activation: the NQM, its exact reduction, the limit, the window.

Issue 11 (docs/theory.md §2-4 with relu replaced by any sigma).  Layers, in dependency order:

* :mod:`.catalogue`: activations (fixed table, ``NAME[:PARAM]``, a user's SymPy expression);
* :mod:`.symbolic`: identities A1-A4 (blocks of the NQM, the GD step in (r, G), the scaled
  population map, the spectral map), derived with SymPy;
* :mod:`.population`, :mod:`.batch`: the exact reduced map for any activation (float64,
  mpN, exact), one run or many;
* :mod:`.spectral`: piecewise-linear activations collapse to 2 (relu, linear, abs) or 4
  (leaky_relu) weights plus rho, as CompiledMaps of the engine;
* :mod:`.network`: f, f_lin, f_quad in parameter space (the independent route);
* :mod:`.limit`: the infinite-width limit by quadrature, with its error;
* :mod:`.window`, :mod:`.studies`, :mod:`.report`: regimes, edges, seed fractions;
* :mod:`.manifold`, :mod:`.identities`: why the upper edge moves (kernel along the unstable
  manifold; Cauchy-Schwarz), the two-atom closure onto the paper's (u, v, w) map;
* :mod:`.train`: one run of the ``nqm-theory network`` contract.

Examples
--------
>>> from nqm_theory.activations import make_activation, train_network
>>> train_network(make_activation("relu"), width=256, d=2, eta_lam0=3, y=0.5, seed=0).regime.value
'catapult'
"""
from __future__ import annotations

import importlib

__all__ = ["make_activation", "parse_activation", "custom_activation", "Activation",
           "make_population", "run_population", "run_batch", "spectral_map", "ActivationNetwork",
           "draw_network", "limit_population", "quadrature_error", "draw", "scan_draw",
           "limit_scan", "edges", "manifold_kernel", "train_network", "NetworkRun"]

_WHERE = {"make_activation": "catalogue", "parse_activation": "catalogue",
          "custom_activation": "catalogue", "Activation": "catalogue",
          "make_population": ("population", "population"),
          "run_population": "population", "run_batch": "batch",
          "spectral_map": "spectral", "ActivationNetwork": "network",
          "draw_network": "network", "limit_population": "limit",
          "quadrature_error": "limit", "draw": "window", "scan_draw": "window",
          "limit_scan": "window", "edges": "window", "manifold_kernel": "manifold",
          "train_network": ("train", "train"), "NetworkRun": "train"}


def __getattr__(name):
    if name in _WHERE:
        mod, attr = _WHERE[name] if isinstance(_WHERE[name], tuple) else (_WHERE[name], name)
        return getattr(importlib.import_module(f"{__name__}.{mod}"), attr)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
