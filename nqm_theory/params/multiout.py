"""The two-layer ReLU network with k outputs, its linearisation and its NQM, on fixed data
(docs/theory.md §1-2; one-hot targets need f: R^d -> R^k).

f_c(U, V; x) = m^{-1/2} sum_i V_ic relu(U_i . x / sqrt(d)),  U (m, d) shared,  V (m, k).

For k = 1 this is :class:`~nqm_theory.params.TwoLayerReLU` (same initialisation draws).
With z = U X^T / sqrt(d) (m, n), s = 1{z0 >= 0} the pattern at initialisation:

=======  =================  ===========  ===========================================
kind     A (m, n)           mask         output F (n, k) * sqrt(m)
=======  =================  ===========  ===========================================
net      relu(z)            1{z >= 0}    A^T V
lin      relu(z0)           s            A^T V + (s o (z - z0))^T V0     (f_lin, §1)
quad     s o z              s            A^T V                           (f_quad, §2)
=======  =================  ===========  ===========================================

The Jacobian J of the flattened outputs (index a*k + c) is, per example a and output c,
dF_ac/dV_ic' = delta_cc' A_ia / sqrt(m) and dF_ac/dU_i = W_ic mask_ia x_a / sqrt(md), with
W = V (net, quad) or V0 (lin).  Hence, without n*m*d arrays:

* ``vjp(R)`` = J^T R:  gV = A R / sqrt(m),  gU = (mask o (W R^T)) X / sqrt(md);
* ``jvp(dU, dV)`` = J (dU, dV) = (A^T dV + (mask o (dU X^T / sqrt(d)))^T W) / sqrt(m);
* the tangent kernel is the (n k) x (n k) matrix K = J J^T,
  K_(a,c),(b,e) = (1/m) [delta_ce (A^T A)_ab + (x_a.x_b / d) sum_i W_ic W_ie mask_ia mask_ib];
  ``kernel_matvec`` applies it as jvp(vjp(.)), ``top_eigen`` finds its top eigenpairs
  (dense for k = 1, Lanczos on the matvec otherwise).  This is the NTK whose lambda_max
  sets eta_crit (docs/theory.md §1); its eigenvectors live in R^(n k).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validate import NQMValueError, check_choice, check_int
from .network import KINDS, TwoLayerReLU

__all__ = ["MultiOutputReLU", "BoundMultiOutput"]


@dataclass(frozen=True, eq=False)
class MultiOutputReLU:
    """Initial parameters U0 (m, d) and V0 (m, k) of the k-output network (docs/theory.md §2).

    Examples
    --------
    >>> net = MultiOutputReLU.init(64, 3, 2, seed=0)
    >>> b = net.bind(np.ones((5, 3)), kind="quad")
    >>> b.output(net.U0, net.V0).shape, b.top_eigen(net.U0, net.V0, 1)[0].shape
    ((5, 2), (1,))
    """

    U0: np.ndarray
    V0: np.ndarray

    def __post_init__(self):
        U0 = np.array(self.U0, dtype=np.float64)
        V0 = np.array(self.V0, dtype=np.float64)
        if U0.ndim != 2 or V0.ndim != 2 or V0.shape[0] != U0.shape[0] or 0 in U0.shape + V0.shape:
            raise NQMValueError(f"`U0`, `V0` must have shapes (m, d) and (m, k) with m, d, k "
                                f">= 1, got {U0.shape} and {V0.shape}")
        if not (np.all(np.isfinite(U0)) and np.all(np.isfinite(V0))):
            raise NQMValueError("`U0` and `V0` must contain only finite numbers")
        for name, arr in (("U0", U0), ("V0", V0)):
            arr.flags.writeable = False
            object.__setattr__(self, name, arr)

    @classmethod
    def init(cls, m: int, d: int, k: int, *, seed: int) -> "MultiOutputReLU":
        """U0 ~ N(0, I_d) row-wise, then V0 uniform on {-1, +1}, from ``default_rng(seed)``.

        For k = 1 the draws equal :meth:`TwoLayerReLU.init` (``V0[:, 0]`` is its ``V0``).
        """
        m, d, k = check_int("m", m, ge=1), check_int("d", d, ge=1), check_int("k", k, ge=1)
        rng = np.random.default_rng(check_int("seed", seed, ge=0))
        U0 = rng.standard_normal((m, d))
        return cls(U0, (2 * rng.integers(0, 2, size=(m, k)) - 1).astype(np.float64))

    @property
    def m(self) -> int:
        return self.U0.shape[0]

    @property
    def d(self) -> int:
        return self.U0.shape[1]

    @property
    def k(self) -> int:
        return self.V0.shape[1]

    def output_network(self, c: int) -> TwoLayerReLU:
        """The scalar network of output ``c`` (shares U0; V0[:, c])."""
        return TwoLayerReLU(self.U0, self.V0[:, check_int("c", c, ge=0, le=self.k - 1)])

    def bind(self, X, *, kind: str = "quad") -> "BoundMultiOutput":
        """Fix the inputs ``X`` (n, d) and the model ``kind`` in {"net", "lin", "quad"}."""
        return BoundMultiOutput(self, X, kind)


class BoundMultiOutput:
    """The k-output model on fixed inputs; parameters are passed as ``(U, V)`` arrays.

    The coefficients of the last ``(U, V)`` are cached by identity: pass new arrays after
    an update (``U = U - step * gU``), never modify them in place.  The (m, n) arrays it
    returns live in work buffers (re-allocating them every step costs more than the
    products) and are valid until the next call with other parameters.
    """

    def __init__(self, net: MultiOutputReLU, X, kind: str):
        self.net, self.kind = net, check_choice("kind", kind, KINDS)
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[0] < 1 or X.shape[1] != net.d or not np.all(np.isfinite(X)):
            raise NQMValueError(f"`X` must be a finite array of shape (n, {net.d}) with "
                                f"n >= 1, got shape {X.shape}")
        self.X, self.n, self.k = np.ascontiguousarray(X), X.shape[0], net.k
        self._isq_m, self._isq_d = 1.0 / np.sqrt(net.m), 1.0 / np.sqrt(net.d)
        self.z0 = (net.U0 @ X.T) * self._isq_d
        self.s = (self.z0 >= 0).astype(np.float64)
        self._A0 = self.s * self.z0
        self._key, self._coef, self._buf, self._subbuf = None, None, {}, {}

    def _work(self, name):
        """An (m, n) work array of this object's batch size."""
        shape = (self.net.m, self.n)
        arr = self._buf.get(name)
        if arr is None or arr.shape != shape:
            arr = self._buf[name] = np.empty(shape)
        return arr

    def _z(self, U, name="z"):
        z = np.matmul(U, self.X.T, out=self._work(name))
        z *= self._isq_d
        return z

    def coefficients(self, U, V):
        """(F (n, k), A (m, n), mask (m, n) of 0/1, W (m, k)) at (U, V); module doc."""
        if self._key is not None and self._key[0] is U and self._key[1] is V:
            return self._coef
        z = self._z(U)
        if self.kind == "lin":
            A, mask, W = self._A0, self.s, self.net.V0
            z -= self.z0
            z *= mask
            F = A.T @ V + z.T @ W
        else:
            mask = self.s if self.kind == "quad" else np.heaviside(z, 1.0, out=self._work("m"))
            A, W = np.multiply(z, mask, out=z), V
            F = A.T @ V
        self._key, self._coef = (U, V), (F * self._isq_m, A, mask, W)
        return self._coef

    def output(self, U, V) -> np.ndarray:
        """Outputs F (n, k)."""
        return self.coefficients(U, V)[0]

    def vjp(self, U, V, R):
        """J^T R as (gU (m, d), gV (m, k)) for residuals R (n, k)."""
        _, A, mask, W = self.coefficients(U, V)
        gV = (A @ R) * self._isq_m
        P = np.matmul(W, R.T, out=self._work("p"))
        P *= mask
        return (P @ self.X) * (self._isq_m * self._isq_d), gV

    def subset(self, rows) -> "BoundMultiOutput":
        """The same model on the examples ``rows`` only (a mini-batch; pattern s kept)."""
        sub = object.__new__(BoundMultiOutput)
        sub.__dict__.update(self.__dict__)
        sub.X, sub.z0, sub.s = self.X[rows], self.z0[:, rows], self.s[:, rows]
        sub._A0, sub.n = self._A0[:, rows], sub.X.shape[0]
        sub._key, sub._coef, sub._buf = None, None, self._subbuf
        return sub

    def jvp(self, U, V, dU, dV) -> np.ndarray:
        """J (dU, dV) as an (n, k) array."""
        _, A, mask, W = self.coefficients(U, V)
        dz = self._z(dU, "dz")
        dz *= mask
        return (A.T @ dV + dz.T @ W) * self._isq_m

    def kernel_matvec(self, U, V, R) -> np.ndarray:
        """K R = J J^T R for R (n, k); returns (n, k)."""
        return self.jvp(U, V, *self.vjp(U, V, R))

    def kernel(self, U, V) -> np.ndarray:
        """Dense tangent kernel (n k, n k), index a*k + c (cost m n^2 k^2: small cases)."""
        _, A, mask, W = self.coefficients(U, V)
        G = (self.X @ self.X.T) * self._isq_d ** 2
        BW = mask[:, :, None] * W[:, None, :]                     # (m, n, k), small cases
        KU = np.einsum("iac,ibe->acbe", BW, BW) * G[:, None, :, None]
        KV = np.einsum("ab,ce->acbe", A.T @ A, np.eye(self.k))
        n, k = self.n, self.k
        return ((KU + KV) * self._isq_m ** 2).reshape(n * k, n * k)

    def summed_kernel(self, U, V) -> np.ndarray:
        """n x n kernel summed over outputs, sum_c K_(a,c),(b,c) (the after-kernel, §1)."""
        _, A, mask, W = self.coefficients(U, V)
        B = mask * np.sqrt(np.sum(W * W, axis=1))[:, None]
        G = (self.X @ self.X.T) * self._isq_d ** 2
        return (self.k * (A.T @ A) + G * (B.T @ B)) * self._isq_m ** 2

    def top_eigen(self, U, V, q: int, v0=None):
        """Top ``q`` eigenvalues (descending) and unit eigenvectors (n k, q) of K.

        k = 1: dense ``eigh`` of the n x n kernel; k > 1: ARPACK Lanczos on
        :meth:`kernel_matvec` (``v0`` (n k,) warm-starts it; default a fixed Gaussian
        vector, so results do not depend on earlier calls), relative tolerance 1e-10.
        """
        nk = self.n * self.k
        q = check_int("q", q, ge=1, le=nk if self.k == 1 else nk - 1)
        if self.k == 1:
            vals, vecs = np.linalg.eigh(self.summed_kernel(U, V))
            return vals[::-1][:q], vecs[:, ::-1][:, :q]
        from scipy.sparse.linalg import LinearOperator, eigsh
        op = LinearOperator((nk, nk), dtype=np.float64, matvec=lambda r: self.kernel_matvec(
            U, V, np.reshape(r, (self.n, self.k))).ravel())
        if v0 is None:      # ARPACK's own random start depends on earlier calls
            v0 = np.random.default_rng(0).standard_normal(nk)
        vals, vecs = eigsh(op, k=q, which="LA", v0=v0, tol=1e-10)
        order = np.argsort(vals)[::-1]
        return vals[order], vecs[:, order]
