"""The NQM of f = m^(-1/2) sum_i v_i sigma(u_i.x/sqrt d) for any sigma, derived with SymPy.

Derivation (docs/theory.md §2-3 for relu; here sigma is any twice differentiable function):

A1. *Block structure* (:func:`check_blocks`).  Differentiating f symbolically, with sigma
    an undefined SymPy function (so the identities hold for every sigma) and then with
    the concrete activation: the Jacobian and the Hessian of f at theta0 are block
    diagonal over neurons; with z_i = u_i.x/sqrt d and a = |x|^2/d,
    df/dv_i = m^(-1/2) sigma(z_i), df/du_i = m^(-1/2) v_i sigma'(z_i) x/sqrt d,
    d2f/dv_i^2 = 0, d2f/du_i dv_i = m^(-1/2) sigma'(z_i) x/sqrt d,
    d2f/du_i^2 = m^(-1/2) v_i sigma''(z_i) x x^T/d.  In the coordinates
    (p_i, q_i) = ((u_i - u0_i).x/|x|, v_i - v0_i) the blocks are
    J_i = m^(-1/2) (v_i sigma' sqrt a, sigma),
    H_i = m^(-1/2) [[v_i sigma'' a, sigma' sqrt a], [sigma' sqrt a, 0]],
    and every direction of u_i orthogonal to x has zero gradient and zero Hessian.
A2. *One GD step* (:func:`derive_step`).  For any quadratic model
    g(D) = f0 + j.D + 1/2 D^T H D and L = r^2/2, with G = grad g = j + H D, one step
    D' = D - eta r G gives, after eliminating j = G - H D (closure: no D, j, f0, y left),
    r' = r - eta r |G|^2 + 1/2 eta^2 r^2 G^T H G  and  G' = (1 - eta r H) G.
    So the dynamics depend on (r, G) only, and by A1 on m independent 2-vectors G_i.
A3. *Scaling* (:func:`population_update`).  With rho = eta r / sqrt m, G_i = Gt_i/sqrt m,
    H_i = Ht_i/sqrt m and averages <.> = sum_i omega_i (.) (omega_i = 1/m):
    rho' = rho (1 - eta <|Gt|^2> + 1/2 rho eta <Gt^T Ht Gt>),  Gt_i' = (1 - rho Ht_i) Gt_i:
    no m left.  The infinite-width limit replaces omega by quadrature weights.
A4. *Spectral form* (:func:`spectral_update`).  In an eigenbasis of H (eigenvalues
    h_k = kappa_k/sqrt m), with nu_k = eta beta_k^2 (beta_k = G.e_k):
    rho' = rho (1 - sum nu_k + 1/2 rho sum kappa_k nu_k),  nu_k' = (1 - rho kappa_k)^2 nu_k.
    The dynamics depend only on the spectral measure sum_k nu_k delta_{kappa_k}.
"""
from __future__ import annotations

from functools import lru_cache

import sympy as sp

from .._validate import NQMValueError

__all__ = ["check_blocks", "derive_step", "population_update", "spectral_update",
           "rho", "eta", "A0", "A1"]

rho = sp.Symbol("rho", real=True)
eta = sp.Symbol("eta", positive=True)
r = sp.Symbol("r", real=True)
A0, A1 = sp.symbols("A_0 A_1", real=True)
M0, M1 = sp.symbols("M_0 M_1", real=True)


def _network(m: int, d: int, sigma):
    U = sp.Matrix(m, d, lambda i, j: sp.Symbol(f"U_{i}{j}", real=True))
    V = sp.Matrix(m, 1, lambda i, j: sp.Symbol(f"V_{i}", real=True))
    x = sp.Matrix(d, 1, lambda i, j: sp.Symbol(f"x_{i}", positive=True))
    zs = [(U[i, :] * x)[0] / sp.sqrt(d) for i in range(m)]
    f = sum(V[i] * sigma(zs[i]) for i in range(m)) / sp.sqrt(m)
    theta = [U[i, j] for i in range(m) for j in range(d)] + list(V)
    return U, V, x, zs, f, theta


def check_blocks(m: int = 2, d: int = 2, activation=None) -> dict:
    """Identity A1 for explicit (m, d), generic sigma or ``activation``: ``{name: bool}``.

    Keys: ``"jacobian"``, ``"hessian"`` (the formulas of A1 entry by entry, which include
    block diagonality), ``"reduced_blocks"`` (the (p_i, q_i) blocks) and ``"orthogonal"``
    (directions of u_i orthogonal to x: zero gradient and Hessian; needs d >= 2).

    >>> check_blocks(1, 2)
    {'jacobian': True, 'hessian': True, 'reduced_blocks': True, 'orthogonal': True}
    """
    s = sp.Symbol("s", real=True)
    if activation is None:
        F = sp.Function("sigma")
        sig, d1, d2 = F, (lambda t: sp.diff(F(s), s).subs(s, t)), \
            (lambda t: sp.diff(F(s), s, 2).subs(s, t))
    else:
        e0, e1, e2 = (activation.expr, activation.d1, activation.d2)
        from .catalogue import z
        sig, d1, d2 = ((lambda t, e=e: e.subs(z, t)) for e in (e0, e1, e2))
    U, V, x, zs, f, theta = _network(m, d, sig)
    J = sp.Matrix([sp.diff(f, p) for p in theta])
    Hm = sp.hessian(f, theta)
    isq = 1 / sp.sqrt(m)
    nu = m * d

    def idx_u(i, j):
        return i * d + j

    Je = sp.zeros(len(theta), 1)
    He = sp.zeros(len(theta), len(theta))
    for i in range(m):
        Je[nu + i] = isq * sig(zs[i])
        for j in range(d):
            Je[idx_u(i, j)] = isq * V[i] * d1(zs[i]) * x[j] / sp.sqrt(d)
            He[idx_u(i, j), nu + i] = He[nu + i, idx_u(i, j)] = isq * d1(zs[i]) * x[j] / sp.sqrt(d)
            for k in range(d):
                He[idx_u(i, j), idx_u(i, k)] = isq * V[i] * d2(zs[i]) * x[j] * x[k] / d
    zero = (lambda M: all(sp.simplify(sp.piecewise_fold(e.doit())) == 0 for e in M))
    out = {"jacobian": zero(J - Je), "hessian": zero(Hm - He)}
    xn = sp.sqrt(sum(xx**2 for xx in x))
    a = xn**2 / d
    P = sp.zeros(len(theta), 2 * m)
    for i in range(m):
        for j in range(d):
            P[idx_u(i, j), 2 * i] = x[j] / xn
        P[nu + i, 2 * i + 1] = 1
    Jr, Hr = P.T * Je, P.T * He * P
    Jh, Hh = sp.zeros(2 * m, 1), sp.zeros(2 * m, 2 * m)
    for i in range(m):
        Jh[2 * i], Jh[2 * i + 1] = isq * V[i] * d1(zs[i]) * sp.sqrt(a), isq * sig(zs[i])
        Hh[2 * i, 2 * i] = isq * V[i] * d2(zs[i]) * a
        Hh[2 * i, 2 * i + 1] = Hh[2 * i + 1, 2 * i] = isq * d1(zs[i]) * sp.sqrt(a)
    out["reduced_blocks"] = zero(Jr - Jh) and zero(Hr - Hh)
    if d >= 2:
        t = sp.zeros(len(theta), m)
        for i in range(m):
            t[idx_u(i, 0), i], t[idx_u(i, 1), i] = -x[1], x[0]
        out["orthogonal"] = zero(t.T * Je) and zero(He * t)
    return out


@lru_cache(maxsize=8)
def derive_step(n: int = 3):
    """Identity A2 for an explicit dimension ``n``: ``(r_next, b1)`` with closure checked.

    Returns ``r_next`` as an expression of (r, eta, M_0, M_1), M_0 = |G|^2 and
    M_1 = G^T H G, and ``b1`` with G' = G + b1 H G.  Raises AssertionError if the
    step does not close on (r, G) (it always does; the check is the proof).

    >>> derive_step(2)
    (-M_0*eta*r + M_1*eta**2*r**2/2 + r, -eta*r)
    """
    Hs = sp.Matrix(n, n, lambda i, j: sp.Symbol(f"h_{min(i, j)}{max(i, j)}", real=True))
    D = sp.Matrix(n, 1, lambda i, j: sp.Symbol(f"D_{i}", real=True))
    G = sp.Matrix(n, 1, lambda i, j: sp.Symbol(f"G_{i}", real=True))
    j = sp.Matrix(n, 1, lambda i, k: sp.Symbol(f"j_{i}", real=True))
    f0, y = sp.symbols("f_0 y", real=True)

    def g(Dv):
        return f0 + (j.T * Dv)[0] + (Dv.T * Hs * Dv)[0] / 2

    rr = g(D) - y
    Dn = D - eta * rr * (j + Hs * D)
    elim = {j[i]: G[i] - (Hs * D)[i] for i in range(n)}
    r_next = sp.expand((g(Dn) - y).xreplace(elim))
    Gn = (j + Hs * Dn).xreplace(elim).applyfunc(sp.expand)
    r_at = sp.expand(rr.xreplace(elim))
    # eliminate f0 - y in favour of r: every occurrence comes through r(D)
    R = sp.Symbol("R_")
    r_next = sp.expand(r_next.xreplace({f0: R + y - (r_at - f0 + y) + 0}))
    Gn = Gn.xreplace({f0: R + y - (r_at - f0 + y)}).applyfunc(sp.expand)
    if r_next.has(*D, *j, f0, y) or Gn.has(*D, *j, f0, y):
        raise AssertionError("the GD step of the NQM does not close on (r, G)")
    # r_next is r + (quadratic form in G): read its matrix C = c0 I + c1 H
    C = sp.hessian(r_next, list(G)) / 2
    c0 = sp.expand(C[0, 0] - C[0, 1] * Hs[0, 0] / Hs[0, 1]) if n > 1 else None
    c1 = sp.expand(C[0, 1] / Hs[0, 1]) if n > 1 else sp.expand(sp.diff(C[0, 0], Hs[0, 0]))
    if c0 is None:
        c0 = sp.expand(C[0, 0] - c1 * Hs[0, 0])
    if sp.expand(C - c0 * sp.eye(n) - c1 * Hs) != sp.zeros(n, n) or c0.has(*Hs) or c1.has(*Hs):
        raise AssertionError("r' - r is not a quadratic form c0 |G|^2 + c1 G^T H G")
    lin = sp.expand(r_next - (G.T * C * G)[0])
    B = sp.expand((Gn - G).jacobian(list(G)))
    b1 = sp.expand(B[0, 1] / Hs[0, 1]) if n > 1 else sp.expand(B[0, 0] / Hs[0, 0])
    if sp.expand(B - b1 * Hs) != sp.zeros(n, n) or b1.has(*Hs):
        raise AssertionError("G' - G is not b1 H G")
    sub = {R: r}
    r_next = sp.expand(lin.xreplace(sub) + c0.xreplace(sub) * M0 + c1.xreplace(sub) * M1)
    return r_next, sp.expand(b1.xreplace(sub))


@lru_cache(maxsize=1)
def population_update():
    """Identity A3: ``(rho_next, b)`` with rho' = rho_next(rho, eta, A_0, A_1), Gt' = Gt + b Ht Gt.

    >>> population_update()
    (-A_0*eta*rho + A_1*eta*rho**2/2 + rho, -rho)
    """
    m = sp.Symbol("m", positive=True)
    r_next, b1 = derive_step(2)
    sub = {r: sp.sqrt(m) * rho / eta, M0: A0, M1: A1 / sp.sqrt(m)}
    rho_next = sp.expand(eta * r_next.xreplace(sub) / sp.sqrt(m))
    b = sp.expand(b1.xreplace(sub) / sp.sqrt(m))    # H = Ht / sqrt m
    if rho_next.has(m, r) or b.has(m, r):
        raise AssertionError("the scaled population map still depends on m")
    return rho_next, b


def spectral_update(kappas):
    """Identity A4 for K eigenvalues kappa_k (SymPy numbers or symbols).

    Returns ``(state, update)``: state (rho, nu_1..nu_K) and its next values.

    >>> st, up = spectral_update((1, -1))
    >>> up[1]
    nu_1*(rho - 1)**2
    """
    K = len(kappas)
    if K < 1:
        raise NQMValueError("`kappas` must hold at least one eigenvalue")
    nus = sp.symbols(f"nu_1:{K + 1}", nonnegative=True)
    betas = sp.symbols(f"beta_1:{K + 1}", real=True)
    rho_next, b = population_update()
    ks = [sp.nsimplify(k) if not isinstance(k, sp.Basic) else k for k in kappas]
    # diagonal Ht = diag(kappa): <|G|^2> and <G^T Ht G> with G = beta (omega folded in)
    a0 = sum(bb**2 for bb in betas)
    a1 = sum(k * bb**2 for k, bb in zip(ks, betas))
    rn = sp.expand(rho_next.xreplace({A0: a0, A1: a1}))
    nn = [sp.expand((1 + b * k)**2 * bb**2) for k, bb in zip(ks, betas)]
    sq = {bb**2: nu / eta for bb, nu in zip(betas, nus)}
    rn = sp.expand(rn.xreplace(sq))
    nn = [sp.factor(sp.expand(eta * e).xreplace(sq)) for e in nn]
    if rn.has(*betas, eta) or any(e.has(*betas, eta) for e in nn):
        raise AssertionError("the spectral map does not close on (rho, nu)")
    return (rho,) + tuple(nus), (sp.factor(rn),) + tuple(nn)
