"""GD and seeded mini-batch SGD on f, f_lin and f_quad with k outputs, train and test sets,
a loss convention, and records at a chosen interval (docs/theory.md §1-2, §7 Fig. 2b/4).

Conventions and eta_crit: :mod:`nqm_theory.params.record`.  A step on the mini-batch B
(|B| = b) is ``w <- w - eta * grad L_B`` with L_B = c(b) sum_{a in B} |r_a|^2, i.e. the
sum/2 step with eta_sum = 2 c(b) eta (so the mean conventions average over the batch and
b = n is full-batch GD).  Batches: each epoch is a fresh ``default_rng(seed).permutation``
of the n examples cut into consecutive batches of ``batch_size`` (the last may be
smaller).  Gradients are J^T r computed per batch from the (m, b) coefficients of
:mod:`~nqm_theory.params.multiout`: no per-example or n*m*d arrays.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._validate import NQMValueError, check_int, check_real
from .multiout import MultiOutputReLU
from .record import CONVENTIONS, Recorder, critical_rate, loss_factor

__all__ = ["TrainHistory", "train", "initial_critical_rate"]


@dataclass(frozen=True, eq=False)
class TrainHistory:
    """Records of one run at ``steps`` (step 0 = initialisation), shapes (R,) or (R, q).

    Attributes
    ----------
    steps : ndarray of int
    train_loss, test_loss : ndarray
        Loss over the whole training / test set in ``convention`` (test: c(n_test)).
    train_acc, test_acc : ndarray
        :func:`~nqm_theory.params.record.accuracy` (NaN for regression).
    lam, top_loss : ndarray (R, q)
        Top-q eigenvalues of the training NTK K(t) and the loss on its eigenvectors,
        c(n) (v_j . r)^2 (NaN at steps where they were not computed).
    top_loss0 : ndarray (R, q)
        The loss on the top-q eigenvectors of K(0).
    align, align_test : ndarray
        Centred kernel-target alignment of the output-summed K(t) on train / test inputs.
    lam0 : ndarray (q,)
        Top eigenvalues of K(0).
    eta, eta_crit : float
        Learning rate (in ``convention``) and 1 / (c(n) lambda_max(K(0))).
    kind, convention : str
    batch_size : int
        b (n for full-batch GD).
    overflowed : bool
        The loss became non-finite or exceeded ``overflow`` x L(0) (the run stopped).
    diverged : bool
        ``overflowed`` or the final training loss is not below L(0).
    U, V : ndarray
        Final parameters.
    vecs, residuals, vec_steps : ndarray or None
        With ``keep_vectors``: the top-q eigenvectors (E, n k, q) and the flattened
        residuals r (E, n k) at the E steps ``vec_steps`` where eigenpairs were computed.
    """

    steps: np.ndarray
    train_loss: np.ndarray
    test_loss: np.ndarray
    train_acc: np.ndarray
    test_acc: np.ndarray
    lam: np.ndarray
    top_loss: np.ndarray
    top_loss0: np.ndarray
    align: np.ndarray
    align_test: np.ndarray
    lam0: np.ndarray
    eta: float
    eta_crit: float
    kind: str
    convention: str
    batch_size: int
    overflowed: bool
    diverged: bool
    U: np.ndarray
    V: np.ndarray
    vecs: np.ndarray | None = None
    residuals: np.ndarray | None = None
    vec_steps: np.ndarray | None = None

    def best_test(self) -> tuple[float, int]:
        """(lowest finite test loss, its step); (nan, -1) if there is none."""
        tl = np.where(np.isfinite(self.test_loss), self.test_loss, np.inf)
        if not np.isfinite(tl).any():
            return math.nan, -1
        i = int(np.argmin(tl))
        return float(tl[i]), int(self.steps[i])


def initial_critical_rate(net: MultiOutputReLU, X, convention: str = "mse_mean") -> float:
    """eta_crit = 1 / (c(n) lambda_max(K(0))) on inputs ``X`` (equal for all three kinds).

    Examples
    --------
    >>> net = MultiOutputReLU.init(200, 2, 1, seed=0)
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> lam = np.linalg.eigvalsh(net.bind(X).kernel(net.U0, net.V0))[-1]
    >>> bool(np.isclose(initial_critical_rate(net, X, "sum_half"), 2 / lam))
    True
    """
    bound = net.bind(X, kind="lin")
    lam = float(bound.top_eigen(net.U0, net.V0, 1)[0][0])
    return critical_rate(lam, convention, bound.n)


def _batches(n: int, b: int, seed: int):
    rng = np.random.default_rng(seed)
    while True:
        perm = rng.permutation(n)
        for lo in range(0, n, b):
            yield perm[lo:lo + b]


def _check(net, X, Y, steps, eta, convention, batch_size, record_every, eig_every, top_q):
    if not isinstance(net, MultiOutputReLU):
        raise NQMValueError(f"`net` must be a MultiOutputReLU, got {type(net).__name__}")
    Y = np.asarray(Y, dtype=np.float64)
    if Y.shape != (np.shape(X)[0], net.k) or not np.all(np.isfinite(Y)):
        raise NQMValueError(f"`Y` must be finite with shape (n, k) = ({np.shape(X)[0]}, "
                            f"{net.k}), got {Y.shape}")
    if convention not in CONVENTIONS:
        raise NQMValueError(f"`convention` must be one of {', '.join(map(repr, CONVENTIONS))}"
                            f", got {convention!r}")
    n = Y.shape[0]
    out = (check_int("steps", steps, ge=0), float(check_real("eta", eta, gt=0)),
           n if batch_size is None else check_int("batch_size", batch_size, ge=1, le=n),
           check_int("record_every", record_every, ge=1))
    ev = out[3] if eig_every is None else check_int("eig_every", eig_every, ge=1)
    if ev % out[3]:
        raise NQMValueError(f"`eig_every` must be a multiple of `record_every` "
                            f"({out[3]}), got {ev}")
    return (Y,) + out + (ev, check_int("top_q", top_q, ge=1))


def train(net: MultiOutputReLU, X, Y, *, kind: str, eta: float, steps: int,
          X_test=None, Y_test=None, convention: str = "mse_mean", batch_size=None,
          seed: int = 0, record_every: int = 10, eig_every=None, top_q: int = 1,
          alignment: bool = False, overflow: float = 1e8,
          keep_vectors: bool = False) -> TrainHistory:
    """Train ``kind`` in {"net", "lin", "quad"} from (U0, V0) with GD or SGD (module doc).

    Records every ``record_every`` steps and at the last step; eigenpairs (and, with
    ``alignment``, kernel-target alignment) every ``eig_every`` steps (default: each
    record).  Stops once the loss is non-finite or above ``overflow`` x L(0); the batch
    loss is checked every step.  ``seed`` seeds only the batch order.

    Examples
    --------
    >>> net = MultiOutputReLU.init(300, 2, 1, seed=0)
    >>> X, Y = np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[1.0], [-1.0]])
    >>> h = train(net, X, Y, kind="quad", eta=0.5 * initial_critical_rate(net, X), steps=50)
    >>> bool(h.train_loss[-1] < 1e-6 * h.train_loss[0]), h.diverged
    (True, False)
    """
    Y, steps, eta, b, every, ev, q = _check(net, X, Y, steps, eta, convention, batch_size,
                                            record_every, eig_every, top_q)
    bound = net.bind(X, kind=kind)
    test = None if X_test is None else net.bind(X_test, kind=kind)
    Yt = None if Y_test is None else np.asarray(Y_test, dtype=np.float64)
    rec = Recorder(bound, test, Y, Yt, convention, min(q, bound.n * net.k - (net.k > 1)),
                   alignment, keep_vectors)
    U, V, n, overflowed = net.U0, net.V0, bound.n, False
    with np.errstate(all="ignore"):
        limit = overflow * max(rec.record(0, U, V, eig=True), 1e-300)
        batches = None if batch_size is None else _batches(n, b, seed)
        for t in range(1, steps + 1):
            rows = None if batches is None else next(batches)
            sub = bound if rows is None else bound.subset(rows)
            R = sub.output(U, V) - (Y if rows is None else Y[rows])
            c_b = loss_factor(convention, sub.n)
            Lb = c_b * float(np.sum(R * R))
            if not math.isfinite(Lb) or Lb > limit:
                overflowed = True
                if rec.rows["steps"][-1] != t - 1:
                    rec.record(t - 1, U, V, eig=False, healthy=False)
                break
            gU, gV = sub.vjp(U, V, R)
            U, V = U - (2 * c_b * eta) * gU, V - (2 * c_b * eta) * gV
            if t % every == 0 or t == steps:
                L = rec.record(t, U, V, eig=t % ev == 0 or t == steps)
                if not math.isfinite(L) or L > limit:
                    overflowed = True
                    break
    a = rec.arrays()
    diverged = overflowed or not a["train_loss"][-1] < a["train_loss"][0]
    if keep_vectors:
        a.update(vecs=np.array(rec.keep["vecs"]), residuals=np.array(rec.keep["residuals"]),
                 vec_steps=a["steps"][np.isfinite(a["lam"][:, 0])])
    return TrainHistory(**a, lam0=rec.lam0, eta=eta,
                        eta_crit=critical_rate(rec.lam0[0], convention, n), kind=kind,
                        convention=convention, batch_size=b, overflowed=overflowed,
                        diverged=bool(diverged), U=U, V=V)
