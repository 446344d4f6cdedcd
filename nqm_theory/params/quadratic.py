"""General quadratic models g(w; x) = w^T phi(x) + 1/2 gamma w^T Sigma(x) w (docs/theory.md §1, §6).

A :class:`QuadraticModel` stores the per-example features ``phi`` (n, p) and symmetric
matrices ``Sigma`` (n, p, p) densely.  It satisfies the flat-model protocol of
:mod:`nqm_theory.params.gd`, so GD on it is ``descend(model, w0, y, ...)`` -- the same loop
as for the ReLU network.  In exact mode (object arrays of Fraction, int/Fraction ``gamma``)
everything stays rational.

:func:`uv_model` builds the two-layer *linear* network f = m^{-1/2} v^T U x of §6 (the "uv
model") as a quadratic model with phi = 0, gamma = m^{-1/2}.  For several inputs x_k the
k-th matrix is Sigma(x_k).
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from numbers import Integral
from typing import ClassVar

import numpy as np

from .._validate import NQMValueError, check_int, check_real
from .network import coerce

__all__ = ["QuadraticModel", "uv_model", "uv_sigma"]


@dataclass(frozen=True, eq=False)
class QuadraticModel:
    """Quadratic model g_k(w) = w^T phi_k + 1/2 gamma w^T Sigma_k w on n examples (§6).

    Parameters
    ----------
    phi : array_like, shape (n, p)
        Linear features, one row per example.
    Sigma : array_like, shape (n, p, p)
        Symmetric second-order features (exact symmetry is required).
    gamma : float (int or Fraction in exact mode)
        Scale of the quadratic term.

    Notes
    -----
    grad g_k = phi_k + gamma Sigma_k w, the Hessian is gamma Sigma_k, and the tangent kernel
    is K = G G^T with G the (n, p) matrix of gradients.  Object arrays (of int/Fraction)
    select exact mode.

    Examples
    --------
    >>> import numpy as np
    >>> qm = QuadraticModel(np.array([[1.0, 0.0]]), np.array([[[0.0, 1.0], [1.0, 0.0]]]), 0.1)
    >>> w = np.array([2.0, 3.0])
    >>> qm.output(w), qm.gradients(w), qm.kernel(w)
    (array([2.6]), array([[1.3, 0.2]]), array([[1.73]]))
    """

    phi: np.ndarray
    Sigma: np.ndarray
    gamma: object
    kind: ClassVar[str] = "quadratic"

    def __post_init__(self):
        exact = np.asarray(self.phi).dtype == object
        phi = coerce("phi", self.phi, exact=exact, ndim=2)
        Sigma = coerce("Sigma", self.Sigma, exact=exact, ndim=3)
        n, p = phi.shape
        if n < 1 or p < 1:
            raise NQMValueError(f"`phi` must have shape (n, p) with n, p >= 1, got {phi.shape}")
        if Sigma.shape != (n, p, p):
            raise NQMValueError(f"`Sigma` must have shape (n, p, p) = ({n}, {p}, {p}), "
                                f"got {Sigma.shape}")
        if not np.array_equal(Sigma, Sigma.transpose(0, 2, 1)):
            raise NQMValueError("`Sigma` must be symmetric: Sigma[k] == Sigma[k].T exactly")
        gamma = self.gamma
        if exact and (isinstance(gamma, bool) or not isinstance(gamma, (Fraction, Integral))):
            raise NQMValueError(f"`gamma` must be an int or Fraction in exact mode, "
                                f"got {gamma!r}")
        check_real("gamma", gamma)
        for name, arr in (("phi", phi), ("Sigma", Sigma)):
            arr.flags.writeable = False
            object.__setattr__(self, name, arr)
        object.__setattr__(self, "gamma", Fraction(gamma) if exact else float(gamma))

    @property
    def n(self) -> int:
        """Number of examples."""
        return self.phi.shape[0]

    @property
    def p(self) -> int:
        """Number of parameters."""
        return self.phi.shape[1]

    @property
    def exact(self) -> bool:
        """True in exact (Fraction) mode."""
        return self.phi.dtype == object

    def _w(self, w) -> np.ndarray:
        w = np.asarray(w)
        if w.shape != (self.p,) or (w.dtype == object) != self.exact:
            mode = "an object array of Fraction" if self.exact else "a float array"
            raise NQMValueError(f"`w` must be {mode} of shape ({self.p},), "
                                f"got dtype {w.dtype} and shape {w.shape}")
        return w

    def output(self, w) -> np.ndarray:
        """Outputs g_k(w), shape (n,)."""
        w = self._w(w)
        return self.phi @ w + (self.gamma / 2) * ((self.Sigma @ w) @ w)

    def gradients(self, w) -> np.ndarray:
        """Per-example gradients phi_k + gamma Sigma_k w, shape (n, p)."""
        w = self._w(w)
        return self.phi + self.gamma * (self.Sigma @ w)

    def vjp(self, w, r) -> np.ndarray:
        """sum_k r_k grad g_k(w), shape (p,)."""
        return np.asarray(r) @ self.gradients(w)

    def kernel(self, w) -> np.ndarray:
        """Tangent kernel K = G G^T, shape (n, n)."""
        G = self.gradients(w)
        return G @ G.T


def uv_sigma(m: int, x) -> np.ndarray:
    """Sigma(x) = [[0, I_m (x) x], [I_m (x) x^T, 0]] of the uv model, shape (p, p), p = m(d+1).

    Parameter ordering: w = (U.ravel(), v) -- the rows u_1..u_m of U (each of length d)
    first, then v, so that 1/2 w^T Sigma(x) w = sum_i v_i u_i . x = v^T U x.  Works with
    float arrays and with object arrays of Fraction (the dtype of ``x`` is kept).
    """
    m = check_int("m", m, ge=1)
    x = np.asarray(x)
    if x.ndim != 1 or x.shape[0] < 1:
        raise NQMValueError(f"`x` must be a 1-d array of length d >= 1, got shape {x.shape}")
    d = x.shape[0]
    zero = 0 if x.dtype == object else 0.0
    B = np.full((m, d, m), zero, dtype=x.dtype if x.dtype == object else np.float64)
    idx = np.arange(m)
    B[idx, :, idx] = x
    B = B.reshape(m * d, m)
    S = np.full((m * d + m, m * d + m), zero, dtype=B.dtype)
    S[:m * d, m * d:], S[m * d:, :m * d] = B, B.T
    return S


def uv_model(m: int, x, *, seed: int) -> tuple[QuadraticModel, np.ndarray]:
    """The uv model f = m^{-1/2} v^T U x as a quadratic model (docs/theory.md §6).

    phi = 0, gamma = m^{-1/2}, Sigma(x) from :func:`uv_sigma` (ordering w = (U.ravel(), v)).

    Parameters
    ----------
    m : int
        Width, >= 1.
    x : array_like, shape (d,) or (n, d)
        One input or n inputs (float).
    seed : int
        ``rng = np.random.default_rng(seed)``; U0 = rng.standard_normal((m, d)) is drawn
        first, then v0 uniform on {-1, +1} -- the §2 initialisation.

    Returns
    -------
    model : QuadraticModel
    w0 : ndarray, shape (m*d + m,)

    Examples
    --------
    >>> import numpy as np
    >>> qm, w0 = uv_model(4, np.array([1.0, 2.0]), seed=0)
    >>> U, v = w0[:8].reshape(4, 2), w0[8:]
    >>> bool(np.isclose(qm.output(w0)[0], v @ U @ np.array([1.0, 2.0]) / 2))
    True
    """
    m = check_int("m", m, ge=1)
    seed = check_int("seed", seed, ge=0)
    X = coerce("x", x, exact=False, ndim=np.ndim(x))
    X = X[None, :] if X.ndim == 1 else X
    if X.ndim != 2 or X.shape[0] < 1 or X.shape[1] < 1:
        raise NQMValueError(f"`x` must have shape (d,) or (n, d), got {np.shape(x)}")
    n, d = X.shape
    Sigma = np.stack([uv_sigma(m, xk) for xk in X])
    rng = np.random.default_rng(seed)
    U0 = rng.standard_normal((m, d))
    v0 = (2 * rng.integers(0, 2, size=m) - 1).astype(np.float64)
    model = QuadraticModel(np.zeros((n, m * d + m)), Sigma, 1.0 / np.sqrt(m))
    return model, np.concatenate([U0.ravel(), v0])
