"""The main job: a short report with figures of the three regimes (docs/theory.md §3-4).

``write_report(out)`` runs the exact one-example map for a default configuration at three
learning rates (monotone, catapult, divergent), checks the catapult run against GD in
parameter space on the width-m NQM, measures the peak loss against width, and writes
``report.md``, ``summary.json`` and PNG figures to ``out`` (atomically).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from ._io import atomic_dir, atomic_savefig, atomic_write_json, atomic_write_text
from ._validate import NQMValueError, check_int, check_real
from .catalogue import CONVENTION, DEFAULT_SETTING, convention
from .models import OneExample, check_float64_state, initial_state


def iterate(*args, **kwargs):
    """:func:`nqm_theory.iterate`, imported on first use (the CLI builds its parser fast)."""
    from .core.iterate import iterate as _iterate
    return _iterate(*args, **kwargs)

__all__ = ["ReportConfig", "write_report"]


@dataclass(frozen=True)
class ReportConfig:
    """Default configuration of the report (paper symbols; lam0 = 1 so eta = eta*lam0).

    ``eta_lam0`` holds one sub-critical, one catapult and one divergent rate.
    """

    width: float = 1e4
    g0: float = DEFAULT_SETTING.g0
    y: float = DEFAULT_SETTING.y
    x2d: float = DEFAULT_SETTING.x2d
    eta_lam0: tuple = (1.5, 3.0, 4.2)
    params_width: int = 2000
    params_d: int = 2
    seed: int = 0
    steps: int = 10_000

    def __post_init__(self):
        check_real("width", self.width, gt=0)
        check_real("g0", self.g0)
        check_real("y", self.y)
        check_real("x2d", self.x2d, gt=0)
        for e in self.eta_lam0:
            check_real("eta_lam0", e, gt=0)
        check_int("params_width", self.params_width, ge=1)
        check_int("params_d", self.params_d, ge=1)
        check_int("steps", self.steps, ge=1)
        if self.g0 == self.y:
            raise NQMValueError(f"`g0` and `y` must differ: with g0 = y = {self.y} the loss is "
                                "0 at initialisation and GD never moves (nothing to report)")
        import numpy as np
        for p in self.problems():   # float64 must hold every state, or the runs mean nothing
            f64 = {k: np.float64(float(v)) for k, v in vars(p).items()}
            with np.errstate(all="ignore"):
                check_float64_state(f64, initial_state(**f64))

    def problems(self) -> list:
        """The :class:`OneExample` of each rate in ``eta_lam0`` (lam0 = 1)."""
        conv = convention()
        return [OneExample(width=self.width, eta=conv.split(e)[0], lam0=conv.split(e)[1],
                           g0=self.g0, y=self.y, x2d=self.x2d) for e in self.eta_lam0]


def _params_check(cfg: ReportConfig):
    from .params import TwoLayerReLU, gradient_descent
    net = TwoLayerReLU.init(cfg.params_width, cfg.params_d, seed=cfg.seed)
    x = np.random.default_rng(cfg.seed + 1).standard_normal((1, cfg.params_d))
    g0 = float(net.output(net.U0, net.V0, x, kind="quad")[0])
    lam0 = float(net.kernel(net.U0, net.V0, x, kind="quad")[0, 0])
    prob = OneExample(width=cfg.params_width, eta=3.0 / lam0, lam0=lam0, g0=g0, y=cfg.y,
                      x2d=float(x[0] @ x[0]) / cfg.params_d)
    run = iterate(prob, steps=cfg.steps)
    hist = gradient_descent(net, x, np.array([cfg.y]), eta=prob.eta, steps=run.steps, kind="quad")
    with np.errstate(all="ignore"):
        ok = np.isfinite(hist.loss) & np.isfinite(run.trajectory.loss) & \
            np.isfinite(hist.kernel_eigs[:, 0]) & np.isfinite(run.trajectory.kernel)
        live = ok & (run.trajectory.loss >= 1e-10) & (run.trajectory.loss <= 1e100)
        rel_loss = float(np.max(np.abs(hist.loss - run.trajectory.loss)[live]
                                / run.trajectory.loss[live])) if live.any() else None
        rel_kern = float(np.max(np.abs(hist.kernel_eigs[:, 0] - run.trajectory.kernel)[live]
                                / np.abs(run.trajectory.kernel[live]))) if live.any() else None
    return run, hist, {"width": cfg.params_width, "d": cfg.params_d, "seed": cfg.seed,
                       "eta_lam0": 3.0, "steps": run.steps, "max_rel_loss_diff": rel_loss,
                       "max_rel_kernel_diff": rel_kern}


def _peak_vs_width(cfg: ReportConfig):
    widths = np.logspace(2, 10, 17)
    deltas = (0.25, 0.5, 1.0, 1.5)
    peaks = np.array([[float(iterate(OneExample(width=float(m), eta=2 + dl, lam0=1.0, g0=cfg.g0,
                                                 y=cfg.y, x2d=cfg.x2d), steps=cfg.steps,
                                      record=False).peak_loss) for m in widths] for dl in deltas])
    slopes = [float(np.polyfit(np.log(widths[8:]), np.log(row[8:]), 1)[0])
              if np.all(np.isfinite(row[8:])) and np.all(row[8:] > 0) else None
              for row in peaks]   # None: not defined (a run diverged or had zero loss)
    return widths, deltas, peaks, slopes


def _phase_panel(cfg: ReportConfig, out: Path) -> dict:
    """Coarse eta*lam0 x width phase diagram (the compiled grid core; warms its cache)."""
    from .grid import phase_diagram
    from .grid.states import linear_axis, log_axis
    from .plotting.phase import figure_phase
    pd = phase_diagram(linear_axis(0.05, 4.55, 91), log_axis(1e2, 1e8, 49), g0=cfg.g0,
                       y=cfg.y, x2d=cfg.x2d, steps=cfg.steps)
    cap = (f"Data: one example, g0 = {cfg.g0}, y = {cfg.y}, |x|^2/d = {cfg.x2d}; convention "
           f"{CONVENTION}; exact (u, v, w) map in float64; finer grids: `nqm-theory phase`.")
    atomic_savefig(figure_phase(pd, cap), out / "phase.png", dpi=100)
    return pd.counts()


def write_report(out, config: ReportConfig = ReportConfig()) -> Path:
    """Write the report to directory ``out``; returns the path of ``report.md``.

    The directory is built in a temporary sibling and swapped into place at the end
    (:func:`nqm_theory._io.atomic_dir`): an error or Ctrl-C leaves ``out`` as it was.

    Examples
    --------
    >>> import tempfile
    >>> p = write_report(tempfile.mkdtemp())
    >>> p.name
    'report.md'
    """
    final = Path(out)
    with atomic_dir(final) as out:
        _write(out, config)
    return final / "report.md"


def _write(out: Path, cfg: ReportConfig) -> None:
    from .plotting.trajectories import (figure_map_vs_params, figure_peak_vs_width,
                                        figure_regimes)
    runs = [iterate(p, steps=cfg.steps) for p in cfg.problems()]
    labels = [f"eta*lam0 = {e:g}" for e in cfg.eta_lam0]
    cap = (f"Data: one example, width m = {cfg.width:g}, g0 = {cfg.g0}, y = {cfg.y}, |x|^2/d = "
           f"{cfg.x2d}; convention {CONVENTION}; exact (u, v, w) map in float64.")
    atomic_savefig(figure_regimes(runs, labels, cap), out / "regimes.png", dpi=120)
    run, hist, agree = _params_check(cfg)
    diff = agree["max_rel_loss_diff"]
    cap2 = (f"Data: catapult at eta*lambda0 = 3 on a width-{cfg.params_width} NQM (d = "
            f"{cfg.params_d}, seed {cfg.seed}; lambda0 is that of the initialised network, "
            "eta = 3/lambda0); largest relative loss difference "
            + ("not defined (no step with a finite loss in [1e-10, 1e100])" if diff is None
               else f"{diff:.1e}") + ".")
    atomic_savefig(figure_map_vs_params(run, hist, cap2), out / "map_vs_params.png", dpi=120)
    widths, deltas, peaks, slopes = _peak_vs_width(cfg)
    cap3 = (f"Data: one example, g0 = {cfg.g0}, y = {cfg.y}, |x|^2/d = {cfg.x2d}; convention "
            f"{CONVENTION}, so eta = 2 + delta; exact map in float64 (the report fits log-log "
            "slopes on m >= 1e6).")
    atomic_savefig(figure_peak_vs_width(widths, peaks, deltas, cap3), out / "peak_vs_width.png",
                   dpi=120)
    counts = _phase_panel(cfg, out)
    summary = {**convention().to_dict(), "config": asdict(cfg),
               "runs": [r.to_dict() for r in runs],
               "phase_counts": counts,
               "params_agreement": agree,
               "peak_vs_width": {"widths": widths.tolist(), "deltas": list(deltas),
                                 "peaks": [[float(p) if np.isfinite(p) else None for p in row]
                                           for row in peaks],
                                 "peaks_null_means": "the run diverged (loss beyond 1e100)",
                                 "loglog_slopes": slopes}}
    atomic_write_json(out / "summary.json", summary)
    atomic_write_text(out / "report.md", _markdown(cfg, runs, agree, deltas, slopes))


def _num(x) -> str:
    return "not defined (no comparable step)" if x is None else f"{x:.2e}"


def _markdown(cfg, runs, agree, deltas, slopes) -> str:
    rows = "\n".join(
        f"| {e:g} | {r.regime.value} | {r.steps} | {float(r.peak_loss):.6g} | {r.peak_step} | "
        f"{float(r.final_loss):.3g} | {float(r.final_kernel):.6g} | "
        f"{float(r.eta_lam_final):.6g} |"
        for e, r in zip(cfg.eta_lam0, runs))
    slope_txt = ", ".join(f"delta={d:g}: " + ("not defined (a run diverged)" if s is None
                                              else f"{s:.4f}") for d, s in zip(deltas, slopes))
    return f"""# nqm_theory report: the three learning-rate regimes (one training example)

Configuration: width m = {cfg.width:g}, convention {CONVENTION} (lam0 = 1 held fixed),
g0 = {cfg.g0}, y = {cfg.y}, |x|^2/d = {cfg.x2d}. Dynamics: the exact (u, v, w) map derived by
`nqm-theory derive` (docs/theory.md §3), float64. Loss L = (g - y)^2/2; converged when L < 1e-24 next to a stable
fixed point, divergent when L > 1e100. Critical rates: 2/lam0 = 2 and 4/lam0 = 4.

| eta*lam0 | regime | steps | peak loss | peak step | final loss | final kernel lambda | eta*lambda_inf |
|---|---|---|---|---|---|---|---|
{rows}

![regimes](regimes.png)

## The map is exact: parameter-space GD on the width-{agree['width']} NQM

Same g0 and lam0 (read off the initialised network, d = {agree['d']}, seed {agree['seed']}),
eta*lam0 = 3, {agree['steps']} steps: largest relative difference of the loss
{_num(agree['max_rel_loss_diff'])} (steps with 1e-10 <= L <= 1e100), of the kernel {_num(agree['max_rel_kernel_diff'])}.

![map vs params](map_vs_params.png)

## Peak loss against width

Log-log slopes of the peak loss against m (fitted on m >= 1e6): {slope_txt}.
A slope of 1 is the Theta(m) growth of the catapult; see `nqm-theory scaling` for fits.

![peak vs width](peak_vs_width.png)

## Phase diagram (coarse)

![phase](phase.png)

Reproduce: `nqm-theory report --out DIR`; one run: `nqm-theory simulate --width {cfg.width:g}
--eta 3 --lam0 1 --g0 {cfg.g0} --y {cfg.y} --json`.
"""
