"""Second derivation route: explicit neuron-level GD on the symbolic ReLU NQM.

For an explicit small width ``m`` and dimension ``d``, take every parameter as a symbol,
perform one GD step on ``L = (f_quad - y)^2 / 2`` with ``sympy.diff`` and compare the new
residual and kernel with the maps of :func:`nqm_theory.symbolic.derive.derive_one_example`
evaluated at ``c = |x|^2/(m d)``.  Nothing of the general-``m`` argument (S1-S3, the
polynomial reduction) is used here, so agreement is an independent confirmation.
"""
from __future__ import annotations

import itertools

import sympy as sp

from .derive import derive_one_example
from .relu_nqm import symbolic_relu
from .symbols import c, eta, g, lam, r, y

__all__ = ["explicit_gd_step", "crosscheck_residual_map"]


def explicit_gd_step(m: int, d: int, pattern=None):
    """One explicit GD step on the width-``m`` symbolic NQM.

    Parameters
    ----------
    m, d : int
        Width and input dimension (keep ``m * (d + 1) <= 8`` for speed).
    pattern : tuple of {0, 1}, optional
        Activation pattern substituted for the indicators (default: all active).

    Returns
    -------
    dict
        ``{"g", "lam", "g_next", "lam_next", "net"}`` as SymPy expressions in the
        parameters, the input, ``y`` and ``eta``.
    """
    net = symbolic_relu(m, d)
    pattern = (1,) * m if pattern is None else tuple(pattern)
    gq = net.f_quad.subs(dict(zip(net.s, pattern)))
    grad = [sp.diff(gq, t) for t in net.theta]
    kern = sp.expand(sum(gi**2 for gi in grad))
    step = {t: t - eta * (gq - y) * gi for t, gi in zip(net.theta, grad)}
    g_next = sp.expand(gq.xreplace(step))
    grad_next = [gi.xreplace(step) for gi in grad]
    lam_next = sp.expand(sum(gi**2 for gi in grad_next))
    return {"g": gq, "lam": kern, "g_next": g_next, "lam_next": lam_next, "net": net}


def crosscheck_residual_map(m: int, d: int, residual_map=None) -> bool:
    """True iff explicit GD equals the (r, lam) map for every activation pattern.

    ``residual_map`` defaults to the derived one; pass another
    :class:`~nqm_theory.symbolic.derive.UpdateMap` (e.g. with a perturbed coefficient)
    to see the check reject it.

    Examples
    --------
    >>> crosscheck_residual_map(2, 1)
    True
    """
    rmap = derive_one_example().residual_map if residual_map is None else residual_map
    r_next, lam_next = rmap.next_state
    for pattern in itertools.product((0, 1), repeat=m):
        ex = explicit_gd_step(m, d, pattern)
        net = ex["net"]
        cval = sum(xi**2 for xi in net.x) / sp.Integer(m * d)
        subs = {g: ex["g"], r: ex["g"] - y, lam: ex["lam"], c: cval}
        pred_r = sp.expand(r_next.xreplace(subs))
        pred_lam = sp.expand(lam_next.xreplace(subs))
        if sp.expand(ex["g_next"] - y - pred_r) != 0:
            return False
        if sp.expand(ex["lam_next"] - pred_lam) != 0:
            return False
    return True
