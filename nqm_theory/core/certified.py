"""Certified runs of an NQM map in ball arithmetic (``precision="ballN"``, Arb balls).

Every state, loss and kernel is an Arb ball that provably contains the exact value of the
map's orbit from the exact initial state (inputs are converted to exact rationals first).
The regime rule of :func:`nqm_theory.maps.loops.make_nqm_cell` is applied only where the
balls decide it:

* divergence is decided at the first step where ``loss > overflow`` holds for the whole
  ball (or a state ball is no longer finite, or the kernel ball v is wider than 1: then
  nothing is certified);
* convergence at the first step where ``loss < tol`` holds for the whole ball and the
  state is certainly at or next to a stable fixed point (``u = 0`` exactly, or the whole
  ``v`` ball inside (0, 2)); where the balls do not decide a stopping test the run goes
  on (the exact orbit is followed, so a later decision is still the exact one), and the
  steps where the test was undecided are reported;
* monotone vs catapult needs ``loss(t) > loss(0)`` decided at some step (catapult) or
  ``loss(t) <= loss(0)`` decided at every step (monotone).

For the derived one-example map (checked symbolically,
:func:`nqm_theory.sharp.regimes.is_nqm_map`) two theorems shorten this:

* at every step the trapping-region Lemma T (:mod:`nqm_theory.sharp.trapping`) is checked
  on the balls; where it holds, convergence is proven (the loss is non-increasing from
  there on and tends to 0), the run stops, and the *limit* of the kernel is enclosed
  (``enclosures["limit_kernel"]``), with no need to iterate down to ``loss_tol``;
* for y = 0, Theorem C and Lemma M (:mod:`nqm_theory.sharp.regimes`) decide the regime
  from the exact initial state, even when the budget ends before Lemma T applies.

``certified`` is True only when the regime was decided with no tie; the certificate says
what was decided or what was not.
"""
from __future__ import annotations

from fractions import Fraction

from ..models import OneExample
from ..results import MapRun, Regime, Tolerances, Trajectory

__all__ = ["iterate_ball"]


def _ball(x):
    from flint import arb, fmpq
    q = Fraction(x)
    return arb(fmpq(q.numerator, q.denominator))


def iterate_ball(problem: OneExample, cmap, *, steps: int, precision, tolerances: Tolerances,
                 record: bool = True) -> MapRun:
    """Run ``cmap`` from ``problem``'s exact initial state in Arb balls (see module doc)."""
    import numpy as np

    from ..maps.numbers import ball_bounds, ball_mid
    p = problem.convert(Fraction)
    with precision.context():
        u0, v0, w0, s = (_ball(z) for z in p.initial_state())
        eta = _ball(p.eta)
        tol, ovf = _ball(tolerances.loss_tol), _ball(tolerances.overflow)
        step = cmap.step_function(precision.name)
        theory = _Theory(cmap, p.initial_state()[:3])
        x = (u0, v0, w0)
        loss0 = u0 * s
        peak_lo, peak_hi, peak_t = loss0.lower(), loss0.upper(), 0
        above = None       # first step where loss > loss0 holds for the whole balls
        below_all = True   # loss <= loss0 held for the whole balls at every step so far
        undecided_stop = []
        regime, lost, t = Regime.UNDECIDED, False, 0
        rec = []
        while True:
            u, v = x[0], x[1]
            loss = u * s
            if record:
                rec.append(x)
            if not all(z.is_finite() for z in x) or not loss.is_finite() or (
                    x[1].rad() > 1 and not loss > ovf):
                lost = True
                break
            if t > 0:
                if loss > loss0 and above is None:
                    above = t
                if not (loss <= loss0):
                    below_all = False
            if loss.upper() > peak_hi:
                peak_hi = loss.upper()
            if loss.lower() > peak_lo:
                peak_lo, peak_t = loss.lower(), t
            if loss > ovf:
                regime = Regime.DIVERGENT
                break
            if theory.trapped(x, t):
                regime = Regime.CATAPULT if above is not None else (
                    Regime.MONOTONE if below_all else Regime.UNDECIDED)
                if theory.tight(precision.digits) or loss < tol or t >= steps:
                    break
                x = step(x, ())
                t += 1
                continue
            if loss < tol:
                stable = u.is_zero() or (v > 0 and v < 2)
                if stable:
                    regime = Regime.CATAPULT if above is not None else Regime.MONOTONE
                    break
                if not (v <= 0 or v >= 2) and not u.is_zero():
                    undecided_stop.append(t)
            elif not (loss >= tol):
                undecided_stop.append(t)
            if t >= steps:
                break
            x = step(x, ())
            t += 1
        digits = precision.digits
        encl = {"peak_loss": (ball_bounds(_point(peak_lo), digits)[0],
                              ball_bounds(_point(peak_hi), digits)[1]),
                "initial_loss": ball_bounds(loss0, digits),
                "final_loss": ball_bounds(x[0] * s, digits),
                "final_kernel": ball_bounds(x[1] / eta, digits),
                "eta_lam_final": ball_bounds(x[1], digits)}
        mid = {k: ball_mid(b, digits) for k, b in (("initial_loss", loss0),
                                                    ("final_loss", x[0] * s),
                                                    ("final_kernel", x[1] / eta),
                                                    ("eta_lam_final", x[1]))}
        mid["peak_loss"] = ball_mid(_point(peak_hi).union(_point(peak_lo)), digits)
        if theory.trap is not None:
            encl["limit_kernel"] = (ball_bounds(theory.trap.v_lower / eta, digits)[0],
                                    ball_bounds(theory.trap.v_upper / eta, digits)[1])
        certified, text = _certificate(regime, lost, above, below_all, t, undecided_stop,
                                       precision.name)
        if theory.trap is not None and certified:
            text += f"; Lemma T holds at step {t} (|s| <= {float(theory.trap.q):.6g} from there on)"
        regime, certified, text = theory.decided(regime, certified, text, lost)
        traj = None
        if record:
            def col(f):
                return np.array([ball_mid(f(st), digits) for st in rec], dtype=object)
            traj = Trajectory(loss=col(lambda st: st[0] * s), kernel=col(lambda st: st[1] / eta),
                              u=col(lambda st: st[0]), v=col(lambda st: st[1]),
                              w=col(lambda st: st[2]))
        return MapRun(regime=regime, steps=t, peak_loss=mid["peak_loss"], peak_step=peak_t,
                      initial_loss=mid["initial_loss"], final_loss=mid["final_loss"],
                      final_kernel=mid["final_kernel"], precision=precision.name,
                      eta_crit=2 / p.lam0, eta_max=4 / p.lam0, trajectory=traj,
                      enclosures=encl, certified=certified, certificate=text,
                      eta_lam_final=mid["eta_lam_final"])


class _Theory:
    """Lemma T and the y = 0 theorems, for the derived one-example map only."""

    def __init__(self, cmap, state):
        from ..sharp.regimes import analytic_regime, is_nqm_map
        self.on = is_nqm_map(cmap)
        self.trap = None
        self.regime, self.reason = analytic_regime(*state) if self.on else (None, "")
        u0, _, w0 = (Fraction(z) for z in state)
        self.k = _ball(w0 * w0 / u0) if self.on and u0 > 0 else None

    def trapped(self, x, t) -> bool:
        """Lemma T at x (once it has held, it holds for good: then only tighten)."""
        from ..sharp.trapping import precheck, trap
        if self.k is None or (self.trap is None and not precheck(*(float(z.mid()) for z in x))):
            return self.trap is not None
        new = trap(x[0], x[1], x[2], self.k)
        if new is not None:
            self.trap = new
        return self.trap is not None

    def tight(self, digits) -> bool:
        """The limit enclosure is as narrow as the run's loss tolerance would make it."""
        width = self.trap.v_upper - self.trap.v_lower
        return bool(width < self.trap.v_upper / 10 ** min(digits - 5, 24))

    def decided(self, regime, certified, text, lost):
        """A theorem's verdict overrides an undecided run (never a decided one)."""
        from ..results import Regime as R
        if self.regime is None or lost or (certified and regime is not R.UNDECIDED):
            return regime, certified, text
        if certified and regime is not self.regime:  # pragma: no cover - theorem vs run
            raise AssertionError(f"the run says {regime}, the theorem {self.regime}")
        return self.regime, True, f"certified {self.regime.value} by theorem: {self.reason}"


def _point(a):
    from flint import arb
    return arb(a)


def _certificate(regime, lost, above, below_all, t, undecided_stop, name):
    notes = []
    if undecided_stop:
        notes.append(f"the stopping test was undecided by the balls at {len(undecided_stop)} "
                     f"step(s) (first {undecided_stop[0]}); the run went on until it was "
                     "decided")
    if lost:
        return False, (f"not certified: the enclosure was lost at step {t} (a ball is no "
                       f"longer finite, or v is no longer known to within 1); rerun with more digits than {name}")
    if regime is Regime.UNDECIDED:
        if undecided_stop:
            return False, ("not certified: the step budget ran out, and the stopping test "
                           f"was undecided by the balls at {len(undecided_stop)} step(s) "
                           f"(first {undecided_stop[0]}): the exact run may have converged "
                           f"there; rerun with more digits than {name}")
        return True, ("certified undecided: at every step the balls decided that no "
                      f"stopping test held, within the {t}-step budget")
    if regime is Regime.DIVERGENT:
        return True, (f"certified divergent: loss > overflow for the whole ball at step {t}"
                      + ("; " + "; ".join(notes) if notes else ""))
    if above is not None:
        return True, (f"certified catapult: loss(t) > loss(0) for the whole balls at step "
                      f"{above}; certified convergence at step {t}"
                      + ("; " + "; ".join(notes) if notes else ""))
    if below_all:
        return True, ("certified monotone: loss(t) <= loss(0) for the whole balls at every "
                      f"step; certified convergence at step {t}"
                      + ("; " + "; ".join(notes) if notes else ""))
    return False, ("not certified: convergence is certified at step "
                   f"{t}, but whether the loss ever exceeded loss(0) is a tie at this "
                   f"precision (monotone or catapult); rerun with more digits than {name}")
