"""Arbitrary d, several examples: the parameter-space simulator as reference (docs/theory.md §6).

* :func:`eigen_projection`: loss projected on the top kernel eigenvectors over training
  (the "catapult happens in the top eigenspace" claim of §6);
* :func:`relu_nqm_as_quadratic`: the ReLU NQM as a general quadratic model (phi = 0,
  gamma = 1, Sigma_k = Hessian of f_quad(x_k); exact by identity S1);
* :func:`step_equation_errors`: the §6 one-step equations (with G(t)) vs. a GD step of
  the simulator, for the derived and the printed kernel update.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validate import NQMValueError
from ..params.quadratic import QuadraticModel
from .general import correct_kernel_update, paper_kernel_update

__all__ = ["EigenProjection", "eigen_projection", "relu_nqm_as_quadratic",
           "StepErrors", "step_equation_errors"]


@dataclass(frozen=True)
class EigenProjection:
    """Loss along the top-k kernel eigenvectors.

    Attributes
    ----------
    current : ndarray, shape (T+1, k)
        1/2 <F(t) - y, v_j(t)>^2 with v_j(t) the j-th eigenvector at step t.
    initial : ndarray, shape (T+1, k)
        Same with the fixed initial eigenvectors v_j(0).
    rest_initial : ndarray, shape (T+1,)
        Loss orthogonal to span{v_1(0), ..., v_k(0)}.
    eigs : ndarray, shape (T+1, k)
    """

    current: np.ndarray
    initial: np.ndarray
    rest_initial: np.ndarray
    eigs: np.ndarray


def eigen_projection(history, y) -> EigenProjection:
    """Project the residual of a ``GDHistory`` (recorded with ``record_vectors=True``).

    Examples
    --------
    >>> import numpy as np
    >>> from nqm_theory.params import TwoLayerReLU, gradient_descent
    >>> net = TwoLayerReLU.init(200, 2, seed=0)
    >>> X, y = np.array([[1., 0.], [0., 1.], [1., 1.]]), np.array([1., -1., 0.5])
    >>> h = gradient_descent(net, X, y, eta=0.3, steps=5, top_k=3, record_vectors=True)
    >>> P = eigen_projection(h, y)
    >>> bool(np.allclose(P.current.sum(axis=1), h.loss))
    True
    """
    if history.kernel_vecs is None:
        raise NQMValueError("`history` must be recorded with record_vectors=True")
    R = np.asarray(history.outputs, dtype=float) - np.asarray(y, dtype=float)[None, :]
    V = np.asarray(history.kernel_vecs, dtype=float)
    cur = 0.5 * np.einsum("tn,tnk->tk", R, V) ** 2
    ini = 0.5 * (R @ V[0]) ** 2
    rest = 0.5 * np.sum(R * R, axis=1) - ini.sum(axis=1)
    return EigenProjection(cur, ini, rest, np.asarray(history.kernel_eigs, dtype=float))


def relu_nqm_as_quadratic(net, X) -> QuadraticModel:
    """The ReLU NQM on inputs X as g_k = 1/2 w^T Sigma_k w (phi = 0, gamma = 1).

    Parameter ordering as ``BoundNetwork``: w = (U.ravel(), V).  Sigma_k has the blocks
    d2 f/(dU_i dV_i) = m^(-1/2) s_ik x_k / sqrt(d) (docs/theory.md §2).  Dense: small m*d only.
    """
    X = net.check_X(X)
    m, d = net.m, net.d
    _, s = net.preactivations(X)
    p = m * d + m
    n = X.shape[0]
    Sig = np.zeros((n, p, p))
    scale = 1.0 / np.sqrt(m * d)
    for k in range(n):
        for i in range(m):
            if s[i, k]:
                blk = scale * np.asarray(X[k], dtype=float)
                Sig[k, i * d:(i + 1) * d, m * d + i] = blk
                Sig[k, m * d + i, i * d:(i + 1) * d] = blk
    return QuadraticModel(np.zeros((n, p)), Sig, 1.0)


@dataclass(frozen=True)
class StepErrors:
    """Max-abs errors of the §6 one-step predictions against a GD step.

    ``residual``: printed residual equation; ``kernel_derived`` / ``kernel_printed``:
    kernel updates; ``scale_kernel_change``: max |K(t+1) - K(t)| for reference.
    """

    residual: float
    kernel_derived: float
    kernel_printed: float
    scale_kernel_change: float


def step_equation_errors(model: QuadraticModel, w, y, eta) -> StepErrors:
    """Compare §6's equations at w with one GD step of the quadratic model (float64).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> A = rng.standard_normal((2, 3, 3)); Sig = A + A.transpose(0, 2, 1)
    >>> qm = QuadraticModel(rng.standard_normal((2, 3)), Sig, 0.1)
    >>> e = step_equation_errors(qm, rng.standard_normal(3), np.zeros(2), 0.2)
    >>> e.residual < 1e-12, e.kernel_derived < 1e-12, e.kernel_printed > 1e-6
    (True, True, True)
    """
    w = np.asarray(w, dtype=float)
    y = np.asarray(y, dtype=float)
    f, J, K = model.output(w), model.gradients(w), model.kernel(w)
    r = f - y
    G = np.stack([(r @ J) @ (model.gamma * model.Sigma[k]) for k in range(model.n)])
    w1 = w - eta * (r @ J)
    f1, K1 = model.output(w1), model.kernel(w1)
    res = (r - eta * K @ r + 0.5 * eta**2 * G @ J.T @ r) - (f1 - y)
    return StepErrors(float(np.max(np.abs(res))),
                      float(np.max(np.abs(correct_kernel_update(K, J, G, eta) - K1))),
                      float(np.max(np.abs(paper_kernel_update(K, J, G, eta) - K1))),
                      float(np.max(np.abs(K1 - K))))
