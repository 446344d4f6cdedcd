"""Cells of notebooks 01 (network -> NQM -> (u, v, w) map) and 02 (regimes, catapult)."""
from __future__ import annotations

from nb_cells import SETUP, code, md, solution

__all__ = ["NB01", "NB02"]

NB01 = [
    md("""
# 01 · From the network to its NQM to the (u, v, w) map

We follow docs/theory.md §2-3 (Zhu, Liu, Radhakrishnan, Belkin, ICLR 2024). The two-layer ReLU
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
the loss with the one-example map started from the same λ(0), g(0). Here λ0 is the kernel
of the initialised network, so η = 3/λ0 gives ηλ0 = 3."""),
    code("""from nqm_theory import TwoLayerReLU, gradient_descent, OneExample, iterate

def compare(m, d, seed, eta_lam0, X, y, steps=60):
    net = TwoLayerReLU.init(m, d, seed=seed)
    lam0 = float(net.kernel(net.U0, net.V0, X, kind="quad")[0, 0])
    g0 = float(net.output(net.U0, net.V0, X, kind="quad")[0])
    eta = eta_lam0 / lam0
    hist = gradient_descent(net, X, y, eta=eta, steps=steps, kind="quad", loss="sum")
    run = iterate(OneExample(width=m, eta=eta, lam0=lam0, g0=g0, y=float(y[0]),
                             x2d=float((X @ X.T)[0, 0]) / X.shape[1]), steps=steps)
    n = min(len(hist.loss), len(run.trajectory.loss))
    L_gd, L_map = hist.loss[:n], run.trajectory.loss[:n]
    live = L_map >= 1e-10     # below, rounding in r = g - y dominates a relative comparison
    rel = np.max(np.abs(L_gd - L_map)[live] / L_map[live])
    return hist, run, n, rel, eta, lam0

m, d = 512, 3
X, y = np.array([[1.0, -0.5, 0.8]]), np.array([0.4])
hist, run, n, rel, eta, lam0 = compare(m, d, 0, 3.0, X, y)
print(f"lambda0 = {lam0:.4f}, max relative loss difference over {n} steps (loss >= 1e-10): {rel:.2e}")
assert rel < 1e-8"""),
    code("""plt.semilogy(hist.loss[:n], "o", ms=4, label="GD on the width-512 NQM")
plt.semilogy(run.trajectory.loss[:n], "-", label="(u, v, w) map")
plt.xlabel("step t"); plt.ylabel("loss"); plt.legend(); plt.title("Same trajectory, two routes");"""),
    md("""## Exercises

1. **The invariant.** The derivation's step "Invariant" says w² = cη²y²·u at every step.
   Check it along the run above: how far does w(t)²/u(t) move from cη²y²?
2. **Label zero.** With y = 0 the variable w stays 0. Substitute w = 0 in the map, compute
   the Jacobian of the remaining (u, v) map on the line u = 0, and find the v for which
   that line attracts.
3. **Another network.** Repeat the parameter-space check with m = 2048, d = 2, seed 1 and
   ηλ0 = 2.5. Is the difference still at the level of rounding errors?"""),
    md("## Solutions\nThe code cells below are collapsed; open them to read the worked solutions."),
    solution("""T = run.trajectory
c = float((X @ X.T)[0, 0]) / d / m
target = c * eta**2 * float(y[0])**2
ok = T.u > 1e-250                        # u underflows only far into the tail
dev = np.max(np.abs((T.w[ok]**2 / T.u[ok]) / target - 1))
print(f"Exercise 1: largest relative deviation of w^2/u from c eta^2 y^2: {dev:.1e}")
assert dev < 1e-9"""),
    solution("""from nqm_theory.symbolic.symbols import u, v, w
F = [sp.expand(e.subs(w, 0)) for e in D.uvw_map.next_state[:2]]
display(Math(r"u' = " + sp.latex(sp.factor(F[0])) + r",\\quad v' = " + sp.latex(F[1])))
J = sp.Matrix(F).jacobian([u, v]).subs(u, 0)
eigs = {sp.expand(e) for e in J.eigenvals()}
display(Math(r"J(0, v) = " + sp.latex(J)))
assert eigs == {1, sp.expand((1 - v)**2)}
stable = sp.solve_univariate_inequality((1 - v)**2 < 1, v)
print("Exercise 2: eigenvalues", sorted(map(str, eigs)), "; |(1 - v)^2| < 1 iff", stable)"""),
    solution("""hist3, run3, n3, rel3, _, _ = compare(2048, 2, 1, 2.5, np.array([[0.6, -1.2]]), np.array([0.2]))
print(f"Exercise 3: {run3.regime.value} in {run3.steps} steps, max relative loss difference "
      f"(loss >= 1e-10): {rel3:.1e}")
assert rel3 < 1e-8"""),
]

NB02 = [
    md("""
# 02 · Three regimes and the anatomy of a catapult

docs/theory.md §4: with δ-margins that shrink like log m/√m, gradient descent on one example
* **monotone** for ηλ₀ < 2 (Theorem 4),
* **catapult** for 2 < ηλ₀ < 4 (Theorem 1): the loss first grows, the kernel drops below
  2/η, then the loss converges,
* **divergent** for ηλ₀ > 4 (Theorem 5).

Convention (as in every command of the package): λ0 = 1, so η = ηλ0."""),
    code(SETUP + "\nfrom nqm_theory import OneExample, iterate, Regime\n"
         "m = 1e4\nruns = {v0: iterate(OneExample(width=m, eta=v0, lam0=1.0, g0=0.5, y=0.0), steps=400)\n"
         "        for v0 in (1.5, 3.0, 4.5)}\n"
         "assert [r.regime for r in runs.values()] == [Regime.MONOTONE, Regime.CATAPULT, Regime.DIVERGENT]\n"
         "{v0: r.regime.value for v0, r in runs.items()}"),
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
the growth of u drives v down (v(t+1) = v − u(4 − v) − 4w), and once v < 2 the loss decays.
The code checks each of these statements on the run."""),
    code("""r = runs[3.0]; T = r.trajectory
t_peak = r.peak_step; t_cross = int(np.argmax(T.v < 2))
assert np.all(np.diff(T.u[:t_peak + 1]) > 0) and np.all(T.v[:t_cross] > 2)   # growth while v > 2
assert np.all(np.diff(T.v[:t_cross + 1]) < 0)                                 # v driven down
assert np.all(np.diff(T.loss[t_cross:]) < 0) and r.final_kernel < 2 / 3       # decay after
fig, ax = plt.subplots(1, 3, figsize=(13, 3.3))
ax[0].semilogy(T.u); ax[0].set_title("u = c eta^2 r^2")
ax[1].plot(T.v); ax[1].axhline(2, ls=":", c="k"); ax[1].set_title("v = eta lambda")
ax[2].plot(np.sqrt((1 - T.v + T.u + T.w)**2)); ax[2].axhline(1, ls=":", c="k"); ax[2].set_title("sqrt(kappa)")
for a in ax:
    a.axvline(t_peak, c="r", lw=0.8); a.axvline(t_cross, c="g", lw=0.8); a.set_xlabel("t")
print(f"peak loss {r.peak_loss:.3g} at t = {t_peak}; v drops below 2 at t = {t_cross}; "
      f"final kernel {r.final_kernel:.3f} < 2/eta = {2/3:.3f}")"""),
    md("## Width: the peak grows like m, the catapult takes longer (≈ log m steps)"),
    code("""rows = []
for m in (1e2, 1e4, 1e6, 1e8):
    r = iterate(OneExample(width=m, eta=3.0, lam0=1.0, g0=0.5, y=0.0), steps=2000)
    rows.append((m, r.regime.value, r.peak_loss, r.peak_loss / m, r.peak_step, r.steps))
    plt.semilogy(r.trajectory.loss / m, label=f"m = {m:.0e}")
plt.xlabel("t"); plt.ylabel("loss / m"); plt.legend(); plt.xlim(0, 150)
for row in rows:
    print("m = %.0e  %-9s peak = %.3g  peak/m = %.3g  t_peak = %d  steps = %d" % row)
ratio = [row[3] for row in rows]
per_decade = (rows[-1][4] - rows[0][4]) / 6
assert max(ratio) / min(ratio) < 1.5 and per_decade > 0
display(Markdown(f"Over six decades of m, peak/m stays within a factor {max(ratio) / min(ratio):.2f}, and "
                 f"the peak comes {per_decade:.2f} steps later per decade of m; geometric growth "
                 f"by (1 + δ)² per step predicts ln 10 / (2 ln 2) = {np.log(10) / (2 * np.log(2)):.2f} for δ = 1."))"""),
    md("""## Parameter space vs the map
GD on an explicit width-m network. Its NQM follows the map exactly. The network itself
(kind="net") is a different model; how close it stays to the map is measured below, not
assumed."""),
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
    code("""L_map, L_quad, L_net = mp.trajectory.loss, quad.loss, full.loss
live = L_map >= 1e-10       # below, rounding in r = g - y dominates a relative comparison
rel_quad = np.max(np.abs(L_quad - L_map)[live] / L_map[live])
t_net, t_map = int(np.argmax(L_net)), int(np.argmax(L_map))
a, b = 20, 40               # after the catapult both losses decay geometrically here ...
rate_net, rate_map = ((L[b] / L[a]) ** (1 / (b - a)) for L in (L_net, L_map))
k_net, k_map = full.kernel_eigs[b, 0] * eta, mp.trajectory.v[b]
# ... by (1 - eta*lambda)^2 per step: the kernel each one ends its catapult with sets the rate
assert abs(rate_net / (1 - k_net) ** 2 - 1) < 0.05 and abs(rate_map / (1 - k_map) ** 2 - 1) < 0.05
floor = int(np.argmax(L_net < 1e-30))
orders = np.log10(L_map[-1] / L_net[-1])
assert rel_quad < 1e-8 and k_net != k_map and orders > 3
display(Markdown(
    f"The NQM's loss equals the map's to {rel_quad:.1e} (relative, on the {live.sum()} steps with "
    f"loss ≥ 1e-10). The network goes through a catapult too (peak loss {L_net[t_net]:.3g} at step "
    f"{t_net}, against {L_map[t_map]:.3g} at step {t_map} for the map), but it does **not** follow "
    f"the map afterwards: it leaves its catapult with ηλ = {k_net:.3f} instead of {k_map:.3f}, so "
    f"between steps {a} and {b} its loss shrinks by a factor {rate_net:.3f} per step instead of "
    f"{rate_map:.3f} (that is (1 − ηλ)² in both cases). Its loss reaches float64's rounding floor "
    f"(below 1e-30) at step {floor}; after {len(L_net) - 1} steps it is {L_net[-1]:.1e} against "
    f"{L_map[-1]:.1e} for the map: {orders:.0f} orders of magnitude apart."))"""),
    code("""k = quad.kernel_eigs[:, 0] if quad.kernel_eigs.ndim == 2 else quad.kernel_eigs
plt.plot(k, "o", ms=3, label="kernel of the NQM (GD)")
plt.plot(full.kernel_eigs[:, 0], "x", ms=3, label="kernel of the network (GD)")
plt.plot(mp.trajectory.kernel, "-", label="lambda from the map")
plt.axhline(2 / eta, ls=":", c="k", label="2/eta"); plt.xlabel("t"); plt.legend();"""),
    md("""## Exercises

1. **Where does the catapult start?** For m = 1e4, g0 = 0.5, y = 0 (λ0 = 1), find the
   smallest ηλ0 at which GD catapults, on a grid of step 1e-5, and compare it with the
   first-order prediction 2 + cη²r0·g0 at η = 2 (the first step has |1 − v + u + w| > 1
   exactly then).
2. **Theorem 2's end point.** For ηλ0 = 2.2, 2.6, 3.0, 3.4 and 3.8 at m = 1e4, compute
   ηλ∞ (`eta_lam_final`) and check that every catapult ends with ηλ∞ < 2.
3. **The convention matters.** ηλ0 = 3 with η = 1 held fixed (λ0 = 3) is another problem
   than with λ0 = 1: compare the two peak losses at m = 1e4. Which part of the factor comes
   from L = u/(2cη²), and which from u itself?"""),
    md("## Solutions\nThe code cells below are collapsed; open them to read the worked solutions."),
    solution("""from nqm_theory import iterate_many
m, g0 = 1e4, 0.5
grid = 2 + 1e-5 * np.arange(31)
reg = iterate_many(m, grid, 1.0, g0, 0.0, steps=200_000).regime
first = grid[np.argmax(reg == "catapult")]
predicted = 2 + (1 / m) * 2.0**2 * g0 * g0
assert np.all(reg[grid < first] == "monotone") and abs(first - predicted) <= 2e-5
print(f"Exercise 1: first catapult at eta*lam0 = {first:.5f} on a grid of step 1e-5; "
      f"predicted {predicted:.5f}")"""),
    solution("""el = np.array([2.2, 2.6, 3.0, 3.4, 3.8])
b = iterate_many(1e4, el, 1.0, 0.5, 0.0, steps=100_000)
for e, r, v in zip(el, b.regime, b.eta_lam_final):
    print(f"Exercise 2: eta*lam0 = {e}: {r}, eta*lambda_inf = {v:.4f}")
assert np.all(b.regime == "catapult") and np.all(b.eta_lam_final < 2)"""),
    solution("""p1 = OneExample(width=1e4, eta=3.0, lam0=1.0, g0=0.5, y=0.0)     # lambda0 = 1 held fixed
p2 = OneExample(width=1e4, eta=1.0, lam0=3.0, g0=0.5, y=0.0)     # eta = 1 held fixed
r1, r2 = iterate(p1), iterate(p2)
u1, u2 = np.max(r1.trajectory.u), np.max(r2.trajectory.u)
ratio = r2.peak_loss / r1.peak_loss
assert abs(ratio / ((p1.eta / p2.eta) ** 2 * u2 / u1) - 1) < 1e-12      # L = u / (2 c eta^2)
print(f"Exercise 3: peak loss {r1.peak_loss:.4g} (lambda0 = 1) vs {r2.peak_loss:.4g} (eta = 1): "
      f"factor {ratio:.3f} = eta^2 ratio {(p1.eta / p2.eta) ** 2:g} x peak-u ratio {u2 / u1:.3f}")"""),
]
