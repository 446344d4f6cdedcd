"""Two-layer ReLU network in NTK scaling, its linearisation and its NQM (docs/theory.md §1-2).

The network is f(U, V; x) = m^{-1/2} sum_i V_i relu(U_i . x / sqrt(d)) with ``U`` of shape
``(m, d)`` and ``V`` of shape ``(m,)``.  Three models share the parameters:

* ``"net"``  -- the network itself, with relu'(z) = 1{z >= 0};
* ``"lin"``  -- f_lin(w) = f(w0) + (w - w0)^T grad f(w0)                       (§1);
* ``"quad"`` -- the NQM of §2 with the activation pattern frozen at initialisation,
  s_ik = 1{U0_i . x_k >= 0}:  f_quad = m^{-1/2} sum_i s_ik V_i (U_i . x_k) / sqrt(d).
  Because relu(z) = z 1{z >= 0} this equals the paper's four-term expansion.

For every kind the per-example gradient has the form
dV_ik = m^{-1/2} A_ik and dU_ik = m^{-1/2} B_ik x_k / sqrt(d) with (A, B) of shape (m, n):

=======  =======================  ===================
kind     A_ik                      B_ik
=======  =======================  ===================
net      relu(z_ik)                V_i 1{z_ik >= 0}
lin      relu(z0_ik)               V0_i s_ik
quad     s_ik z_ik                 V_i s_ik
=======  =======================  ===================

where z = U X^T / sqrt(d).  Hence the tangent kernel is, without forming n*m*d arrays,
K = (1/m) [A^T A + (X X^T / d) o (B^T B)]  (o = elementwise product).

Exact mode: if ``U0``/``V0`` are numpy ``object`` arrays of ``int``/``fractions.Fraction``
(see :meth:`TwoLayerReLU.from_arrays`), every computation stays in exact rational
arithmetic; this requires ``m`` and ``d`` to be perfect squares so that m^{-1/2} and
d^{-1/2} are rational.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from numbers import Integral

import numpy as np

from .._validate import NQMValueError, check_choice, check_int

__all__ = ["TwoLayerReLU", "BoundNetwork", "KINDS"]

KINDS = ("net", "lin", "quad")


def exact_inv_sqrt(name: str, k: int) -> Fraction:
    """Return ``1/sqrt(k)`` as a Fraction; ``k`` must be a perfect square (else NQMValueError)."""
    r = math.isqrt(k)
    if r * r != k:
        raise NQMValueError(f"`{name}` must be a perfect square (1, 4, 9, ...) in exact mode, "
                            f"got {k}")
    return Fraction(1, r)


def coerce(name: str, a, *, exact: bool, ndim: int) -> np.ndarray:
    """Return ``a`` as a float64 array, or (exact mode) an object array of Fractions."""
    if exact:
        arr = np.asarray(a, dtype=object)
        out = np.empty(arr.shape, dtype=object)
        for idx, e in np.ndenumerate(arr):
            if isinstance(e, (bool, np.bool_)) or not isinstance(e, (Fraction, Integral)):
                raise NQMValueError(f"`{name}` must contain only int or Fraction entries in "
                                    f"exact mode, got {e!r}")
            out[idx] = Fraction(e)
        arr = out
    else:
        arr = np.asarray(a)
        if not np.issubdtype(arr.dtype, np.number) or np.iscomplexobj(arr):
            raise NQMValueError(f"`{name}` must be a real numeric array in float64 mode (object "
                                f"arrays of Fraction select exact mode), got dtype {arr.dtype}")
        arr = arr.astype(np.float64)
        if not np.all(np.isfinite(arr)):
            raise NQMValueError(f"`{name}` must contain only finite real numbers")
    if arr.ndim != ndim:
        raise NQMValueError(f"`{name}` must be a {ndim}-d array, got shape {arr.shape}")
    return arr


@dataclass(frozen=True, eq=False)
class TwoLayerReLU:
    """Initial parameters of a two-layer ReLU network in NTK scaling (docs/theory.md §2).

    Attributes
    ----------
    U0, V0 : ndarray, shapes (m, d) and (m,)
        Weights at initialisation (read-only; object arrays of Fraction in exact mode).

    Notes
    -----
    ``output``, ``gradients`` and ``kernel`` take parameters ``U`` (m, d), ``V`` (m,), inputs
    ``X`` (n, d) and ``kind`` in {"net", "lin", "quad"} (§1-2); "lin" and "quad" expand around
    (U0, V0).  The network uses relu'(0) = 1, matching the paper's 1{. >= 0}.

    Examples
    --------
    >>> import numpy as np
    >>> net = TwoLayerReLU.init(100, 2, seed=0)
    >>> X = np.array([[1.0, 0.5], [-0.3, 2.0]])
    >>> f = net.output(net.U0, net.V0, X, kind="net")
    >>> bool(np.allclose(f, net.output(net.U0, net.V0, X, kind="quad")))
    True
    >>> net.kernel(net.U0, net.V0, X, kind="quad").shape
    (2, 2)
    """

    U0: np.ndarray
    V0: np.ndarray

    def __post_init__(self):
        exact = np.asarray(self.U0).dtype == object
        U0 = coerce("U0", self.U0, exact=exact, ndim=2)
        V0 = coerce("V0", self.V0, exact=exact, ndim=1)
        if U0.shape[0] < 1 or U0.shape[1] < 1:
            raise NQMValueError(f"`U0` must have shape (m, d) with m, d >= 1, got {U0.shape}")
        if V0.shape != (U0.shape[0],):
            raise NQMValueError(f"`V0` must have shape (m,) = ({U0.shape[0]},), got {V0.shape}")
        for name, arr in (("U0", U0.copy()), ("V0", V0.copy())):
            arr.flags.writeable = False
            object.__setattr__(self, name, arr)
        if exact:
            exact_inv_sqrt("m", U0.shape[0])
            exact_inv_sqrt("d", U0.shape[1])

    @classmethod
    def init(cls, m: int, d: int, *, seed: int) -> "TwoLayerReLU":
        """Random initialisation of §2: U0 ~ N(0, I_d) row-wise, V0 uniform on {-1, +1}.

        Uses ``rng = np.random.default_rng(seed)``; draws ``U0 = rng.standard_normal((m, d))``
        first, then ``V0 = 2 * rng.integers(0, 2, size=m) - 1`` (as float64).
        """
        m, d = check_int("m", m, ge=1), check_int("d", d, ge=1)
        rng = np.random.default_rng(check_int("seed", seed, ge=0))
        U0 = rng.standard_normal((m, d))
        V0 = (2 * rng.integers(0, 2, size=m) - 1).astype(np.float64)
        return cls(U0, V0)

    @classmethod
    def from_arrays(cls, U0, V0) -> "TwoLayerReLU":
        """Build from given arrays; ``object`` arrays of int/Fraction select exact mode."""
        U0, V0 = np.asarray(U0), np.asarray(V0)
        if (U0.dtype == object) != (V0.dtype == object):
            raise NQMValueError("`V0` must have the same mode as `U0` (both object arrays "
                                "of Fraction for exact mode, or both float)")
        return cls(U0, V0)

    @property
    def m(self) -> int:
        """Width (number of hidden neurons)."""
        return self.U0.shape[0]

    @property
    def d(self) -> int:
        """Input dimension."""
        return self.U0.shape[1]

    @property
    def exact(self) -> bool:
        """True if parameters are exact rationals (object arrays of Fraction)."""
        return self.U0.dtype == object

    # ------------------------------------------------------------------ internals
    def _scales(self):
        """Return (m^{-1/2}, d^{-1/2}, 1/m, 1/d), exact Fractions in exact mode."""
        if self.exact:
            return (exact_inv_sqrt("m", self.m), exact_inv_sqrt("d", self.d),
                    Fraction(1, self.m), Fraction(1, self.d))
        return 1.0 / np.sqrt(self.m), 1.0 / np.sqrt(self.d), 1.0 / self.m, 1.0 / self.d

    def check_X(self, X) -> np.ndarray:
        """Validate inputs ``X`` of shape (n, d) in this model's arithmetic mode."""
        X = coerce("X", X, exact=self.exact, ndim=2)
        if X.shape[0] < 1 or X.shape[1] != self.d:
            raise NQMValueError(f"`X` must have shape (n, {self.d}) with n >= 1, got {X.shape}")
        return X

    def _check_params(self, U, V):
        U = coerce("U", U, exact=self.exact, ndim=2)
        V = coerce("V", V, exact=self.exact, ndim=1)
        if U.shape != self.U0.shape:
            raise NQMValueError(f"`U` must have shape {self.U0.shape}, got {U.shape}")
        if V.shape != self.V0.shape:
            raise NQMValueError(f"`V` must have shape {self.V0.shape}, got {V.shape}")
        return U, V

    def preactivations(self, X) -> tuple[np.ndarray, np.ndarray]:
        """Return z0 = U0 X^T / sqrt(d) (m, n) and the frozen pattern s = 1{z0 >= 0}."""
        z0 = (self.U0 @ X.T) * self._scales()[1]
        return z0, z0 >= 0

    def coefficients(self, U, V, X, z0, s, kind):
        """Return (output, A, B) of the module docstring for validated arrays (no checks)."""
        zero = 0 if self.exact else 0.0
        isq_m, isq_d = self._scales()[:2]
        z = (U @ X.T) * isq_d
        if kind == "lin":
            A, B = np.where(s, z0, zero), self.V0[:, None] * s
            out = V @ A + np.sum(B * (z - z0), axis=0)
        else:
            mask = s if kind == "quad" else z >= 0
            A, B = np.where(mask, z, zero), V[:, None] * mask
            out = V @ A
        return out * isq_m, A, B

    def _prepare(self, U, V, X, kind):
        check_choice("kind", kind, KINDS)
        U, V = self._check_params(U, V)
        X = self.check_X(X)
        z0, s = self.preactivations(X)
        return (X,) + self.coefficients(U, V, X, z0, s, kind)

    # ------------------------------------------------------------------ public API
    def output(self, U, V, X, *, kind: str) -> np.ndarray:
        """Model output on each row of ``X``; shape (n,).  ``kind`` in {"net","lin","quad"}."""
        return self._prepare(U, V, X, kind)[1]

    def gradients(self, U, V, X, *, kind: str) -> tuple[np.ndarray, np.ndarray]:
        """Per-example parameter gradients: dU of shape (n, m, d) and dV of shape (n, m)."""
        X, _, A, B = self._prepare(U, V, X, kind)
        isq_m, isq_d = self._scales()[:2]
        dV = A.T * isq_m
        dU = (B.T * (isq_m * isq_d))[:, :, None] * X[:, None, :]
        return dU, dV

    def kernel(self, U, V, X, *, kind: str) -> np.ndarray:
        """Tangent kernel K_kl = <grad f(x_k), grad f(x_l)>; shape (n, n).

        Closed form (module docstring): K = (1/m)[A^T A + (X X^T / d) o (B^T B)].
        """
        X, _, A, B = self._prepare(U, V, X, kind)
        return kernel_from_coefficients(X, A, B, *self._scales()[2:])

    def bind(self, X, *, kind: str = "quad") -> "BoundNetwork":
        """Fix the data ``X`` and the model ``kind``; returns a flat-parameter view for GD."""
        return BoundNetwork(self, X, kind)


class BoundNetwork:
    """The network on fixed data as a model of a flat parameter vector (used by ``gd.py``).

    The flat vector is ``w = concatenate([U.ravel(), V])`` (U row-major: neuron by neuron),
    of length p = m*d + m.  Implements the protocol ``output(w)``, ``vjp(w, r)``,
    ``kernel(w)``, ``gradients(w)`` shared with :class:`~nqm_theory.params.QuadraticModel`.
    The frozen pattern and z0 are computed once here; ``w`` is not re-validated (GD speed).
    """

    def __init__(self, net: TwoLayerReLU, X, kind: str):
        self.net, self.kind = net, check_choice("kind", kind, KINDS)
        self.X = net.check_X(X)
        self.z0, self.s = net.preactivations(self.X)
        self.exact, self.n = net.exact, self.X.shape[0]
        self.w0 = self.join(net.U0, net.V0)
        self._cache = None

    def split(self, w):
        """Return (U, V) views of the flat vector ``w``."""
        md = self.net.m * self.net.d
        return w[:md].reshape(self.net.U0.shape), w[md:]

    def join(self, U, V) -> np.ndarray:
        """Flatten (U, V) into ``w`` (U row-major first, then V)."""
        return np.concatenate([np.asarray(U).ravel(), np.asarray(V)])

    def _coef(self, w):
        # GD asks for output, kernel and vjp at the same w: reuse (F, A, B) if w is unchanged
        c = self._cache
        if c is not None and c[0].shape == np.shape(w) and np.array_equal(c[0], w):
            return c[1]
        U, V = self.split(w)
        res = self.net.coefficients(U, V, self.X, self.z0, self.s, self.kind)
        self._cache = (np.array(w, copy=True), res)
        return res

    def output(self, w) -> np.ndarray:
        """Outputs F(w), shape (n,)."""
        return self._coef(w)[0]

    def vjp(self, w, r) -> np.ndarray:
        """sum_k r_k grad f_k(w) as a flat vector (the loss gradient for residual r)."""
        _, A, B = self._coef(w)
        isq_m, isq_d = self.net._scales()[:2]
        gU = ((B * r[None, :]) @ self.X) * (isq_m * isq_d)
        return np.concatenate([gU.ravel(), (A @ r) * isq_m])

    def kernel(self, w) -> np.ndarray:
        """Tangent kernel at ``w``, shape (n, n)."""
        _, A, B = self._coef(w)
        return kernel_from_coefficients(self.X, A, B, *self.net._scales()[2:])

    def gradients(self, w) -> np.ndarray:
        """Per-example gradients as an (n, p) matrix in the flat ordering."""
        U, V = self.split(w)
        dU, dV = self.net.gradients(U, V, self.X, kind=self.kind)
        return np.concatenate([dU.reshape(self.n, -1), dV], axis=1)


def kernel_from_coefficients(X, A, B, inv_m, inv_d) -> np.ndarray:
    """K = inv_m * (A^T A + inv_d * (X X^T) o (B^T B)); see the module docstring."""
    return (A.T @ A + ((X @ X.T) * inv_d) * (B.T @ B)) * inv_m
