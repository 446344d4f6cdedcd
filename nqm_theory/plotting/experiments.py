"""Figures of the named experiments (PAPER.md §6-7); matplotlib Agg, no computation here.

Every figure has axis labels with meaning and a caption line (configuration, seed, loss
convention).  Fig. 3/5 plot the loss in the convention of their learning rates
(``mse_mean``: L = (1/n) sum_k (f_k - y_k)^2 = (2/n) x the sum/2 loss of the JSON).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

__all__ = ["plot_eigenspace", "plot_fig3", "plot_fig5", "plot_fig8"]

_LOSS_LABEL = {"mse_mean": "loss L(t) = (1/n) sum_k (f_k - y_k)^2",
               "mean_half": "loss L(t) = (1/2n) sum_k (f_k - y_k)^2",
               "sum_half": "loss L(t) = (1/2) sum_k (f_k - y_k)^2"}
_LOSS_SCALE = {"mse_mean": lambda n: 2.0 / n, "mean_half": lambda n: 1.0 / n,
               "sum_half": lambda n: 1.0}
_STEP = "GD step t (symlog axis: linear below 10)"


def _plt():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def _finite(a):
    a = np.asarray(a, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.where(np.isfinite(a) & (a < 1e30), a, np.nan)


def _save(plt, fig, path, caption, lines=2) -> Path:
    fig.text(0.01, 0.01, caption, fontsize=8, ha="left", va="bottom", wrap=True)
    fig.tight_layout(rect=(0, 0.035 * lines + 0.01, 1, 1))
    from .._io import atomic_savefig
    atomic_savefig(fig, path, dpi=90)
    plt.close(fig)
    return Path(path)


def _step_axis(a, linthresh=10):
    a.set_xscale("symlog", linthresh=linthresh)
    a.set_xlim(left=0)
    a.set_xlabel(_STEP)


def _zone(eta_sum, lam1, lam2):
    from ..multi.theorem3 import expected_zone
    return {"sub": "sub-critical", "p1_only": "catapult p1 only", "both": "catapult p1+p2",
            "divergent": "divergent"}[expected_zone(eta_sum, lam1, lam2)]


def _three_panels(plt, res, curves, title, conv, linear=False):
    """Loss, lambda_1, lambda_2 panels; ``curves`` yields (run, loss, lam1, lam2)."""
    fig, ax = plt.subplots(1, 3, figsize=(15, 4.6))
    scale = _LOSS_SCALE[conv](res["n"])
    for i, (r, loss, l1, l2) in enumerate(curves):
        col = f"C{i}"
        zone = (("eta > eta_crit_1" if r["eta_sum"] * res["lam1_0"] > 2 else "eta < eta_crit_1")
                if linear else _zone(r["eta_sum"], res["lam1_0"], res["lam2_0"]))
        lab = f"eta={r['eta']:.3f} ({zone})"
        ax[0].semilogy(_finite(loss) * scale, color=col, label=lab)
        ax[1].plot(_finite(l1), color=col, label=lab)
        ax[2].plot(_finite(l2), color=col)
        for a in ax[1:]:
            a.axhline(2.0 / r["eta_sum"], color=col, ls=":", lw=0.8)
    floor = res.get("loss_floor_perp")
    if floor is not None:
        ax[0].axhline(floor * scale, color="k", ls="--", lw=0.8,
                      label="floor L_perp (Prop. 9)")
    ax[0].set_ylabel(_LOSS_LABEL[conv])
    ax[1].set_ylabel("top kernel eigenvalue lambda_1(t)")
    ax[2].set_ylabel("second kernel eigenvalue lambda_2(t)")
    for a, t in zip(ax, ("loss", "lambda_1(t) (dotted: 2/eta_sum, stability limit)",
                         "lambda_2(t) (dotted: 2/eta_sum)")):
        a.set_title(f"{title}: {t}", fontsize=10)
        _step_axis(a)
    ax[0].legend(fontsize=7)
    for a in ax[1:]:
        a.set_ylim(0, 1.2 * res["lam1_0"])
    return fig


def _fig35_caption(res, what) -> str:
    return (f"{what}; n={res['n']} scalar inputs (x ~ N(-2,1) label -1, N(2,1) label +1), "
            f"width m={res['width']}, seed={res['seed']}.  eta in the mse_mean convention "
            f"(L = (1/n) sum r^2; eta_sum = 2 eta/n): eta_crit_1 = {res['eta_crit_1']:.4f}, "
            f"eta_crit_2 = {res['eta_crit_2']:.4f} (paper: 0.37, 0.39).\nKernel K_ij = "
            f"<grad f(x_i), grad f(x_j)> (no loss factor); GD is stable when "
            f"eta_sum lambda_1 < 2 (dotted lines).  Diverged curves stop at loss > 1e30.")


def plot_fig3(res, out) -> list:
    """Loss, lambda_1(t), lambda_2(t) of the NQM for every eta; one PNG."""
    plt = _plt()
    curves = ((r, r["run"].trajectory.loss, r["run"].trajectory.kernel[:, r["order"][0]],
               r["run"].trajectory.kernel[:, r["order"][1]]) for r in res["runs"])
    fig = _three_panels(plt, res, curves, "NQM", res["eta_convention"])
    cap = _fig35_caption(res, "Fig. 3: NQM f_quad of the two-layer ReLU net, exact reduced "
                              "system (PAPER.md §5)")
    return [_save(plt, fig, Path(out) / "fig3.png", cap)]


def plot_fig5(res, out) -> list:
    """Loss and top-2 eigenvalues for f and f_lin; one PNG per kind."""
    plt = _plt()
    paths = []
    for kind, title in (("net", "network f"), ("lin", "f_lin")):
        curves = ((r, r["history"].loss, r["history"].kernel_eigs[:, 0],
                   r["history"].kernel_eigs[:, 1]) for r in res["runs"] if r["kind"] == kind)
        fig = _three_panels(plt, res, curves, title, res["convention"], kind == "lin")
        what = (f"Fig. 5: {title} (parameter-space GD)" +
                ("; f_lin has a constant kernel and diverges for eta > eta_crit_1"
                 if kind == "lin" else ""))
        paths.append(_save(plt, fig, Path(out) / f"fig5_{kind}.png",
                           _fig35_caption(res, what)))
    return paths


def plot_fig8(res, out) -> list:
    """Loss and kernel for the gamma sweep and the eta sweep; one PNG."""
    plt = _plt()
    fig, ax = plt.subplots(2, 2, figsize=(11, 8.4))
    for row, (key, var) in enumerate((("gamma_sweep", "gamma"), ("eta_sweep", "eta"))):
        for i, r in enumerate(res[key]):
            lab = f"{var}={r[var]}"
            ax[row, 0].semilogy(_finite(r["loss"]), color=f"C{i}", label=lab)
            ax[row, 1].plot(_finite(r["kernel"]), color=f"C{i}", label=lab)
            ax[row, 1].axhline(2.0 / r["eta"], color=f"C{i}", ls=":", lw=0.8)
        fixed = (f"eta={res['default']['eta']}" if var == "gamma"
                 else f"gamma={res['default']['gamma']}")
        ax[row, 0].set_title(f"loss, {var} sweep ({fixed})", fontsize=10)
        ax[row, 1].set_title(f"kernel, {var} sweep ({fixed}); dotted: 2/eta", fontsize=10)
        ax[row, 0].set_ylabel("loss L(t) = (g(w(t)) - y)^2 / 2")
        ax[row, 0].set_ylim(1e-20, None)
        ax[row, 1].set_ylabel("kernel lambda(t) = |grad_w g(w(t))|^2")
        ax[row, 0].legend(fontsize=7)
        for a in ax[row]:
            _step_axis(a)
    cap = (f"Fig. 8: general quadratic model g(w) = w^T phi + gamma/2 w^T Sigma w, one example, "
           f"d={res['d']}, phi = x/|x| with x ~ N(0, I), Sigma = diag(+-1), w0 ~ N(0, I), "
           f"y={res['label']}, seed={res['seed']}.\nLoss convention (g - y)^2/2 (sum/2).  "
           f"Losses below 1e-20 (float64 round-off floor) are cut off.  GD converges only "
           f"once lambda < 2/eta.")
    return [_save(plt, fig, Path(out) / "fig8.png", cap)]


def plot_eigenspace(res, out) -> list:
    """Loss split into the top-k eigenspace of K(0), of K(t), and the rest; one PNG."""
    plt = _plt()
    names = list(res["models"])
    fig, ax = plt.subplots(len(names), 2, figsize=(12, 4.2 * len(names)), squeeze=False)
    for row, name in enumerate(names):
        for col, r in enumerate(res["models"][name]["runs"]):
            a, s, k = ax[row, col], r["split"], r["k"]
            a.semilogy(_finite(r["loss"]), "k", lw=2, label="total loss L(t)")
            a.semilogy(_finite(s["top_initial"]), "C0", label=f"on top-{k} eigvecs of K(0)")
            a.semilogy(_finite(s["top_tracked"]), "C1--", label=f"on top-{k} eigvecs of K(t)")
            a.semilogy(_finite(s["rest_initial"]), "C2",
                       label=f"rest (orthogonal to top-{k} of K(0))")
            a.set_title(f"{name}: eta={r['eta']:.4g} (top {k} direction(s) super-critical); "
                        f"peak share in top-{k}: {r['peak_fraction_top_initial']:.3f}",
                        fontsize=9)
            a.set_ylabel("loss component, 1/2 <f - y, v>^2 summed")
            _step_axis(a)
            a.legend(fontsize=7)
    cap = (f"Catapult in the top eigenspace (PAPER.md §6): quadratic = Fig. 8 model with "
           f"n={res['n']} examples, d={res['d_quadratic']}, gamma={res['gamma']}, y=0; "
           f"relu_nqm = ReLU NQM, d={res['d_relu']}, n={res['n']} random inputs, labels +-1, "
           f"m={res['width']}; seed={res['seed']}.\nLoss convention 1/2 sum_k (f_k - y_k)^2; "
           f"eta midway between consecutive critical rates 2/lambda_i(0).")
    return [_save(plt, fig, Path(out) / "eigenspace.png", cap)]
