"""Named canonical problems (docs/theory.md §§2-3), validated at construction.

``OneExample`` is GD on the width-``m`` ReLU NQM trained on a single example (x, y),
reduced exactly to the (u, v, w) map of docs/theory.md §3.  Its parameters use the paper's
symbols: ``width`` m, ``eta``, ``lam0`` (lambda(0) = K(x, x) at initialization), ``g0``
(the NQM output at initialization), ``y`` and ``x2d = |x|^2/d``; then ``c = x2d / m``.
"""
from __future__ import annotations

from dataclasses import dataclass
from ._validate import NQMValueError, check_real

__all__ = ["OneExample", "initial_state", "check_float64_state", "make_grid_cell",
           "grid_cell_kernel", "grid_cell_key"]

#: Smallest positive normal float64: below it u(0) has lost precision (or underflowed to 0).
_TINY = 2.2250738585072014e-308


def initial_state(width, eta, lam0, g0, y, x2d):
    """``(u0, v0, w0, s)`` of the (u, v, w) map (docs/theory.md §3), scalars or numpy arrays.

    ``u = c eta^2 r^2``, ``v = eta lam``, ``w = c eta^2 r y`` with ``r = g0 - y`` and
    ``c = x2d / width``; ``s = 1/(2 c eta^2)`` so that the loss is ``u * s``.  The single
    place where the state is built: the float64 grid core, ``iterate`` and every batch path
    use this exact sequence of operations, so their results agree bit for bit.
    """
    c = x2d / width
    r0 = g0 - y
    ce2 = c * eta * eta
    return ce2 * r0 * r0, eta * lam0, ce2 * r0 * y, 1 / (2 * ce2)


def make_grid_cell(state_fn):
    """``cell(eta_lam0, width, consts) -> (x, p, s)`` for the phase-diagram grid loop.

    ``consts = (lam0, g0, y, x2d)``; ``eta = eta_lam0 / lam0`` (one IEEE division) and the
    state comes from ``state_fn`` (:func:`initial_state`, compiled by numba), exactly as
    ``OneExample(width, eta_lam0 / lam0, lam0, g0, y, x2d).initial_state()`` computes it.
    The map of the one-example problem has no parameters: ``p`` is an empty view.
    """
    def cell(eta_lam0, width, consts):
        lam0 = consts[0]
        eta = eta_lam0 / lam0
        u0, v0, w0, s = state_fn(width, eta, lam0, consts[1], consts[2], consts[3])
        return (u0, v0, w0), consts[:0], s
    return cell


def grid_cell_key() -> str:
    """Hash of the code of :func:`make_grid_cell` and :func:`initial_state` (resume key)."""
    import hashlib

    from .maps.jit import code_digest
    h = hashlib.sha256()
    for fn in (make_grid_cell, initial_state):
        h.update(code_digest(fn.__code__).encode())
    return h.hexdigest()[:24]


def grid_cell_kernel(cmap):
    """The numba grid loop of ``cmap`` for one-example cells (see :mod:`nqm_theory.maps.jit`)."""
    from .maps.jit import jit_axes
    return jit_axes(cmap.text, cmap.digest, cmap.n, make_grid_cell, initial_state)


def check_float64_state(params: dict, state) -> None:
    """Raise NQMValueError if a float64 run would start from a rounded-away state.

    ``params`` maps the paper's names (width, eta, lam0, g0, y, x2d) to float64 arrays or
    scalars, ``state`` is ``(u0, v0, w0, s)`` computed from them.  Overflow to inf,
    underflow to 0 or to a subnormal u(0) with g0 != y would let float64 noise decide
    the outcome (e.g. a zero loss at an unstable v > 2 read as convergence), so such
    inputs are refused with a pointer to ``precision="mpN"``.
    """
    import numpy as np
    for name in ("width", "eta", "lam0", "x2d", "g0", "y"):
        val = np.asarray(params[name], dtype=float)
        bad = ~np.isfinite(val) | ((val == 0) if name in ("width", "eta", "lam0", "x2d")
                                   else False)
        if np.any(bad):
            raise NQMValueError(f"`{name}` is not representable in float64 (over/underflow); "
                                "use precision 'mpN' (simulate, iterate, iterate_many)")
    u0, v0, w0, s = (np.asarray(a, dtype=float) for a in state)
    r0 = np.asarray(params["g0"], dtype=float) - np.asarray(params["y"], dtype=float)
    with np.errstate(all="ignore"):
        bad = (~np.isfinite(u0) | ~np.isfinite(w0) | ~np.isfinite(s) | (s == 0)
               | ~np.isfinite(v0) | (v0 == 0) | ((r0 != 0) & (u0 < _TINY)))
    if np.any(bad):
        raise NQMValueError(
            "`g0`, `y`, `width`, `eta`: the initial state u(0) = c eta^2 (g0 - y)^2 with "
            "c = x2d/width over- or underflows float64 (got u(0) = "
            f"{float(u0[bad].flat[0] if u0.ndim else u0)!r}); use precision 'mpN' "
            "(simulate, iterate, iterate_many)")


@dataclass(frozen=True)
class OneExample:
    """GD on the ReLU NQM with one training example (docs/theory.md §3).

    Parameters
    ----------
    width : real > 0
        Network width m (a real number; values up to 1e15 and beyond are fine).
    eta : real > 0
        Learning rate.
    lam0 : real > 0
        Initial tangent kernel lambda(0).
    g0, y : real
        Initial NQM output and label.
    x2d : real > 0, default 1
        ``|x|^2 / d``.

    Notes
    -----
    Critical rates: ``eta_crit = 2/lam0`` and ``eta_max = 4/lam0`` (Theorems 1, 4, 5).
    Numbers may be ``int``, ``float``, ``Fraction`` or ``mpmath.mpf``; they are converted
    to the precision of a run by :meth:`initial_state`.

    Examples
    --------
    >>> p = OneExample(width=1000, eta=2.5, lam0=1.0, g0=0.5, y=0.0)
    >>> p.c
    0.001
    """

    width: object
    eta: object
    lam0: object
    g0: object
    y: object
    x2d: object = 1

    def __post_init__(self):
        check_real("width", self.width, gt=0)
        check_real("eta", self.eta, gt=0)
        check_real("lam0", self.lam0, gt=0)
        check_real("g0", self.g0)
        check_real("y", self.y)
        check_real("x2d", self.x2d, gt=0)

    @property
    def c(self):
        """``c = |x|^2 / (m d)`` in the type of the inputs."""
        return self.x2d / self.width

    @property
    def realizable(self) -> bool:
        """Whether some network parameters give this (g0, lam0): ``4 c g0^2 <= lam0^2``.

        The ReLU NQM is g = 1/2 theta^T H theta with lam = theta^T H^2 theta and H^3 = c H,
        so H has eigenvalues 0 and +-sqrt(c) and ``|g| <= lam / (2 sqrt c)``.  The map is
        defined for every input, but an unrealizable start can leave the physical region
        (v < 0); results for it describe the map, not a network.

        Examples
        --------
        >>> OneExample(width=1e4, eta=3, lam0=0.04, g0=-3, y=0).realizable
        False
        """
        return 4 * self.c * self.g0 * self.g0 <= self.lam0 * self.lam0

    def convert(self, num):
        """Return a copy whose numbers are converted by ``num`` (float, mpf, Fraction)."""
        return OneExample(*(num(getattr(self, k)) for k in
                            ("width", "eta", "lam0", "g0", "y", "x2d")))

    def initial_state(self):
        """``(u0, v0, w0, s)`` with u = c eta^2 r^2, v = eta lam, w = c eta^2 r y, and
        ``s = 1/(2 c eta^2)`` so that the loss is ``u * s``."""
        return initial_state(self.width, self.eta, self.lam0, self.g0, self.y, self.x2d)
