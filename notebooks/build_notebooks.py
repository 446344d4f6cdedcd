"""Generate the teaching notebooks 01-04 (no outputs) with nbformat.

Run ``python notebooks/build_notebooks.py`` after editing; ``tests/notebooks`` executes the
generated files and checks that they are in sync with this script.
"""
from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent
SETUP = ("%matplotlib inline\nimport numpy as np\nimport matplotlib.pyplot as plt\n"
         "from IPython.display import Markdown, Math, display")


def md(text):
    return new_markdown_cell(text.strip())


def code(text):
    return new_code_cell(text.strip())


NB01 = [
    md("""
# 01 · From the network to its NQM to the (u, v, w) map

We follow PAPER.md §2-3 (Zhu, Liu, Radhakrishnan, Belkin, ICLR 2024). The two-layer ReLU
network f(u, v; x) = m^(-1/2) Σ v_i relu(u_i·x/√d) is expanded to second order around its
initialisation (the *Neural Quadratic Model*, NQM); one gradient step on one example then
reduces **exactly** to a three-dimensional map of (u, v, w). Every step below is derived
with SymPy by `nqm_theory` and each one is checked as it is derived."""),
    code(SETUP + "\nimport sympy as sp\nfrom nqm_theory import derive_one_example\n"
         "D = derive_one_example()\nlen(D.steps)"),
    md("## The derivation, step by step\nEach step has a title, the argument, its equations and how it was verified."),
    code("""for i, st in enumerate(D.steps, 1):
    display(Markdown(f"**Step {i}. {st.title}.** {st.text}" + (f"  \\n*verified: {st.verified}*" if st.verified else "")))
    for eq in st.equations:
        display(Math(sp.latex(eq)))"""),
    md("## The two maps\nThe residual r = g − y and the kernel λ evolve by"),
    code("""r_next, lam_next = D.residual_map.next_state
display(Math(r"r(t+1) = " + sp.latex(sp.factor(r_next))))
display(Math(r"\\lambda(t+1) = " + sp.latex(lam_next)))"""),
    md("With u = cη²r², v = ηλ, w = cη²ry (c = |x|²/(md)) no parameter is left:"),
    code("""for s, e in D.uvw_map.as_dict().items():
    display(Math(sp.latex(s) + "(t+1) = " + sp.latex(e)))
D.uvw_map.jacobian()"""),
    md("The same derivation as plain text (what `nqm-theory derive` prints):"),
    code("print(D.to_text()[:1500])"),
    md("""## Check against gradient descent in parameter space
Train the NQM of an explicit width-m network on one example with ordinary GD and compare
the loss with the one-example map started from the same λ(0), g(0)."""),
    code("""from nqm_theory import TwoLayerReLU, gradient_descent, OneExample, iterate
m, d = 512, 3
net = TwoLayerReLU.init(m, d, seed=0)
X, y = np.array([[1.0, -0.5, 0.8]]), np.array([0.4])
lam0 = float(net.kernel(net.U0, net.V0, X, kind="quad")[0, 0])
g0 = float(net.output(net.U0, net.V0, X, kind="quad")[0])
eta = 3.0 / lam0          # eta * lambda0 = 3: the catapult regime
hist = gradient_descent(net, X, y, eta=eta, steps=60, kind="quad", loss="sum")
run = iterate(OneExample(width=m, eta=eta, lam0=lam0, g0=g0, y=float(y[0]),
                         x2d=float((X @ X.T)[0, 0]) / d), steps=60)
n = min(len(hist.loss), len(run.trajectory.loss))
rel = np.max(np.abs(hist.loss[:n] - run.trajectory.loss[:n]) / np.maximum(hist.loss[:n], 1e-300))
print(f"lambda0 = {lam0:.4f}, max relative loss difference over {n} steps: {rel:.2e}")
assert rel < 1e-8"""),
    code("""plt.semilogy(hist.loss[:n], "o", ms=4, label="GD on the width-512 NQM")
plt.semilogy(run.trajectory.loss[:n], "-", label="(u, v, w) map")
plt.xlabel("step t"); plt.ylabel("loss"); plt.legend(); plt.title("Same trajectory, two routes");"""),
]

NB02 = [
    md("""
# 02 · Three regimes and the anatomy of a catapult

PAPER.md §4: with δ-margins that shrink like log m/√m, gradient descent on one example
* **monotone** for ηλ₀ < 2 (Theorem 4),
* **catapult** for 2 < ηλ₀ < 4 (Theorem 1): the loss first grows, the kernel drops below
  2/η, then the loss converges,
* **divergent** for ηλ₀ > 4 (Theorem 5)."""),
    code(SETUP + "\nfrom nqm_theory import OneExample, iterate, Regime\n"
         "m = 1e4\nruns = {v0: iterate(OneExample(width=m, eta=v0, lam0=1.0, g0=0.5, y=0.0), steps=400)\n"
         "        for v0 in (1.5, 3.0, 4.5)}\n{v0: r.regime.value for v0, r in runs.items()}"),
    code("""fig, ax = plt.subplots(1, 2, figsize=(11, 3.5))
for v0, r in runs.items():
    T = r.trajectory
    ax[0].semilogy(T.loss, label=f"eta*lam0 = {v0}: {r.regime.value}")
    ax[1].plot(T.v, label=f"eta*lam0 = {v0}")
ax[0].set_ylim(1e-20, 1e30); ax[0].set_xlabel("t"); ax[0].set_ylabel("loss"); ax[0].legend()
ax[1].axhline(2, ls=":", c="k"); ax[1].axhline(4, ls=":", c="k"); ax[1].set_ylim(0, 8)
ax[1].set_xlabel("t"); ax[1].set_ylabel("v = eta * lambda"); ax[1].legend();"""),
    md("""## Anatomy of a catapult
(u, v, w) of the catapult run: u grows geometrically while v > 2 (κ = (1 − v + u + w)² > 1),
the growth of u drives v down (v(t+1) = v − u(4 − v) − 4w), and once v < 2 the loss decays."""),
    code("""r = runs[3.0]; T = r.trajectory
t_peak = r.peak_step; t_cross = int(np.argmax(T.v < 2))
fig, ax = plt.subplots(1, 3, figsize=(13, 3.3))
ax[0].semilogy(T.u); ax[0].set_title("u = c eta^2 r^2")
ax[1].plot(T.v); ax[1].axhline(2, ls=":", c="k"); ax[1].set_title("v = eta lambda")
ax[2].plot(np.sqrt((1 - T.v + T.u + T.w)**2)); ax[2].axhline(1, ls=":", c="k"); ax[2].set_title("sqrt(kappa)")
for a in ax:
    a.axvline(t_peak, c="r", lw=0.8); a.axvline(t_cross, c="g", lw=0.8); a.set_xlabel("t")
print(f"peak loss {r.peak_loss:.3g} at t = {t_peak}; v drops below 2 at t = {t_cross}; "
      f"final kernel {r.final_kernel:.3f} < 2/eta = {2/3:.3f}")"""),
    md("## Width: the peak grows with m, the catapult takes longer (≈ log m steps)"),
    code("""rows = []
for m in (1e2, 1e4, 1e6, 1e8):
    r = iterate(OneExample(width=m, eta=3.0, lam0=1.0, g0=0.5, y=0.0), steps=2000)
    rows.append((m, r.regime.value, r.peak_loss, r.peak_loss / m, r.peak_step, r.steps))
    plt.semilogy(r.trajectory.loss / m, label=f"m = {m:.0e}")
plt.xlabel("t"); plt.ylabel("loss / m"); plt.legend(); plt.xlim(0, 150)
for row in rows:
    print("m = %.0e  %-9s peak = %.3g  peak/m = %.3g  t_peak = %d  steps = %d" % row)"""),
    md("""## Parameter space vs the map
GD on an explicit width-m network: its NQM follows the map exactly; the network itself
(kind="net") follows it closely because few activation patterns flip at large width."""),
    code("""from nqm_theory import TwoLayerReLU, gradient_descent
m, d = 1024, 2
net = TwoLayerReLU.init(m, d, seed=3)
X, y = np.array([[0.6, -0.8]]), np.array([0.0])
lam0 = float(net.kernel(net.U0, net.V0, X, kind="quad")[0, 0])
g0 = float(net.output(net.U0, net.V0, X, kind="quad")[0])
eta = 3.0 / lam0
quad = gradient_descent(net, X, y, eta=eta, steps=80, kind="quad")
full = gradient_descent(net, X, y, eta=eta, steps=80, kind="net")
mp = iterate(OneExample(width=m, eta=eta, lam0=lam0, g0=g0, y=0.0, x2d=1.0 / d), steps=80)
plt.semilogy(mp.trajectory.loss, "k-", lw=3, alpha=0.4, label="(u, v, w) map")
plt.semilogy(quad.loss, "o", ms=3, label="GD on the NQM")
plt.semilogy(full.loss, "x", ms=4, label="GD on the network")
plt.xlabel("t"); plt.ylabel("loss"); plt.legend();"""),
    code("""k = quad.kernel_eigs[:, 0] if quad.kernel_eigs.ndim == 2 else quad.kernel_eigs
plt.plot(k, "o", ms=3, label="kernel of the NQM (GD)")
plt.plot(mp.trajectory.kernel, "-", label="lambda from the map")
plt.axhline(2 / eta, ls=":", c="k", label="2/eta"); plt.xlabel("t"); plt.legend();"""),
]

NB03 = [
    md("""
# 03 · Phase diagrams and scaling with width

A grid over ηλ₀ × m: regime of every cell, the height of the catapult and the kernel it
ends at (PAPER.md §4, Theorems 1, 4, 5). The grid is small so the notebook runs in seconds."""),
    code(SETUP + """
eta_lam0 = np.linspace(0.5, 4.6, 42)
widths = np.logspace(2, 8, 7)
try:
    from nqm_theory.grid import phase_diagram
    pd = phase_diagram(eta_lam0, widths, g0=0.5, y=0.0, steps=4000, threads=1)
    regime, peak_over_m, final_k = pd.regime, pd.peak_loss_over_m, pd.final_kernel
except ImportError:      # fallback: the same grid with iterate
    from nqm_theory import OneExample, iterate
    runs = [[iterate(OneExample(width=m, eta=e, lam0=1.0, g0=0.5, y=0.0), steps=4000, record=False)
             for m in widths] for e in eta_lam0]
    regime = np.array([[r.regime.value for r in row] for row in runs])
    peak_over_m = np.array([[r.peak_loss / m for r, m in zip(row, widths)] for row in runs])
    final_k = np.array([[r.final_kernel for r in row] for row in runs])
{k: int(np.sum(regime == k)) for k in ("monotone", "catapult", "divergent", "undecided")}"""),
    code("""codes = {"monotone": 0, "catapult": 1, "divergent": 2, "undecided": 3}
img = np.vectorize(codes.get)(regime)
plt.figure(figsize=(6, 4))
plt.pcolormesh(np.log10(widths), eta_lam0, img, cmap="viridis", vmin=0, vmax=3, shading="nearest")
cb = plt.colorbar(ticks=[0, 1, 2, 3]); cb.ax.set_yticklabels(list(codes))
for level in (2, 4):
    plt.axhline(level, c="w", ls="--")
plt.xlabel("log10 m"); plt.ylabel("eta * lambda0"); plt.title("regimes");"""),
    md("Within the catapult band the peak loss divided by m is (almost) independent of m: the peak is Θ(m), see ERRATA/REPORT §9.7."),
    code("""band = (eta_lam0 > 2.1) & (eta_lam0 < 3.9)
for j, m in enumerate(widths[::2]):
    plt.semilogy(eta_lam0[band], peak_over_m[band, 2 * j], "o-", ms=3, label=f"m = {m:.0e}")
plt.xlabel("eta * lambda0"); plt.ylabel("peak loss / m"); plt.legend();"""),
    code("""plt.plot(eta_lam0[band], eta_lam0[band] * final_k[band, -1], "o-", ms=3, label="eta * lambda(final)")
plt.axhline(2, c="k", ls=":"); plt.xlabel("eta * lambda0"); plt.legend()
plt.title("after a catapult the kernel ends below 2/eta");"""),
]

NB04 = [
    md("""
# 04 · Verifying the theorems and reading the errata

`proofs_check` (run as `python -m proofs_check`) breaks every proof of PAPER.md into steps
and checks each one: identities with SymPy, inequality chains with explicit constants by
interval arithmetic (mpmath.iv), trajectories through the exact map, probabilities by exact
distributions. Here we run a few of the fast checks and look at two errata closely."""),
    code(SETUP + """
import sys
from pathlib import Path
# proofs_check is a top-level folder of the repository (not part of the installed package)
root = next(p for p in (Path.cwd(), *Path.cwd().parents) if (p / "proofs_check").is_dir())
sys.path.insert(0, str(root))
import proofs_check
from proofs_check import run_checks
results = run_checks(["dynamics", "uvw", "theorem4", "theorem5", "prop6"])
rows = [f"| {name} | {r.step} | **{r.status}** |" for name, (res, _) in results.items() for r in res]
display(Markdown("| proof | step | status |\\n|---|---|---|\\n" + "\\n".join(rows)))"""),
    md("""## Erratum: Theorem 4's constant C_κ
The printed condition C_κ ≥ 9C_u + (C_u + C_uC)δ ignores that |w(0)| = C√(u(0)/m) is of
order 1/m (not m^(-3/2)) and the drift of v that w causes. The check certified a
counterexample with interval arithmetic; here is its trajectory."""),
    code("""from proofs_check import theorem4 as T4
step = [r for r in results["theorem4"][0] if r.step.startswith("conclusion with the printed")][0]
print(step.evidence[:600])"""),
    code("""import mpmath
P = {"mf": mpmath.mpf(2), "d": mpmath.mpf("0.4"), "Cu": mpmath.mpf("0.01"), "C": mpmath.mpf(2)}
for name, ck in (("printed C_kappa", T4.ck_paper), ("corrected C_kappa", T4.ck_fixed)):
    margin, drift, m = T4.exact_map_margin(P, ck)
    print(f"{name:18s} m = {float(m):.4g}: min_t (q - sqrt(kappa(t))) = {float(margin):+.3e}")"""),
    md("""## Erratum: the sign of R_λ in the divergence discussion
λ(t+1) = λ(t) − R_λ(t) with ηR_λ = u(4 − v) + 4w. For v = ηλ > 4 (and y = 0) R_λ < 0, which
is *why* λ increases; the text says R_λ > 0."""),
    code("""from nqm_theory import OneExample, iterate
r = iterate(OneExample(width=1e4, eta=4.5, lam0=1.0, g0=0.5, y=0.0), steps=30)
T = r.trajectory
eta_R = T.v[:-1] - T.v[1:]
print("eta*R_lambda(t) for t < 8:", np.array2string(eta_R[:8], precision=3))
assert np.all(eta_R[:8] < 0)"""),
    md("## The full errata list\n(`proofs_check/ERRATA.md`, regenerated by every full run)"),
    code("""from pathlib import Path
errata = Path(proofs_check.__file__).with_name("ERRATA.md")
display(Markdown(errata.read_text() if errata.exists() else "run `python -m proofs_check` first"))"""),
    code("""try:
    import nqm_theory.theorems as theorems
    print("nqm_theory.theorems:", getattr(theorems, "__all__", "(no public names yet)"))
except ImportError:
    print("nqm_theory.theorems is not installed")"""),
]

NOTEBOOKS = {"01_network_to_uvw_map.ipynb": NB01, "02_regimes_and_catapult.ipynb": NB02,
             "03_phase_diagrams_and_width.ipynb": NB03, "04_theorems_and_errata.ipynb": NB04}


def build(name: str) -> nbformat.NotebookNode:
    nb = new_notebook(cells=NOTEBOOKS[name])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{name[:2]}-{i:02d}"
    return nb


def main() -> None:
    for name in NOTEBOOKS:
        nbformat.write(build(name), HERE / name)


if __name__ == "__main__":
    main()
