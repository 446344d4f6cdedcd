"""What a training run records (docs/theory.md §1, §7): losses in a convention, accuracy, the
top eigenpairs of the tangent kernel, the loss on them, and kernel-target alignment.

Loss conventions, with r_a = f(x_a) - y_a in R^k over n examples, L = c(n) sum_a |r_a|^2:

===========  ==========  ===============================================================
name         c(n)        eta_crit = 1 / (c(n) lambda_max(K(0)))
===========  ==========  ===============================================================
sum_half     1/2         2 / lambda_max  (the theory's convention, docs/theory.md §1)
mean_half    1/(2n)      2n / lambda_max
mse_mean     1/n         n / lambda_max  (Fig. 3's convention, ``experiments.fig3``)
===========  ==========  ===============================================================

A GD step on L is the sum/2 step with eta_sum = 2 c(n) eta; the linearised residual obeys
r <- (I - eta_sum K) r with K the (n k) x (n k) NTK of :mod:`nqm_theory.params.multiout`,
hence eta_crit above.  ``mse_mean`` averages over examples, not over the n k entries
(PyTorch's ``MSELoss`` would divide by n k as well; for k = 1 they agree).
"""
from __future__ import annotations

import math

import numpy as np

from .._validate import check_choice

__all__ = ["CONVENTIONS", "loss_factor", "critical_rate", "accuracy", "kernel_alignment"]

#: convention name -> its formula
CONVENTIONS = {"sum_half": "L = 1/2 sum_a |f(x_a) - y_a|^2",
               "mean_half": "L = 1/(2n) sum_a |f(x_a) - y_a|^2",
               "mse_mean": "L = 1/n sum_a |f(x_a) - y_a|^2"}


def loss_factor(convention: str, n: int) -> float:
    """c(n) with L = c(n) sum_a |r_a|^2 (table in the module docstring).

    Examples
    --------
    >>> loss_factor("sum_half", 10), loss_factor("mean_half", 10), loss_factor("mse_mean", 10)
    (0.5, 0.05, 0.1)
    """
    check_choice("convention", convention, tuple(CONVENTIONS))
    return {"sum_half": 0.5, "mean_half": 0.5 / n, "mse_mean": 1.0 / n}[convention]


def critical_rate(lam_max: float, convention: str, n: int) -> float:
    """eta_crit = 1 / (c(n) lambda_max): the rate where eta_sum lambda_max = 2.

    Examples
    --------
    >>> critical_rate(4.0, "sum_half", 8), critical_rate(4.0, "mse_mean", 8)
    (0.5, 2.0)
    """
    return 1.0 / (loss_factor(convention, n) * lam_max)


def accuracy(F, Y) -> float:
    """Fraction correct: sign for +-1 targets (k = 1; f >= 0 counts as +1), argmax for
    k > 1; NaN for real (regression) targets or non-finite outputs.

    Examples
    --------
    >>> accuracy(np.array([[0.3], [-2.0]]), np.array([[1.0], [1.0]]))
    0.5
    """
    if not np.all(np.isfinite(F)):
        return math.nan
    if Y.shape[1] == 1:
        if not np.all(np.abs(Y) == 1):
            return math.nan
        return float(np.mean(np.where(F >= 0, 1.0, -1.0) == Y))
    return float(np.mean(np.argmax(F, axis=1) == np.argmax(Y, axis=1)))


def kernel_alignment(K, Y, *, centred: bool = True) -> float:
    """Kernel-target alignment <K, Y Y^T>_F / (|K|_F |Y Y^T|_F) of an n x n kernel.

    ``centred`` (Cortes, Mohri, Rostamizadeh 2012) first replaces K by H K H and Y by H Y
    with H = I - 11^T / n, so a constant offset of one-hot labels does not count.

    Examples
    --------
    >>> y = np.array([[1.0], [-1.0], [1.0]])
    >>> round(kernel_alignment(y @ y.T + 0.0, y, centred=False), 12)
    1.0
    """
    K, Y = np.asarray(K, dtype=float), np.asarray(Y, dtype=float)
    if centred:
        K = K - K.mean(axis=0) - K.mean(axis=1)[:, None] + K.mean()
        Y = Y - Y.mean(axis=0)
    num = float(np.sum((K @ Y) * Y))
    den = float(np.linalg.norm(K) * np.linalg.norm(Y.T @ Y))
    return num / den if den > 0 else math.nan


class Recorder:
    """Accumulates the records of one run (used by :func:`nqm_theory.params.train.train`)."""

    def __init__(self, bound, test, Y, Y_test, convention, q, alignment, keep_vectors=False):
        self.bound, self.test, self.Y, self.Y_test = bound, test, Y, Y_test
        self.c = loss_factor(convention, bound.n)
        self.c_test = None if test is None else loss_factor(convention, test.n)
        self.q, self.alignment = q, alignment
        self.rows = {k: [] for k in ("steps", "train_loss", "test_loss", "train_acc",
                                     "test_acc", "lam", "top_loss0", "top_loss", "align",
                                     "align_test")}
        self.lam0 = self.vecs0 = self._v0 = None
        self.keep = {"vecs": [], "residuals": []} if keep_vectors else None

    def record(self, t, U, V, *, eig: bool, healthy: bool = True) -> float:
        """Record step ``t``; eigenpairs and alignment only if ``eig`` and ``healthy``
        (with ``keep_vectors``, the eigenvectors and the residual at those steps too)."""
        nan_q = np.full(self.q, np.nan)
        R = self.bound.output(U, V) - self.Y
        r, L = R.ravel(), self.c * float(np.sum(R * R))
        healthy = healthy and math.isfinite(L)
        row = {"steps": t, "train_loss": L, "train_acc": accuracy(R + self.Y, self.Y),
               "test_loss": math.nan, "test_acc": math.nan, "lam": nan_q, "top_loss": nan_q,
               "top_loss0": nan_q, "align": math.nan, "align_test": math.nan}
        if self.test is not None:
            Ft = self.test.output(U, V)
            row["test_loss"] = self.c_test * float(np.sum((Ft - self.Y_test) ** 2))
            row["test_acc"] = accuracy(Ft, self.Y_test)
        if eig and healthy:
            vals, vecs = self.bound.top_eigen(U, V, self.q, v0=self._v0)
            self._v0 = vecs[:, 0]
            if self.lam0 is None:
                self.lam0, self.vecs0 = vals, vecs
            row["lam"], row["top_loss"] = vals, self.c * (vecs.T @ r) ** 2
            if self.keep is not None:
                self.keep["vecs"].append(vecs)
                self.keep["residuals"].append(r.copy())
        if self.vecs0 is not None and math.isfinite(L):
            row["top_loss0"] = self.c * (self.vecs0.T @ r) ** 2
        if self.alignment and eig and healthy:
            row["align"] = kernel_alignment(self.bound.summed_kernel(U, V), self.Y)
            if self.test is not None:
                row["align_test"] = kernel_alignment(self.test.summed_kernel(U, V),
                                                     self.Y_test)
        for key, value in row.items():
            self.rows[key].append(value)
        return L

    def arrays(self) -> dict:
        """The records as arrays (lam, top_loss, top_loss0 of shape (R, q))."""
        return {k: np.asarray(v, dtype=np.int64 if k == "steps" else np.float64)
                for k, v in self.rows.items()}
