"""Cells of notebooks 03 (phase diagrams, width) and 04 (theorems, errata)."""
from __future__ import annotations

from nb_cells import SETUP, code, md, solution

__all__ = ["NB03", "NB04"]

NB03 = [
    md("""
# 03 · Phase diagrams and scaling with width

A grid over ηλ₀ × m: regime of every cell, the height of the catapult and the kernel it
ends at (docs/theory.md §4, Theorems 1, 4, 5). Convention: λ0 = 1 is held fixed, so η = ηλ0
(as in `nqm-theory phase`). The grid is small so the notebook runs in seconds."""),
    code(SETUP + """
from nqm_theory.grid import phase_diagram
eta_lam0 = np.linspace(0.5, 4.6, 42)
widths = np.logspace(2, 8, 7)
pd = phase_diagram(eta_lam0, widths, g0=0.5, y=0.0, steps=4000, threads=1)
regime, peak_over_m, final_k = pd.regime, pd.peak_loss_over_m, pd.final_kernel
print(pd.convention.text)
pd.counts()"""),
    code("""codes = {"monotone": 0, "catapult": 1, "divergent": 2, "undecided": 3}
img = np.vectorize(codes.get)(regime)
plt.figure(figsize=(6, 4))
plt.pcolormesh(np.log10(widths), eta_lam0, img, cmap="viridis", vmin=0, vmax=3, shading="nearest")
cb = plt.colorbar(ticks=[0, 1, 2, 3]); cb.ax.set_yticklabels(list(codes))
for level in (2, 4):
    plt.axhline(level, c="w", ls="--")
plt.xlabel("log10 m"); plt.ylabel("eta * lambda0"); plt.title("regimes");"""),
    md("""Within the catapult band the peak loss divided by m hardly depends on m: the peak is
Θ(m), with no 1/log m factor (see the errata, §9.7). The next cell measures the spread."""),
    code("""band = (eta_lam0 > 2.1) & (eta_lam0 < 3.9)
for j, m in enumerate(widths[::2]):
    plt.semilogy(eta_lam0[band], peak_over_m[band, 2 * j], "o-", ms=3, label=f"m = {m:.0e}")
plt.xlabel("eta * lambda0"); plt.ylabel("peak loss / m"); plt.legend()
spread = np.max(peak_over_m[band][:, 2:], axis=1) / np.min(peak_over_m[band][:, 2:], axis=1)
late = int(np.sum(regime[band] == "undecided"))     # still converging after 4000 steps
assert np.all(np.isin(regime[band], ["catapult", "undecided"])) and spread.max() < 3
display(Markdown(f"For m ≥ 1e4, peak/m varies by at most a factor {spread.max():.2f} over the "
                 f"widths at each ηλ0 of the band (median {np.median(spread):.2f}), while m "
                 f"grows by a factor {widths[-1] / widths[2]:.0f}. Every run of the band "
                 f"catapults; {late} of them had not yet converged when the 4000-step budget "
                 "ran out (their peak is measured all the same)."))"""),
    code("""converged = band & (regime[:, -1] == "catapult")
end = eta_lam0[converged] * final_k[converged, -1]
assert np.all(end < 2)
plt.plot(eta_lam0[converged], end, "o-", ms=3, label="eta * lambda(final)")
plt.axhline(2, c="k", ls=":"); plt.xlabel("eta * lambda0"); plt.legend()
plt.title("after a catapult the kernel ends below 2/eta");"""),
    md("""## Exercises

1. **Edges of the band.** For each width, find the smallest and the largest ηλ0 of the grid
   whose run catapults, and compare them with 2 and 4 (the grid step is 0.1).
2. **Θ(m) at one rate.** At ηλ0 = 3, print peak/m for every width and the ratio of the
   largest to the smallest.
3. **Another λ0.** Compute the diagram again with λ0 = 2 held fixed (`lam0=2`, so
   η = ηλ0/2). Why are the regime boundaries still at ηλ0 = 2 and 4 while the peak loss
   changes? By what factor does it change at ηλ0 = 3?"""),
    md("## Solutions\nThe code cells below are collapsed; open them to read the worked solutions."),
    solution("""for j, m in enumerate(widths):
    cat = eta_lam0[regime[:, j] == "catapult"]
    print(f"Exercise 1: m = {m:.0e}: catapult for eta*lam0 in [{cat.min():.1f}, {cat.max():.1f}]")
    assert 2 < cat.min() <= 2.1 + 1e-9 and 3.9 - 1e-9 <= cat.max() < 4"""),
    solution("""i = int(np.argmin(np.abs(eta_lam0 - 3.0)))
print("Exercise 2:", ", ".join(f"m = {m:.0e}: {p:.4f}" for m, p in zip(widths, peak_over_m[i])))
print(f"largest / smallest = {peak_over_m[i].max() / peak_over_m[i].min():.3f}")"""),
    solution("""pd2 = phase_diagram(eta_lam0, widths, g0=0.5, y=0.0, steps=4000, threads=1, lam0=2.0)
differ = pd2.regime != regime                    # the regimes depend on eta*lam0 ...
settled = ~np.isin(regime, ["undecided"]) & ~np.isin(pd2.regime, ["undecided"])
assert not np.any(differ & settled)
factor = pd2.peak_loss[i, -1] / pd.peak_loss[i, -1]
print(f"Exercise 3: {pd2.convention.text}; {differ.sum()} of {differ.size} cells differ, each one "
      f"a run that had not converged within the budget in one of the two diagrams; the peak loss "
      f"at eta*lam0 = 3, m = 1e8 changes by a factor {factor:.3f}")
# ... but u(0) = c eta^2 r0^2 and L = u / (2 c eta^2) depend on eta itself: halving eta
# divides u(0) by 4 and multiplies L = u / (2 c eta^2) by 4 at the same u
assert 3 < factor < 5"""),
]

NB04 = [
    md("""
# 04 · Verifying the theorems and reading the errata

`proofs_check` (run as `python -m proofs_check`) breaks every proof of docs/theory.md into steps
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
assert not any(r.status in ("FAIL", "ERROR") for res, _ in results.values() for r in res)
display(Markdown("| proof | step | status |\\n|---|---|---|\\n" + "\\n".join(rows)))"""),
    md("""## Erratum: Theorem 4's constant C_κ
The printed condition C_κ ≥ 9C_u + (C_u + C_uC)δ ignores that |w(0)| = C√(u(0)/m) is of
order 1/m (not m^(-3/2)) and the drift of v that w causes. The check certified a
counterexample with interval arithmetic; here is its evidence."""),
    code("""from proofs_check import theorem4 as T4
step = [r for r in results["theorem4"][0] if r.step.startswith("conclusion with the printed")][0]
assert step.status == "ERRATUM"
print(step.evidence[:600])"""),
    md("The margin min_t (q − √κ(t)) along the exact map, for the printed and the corrected C_κ:"),
    code("""import mpmath
P = {"mf": mpmath.mpf(2), "d": mpmath.mpf("0.4"), "Cu": mpmath.mpf("0.01"), "C": mpmath.mpf(2)}
margins = {}
for name, ck in (("printed C_kappa", T4.ck_paper), ("corrected C_kappa", T4.ck_fixed)):
    margin, drift, m = T4.exact_map_margin(P, ck)
    margins[name] = float(margin)
    print(f"{name:18s} m = {float(m):.4g}: min_t (q - sqrt(kappa(t))) = {float(margin):+.3e}")
assert margins["printed C_kappa"] < 0 < margins["corrected C_kappa"]"""),
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
    code("""errata = Path(proofs_check.__file__).with_name("ERRATA.md")
display(Markdown(errata.read_text()))"""),
    md("""## Exercises

1. **The bound on |w(0)|.** In exact rationals, compute u(0) and w(0) for width 100,
   η = λ0 = 1, g0 = 0, y = 1, |x|²/d = 1. With C_u = m·u(0) and C = η|x||y|/√d, compare
   |w(0)| with the printed bound C_u C/m^(3/2) and with C√C_u/m.
2. **One claim, checked.** Run `verify(["Proposition 2"], widths=[1e3])` and print its
   status, its failures of the printed form and its witness.
3. **Count the errata.** From `ERRATA.md`, count the errata and the checks that found
   them (one per entry plus those under *Also found by*); compare with the ERRATUM rows
   of `REPORT.md`."""),
    md("## Solutions\nThe code cells below are collapsed; open them to read the worked solutions."),
    solution("""import math
from fractions import Fraction as F

def exact_sqrt(q):                       # the square root of a rational square, exactly
    r = F(math.isqrt(q.numerator), math.isqrt(q.denominator))
    assert r * r == q
    return r

p = OneExample(width=F(100), eta=F(1), lam0=F(1), g0=F(0), y=F(1), x2d=F(1))
u0, v0, w0, s = p.initial_state()
m = p.width
C = p.eta * abs(p.y) * exact_sqrt(p.x2d)          # C = eta |x| |y| / sqrt(d)
Cu = m * u0
printed = Cu * C / (m * exact_sqrt(m))            # C_u C / m^(3/2)
true = C * exact_sqrt(Cu) / m                     # C sqrt(C_u) / m
assert w0 ** 2 == C ** 2 * u0 / m and abs(w0) == true and abs(w0) > printed
print(f"Exercise 1: u(0) = {u0}, w(0) = {w0}: |w(0)| = {abs(w0)} > C_u C/m^(3/2) = {printed}, "
      f"and |w(0)| = C sqrt(C_u)/m = {true} exactly")"""),
    solution("""from nqm_theory import verify
(v,) = verify(["Proposition 2"], widths=[1e3])
d = v.to_dict()
print(f"Exercise 2: {d['claim']}: {d['status']}; {d['failures']} of {d['cases']} cases fail the "
      f"printed form, {d['corrected_failures']} the corrected one")
print("witness:", {k: d["witness"][k] for k in ("what", "step", "measured", "bound", "margin")})
assert d["status"] == "holds-corrected" and d["corrected_failures"] == 0"""),
    solution("""import re
text = errata.read_text()
entries = len(re.findall(r"^## E\\d+\\.", text, re.M))
checks = entries + sum(int(n) for n in re.findall(r"Also found by:\\*\\* (\\d+) more", text))
rows = errata.with_name("REPORT.md").read_text().count("**ERRATUM**")
print(f"Exercise 3: {entries} errata, found by {checks} checks; REPORT.md has {rows} ERRATUM rows")
assert checks == rows"""),
]
