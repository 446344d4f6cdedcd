"""Full-batch gradient descent shared by all parameter-space models (docs/theory.md §1, §3, §5, §6).

One loop, :func:`descend`, runs GD on any model of a flat parameter vector that provides

* ``output(w)``  -> outputs F(w), shape (n,);
* ``vjp(w, r)``  -> sum_k r_k grad f_k(w), shape (p,) (the gradient of ``1/2 |F - y|^2``
  at r = F - y);
* ``kernel(w)``  -> tangent kernel, shape (n, n);
* attributes ``n`` (number of examples) and ``exact`` (Fraction arithmetic).

:class:`~nqm_theory.params.network.BoundNetwork` (the ReLU network on fixed data) and
:class:`~nqm_theory.params.quadratic.QuadraticModel` both satisfy it;
:func:`gradient_descent` is the network front-end.
"""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from fractions import Fraction
from numbers import Integral
from typing import Callable, Protocol

import numpy as np

from .._validate import NQMValueError, check_choice, check_int, check_real
from .network import TwoLayerReLU, coerce

__all__ = ["GDHistory", "FlatModel", "descend", "gradient_descent"]


class FlatModel(Protocol):
    """Protocol of a model of a flat parameter vector (see the module docstring)."""

    n: int
    exact: bool

    def output(self, w) -> np.ndarray: ...
    def vjp(self, w, r) -> np.ndarray: ...
    def kernel(self, w) -> np.ndarray: ...


@dataclass(frozen=True, eq=False)
class GDHistory:
    """Trajectory of full-batch GD.

    Attributes
    ----------
    loss : ndarray, shape (T+1,)
        Loss at steps 0..T (step 0 = initialisation); T = ``steps`` actually performed.
    outputs : ndarray, shape (T+1, n)
        Model outputs at every step.
    kernel_eigs : ndarray, shape (T+1, k), or None
        Top-k tangent-kernel eigenvalues, descending (NaN at a diverged step).
    kernel_vecs : ndarray, shape (T+1, n, k), or None
        Matching unit eigenvectors (columns), sign fixed so the entry of largest
        magnitude is > 0.
    U, V : ndarray or None
        Final network parameters (None for models that are not a network).
    steps : int
        Number of GD steps performed (``len(loss) - 1``).
    diverged : bool
        True if GD stopped because the loss exceeded ``overflow`` or was not finite.
    kind, loss_convention : str
        Model kind and ``"sum"`` (L = 1/2 sum r^2, the paper) or ``"mean"`` (L = 1/(2n) sum r^2).
    w : ndarray
        Final flat parameter vector.
    """

    loss: np.ndarray
    outputs: np.ndarray
    kernel_eigs: np.ndarray | None
    kernel_vecs: np.ndarray | None
    U: np.ndarray | None
    V: np.ndarray | None
    steps: int
    diverged: bool
    kind: str
    loss_convention: str
    w: np.ndarray | None = None


def _check_eta(eta, exact: bool):
    if exact and (isinstance(eta, bool) or not isinstance(eta, (Fraction, Integral))):
        raise NQMValueError(f"`eta` must be an int or Fraction > 0 in exact mode, got {eta!r}")
    check_real("eta", eta, gt=0)
    return Fraction(eta) if exact else float(eta)


def _positive_finite(x) -> bool:
    try:
        check_real("overflow", x, gt=0)
    except NQMValueError:
        return False
    return True


def _eig(K, k: int):
    vals, vecs = np.linalg.eigh(K)
    vals, vecs = vals[::-1][:k], vecs[:, ::-1][:, :k]
    idx = np.argmax(np.abs(vecs), axis=0)
    return vals, vecs * np.sign(vecs[idx, np.arange(k)])


def descend(model: FlatModel, w0, y, *, eta, steps: int, loss: str = "sum",
            record_kernel: bool = True, top_k: int | None = None,
            record_vectors: bool = False, overflow: float = 1e100,
            callback: Callable | None = None) -> GDHistory:
    """Run full-batch GD ``w <- w - eta * dL/dw`` on a :class:`FlatModel` (docs/theory.md §1).

    Parameters
    ----------
    model : FlatModel
        E.g. ``TwoLayerReLU.bind(X, kind=...)`` or a ``QuadraticModel``.
    w0 : array_like, shape (p,)
        Initial flat parameters (object array of Fraction in exact mode).
    y : array_like, shape (n,)
        Targets.
    eta : float (int or Fraction in exact mode)
        Step size, > 0.
    steps : int
        Maximum number of steps, >= 0.
    loss : {"sum", "mean"}
        ``"sum"``: L = 1/2 sum_k r_k^2 (the paper); ``"mean"``: L = 1/(2n) sum_k r_k^2, which is
        identical to ``"sum"`` with step ``eta / n`` (the loss values differ by 1/n).
    record_kernel, top_k, record_vectors
        Record the top ``top_k`` (default n) kernel eigenvalues (and eigenvectors) at every
        step.  In exact mode they are recorded only for n == 1, where K is the exact scalar.
    overflow : float
        Stop with ``diverged=True`` once the loss exceeds this (> 0, may be ``inf``) or is
        not finite.  Never raises or warns on divergence.
    callback : callable, optional
        ``callback(t, w, F, L)`` after recording step t; returning True stops GD.

    Returns
    -------
    GDHistory
        With ``U = V = None`` and the final flat vector in ``w``.

    Examples
    --------
    >>> import numpy as np
    >>> from nqm_theory.params import TwoLayerReLU
    >>> bound = TwoLayerReLU.init(50, 1, seed=0).bind(np.array([[1.0]]), kind="quad")
    >>> h = descend(bound, bound.w0, np.array([0.5]), eta=0.5, steps=30)
    >>> bool(h.loss[-1] < 1e-6 * h.loss[0]), h.kernel_eigs.shape
    (True, (31, 1))
    """
    exact, n = bool(model.exact), int(model.n)
    eta = _check_eta(eta, exact)
    steps = check_int("steps", steps, ge=0)
    check_choice("loss", loss, ("sum", "mean"))
    if isinstance(overflow, (bool, np.bool_)) or not (
            overflow == math.inf or _positive_finite(overflow)):
        raise NQMValueError(f"`overflow` must be a number > 0 (inf allowed), got {overflow!r}")
    k = n if top_k is None else check_int("top_k", top_k, ge=1, le=n)
    if record_vectors and not record_kernel:
        raise NQMValueError("`record_vectors` must be False when `record_kernel` is False")
    if callback is not None and not callable(callback):
        raise NQMValueError(f"`callback` must be callable or None, got {callback!r}")
    w = coerce("w0", w0, exact=exact, ndim=1)
    y = coerce("y", y, exact=exact, ndim=1)
    if y.shape != (n,):
        raise NQMValueError(f"`y` must have shape ({n},), got {y.shape}")

    dtype = object if exact else np.float64
    half = Fraction(1, 2 * n if loss == "mean" else 2) if exact else (
        0.5 / n if loss == "mean" else 0.5)
    step = eta / n if loss == "mean" else eta
    rec_eigs = record_kernel and (not exact or n == 1)
    losses = np.empty(steps + 1, dtype=dtype)
    outputs = np.empty((steps + 1, n), dtype=dtype)
    eigs = np.full((steps + 1, k), np.nan, dtype=dtype) if rec_eigs else None
    vecs = np.full((steps + 1, n, k), np.nan, dtype=dtype) if rec_eigs and record_vectors \
        else None
    diverged, t = False, 0
    with np.errstate(all="ignore"):
        for t in range(steps + 1):
            F = model.output(w)
            r = F - y
            L = half * (r @ r)
            losses[t], outputs[t] = L, F
            diverged = (not exact and not math.isfinite(L)) or L > overflow
            if rec_eigs and not diverged:
                K = model.kernel(w)
                if exact:
                    eigs[t, 0] = K[0, 0]
                    if vecs is not None:
                        vecs[t, 0, 0] = Fraction(1)
                elif np.all(np.isfinite(K)):
                    try:
                        eigs[t], V = _eig(K, k)
                        if vecs is not None:
                            vecs[t] = V
                    except np.linalg.LinAlgError:   # left as NaN
                        pass
            if diverged or t == steps or (callback is not None and callback(t, w, F, L)):
                break
            w = w - step * model.vjp(w, r)
    cut = slice(0, t + 1)
    return GDHistory(loss=losses[cut], outputs=outputs[cut],
                     kernel_eigs=None if eigs is None else eigs[cut],
                     kernel_vecs=None if vecs is None else vecs[cut], U=None, V=None,
                     steps=t, diverged=bool(diverged), kind=getattr(model, "kind", "flat"),
                     loss_convention=loss, w=w)


def gradient_descent(model: TwoLayerReLU, X, y, *, eta, steps: int, kind: str = "quad",
                     loss: str = "sum", record_kernel: bool = True, top_k: int | None = None,
                     record_vectors: bool = False, overflow: float = 1e100,
                     callback: Callable | None = None) -> GDHistory:
    """Full-batch GD on the ReLU network, its linearisation or its NQM (docs/theory.md §1-3, §5).

    Starts at ``(model.U0, model.V0)``; ``kind`` in {"net", "lin", "quad"}.  All other
    arguments as in :func:`descend`; the callback receives the flat vector
    ``w = concatenate([U.ravel(), V])``.  Returns a :class:`GDHistory` with final ``U, V``.

    Examples
    --------
    >>> import numpy as np
    >>> from nqm_theory.params import TwoLayerReLU
    >>> net = TwoLayerReLU.init(1000, 1, seed=1)
    >>> X, y = np.array([[1.0], [-2.0]]), np.array([1.0, -1.0])
    >>> h = gradient_descent(net, X, y, eta=0.5, steps=200, kind="quad", top_k=1)
    >>> bool(h.loss[-1] < 1e-10), h.diverged, h.U.shape
    (True, False, (1000, 1))
    """
    bound = model.bind(X, kind=kind)
    hist = descend(bound, bound.w0, y, eta=eta, steps=steps, loss=loss,
                   record_kernel=record_kernel, top_k=top_k, record_vectors=record_vectors,
                   overflow=overflow, callback=callback)
    U, V = bound.split(hist.w)
    return dataclasses.replace(hist, U=U, V=V)
