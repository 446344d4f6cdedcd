"""Fig. 5 on a reduced configuration: f catapults and converges, f_lin diverges (§7)."""
import numpy as np

from nqm_theory.experiments import fig5
from nqm_theory.experiments.fig3 import Fig3Config

CFG = Fig3Config(n=32, width=500, steps=120, eta_points=(("p1_only", 0.5), ("both", 0.5)))


def test_fig5_reduced_qualitative_claims():
    res = fig5.run(CFG)
    X, _y = CFG.data()
    net = CFG.network()
    lam = np.sort(np.linalg.eigvalsh(net.kernel(net.U0, net.V0, X, kind="net")))[::-1]
    assert abs(res["lam1_0"] - lam[0]) < 1e-9 * lam[0]
    eta_c1 = 2.0 / lam[0]                                   # sum convention
    runs = {(round(r["eta_sum"], 12), r["kind"]): r for r in res["runs"]}
    etas = sorted({k[0] for k in runs})
    assert len(etas) == 2 and all(e > eta_c1 for e in etas)
    for eta in etas:
        f, lin = runs[eta, "net"], runs[eta, "lin"]
        # network f: catapult (loss rises above L(0)), then converges to the Prop. 9 floor
        L = f["history"].loss
        assert f["status"] == "converged" and f["catapult"] and np.max(L) > 5 * L[0]
        assert abs(L[-1] - res["loss_floor_perp"]) < 1e-6 * L[0]
        assert f["lam_final"][0] < 0.9 * lam[0]                # kernel of f drops
        assert f["lam_final"][0] < 2.0 / eta                   # ... below the stability limit
        # f_lin: geometric growth by (1 - eta lam1)^2 per step, reported as such
        assert lin["status"] in ("diverging", "diverged")
        Ll = lin["history"].loss
        ratio = (Ll[-1] - res["loss_floor_perp"]) / (Ll[-2] - res["loss_floor_perp"])
        assert abs(ratio / (1 - eta * lam[0]) ** 2 - 1) < 1e-6
        assert abs(lin["lam_final"][0] - lam[0]) < 1e-9 * lam[0] or lin["diverged"]


def test_outcome_reports_unfinished_divergence():
    L = 10.0 * 1.5 ** np.arange(20)                         # far below 1e100
    o = fig5.outcome(L)
    assert o["status"] == "diverging" and abs(o["ratio"] - 1.5) < 1e-12
    assert fig5.outcome(np.array([1.0, 1e200, np.inf]))["status"] == "diverged"
    assert fig5.outcome(np.array([2.0, 1.5, 1.2, 1.1, 1.05, 1.02, 1.01]), 1.0)["status"] \
        == "undecided"
