"""The certified phase diagram (``nqm-theory phase --certify``), docs/theory.md §4.

Cell (i, j) is the exact problem with eta*lam0 = ``eta_lam0[i]`` and m = ``width[j]`` (the
float64 axis values read as the binary numbers they are), eta = eta_lam0 / lam0, and the
given g0, y, |x|^2/d.  Its initial state is enclosed in float64 intervals by numpy with
every operation widened one ulp outward, then :func:`nqm_theory.sharp.certify.decide`
certifies the regime, and, where Lemma T held, encloses eta*lambda_inf.

Examples
--------
>>> cp = certified_phase_diagram([1.0, 2.5, 4.5], [1e3, 1e6])
>>> cp.regime.tolist(), bool(cp.certified.all())
([['monotone', 'monotone'], ['catapult', 'catapult'], ['divergent', 'divergent']], True)
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

__all__ = ["CertifiedPhase", "certified_phase_diagram", "initial_intervals", "recheck_undecided"]


def _dn(x):
    return np.nextafter(x, -np.inf)


def _up(x):
    return np.nextafter(x, np.inf)


def _mul(a, b):
    p = np.stack([a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1]])
    return _dn(p.min(axis=0)), _up(p.max(axis=0))


def initial_intervals(eta_lam0, width, lam0, g0, y, x2d, overflow):
    """``(x0 (n, 6), k (n, 2), ovf_u (n,))`` enclosing the exact initial states (docs/theory.md
    §3: u = c eta^2 r0^2, v = eta lam0, w = c eta^2 r0 y, c = x2d/m, k = c eta^2 y^2) and
    overflow / s = 2 c eta^2 overflow."""
    el = np.asarray(eta_lam0, dtype=float)
    m = np.asarray(width, dtype=float)
    eta = (_dn(el / lam0), _up(el / lam0))
    c = (_dn(x2d / m), _up(x2d / m))
    r0 = (_dn(np.full_like(el, g0 - y)), _up(np.full_like(el, g0 - y)))
    if g0 - y == 0 and Fraction(g0) == Fraction(y):
        r0 = (np.zeros_like(el), np.zeros_like(el))
    ce2 = _mul(c, _mul(eta, eta))
    u = _mul(ce2, _mul(r0, r0))
    u = (np.maximum(u[0], 0.0), u[1])
    yy = (np.full_like(el, y), np.full_like(el, y))
    w = _mul(_mul(ce2, r0), yy)
    k = _mul(ce2, _mul(yy, yy))
    ovf = _up(2 * _up(ce2[1] * overflow))
    x0 = np.stack([u[0], u[1], el, el, w[0], w[1]], axis=1)
    return x0, np.stack(k, axis=1), ovf


@dataclass(frozen=True, eq=False)
class CertifiedPhase:
    """Result of :func:`certified_phase_diagram`: N1 x N2 arrays over (eta_lam0, width).

    Attributes
    ----------
    eta_lam0, width : ndarray
    regime, source, note : ndarray of str
        As in :class:`nqm_theory.sharp.certify.CertifiedCells`.
    certified : ndarray of bool
    eta_lam_final : ndarray, shape (N1, N2, 2)
        Bounds of eta*lambda_inf (NaN where not enclosed).
    steps : ndarray of int
    setting : dict
        lam0, g0, y, x2d, steps, overflow.
    """

    eta_lam0: np.ndarray
    width: np.ndarray
    regime: np.ndarray
    certified: np.ndarray
    source: np.ndarray
    note: np.ndarray
    eta_lam_final: np.ndarray
    steps: np.ndarray
    setting: dict

    def counts(self) -> dict:
        """Cells by certification, source and regime."""
        out = {"cells": int(self.certified.size), "certified": int(self.certified.sum())}
        for s in np.unique(self.source):
            out[f"by {s}"] = int((self.source == s).sum())
        for r in np.unique(self.regime):
            out[str(r)] = int((self.regime == r).sum())
        return out

    def save(self, path) -> None:
        """Write an .npz (atomically): arrays, the notes of uncertified cells, the setting."""
        from .._io import atomic_savez
        bad = np.argwhere(~self.certified)
        notes = {f"{i},{j}": str(self.note[i, j]) for i, j in bad[:1000]}
        atomic_savez(path, eta_lam0=self.eta_lam0, width=self.width,
                     regime=self.regime.astype(str), certified=self.certified,
                     source=self.source.astype(str), steps=self.steps,
                     eta_lam_final_lower=self.eta_lam_final[..., 0],
                     eta_lam_final_upper=self.eta_lam_final[..., 1],
                     notes=np.array(json.dumps(notes)), setting=np.array(json.dumps(self.setting)))


def certified_phase_diagram(eta_lam0, width, *, lam0=1.0, g0=0.7, y=0.3, x2d=1.0,
                            steps: int = 1_000_000, overflow: float = 1e100,
                            fallback: str = "ball40",
                            fallback_steps: int = 20_000) -> CertifiedPhase:
    """Certified regime and eta*lambda_inf of every cell (module doc)."""
    from .certify import decide
    el = np.asarray(eta_lam0, dtype=float).ravel()
    wd = np.asarray(width, dtype=float).ravel()
    E, W = np.meshgrid(el, wd, indexing="ij")
    x0, k, ovf = initial_intervals(E.ravel(), W.ravel(), lam0, g0, y, x2d, overflow)

    def row(i):
        return (Fraction(float(W.flat[i])), Fraction(float(E.flat[i])), Fraction(lam0),
                Fraction(g0), Fraction(y), Fraction(x2d))
    c = decide(x0, k, ovf, row, steps=steps, overflow=overflow, fallback=fallback,
               fallback_steps=fallback_steps, rel_tol=1e-12)
    shape = E.shape
    return CertifiedPhase(el, wd, c.regime.reshape(shape), c.certified.reshape(shape),
                          c.source.reshape(shape), c.note.reshape(shape),
                          c.v_inf.reshape(shape + (2,)), c.steps.reshape(shape),
                          dict(lam0=lam0, g0=g0, y=y, x2d=x2d, steps=steps, overflow=overflow,
                               fallback=fallback))


def recheck_undecided(pd, *, steps: int = 10**7, fallback: str = "ball40",
                      fallback_steps: int = 20_000) -> dict:
    """Certify the cells a float64 :class:`~nqm_theory.grid.phase.PhaseDiagram` left
    undecided (same setting; each cell exactly as in :func:`certified_phase_diagram`).

    Returns counts (``undecided``, ``certified``, by regime and source, and the notes of the
    cells still not certified) and the ``(i, j)`` indices with their certified regimes.
    """
    idx = np.argwhere(pd.regime_code == 3)
    if idx.size == 0:
        return {"undecided": 0, "certified": 0, "cells": []}
    el, wd = pd.eta_lam0[idx[:, 0]], pd.width[idx[:, 1]]
    x0, k, ovf = initial_intervals(el, wd, pd.lam0, pd.g0, pd.y, pd.x2d, pd.overflow)
    from .certify import decide

    def row(i):
        return (Fraction(float(wd[i])), Fraction(float(el[i])), Fraction(pd.lam0),
                Fraction(pd.g0), Fraction(pd.y), Fraction(pd.x2d))
    c = decide(x0, k, ovf, row, steps=steps, overflow=pd.overflow, fallback=fallback,
               fallback_steps=fallback_steps, rel_tol=1e-12)
    out = {"undecided": int(len(idx)), "certified": int(c.certified.sum()),
           "by regime": {r: int((c.regime == r).sum()) for r in np.unique(c.regime)},
           "by source": {s: int((c.source == s).sum()) for s in np.unique(c.source)},
           "not certified": sorted({str(n) for n, ok in zip(c.note, c.certified) if not ok}),
           "eta_lam_final_range": [float(np.nanmin(c.v_inf)), float(np.nanmax(c.v_inf))]
           if np.isfinite(c.v_inf).any() else None,
           "cells": [[int(i), int(j), str(r)] for (i, j), r in zip(idx, c.regime)]}
    return out
