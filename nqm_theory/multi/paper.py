"""The paper's printed §5 projected variables vs. the exact reduction (docs/theory.md §9.3).

docs/theory.md §5 prints ``Pi_i L = 1/2 <g - y, p_i>^2``, ``u_i = (2 eta^2/m) Pi_i L``,
``v_i = eta lam_i`` and ``w_i = (eta^2/m) <(g - y) o m_i, y o m_i>`` and claims each triple
obeys the one-example map.  The exact reduction (:mod:`nqm_theory.multi.symbolic`) has
the same u_i and v_i but ``w_i = (eta^2/m) <g - y, p_i><y, p_i>``; and the loss along
p_i/|p_i| is ``Pi_i L / |p_i|^2``, not ``Pi_i L``.  :func:`compare_with_paper` iterates
the printed triple through the same core and measures the error.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .reduction import SeveralExamples, iterate_several

__all__ = ["PaperComparison", "compare_with_paper", "paper_w"]


def paper_w(net, X, y, eta) -> tuple:
    """Printed w_i(0) = (eta^2/m) <(g - y) o m_i, y o m_i> for S+ = {x >= 0}, S- = {x < 0}."""
    x = np.asarray(X, dtype=float)[:, 0]
    r = net.output(net.U0, net.V0, X, kind="quad") - y
    k2 = eta * eta / net.m
    return k2 * np.sum((r * y)[x >= 0]), k2 * np.sum((r * y)[x < 0])


@dataclass(frozen=True)
class PaperComparison:
    """Exact vs. printed projected dynamics on one configuration (float64).

    Attributes
    ----------
    labels : tuple of str
    w_exact, w_paper : tuple
        w_i(0) of the exact reduction and of the printed formula.
    pi_exact, pi_paper : ndarray, shape (T+1, k)
        ``Pi_i L = 1/2 <g - y, p_i>^2`` along GD: exact, and predicted by iterating the
        one-example map from the printed (u_i, v_i, w_i).
    one_step_rel_error : tuple
        |u_i(1)_printed - u_i(1)| / u_i(1) per direction.
    max_rel_error : tuple
        max_t |pi_paper - pi_exact| / max_t pi_exact per direction.
    peak_ratio : tuple
        max_t pi_paper / max_t pi_exact.
    norm2 : tuple
        |p_i|^2: the factor between Pi_i L and the true loss along p_i/|p_i|.
    """

    labels: tuple
    w_exact: tuple
    w_paper: tuple
    pi_exact: np.ndarray
    pi_paper: np.ndarray
    one_step_rel_error: tuple
    max_rel_error: tuple
    peak_ratio: tuple
    norm2: tuple

    def to_dict(self) -> dict:
        return {"labels": list(self.labels), "w_exact": list(map(float, self.w_exact)),
                "w_paper": list(map(float, self.w_paper)),
                "one_step_rel_error": list(map(float, self.one_step_rel_error)),
                "max_rel_error": list(map(float, self.max_rel_error)),
                "peak_ratio": list(map(float, self.peak_ratio)),
                "norm2": list(map(float, self.norm2))}


def compare_with_paper(net, X, y, eta, *, steps: int = 500) -> PaperComparison:
    """Iterate the printed §5 projected variables and compare with the exact reduction.

    Examples
    --------
    >>> import numpy as np
    >>> from nqm_theory.params import TwoLayerReLU
    >>> net = TwoLayerReLU.init(500, 1, seed=0)
    >>> X, y = np.array([[1.0], [2.0], [-1.5]]), np.array([1.0, 1.0, -1.0])
    >>> cmp = compare_with_paper(net, X, y, 0.3, steps=50)
    >>> bool(cmp.one_step_rel_error[0] > 1e-4), round(float(cmp.w_exact[1] / cmp.w_paper[1]), 6)
    (True, 2.25)
    """
    prob = SeveralExamples.from_network(net, X, np.asarray(y, dtype=float), eta)
    exact = iterate_several(prob, steps=steps)
    wp_all = dict(zip(("S+", "S-"), paper_w(net, X, np.asarray(y, dtype=float), eta)))
    wp = tuple(wp_all[lab] for lab in prob.labels)
    k = float(net.m) / (2 * eta * eta)       # Pi_i L = u_i m / (2 eta^2)
    pi_exact = exact.trajectory.u * k
    from ..symbolic.maps import direction_map
    run_cell = direction_map().kernels()["run_cell"]
    cols, one_step = [], []
    for i, (u0, v0, _, _) in enumerate(prob.initial_states(float)):
        traj = np.empty((steps + 1, 3))
        with np.errstate(all="ignore"):
            t = run_cell((u0, v0, wp[i]), np.zeros(0), k, 0.0, 1e100, steps, traj)[1]
        tu = traj[:, 0]
        col = np.full(steps + 1, np.inf)
        col[:t + 1] = tu[:t + 1] * k
        cols.append(col[:pi_exact.shape[0]])
        one_step.append(abs(tu[1] - exact.trajectory.u[1, i]) / exact.trajectory.u[1, i])
    pi_paper = np.stack(cols, axis=1)
    with np.errstate(all="ignore"):
        scale = np.max(pi_exact, axis=0)
        max_rel = tuple(np.max(np.abs(pi_paper - pi_exact), axis=0) / scale)
        peak = tuple(np.max(pi_paper, axis=0) / scale)
    w_exact = tuple(s[2] for s in prob.initial_states(float))
    return PaperComparison(prob.labels, w_exact, wp, pi_exact, pi_paper, tuple(one_step),
                           max_rel, peak, tuple(map(float, prob.norm2)))
