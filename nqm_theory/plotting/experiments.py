"""Figures of the named experiments (docs/theory.md §6-7); matplotlib Agg, no computation here.

``figure_*`` build a figure object (title, labelled axes, a caption that says what is
drawn, the configuration and the symbols, :func:`nqm_theory.plotting._figure.finish`);
``plot_*`` save it atomically and return the paths.  Fig. 3/5 plot the loss in the
convention of their learning rates (``mse_mean``: L = (1/n) sum_k (f_k - y_k)^2 = (2/n) x
the sum/2 loss of the JSON).  The step axis is 1 + t on a log scale (the paper's curves
span a few steps of catapult and hundreds of steps of convergence; a log axis of 1 + t
shows both without the kink a symlog axis has where it turns logarithmic).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ._figure import finish, plt as _plt

__all__ = ["figure_fig3", "figure_fig5", "figure_fig8", "figure_eigenspace",
           "plot_eigenspace", "plot_fig3", "plot_fig5", "plot_fig8"]

_LOSS_LABEL = {"mse_mean": "loss L(t) = (1/n) sum_k (f_k - y_k)^2",
               "mean_half": "loss L(t) = (1/2n) sum_k (f_k - y_k)^2",
               "sum_half": "loss L(t) = (1/2) sum_k (f_k - y_k)^2"}
_LOSS_SCALE = {"mse_mean": lambda n: 2.0 / n, "mean_half": lambda n: 1.0 / n,
               "sum_half": lambda n: 1.0}
_STEP = "1 + t  (t = GD step; log scale)"
_STEP_NOTE = "The horizontal axis is 1 + t on a log scale."


def _finite(a):
    a = np.asarray(a, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.where(np.isfinite(a) & (a < 1e30), a, np.nan)


def _steps(a, y, *args, semilogy=False, **kw):
    """Plot ``y`` against 1 + t (log x axis, no kink)."""
    y = _finite(y)
    (a.loglog if semilogy else a.semilogx)(np.arange(1, len(y) + 1), y, *args, **kw)
    a.set_xlabel(_STEP)


def _save(plt, fig, path) -> Path:
    from .._io import atomic_savefig
    atomic_savefig(fig, path, dpi=90)
    plt.close(fig)
    return Path(path)


def _zone(eta_sum, lam1, lam2):
    from ..multi.theorem3 import expected_zone
    return {"sub": "sub-critical", "p1_only": "catapult p1 only", "both": "catapult p1+p2",
            "divergent": "divergent"}[expected_zone(eta_sum, lam1, lam2)]


def _three_panels(plt, res, curves, title, conv, linear=False):
    """Loss, lambda_1, lambda_2 panels; ``curves`` yields (run, loss, lam1, lam2)."""
    fig, ax = plt.subplots(1, 3, figsize=(15, 6.0), layout="constrained")
    scale = _LOSS_SCALE[conv](res["n"])
    for i, (r, loss, l1, l2) in enumerate(curves):
        col = f"C{i}"
        zone = (("eta > eta_crit_1" if r["eta_sum"] * res["lam1_0"] > 2 else "eta < eta_crit_1")
                if linear else _zone(r["eta_sum"], res["lam1_0"], res["lam2_0"]))
        lab = f"eta={r['eta']:.3f} ({zone})"
        _steps(ax[0], _finite(loss) * scale, color=col, label=lab, semilogy=True)
        _steps(ax[1], l1, color=col)
        _steps(ax[2], l2, color=col)
        for a in ax[1:]:
            a.axhline(2.0 / r["eta_sum"], color=col, ls=":", lw=0.8)
    floor = res.get("loss_floor_perp")
    if floor is not None:
        ax[0].axhline(floor * scale, color="k", ls="--", lw=0.8,
                      label="floor L_perp (Prop. 9)")
    ax[0].set_ylabel(_LOSS_LABEL[conv] + "  (log scale)")
    ax[1].set_ylabel("top kernel eigenvalue lambda_1(t)")
    ax[2].set_ylabel("second kernel eigenvalue lambda_2(t)")
    for a, t in zip(ax, ("loss", "lambda_1(t); dotted: 2/eta_sum", "lambda_2(t); dotted: 2/eta_sum")):
        a.set_title(f"{title}: {t}", fontsize=10)
    ax[0].legend(fontsize=7)
    for a in ax[1:]:
        a.set_ylim(0, 1.2 * res["lam1_0"])
    return fig, floor is not None


def _fig35_caption(res, floor: bool) -> tuple:
    drawn = ["One colour per learning rate eta (legend: eta and its zone of Theorem 3), the "
             "same colours in all panels: the loss (left) and the two largest kernel "
             "eigenvalues (middle, right); dotted, in the colour of the run: 2/eta_sum, the "
             "stability limit of each run (GD is stable when eta_sum lambda_1 < 2)."]
    if floor:
        drawn.append("Black dashed: the loss floor L_perp orthogonal to p_1, p_2 (Prop. 9).")
    drawn.append(f"Diverged curves stop where the loss passes 1e30. {_STEP_NOTE}")
    ctx = (f"n={res['n']} scalar inputs (x ~ N(-2,1) label -1, N(2,1) label +1), width "
           f"m={res['width']}, seed={res['seed']}. eta in the mse_mean convention "
           f"(L = (1/n) sum r^2; eta_sum = 2 eta/n): eta_crit_1 = {res['eta_crit_1']:.4f}, "
           f"eta_crit_2 = {res['eta_crit_2']:.4f} (paper: 0.37, 0.39). Kernel K_ij = "
           "<grad f(x_i), grad f(x_j)> (no loss factor).")
    return drawn, ctx


def figure_fig3(res):
    """Fig. 3: loss, lambda_1(t), lambda_2(t) of the NQM for every eta (figure object)."""
    plt = _plt()
    curves = ((r, r["run"].trajectory.loss, r["run"].trajectory.kernel[:, r["order"][0]],
               r["run"].trajectory.kernel[:, r["order"][1]]) for r in res["runs"])
    fig, floor = _three_panels(plt, res, curves, "NQM", res["eta_convention"])
    drawn, ctx = _fig35_caption(res, floor)
    return finish(fig, "Fig. 3: catapult of the ReLU NQM along the top kernel directions "
                       "(exact reduced system, docs/theory.md §5)", drawn=drawn, context=ctx,
                  symbols=("eta", "eta_sum", "lambda_i", "m", "t"))


def figure_fig5(res, kind: str):
    """Fig. 5: the same panels for the network f (``kind="net"``) or f_lin (``"lin"``)."""
    plt = _plt()
    title = {"net": "network f", "lin": "f_lin"}[kind]
    curves = ((r, r["history"].loss, r["history"].kernel_eigs[:, 0],
               r["history"].kernel_eigs[:, 1]) for r in res["runs"] if r["kind"] == kind)
    fig, floor = _three_panels(plt, res, curves, title, res["convention"], kind == "lin")
    drawn, ctx = _fig35_caption(res, floor)
    if kind == "lin":
        drawn.insert(1, "f_lin has a constant kernel and diverges for eta > eta_crit_1.")
    return finish(fig, f"Fig. 5: {title}, parameter-space GD", drawn=drawn, context=ctx,
                  symbols=("eta", "eta_sum", "lambda_i", "m", "t"))


def figure_fig8(res):
    """Fig. 8: loss and kernel for the gamma sweep and the eta sweep (figure object)."""
    plt = _plt()
    fig, ax = plt.subplots(2, 2, figsize=(11, 10.0), layout="constrained")
    for row, (key, var) in enumerate((("gamma_sweep", "gamma"), ("eta_sweep", "eta"))):
        for i, r in enumerate(res[key]):
            lab = f"{var}={r[var]}"
            _steps(ax[row, 0], r["loss"], color=f"C{i}", label=lab, semilogy=True)
            _steps(ax[row, 1], r["kernel"], color=f"C{i}")
            ax[row, 1].axhline(2.0 / r["eta"], color=f"C{i}", ls=":", lw=0.8)
        fixed = (f"eta={res['default']['eta']}" if var == "gamma"
                 else f"gamma={res['default']['gamma']}")
        ax[row, 0].set_title(f"loss, {var} sweep ({fixed})", fontsize=10)
        ax[row, 1].set_title(f"kernel, {var} sweep ({fixed}); dotted: 2/eta", fontsize=10)
        ax[row, 0].set_ylabel("loss L(t) = (g(w(t)) - y)^2 / 2  (log scale)")
        ax[row, 0].set_ylim(1e-20, None)
        ax[row, 1].set_ylabel("kernel lambda(t) = |grad_w g(w(t))|^2")
        ax[row, 0].legend(fontsize=7)
    drawn = ["Top row: gamma sweep at fixed eta; bottom row: eta sweep at fixed gamma; one "
             "colour per run (legend), the same in both panels of a row: the loss (left) and "
             "the kernel (right); dotted, in the colour of the run: 2/eta, below which GD "
             "converges.",
             f"Losses below 1e-20 (float64 round-off floor) are cut off. {_STEP_NOTE}"]
    ctx = (f"General quadratic model g(w) = w^T phi + gamma/2 w^T Sigma w, one example, "
           f"d={res['d']}, phi = x/|x| with x ~ N(0, I), Sigma = diag(+-1), w0 ~ N(0, I), "
           f"y={res['label']}, seed={res['seed']}; loss convention (g - y)^2/2.")
    return finish(fig, "Fig. 8: catapult of a general quadratic model", drawn=drawn,
                  context=ctx, symbols=("eta", "gamma", "lambda", "t"))


def figure_eigenspace(res):
    """Loss split into the top-k eigenspace of K(0), of K(t), and the rest (figure object)."""
    plt = _plt()
    names = list(res["models"])
    fig, ax = plt.subplots(len(names), 2, figsize=(12, 4.2 * len(names) + 1.6), squeeze=False,
                           layout="constrained")
    for row, name in enumerate(names):
        for col, r in enumerate(res["models"][name]["runs"]):
            a, s, k = ax[row, col], r["split"], r["k"]
            _steps(a, r["loss"], "k", lw=2, label="total loss L(t)", semilogy=True)
            _steps(a, s["top_initial"], "C0", label=f"on top-{k} eigvecs of K(0)", semilogy=True)
            _steps(a, s["top_tracked"], "C1--", label=f"on top-{k} eigvecs of K(t)",
                   semilogy=True)
            _steps(a, s["rest_initial"], "C2", label=f"rest (orthogonal to top-{k} of K(0))",
                   semilogy=True)
            a.set_title(f"{name}: eta={r['eta']:.4g} (top {k} direction(s) super-critical); "
                        f"peak share in top-{k}: {r['peak_fraction_top_initial']:.3f}",
                        fontsize=9)
            a.set_ylabel("loss component, 1/2 <f - y, v>^2 summed  (log scale)")
            a.legend(fontsize=7)
    drawn = ["Each panel is one run (rows: model; columns: k = number of super-critical "
             "directions). Black: the total loss; blue: its part on the top-k eigenvectors "
             "of K(0); orange dashed: on the top-k eigenvectors of K(t); green: the rest, "
             f"orthogonal to the top-k of K(0). {_STEP_NOTE}"]
    ctx = (f"quadratic = Fig. 8 model with n={res['n']} examples, d={res['d_quadratic']}, "
           f"gamma={res['gamma']}, y=0; relu_nqm = ReLU NQM, d={res['d_relu']}, n={res['n']} "
           f"random inputs, labels +-1, m={res['width']}; seed={res['seed']}. Loss convention "
           "1/2 sum_k (f_k - y_k)^2; eta midway between consecutive critical rates "
           "2/lambda_i(0).")
    return finish(fig, "The catapult lives in the top eigenspace (docs/theory.md §6)", drawn=drawn,
                  context=ctx, symbols=("eta", "gamma", "lambda_i", "m", "t"))


def plot_fig3(res, out) -> list:
    """Fig. 3 as ``OUT/fig3.png``; returns ``[path]``."""
    return [_save(_plt(), figure_fig3(res), Path(out) / "fig3.png")]


def plot_fig5(res, out) -> list:
    """Fig. 5 as ``OUT/fig5_net.png`` and ``OUT/fig5_lin.png``; returns the paths."""
    return [_save(_plt(), figure_fig5(res, kind), Path(out) / f"fig5_{kind}.png")
            for kind in ("net", "lin")]


def plot_fig8(res, out) -> list:
    """Fig. 8 as ``OUT/fig8.png``; returns ``[path]``."""
    return [_save(_plt(), figure_fig8(res), Path(out) / "fig8.png")]


def plot_eigenspace(res, out) -> list:
    """The eigenspace experiment as ``OUT/eigenspace.png``; returns ``[path]``."""
    return [_save(_plt(), figure_eigenspace(res), Path(out) / "eigenspace.png")]
