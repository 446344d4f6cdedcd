"""The "is the catapult chaotic?" analysis as one function (used by ``nqm-theory orbits``).

Convention (:mod:`nqm_theory.catalogue`): lam0 = 1, so eta = eta*lam0; every result
carries the convention's keys (``convention``, ``fixed``, ``lam0``, ``eta``).
"""
from __future__ import annotations

import numpy as np

from ..catalogue import DEFAULT_SETTING, convention
from .fixed_points import fixed_points
from .lyapunov import find_period, ftle
from .orbits import orbit_diagram, uncertainty

__all__ = ["chaos_analysis", "log_periodicity", "SENSITIVE_WINDOWS"]


def log_periodicity(eta_lam0, *, lo=1e6, hi=1e8, n=4001, g0=DEFAULT_SETTING.g0,
                    y=DEFAULT_SETTING.y, steps=400_000, lam0=DEFAULT_SETTING.lam0):
    """Final kernel eta*lambda_inf against width m: range and log-periodicity.

    ``eta_lam0`` is split with lam0 held fixed (default 1: eta = eta*lam0); the returned
    dict carries the convention's keys.

    The growth phase multiplies u by kappa0 = (eta*lam0 - 1)^2 per step (docs/theory.md §3), so
    multiplying m by kappa0 shifts the orbit by one step; the test compares
    eta*lambda_inf(m) with eta*lambda_inf(kappa0 m) (same value if log-periodic) and with
    eta*lambda_inf(sqrt(kappa0) m) (half a period: differs if the oscillation is real).
    """
    w = np.geomspace(lo, hi, n)
    v = orbit_diagram([eta_lam0], w, g0=g0, y=y, steps=steps, lam0=lam0).eta_lam_final[0]
    dlog = np.log(hi / lo) / (n - 1)
    k = int(round(2 * np.log(abs(eta_lam0 - 1)) / dlog))
    h = max(k // 2, 1)
    return dict(min=float(v.min()), max=float(v.max()),
                max_neighbour_jump=float(np.max(np.abs(np.diff(v)))),
                kappa0=(eta_lam0 - 1) ** 2,
                mean_diff_one_period=float(np.mean(np.abs(v[k:] - v[:-k]))) if k else 0.0,
                mean_diff_half_period=float(np.mean(np.abs(v[h:] - v[:-h]))),
                widths=[lo, hi, n], **convention(lam0=lam0).to_dict())

#: eta*lam0 windows just below the top edge of convergence (g0 = 0.7, y = 0.3), per width.
SENSITIVE_WINDOWS = {1e2: (3.97, 4.0193), 1e4: (3.9994, 4.00019), 1e6: (3.9959, 4.0000005)}


def chaos_analysis(*, n_full=20001, n_zoom=20001, pairs=20000, steps=400_000,
                   g0=DEFAULT_SETTING.g0, y=DEFAULT_SETTING.y):
    """Orbit diagrams, uncertainty exponents, FTLE, periods and fixed points (JSON-ready dict
    plus the objects needed by :func:`nqm_theory.plotting.phase.figure_orbits`)."""
    from ..models import OneExample
    widths = sorted(SENSITIVE_WINDOWS)
    od_full = orbit_diagram(np.linspace(0.05, 4.6, n_full), widths, g0=g0, y=y, steps=steps)
    od_zoom = orbit_diagram(np.linspace(3.96, 4.02, n_zoom), widths, g0=g0, y=y, steps=steps)
    eps = np.logspace(-13, -5, 9)
    unc = [uncertainty(*SENSITIVE_WINDOWS[m], m, eps=eps, pairs=pairs, steps=steps, g0=g0, y=y)
           for m in widths]
    bulk = [uncertainty(2.5, 3.5, m, eps=eps, pairs=pairs // 4, steps=steps, g0=g0, y=y)
            for m in widths]
    ftles, periods = [], {}
    for label, el in (("eta*lam0 = 1.5", 1.5), ("eta*lam0 = 3", 3.0), ("eta*lam0 = 3.999", 3.999)):
        p = OneExample(width=1e4, eta=el, lam0=1.0, g0=g0, y=y)
        f = ftle(p, steps=20000)
        ftles.append((label, f))
        from ..core.iterate import iterate
        tr = iterate(p, steps=20000).trajectory
        periods[label] = find_period(tr.u, tr.v, tr.w, rtol=1e-12)
    final_vs_m = {str(el): log_periodicity(el, g0=g0, y=y, steps=steps)
                  for el in (2.2, 2.6, 3.0, 3.4, 3.8)}
    summary = dict(
        **convention().to_dict(),
        fixed_points=[dict(name=f.name, point={str(k): str(v) for k, v in f.point.items()},
                           eigenvalues=[str(e) for e in f.eigenvalues], stable_when=f.stable_when,
                           on_invariant=[{str(k): str(v) for k, v in mb.items()}
                                         for mb in f.on_invariant]) for f in fixed_points()],
        jumps_full=dict(zip(map(str, widths), od_full.jumps().tolist())),
        jumps_zoom=dict(zip(map(str, widths), od_zoom.jumps().tolist())),
        uncertainty_near_4=[dict(width=u.width, window=u.window, eps=u.eps.tolist(),
                                 fraction=u.fraction.tolist(), alpha=u.alpha,
                                 dimension=u.dimension) for u in unc],
        uncertainty_bulk_2_5_to_3_5=[dict(width=u.width, fraction=u.fraction.tolist())
                                     for u in bulk],
        ftle={lab: dict(transient=f.transient, after=f.after, regime=f.regime,
                        steps=len(f.local)) for lab, f in ftles},
        final_period=periods, final_kernel_vs_width=final_vs_m)
    return summary, (od_full, od_zoom, unc, ftles)
