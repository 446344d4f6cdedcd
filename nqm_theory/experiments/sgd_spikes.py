"""Loss spikes of mini-batch SGD and their kernel eigenspace (PAPER.md §7: catapults in SGD).

A *spike* in the full training loss L(t) (recorded every step) starts when L exceeds
``factor`` x its running minimum m(t) and has risen by more than ``min_rise`` x L(0); it
ends at the first later step with L < factor x m (or at the last step).  Its *base* b is
the last local minimum of L before the crossing, its *peak* p the maximum inside it.  For
each spike, with V_b the top-q eigenvectors of the training NTK K(b) and r the residual:

* ``frac_top``  = c [|V_b^T r(p)|^2 - |V_b^T r(b)|^2] / (L(p) - L(b)): the share of the rise
  that lies in the top-q eigenspace of the kernel at the base (q / (n k) for a rise
  spread evenly over all directions);
* ``lam_before`` = lambda_max(K(b)), ``lam_after`` = lambda_max(K(end)).
"""
from __future__ import annotations

import math

import numpy as np

__all__ = ["find_spikes", "spike_stats"]


def find_spikes(loss, *, factor: float = 2.0, min_rise: float = 1e-2) -> list:
    """``[(base, peak, end), ...]`` indices of the spikes of ``loss`` (module docstring).

    Examples
    --------
    >>> L = np.array([4.0, 2.0, 1.0, 0.5, 3.0, 6.0, 2.0, 0.4, 0.3, 0.2])
    >>> find_spikes(L)
    [(3, 5, 7)]
    """
    L = np.asarray(loss, dtype=float)
    floor = min_rise * L[0]
    out, i, run_min = [], 1, L[0]
    while i < L.size:
        if not math.isfinite(L[i]):
            break
        if L[i] > factor * run_min and L[i] - run_min > floor:
            b = i - 1
            while b > 0 and L[b - 1] < L[b]:
                b -= 1
            j = i
            while j < L.size - 1 and L[j] >= factor * run_min:
                j += 1
            peak = i + int(np.argmax(L[i:j + 1]))
            out.append((b, peak, j))
            run_min, i = L[j], j + 1
            continue
        run_min = min(run_min, L[i])
        i += 1
    return out


def spike_stats(h, c: float, spikes) -> list:
    """Per-spike dicts (module docstring) from a TrainHistory with ``keep_vectors``."""
    where = {int(t): e for e, t in enumerate(h.vec_steps)}
    rows = []
    for b, p, e in spikes:
        tb, tp, te = (int(h.steps[x]) for x in (b, p, e))
        if tb not in where or tp not in where:
            continue
        Vb = h.vecs[where[tb]]
        rise = h.train_loss[p] - h.train_loss[b]
        top = c * (np.sum((Vb.T @ h.residuals[where[tp]]) ** 2)
                   - np.sum((Vb.T @ h.residuals[where[tb]]) ** 2))
        rows.append({"start": tb, "peak": tp, "end": te, "loss_base": float(h.train_loss[b]),
                     "loss_peak": float(h.train_loss[p]), "frac_top": float(top / rise),
                     "lam_before": float(h.lam[b, 0]), "lam_after": float(h.lam[e, 0])})
    return rows
