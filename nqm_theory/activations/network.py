"""Parameter-space two-layer networks with any activation: f, f_lin and f_quad (docs/theory.md §1-2).

:class:`ActivationNetwork` is :class:`~nqm_theory.params.network.TwoLayerReLU` with sigma a
parameter: the full parameters U (m, d) and V (m,) are kept, nothing is reduced, so GD on
it (:func:`nqm_theory.params.gd.descend` through ``bind``) is an independent route to the
reduced maps of :mod:`nqm_theory.activations.population`.  With z = U x/sqrt d,
z0 = U0 x/sqrt d and dz = z - z0, the three models and their gradients
(dV_i = m^(-1/2) A_i, dz_i = m^(-1/2) B_i) are

=====  ==========================================================  ==========================
kind   model (times m^(1/2), summed over i)                          A_i ; B_i
=====  ==========================================================  ==========================
net    V sigma(z)                                                    sigma(z) ; V sigma'(z)
lin    V sigma(z0) + V0 sigma'(z0) dz                                sigma(z0) ; V0 sigma'(z0)
quad   V sigma(z0) + V sigma'(z0) dz + 1/2 V0 sigma''(z0) dz^2       sigma(z0) + sigma'(z0) dz ;
                                                                     V sigma'(z0) + V0 sigma''(z0) dz
=====  ==========================================================  ==========================

``quad`` is the second-order Taylor expansion of ``net`` around (U0, V0), including the
sigma'' term (identity A1 of :mod:`nqm_theory.activations.symbolic`).
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .._validate import NQMValueError, check_int
from ..params.network import TwoLayerReLU

__all__ = ["ActivationNetwork", "draw_network", "unit_example"]


@dataclass(frozen=True, eq=False)
class ActivationNetwork(TwoLayerReLU):
    """Initial parameters (U0, V0) and the activation of a two-layer network (NTK scaling).

    Examples
    --------
    >>> from nqm_theory.activations.catalogue import make_activation
    >>> net = draw_network(make_activation("tanh"), 20, 3, seed=0)
    >>> X = unit_example(3)
    >>> f = net.output(net.U0, net.V0, X, kind="net")
    >>> bool(np.allclose(f, net.output(net.U0, net.V0, X, kind="quad")))
    True
    """

    activation: object = None

    def __post_init__(self):
        super().__post_init__()
        if self.activation is None or not hasattr(self.activation, "derivatives"):
            raise NQMValueError("`activation` must be an Activation (see "
                                "nqm_theory.activations.catalogue)")
        if self.exact and not self.activation.exact:
            raise NQMValueError(f"`activation` {self.activation.name} has no exact values: "
                                "exact (Fraction) parameters need relu, leaky_relu, linear, "
                                "abs or poly")

    def _sig(self, zz):
        if self.exact:
            out = [np.empty(zz.shape, dtype=object) for _ in range(3)]
            for idx, q in np.ndenumerate(zz):
                for k, val in enumerate(self.activation.exact_derivatives(q)):
                    out[k][idx] = val
            return tuple(out)
        return self.activation.derivatives(zz)

    def preactivations(self, X):
        """``(z0, (sigma, sigma', sigma'') at z0)``, each of shape (m, n)."""
        z0 = (self.U0 @ X.T) * self._scales()[1]
        return z0, self._sig(z0)

    def coefficients(self, U, V, X, z0, s, kind):
        """``(output, A, B)`` of the module docstring (no checks)."""
        isq_m, isq_d = self._scales()[:2]
        z = (U @ X.T) * isq_d
        s0, s1, s2 = s
        if kind == "net":
            t0, t1, _ = self._sig(z)
            A, B = t0, V[:, None] * t1
            out = V @ t0
        elif kind == "lin":
            A, B = s0, self.V0[:, None] * s1
            out = V @ s0 + np.sum(B * (z - z0), axis=0)
        else:
            dz = z - z0
            half = Fraction(1, 2) if self.exact else 0.5
            A = s0 + s1 * dz
            B = V[:, None] * s1 + self.V0[:, None] * s2 * dz
            out = V @ A + np.sum(half * self.V0[:, None] * s2 * dz * dz, axis=0)
        return out * isq_m, A, B


def draw_network(activation, m: int, d: int, *, seed: int) -> ActivationNetwork:
    """The paper's initialisation (docs/theory.md §2): U0 ~ N(0, I_d) rows, V0 uniform on {-1, +1}.

    Same draw as :meth:`TwoLayerReLU.init` (``default_rng(seed)``: U0 first, then V0).
    """
    base = TwoLayerReLU.init(check_int("m", m, ge=1), check_int("d", d, ge=1), seed=seed)
    return ActivationNetwork(base.U0, base.V0, activation)


def unit_example(d: int, exact: bool = False) -> np.ndarray:
    """The example x = (1, ..., 1) of shape (1, d): |x|^2 = d, so a = |x|^2/d = 1."""
    d = check_int("d", d, ge=1)
    return np.full((1, d), Fraction(1), dtype=object) if exact else np.ones((1, d))
