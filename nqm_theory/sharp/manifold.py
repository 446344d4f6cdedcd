"""The unstable manifold of a fixed point (0, v0) of the y = 0 map, with a rigorous tail.

For y = 0 the orbit lives on w = 0; in (rho, v) with u = rho^2 the map is
``rho' = rho (1 - v + rho^2)``, ``v' = v - rho^2 (4 - v)`` (the surface map of
:mod:`nqm_theory.sharp.invariants` at mu = 0).  The fixed point (0, v0) with
v0 = 2 + delta in (2, 4) has the unstable multiplier sigma = 1 - v0 = -(1 + delta) and a
line of fixed points as its centre direction.  Its unstable manifold is the image of the
Poincare map W(z) = (rho(z), v0 + V(z)), ``F(W(z)) = W(sigma z)``, rho(z) = z + O(z^3) odd,
V even.  Matching powers of z gives, with ``[.]_n`` the coefficient of z^n,

    (sigma^n - sigma) a_n = [-rho V + rho^3]_n,   (sigma^n - 1) b_n = [-(4 - v0) rho^2 + rho^2 V]_n,

which :func:`coefficients` solves in Arb balls.  **Tail bound.**  If
``|a_n|, |b_n| <= K r^-n / n^2`` for n <= N and ``c2 K + c2^2 K^2 <= |sigma|^(N+1) - |sigma|``
and ``|4 - v0| c2 K + c2^2 K^2 <= |sigma|^(N+1) - 1`` with c2 = pi^2/3 + 2, then the same
bound holds for every n (induction: ``sum_{i+j=n} 1/(i^2 j^2) <= c2/n^2``, the triple sum
is <= c2^2/n^2, and the right-hand sides grow with n); so for |z| = theta r, theta < 1,
the truncation error of either series is at most ``K theta^(N+1) / ((N+1)^2 (1 - theta))``.

Examples
--------
>>> from flint import arb, ctx
>>> with ctx.workprec(200):                  # 200 bits, about 60 digits
...     M = unstable_manifold(arb(3))        # delta = 1, sigma = -2
...     rho, v = M.point(arb("1e-6"))
>>> abs(float(rho.mid()) - 1e-6) < 1e-15, float(v.rad()) < 1e-30
(True, True)
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Manifold", "unstable_manifold", "coefficients", "C2"]

#: sup_n n^2 sum_{i+j=n} 1/(i^2 j^2) <= 2 zeta(2) + 4 sup H_{n-1}/n = pi^2/3 + 2.
C2_TEXT = "pi^2/3 + 2"


def C2():
    """The constant c2 = pi^2/3 + 2 as an Arb ball (upper bound of the convolution sum)."""
    from flint import arb
    return arb.pi() ** 2 / 3 + 2


def coefficients(v0, N: int):
    """Balls ``a[0..N]``, ``b[0..N]`` of the Poincare map at (0, v0) (a_1 = 1)."""
    from flint import arb
    s = 1 - v0
    a = [arb(0)] * (N + 1)
    b = [arb(0)] * (N + 1)
    a[1] = arb(1)
    a2 = [arb(0)] * (N + 1)        # coefficients of rho^2, filled as a grows
    for n in range(2, N + 1):
        if n % 2:
            aV = sum((a[i] * b[n - i] for i in range(1, n - 1)), arb(0))
            a3 = sum((a[i] * a2[n - i] for i in range(1, n - 1)), arb(0))
            a[n] = (a3 - aV) / (s ** n - s)
        else:
            a2[n] = sum((a[i] * a[n - i] for i in range(1, n)), arb(0))
            a2V = sum((a2[i] * b[n - i] for i in range(2, n - 1)), arb(0))
            b[n] = (a2V - (4 - v0) * a2[n]) / (s ** n - 1)
    return a, b


@dataclass(frozen=True)
class Manifold:
    """W(z) for |z| <= theta_max r, with coefficient balls and the tail constant K.

    Attributes
    ----------
    v0, sigma : arb
    a, b : list of arb
    K, r : arb
        The majorant ``|a_n|, |b_n| <= K r^-n / n^2`` (all n).
    N : int
    """

    v0: object
    sigma: object
    a: list
    b: list
    K: object
    r: object
    N: int

    def point(self, z):
        """(rho, v) enclosing W(z) (series plus the rigorous tail); requires |z| < r."""
        from flint import arb
        theta = abs(z) / self.r
        if not theta < 1:
            raise ValueError("z is outside the disc of the tail bound")
        N = self.N
        t = arb((self.K * theta ** (N + 1) / ((N + 1) ** 2 * (1 - theta))).upper())
        rho = sum((self.a[n] * z ** n for n in range(1, N + 1, 2)), arb(0))
        V = sum((self.b[n] * z ** n for n in range(2, N + 1, 2)), arb(0))
        return rho + arb(0, t), self.v0 + V + arb(0, t)


def unstable_manifold(v0, N: int = 24) -> Manifold:
    """The Poincare map at (0, v0), 2 < v0 < 4, with a verified tail bound (module doc)."""
    from flint import arb
    if not (v0 > 2 and v0 < 4):
        from .._validate import NQMValueError
        raise NQMValueError(f"`v0` = 2 + delta must lie in (2, 4) (`delta` in (0, 2)), got "
                            f"{v0}")
    sigma = 1 - v0
    a, b = coefficients(v0, N)
    c2 = C2()
    S = abs(sigma)
    rhs_a, rhs_b = S ** (N + 1) - S, S ** (N + 1) - 1
    r = arb((S ** (N + 1) / (4 * c2 * max(1, abs(4 - v0).upper()))).upper())
    for _ in range(200):
        K = max(arb(max((n * n * r ** n * abs(c)).upper() for c in (a[n], b[n])))
                for n in range(1, N + 1))
        if (c2 * K + c2 * c2 * K * K <= rhs_a
                and abs(4 - v0) * c2 * K + c2 * c2 * K * K <= rhs_b):
            return Manifold(v0, sigma, a, b, K, r, N)
        r = r / 2
    raise ValueError("no tail bound found (raise N)")
