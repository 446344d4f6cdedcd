"""Issue 11: the NQM of f = m^(-1/2) sum_i v_i sigma(u_i.x/sqrt d) for any sigma.

The identities behind the reduction (A1-A4 of :mod:`nqm_theory.activations.symbolic`),
the two-atom closure onto the paper's (u, v, w) map and the sign symmetry
(:mod:`nqm_theory.activations.identities`), and the kernel along the unstable manifold
(:mod:`nqm_theory.activations.manifold`).  Nothing is re-derived here.
"""
from __future__ import annotations

import sympy as sp

from nqm_theory.activations.catalogue import make_activation
from nqm_theory.activations.identities import sign_symmetry, two_atom_closure
from nqm_theory.activations.manifold import M2, M4, V0, manifold_kernel
from nqm_theory.activations.symbolic import (check_blocks, derive_step, population_update,
                                             spectral_update)

from ._core import StepResult, verdict

NAME = "activations"
#: Activations whose blocks are re-derived here (the tests cover every listed one).
_CONCRETE = ("relu", "leaky_relu", "tanh", "poly")
LOC = "docs/theory.md §2-3 with any activation (issue 11)"


def _blocks():
    generic = check_blocks(2, 2)
    each = {n: check_blocks(1, 1, make_activation(n)) for n in _CONCRETE}
    ok = all(generic.values()) and all(all(r.values()) for r in each.values())
    return verdict(ok, NAME, "A1 Jacobian/Hessian blocks",
                   "J_i = m^-1/2 (v sigma' sqrt a, sigma), H_i = m^-1/2 [[v sigma'' a, "
                   "sigma' sqrt a], [sigma' sqrt a, 0]] in (p_i, q_i); block diagonal; "
                   "u_i orthogonal to x has zero gradient and Hessian",
                   "SymPy differentiation of f: undefined sigma at (m,d)=(2,2), each of "
                   f"{', '.join(_CONCRETE)} at (1,1) (every listed activation in "
                   "tests/activations)", LOC)


def _step():
    ok = derive_step(2) == derive_step(1)
    rn, b = derive_step(2)
    return verdict(ok, NAME, "A2 one GD step closes on (r, G)",
                   f"r' = {rn}, G' = G + ({b}) H G for every quadratic model",
                   "SymPy: eliminate j = G - H D; no D, j, f0, y left; n = 1, 2 give "
                   "the same coefficients (n = 3 in the tests)", LOC)


def _scaled():
    rn, b = population_update()
    st, up = spectral_update((sp.Integer(1), sp.Integer(-1), sp.Rational(1, 3)))
    ok = not rn.has(sp.Symbol("m", positive=True)) and len(up) == 4
    return verdict(ok, NAME, "A3/A4 scaled population and spectral maps",
                   f"rho' = {rn}, Gt' = Gt + ({b}) Ht Gt; nu_k' = (1 - rho kappa_k)^2 nu_k",
                   "SymPy substitution rho = eta r/sqrt m, H = Ht/sqrt m: m cancels; "
                   "spectral closure for kappa = (1, -1, 1/3)", LOC)


def _two_atom():
    res = two_atom_closure()
    return verdict(all(res.values()), NAME, "two atoms {+k, -k} give the (u, v, w) map",
                   "relu, linear and abs (|sigma'| constant) reduce exactly to the paper's "
                   "map with u = k^2 rho^2, v = eta lam, w = rho M_1/2 - u",
                   f"SymPy, every component: {res}", LOC)


def _symmetry():
    return verdict(sign_symmetry(), NAME, "v -> -v mirrors the spectral measure",
                   "Ht(-v) = -P Ht(v) P, Jt(-v) = -P Jt(v): the infinite-width measure is "
                   "symmetric in kappa (odd moments 0)", "SymPy, undefined sigma", LOC)


def _manifold():
    rho = sp.Symbol("rho", real=True)
    c2 = sp.Poly(manifold_kernel(2), rho).as_dict()[(2,)]
    c4 = sp.Poly(manifold_kernel(4, v0=4), rho).as_dict()[(4,)]
    ok2 = sp.simplify(c2 - M2 * (V0 - 4) / (V0**2 * (V0 - 2))) == 0
    ok4 = sp.simplify(c4 - (4 * M4 - M2**2) / 8960) == 0
    return [verdict(ok2, NAME, "kernel on the unstable manifold, order rho^2",
                    "V(rho) = V0 + M2 (V0 - 4)/(V0^2 (V0 - 2)) rho^2 + O(rho^4): decreasing "
                    "iff 2 < V0 < 4, for every symmetric spectral measure",
                    "SymPy order-by-order solution of nu_k(phi(rho)) = (1 - rho kappa_k)^2 "
                    "nu_k(rho)", LOC),
            verdict(ok4, NAME, "kernel on the unstable manifold at V0 = 4, order rho^4",
                    "V(rho) - 4 = (V0 M4 - M2^2) rho^4/8960 + O(rho^6) >= 0 (Cauchy-Schwarz),"
                    " = 0 iff |kappa| is constant on the support (relu, linear, abs)",
                    "SymPy, same expansion at V0 = 4", LOC)]


def _windows():
    from dataclasses import replace

    from nqm_theory.theorems.activations import activation_claims
    out = []
    for claim in activation_claims():
        claim = replace(claim, widths_=(256,), seeds=(0,))   # one draw: cheap; verify has more
        v = claim.check()
        w = v.witness
        evidence = (f"{v.cases} draws (m, seed) = {claim.widths_} x {claim.seeds}; the ReLU "
                    f"window failed on {v.failures}, the corrected statement on "
                    f"{v.corrected_failures}; worst: {w.what if w else 'none'}; reproduce: "
                    f"`nqm-theory verify --claims \"{v.claim}\" --json`")
        if v.corrected_failures:
            out.append(StepResult(NAME, v.claim, "FAIL", v.statement, v.corrected_statement,
                                  evidence, LOC))
            continue
        truth = ("the ReLU window holds (within eps = log m/sqrt m)" if v.failures == 0 else
                 "the ReLU window fails: " + v.corrected_statement)
        out.append(StepResult(NAME, v.claim, "MEASURED", "the paper is silent on " +
                              claim.activation + "; its ReLU window transplanted: " +
                              v.statement, truth, evidence, LOC))
    return out


def check():
    return ([_blocks(), _step(), _scaled(), _two_atom(), _symmetry()] + _manifold()
            + _windows())
