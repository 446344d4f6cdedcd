"""GD on the d = 1 ReLU NQM with several examples through the exact reduced system (§5).

Each of the two directions p1 = x o 1{x > 0}, p2 = x o 1{x < 0} is one cell of the
NQM cell loop (:func:`nqm_theory.maps.loops.make_nqm_cell`) of the direction map object
(:func:`nqm_theory.symbolic.maps.direction_map`, equal to the one-example map) and::

    u_i = (eta^2/m) <g - y, p_i>^2,  v_i = eta lam_i,  w_i = (eta^2/m) <g - y, p_i><y, p_i>,
    s_i = m / (2 eta^2 |p_i|^2)   (loss along p_i/|p_i| = u_i s_i),

where ``lam_i = a_i |p_i|^2`` is the kernel eigenvalue along p_i (Prop. 7).  The total loss
is u_1 s_1 + u_2 s_2 + L_perp, where ``L_perp = 1/2 |residual orthogonal to p1, p2|^2`` is
frozen (Prop. 9).  Derivation and exactness checks: :mod:`nqm_theory.multi.symbolic`.
Sum convention L = 1/2 sum_k r_k^2 (docs/theory.md §1).
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .._validate import NQMValueError, check_int, check_real
from ..core.iterate import check_exact_size, nqm_cell, parse_precision
from ..results import REGIME_CODES, MapRun, Regime, RegimeOutcome, Tolerances, Trajectory

__all__ = ["SeveralExamples", "SeveralRun", "iterate_several"]


@dataclass(frozen=True)
class SeveralExamples:
    """The reduced problem: per direction (``lam_i, R_i(0), Y_i, |p_i|^2``) and L_perp.

    Build it with :meth:`from_network`.  Numbers are float or Fraction (exact networks).

    Attributes
    ----------
    width, eta : number
        m and the learning rate (sum convention).
    labels : tuple of str
        ``"S+"`` / ``"S-"`` for the directions present (``|p_i| > 0``).
    lam0, R0, Y, norm2 : tuple
        ``lam_i(0), <g(0) - y, p_i>, <y, p_i>, |p_i|^2`` per direction.
    frozen_loss : number
        L_perp (Prop. 9), constant during GD.
    """

    width: object
    eta: object
    labels: tuple
    lam0: tuple
    R0: tuple
    Y: tuple
    norm2: tuple
    frozen_loss: object

    @classmethod
    def from_network(cls, net, X, y, eta) -> "SeveralExamples":
        """Reduce GD on ``net``'s NQM (d = 1) on data (X, y) with step ``eta`` (§5).

        Requires every U0_i != 0 (else neuron i is active on both signs and the two
        directions couple) and at least one neuron of each sign used by the data.

        Examples
        --------
        >>> import numpy as np
        >>> from nqm_theory.params import TwoLayerReLU
        >>> net = TwoLayerReLU.init(100, 1, seed=0)
        >>> P = SeveralExamples.from_network(net, np.array([[1.], [-2.], [0.5]]),
        ...                                  np.array([1., -1., 0.]), 0.5)
        >>> P.labels, len(P.lam0)
        (('S+', 'S-'), 2)
        """
        exact = net.exact
        if net.d != 1:
            raise NQMValueError(f"`net` must have input dimension d = 1, got d = {net.d}")
        X = net.check_X(X)
        x = X[:, 0]
        try:
            yv = np.asarray(y, dtype=object if exact else np.float64)
        except (TypeError, ValueError):
            raise NQMValueError("`y` must be an array of finite real numbers") from None
        if yv.shape != x.shape:
            raise NQMValueError(f"`y` must have shape ({x.shape[0]},), got {yv.shape}")
        for v in yv.ravel():
            check_real("y", v)
        eta = Fraction(eta) if exact else float(check_real("eta", eta, gt=0))
        check_real("eta", eta, gt=0)
        U0, V0 = net.U0[:, 0], net.V0
        if np.any(U0 == 0):
            raise NQMValueError("`net` must have every U0_i != 0 (a neuron with U0_i = 0 is "
                                "active on both signs and couples the two directions)")
        g0 = net.output(net.U0, net.V0, X, kind="quad")
        zero = Fraction(0) if exact else 0.0
        out = {k: [] for k in ("labels", "lam0", "R0", "Y", "norm2")}
        resid_span = np.full(x.shape, zero, dtype=object if exact else np.float64)
        for label, xmask, umask in (("S+", x > 0, U0 > 0), ("S-", x < 0, U0 < 0)):
            p = np.where(xmask, x, zero)
            n2 = p @ p
            if n2 == 0:
                continue
            a = (U0[umask] @ U0[umask] + V0[umask] @ V0[umask]) / net.m
            if a == 0:
                raise NQMValueError(f"`net` must have a neuron active on {label} "
                                    f"(U0_i of that sign)")
            out["labels"].append(label)
            out["lam0"].append(a * n2)
            out["R0"].append((g0 - yv) @ p)
            out["Y"].append(yv @ p)
            out["norm2"].append(n2)
            resid_span = resid_span + ((g0 - yv) @ p / n2) * p
        perp = (g0 - yv) - resid_span
        frozen = (perp @ perp) / 2
        return cls(net.m if exact else float(net.m), eta, *map(tuple, out.values()), frozen)

    @property
    def eta_crit(self) -> tuple:
        """``2 / lam_i(0)`` per direction (Theorem 3)."""
        return tuple(2 / lam for lam in self.lam0)

    def initial_states(self, num=lambda z: z) -> list:
        """``[(u0, v0, w0, s), ...]`` per direction, numbers converted by ``num``."""
        m, eta = num(self.width), num(self.eta)
        k2 = eta * eta / m
        return [(k2 * num(R) * num(R), eta * num(lam), k2 * num(R) * num(Y),
                 m / (2 * eta * eta * num(n2)))
                for lam, R, Y, n2 in zip(self.lam0, self.R0, self.Y, self.norm2)]


@dataclass(frozen=True)
class SeveralRun(RegimeOutcome):
    """Result of :func:`iterate_several` (docs/theory.md §5, Theorem 3).

    Attributes
    ----------
    regime : Regime
        DIVERGENT / UNDECIDED if some direction is; else CATAPULT if some direction
        catapulted; else MONOTONE.
    directions : tuple of MapRun
        Per-direction outcome from the core (convergence of that direction's loss);
        ``eta_crit`` / ``eta_max`` are 2/lam_i(0), 4/lam_i(0).
    labels : tuple of str
    trajectory : Trajectory
        Fixed horizon ``steps`` (shorter only on divergence): ``loss`` (T+1,) total loss;
        ``kernel``, ``u``, ``v``, ``w`` of shape (T+1, k): lam_i and the per-direction state.
    direction_loss : ndarray, shape (T+1, k)
        Loss along each ``p_i/|p_i|``.
    frozen_loss : number
    precision : str
    """

    regime: Regime
    directions: tuple
    labels: tuple
    trajectory: Trajectory
    direction_loss: np.ndarray
    frozen_loss: object
    precision: str

    def to_dict(self) -> dict:
        """JSON-ready summary (floats)."""
        return {"regime": self.regime.value, "labels": list(self.labels),
                "frozen_loss": float(self.frozen_loss), "precision": self.precision,
                "directions": [d.to_dict() for d in self.directions]}


def iterate_several(problem: SeveralExamples, *, steps: int = 1000,
                    precision: str = "float64", tolerances: Tolerances = Tolerances(),
                    map=None) -> SeveralRun:
    """Run the reduced several-example system through the numeric core (two cells).

    Parameters
    ----------
    problem : SeveralExamples
    steps : int, default 1000
        Horizon of the recorded trajectory ("exact": refused when the predicted size of
        the iterates exceeds :data:`nqm_theory.maps.EXACT_MAX_BITS`).
    precision : {"float64", "mpN", "exact"}
    tolerances : Tolerances
        Per-direction convergence/divergence rule of the core.
    map : CompiledMap, optional
        The per-direction map (default :func:`nqm_theory.symbolic.maps.direction_map`).

    Returns
    -------
    SeveralRun

    Examples
    --------
    >>> import numpy as np
    >>> from nqm_theory.params import TwoLayerReLU
    >>> net = TwoLayerReLU.init(1000, 1, seed=0)
    >>> P = SeveralExamples.from_network(net, np.array([[1.], [-1.]]), np.array([1., -1.]),
    ...                                  2.5 / 1.0)
    >>> run = iterate_several(P, steps=3000)
    >>> [d.regime.value for d in run.directions]
    ['catapult', 'catapult']
    """
    prec = parse_precision(precision)
    if prec.kind == "ball":
        raise NQMValueError("`precision` for iterate_several must be 'float64', 'mpN' or "
                            "'exact'")
    steps = check_int("steps", steps, ge=1, le=10**9)
    if map is None:
        from ..symbolic.maps import direction_map
        map = direction_map()
    run_cell = nqm_cell(map, prec.kind)
    if prec.kind == "mp":
        import mpmath
        with mpmath.workdps(prec.digits):
            num = lambda z: mpmath.mpf(z.numerator) / z.denominator if isinstance(  # noqa
                z, Fraction) else mpmath.mpf(z)
            return _run(problem, run_cell, steps, precision, tolerances, num, object)
    if prec.kind == "exact":
        from flint import fmpq

        from ..maps.numbers import fraction_of
        for st in problem.initial_states(Fraction):
            check_exact_size(map, st[:3], steps)
        run = _run(problem, run_cell, steps, precision, tolerances,
                   lambda z: fmpq(Fraction(z).numerator, Fraction(z).denominator), object)
        return _to_fractions(run, fraction_of)
    return _run(problem, run_cell, steps, precision, tolerances, float, np.float64)


def _run(problem, run_cell, steps, precision, tol, num, dtype):
    eta = num(problem.eta)
    dirs, recs = [], []
    for (u0, v0, w0, s), lam0 in zip(problem.initial_states(num), problem.lam0):
        empty = np.empty((0, 3), dtype=dtype)
        res = run_cell((u0, v0, w0), (), s, num(tol.loss_tol), num(tol.overflow), steps,
                       empty)
        code, t, peak, peak_t, final_loss, xf, loss0 = res
        dirs.append(MapRun(REGIME_CODES[code], t, peak, peak_t, loss0, final_loss,
                           xf[1] / eta, precision, 2 / num(lam0), 4 / num(lam0),
                           eta_lam_final=xf[1]))
        traj = np.empty((steps + 1, 3), dtype=dtype)
        t_end = run_cell((u0, v0, w0), (), s, num(0), num(tol.overflow), steps, traj)[1]
        recs.append((traj[:, 0], traj[:, 1], traj[:, 2], s, t_end))
    T = min(r[4] for r in recs)
    u, v, w = (np.stack([r[i][:T + 1] for r in recs], axis=1) for i in range(3))
    s = np.array([r[3] for r in recs], dtype=dtype)
    with np.errstate(under="ignore", over="ignore", invalid="ignore"):
        dloss = u * s          # underflow near convergence and inf on divergence are data
        loss = dloss.sum(axis=1) + num(problem.frozen_loss)
    regimes = {d.regime for d in dirs}
    regime = next((r for r in (Regime.DIVERGENT, Regime.UNDECIDED, Regime.CATAPULT)
                   if r in regimes), Regime.MONOTONE)
    traj = Trajectory(loss=loss, kernel=v / eta, u=u, v=v, w=w)
    return SeveralRun(regime, tuple(dirs), problem.labels, traj, dloss,
                      num(problem.frozen_loss), precision)


def _to_fractions(run: SeveralRun, fraction_of) -> SeveralRun:
    """An exact run's FLINT numbers as ``fractions.Fraction`` (no re-normalisation)."""
    from dataclasses import replace
    conv = np.vectorize(fraction_of, otypes=[object])
    dirs = tuple(replace(d, **{k: fraction_of(getattr(d, k)) for k in
                               ("peak_loss", "initial_loss", "final_loss", "final_kernel",
                                "eta_lam_final", "eta_crit", "eta_max")}) for d in run.directions)
    tr = run.trajectory
    tr = Trajectory(*(conv(a) for a in (tr.loss, tr.kernel, tr.u, tr.v, tr.w)))
    return replace(run, directions=dirs, trajectory=tr, direction_loss=conv(run.direction_loss),
                   frozen_loss=fraction_of(run.frozen_loss))
