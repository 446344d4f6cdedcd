"""Phase diagrams of GD on the one-example NQM over eta*lam0 x width (docs/theory.md §§3-4).

``phase_diagram(eta_lam0, width, ...)`` runs an exact NQM map (the map object ``map=``,
by default the derived (u, v, w) map of docs/theory.md §3) in float64 on every cell of the grid
with the compiled grid loop of the engine (:mod:`nqm_theory.maps`), chunk by chunk
(:mod:`nqm_theory.grid.chunks`).  Cell (i, j) is bit-for-bit
``iterate(OneExample(width[j], eta_lam0[i] / lam0, lam0, g0, y, x2d), steps=steps, map=map)``.

The ``.npz`` written by :meth:`PhaseDiagram.save` stores only what cannot be derived, in
the narrowest exact dtypes: ``regime`` as int8 codes (``regime_legend`` names them),
``steps`` and ``peak_step`` as int32, ``peak_loss``, ``final_loss`` and ``eta_lam_final``
(= v at the end) as float64: 33 bytes per cell.  :func:`load_phase_diagram` rebuilds the
derived arrays and also reads the files of earlier versions (regime strings, int64).
"""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path

import numpy as np

from .._io import atomic_savez, check_output
from .._validate import check_int, check_real
from ..catalogue import DEFAULT_SETTING
from ..models import check_float64_state
from ..results import REGIME_CODES, Tolerances
from .chunks import GridSpec, empty_fields, run_chunks
from .states import initial_states

__all__ = ["PhaseDiagram", "phase_diagram", "load_phase_diagram", "UNITS", "DEFAULTS"]

#: Defaults: the catalogue's one-example setting (:data:`nqm_theory.catalogue.DEFAULT_SETTING`).
DEFAULTS = dict(**DEFAULT_SETTING.as_dict(), steps=10_000)

#: Units / meaning of every array of a :class:`PhaseDiagram` (also saved in the .npz).
UNITS = {
    "eta_lam0": "dimensionless: eta * lambda0 (axis 0, linear; lambda0 held fixed, so "
                "eta = eta_lam0 / lam0)",
    "width": "neurons: network width m (axis 1, log-spaced)",
    "regime": "monotone | catapult | divergent | undecided (docs/theory.md §4)",
    "steps": "GD steps performed (stop at convergence, divergence or the budget)",
    "peak_step": "GD step of the first maximum of the loss",
    "peak_loss": "max_t L(t), L = (g - y)^2 / 2 (units of y^2)",
    "peak_loss_over_m": "peak_loss / m (units of y^2 per neuron)",
    "final_loss": "L at the last step (units of y^2)",
    "final_kernel": "lambda at the last step = v_end / eta (units of lambda0)",
    "eta_lam_final": "dimensionless: eta * lambda at the last step = v_end",
    "kernel_drop": "dimensionless: 1 - final_kernel / lambda0",
}
_ARRAYS = tuple(UNITS)
#: Arrays stored in the .npz (the others are derived on loading), with their dtypes.
_STORED = {"steps": np.int32, "peak_step": np.int32, "peak_loss": np.float64,
           "final_loss": np.float64, "eta_lam_final": np.float64}
_META = ("lam0", "g0", "y", "x2d", "max_steps", "loss_tol", "overflow", "version")


@dataclass(frozen=True, eq=False)
class PhaseDiagram:
    """Result of :func:`phase_diagram`: axes, N1 x N2 per-cell arrays and the setting.

    Arrays are named and documented in :data:`UNITS`.  ``regime_code`` holds the int8
    codes of :data:`nqm_theory.results.REGIME_CODES` (0 monotone, 1 catapult, 2 divergent,
    3 undecided); the ``regime`` property gives the strings (the .npz stores strings).  For
    divergent cells the final values are those of the state at which divergence was
    detected (possibly inf or nan), exactly as :func:`nqm_theory.iterate` reports them.
    """

    eta_lam0: np.ndarray
    width: np.ndarray
    regime_code: np.ndarray
    steps: np.ndarray
    peak_step: np.ndarray
    peak_loss: np.ndarray
    peak_loss_over_m: np.ndarray
    final_loss: np.ndarray
    final_kernel: np.ndarray
    eta_lam_final: np.ndarray
    kernel_drop: np.ndarray
    lam0: float
    g0: float
    y: float
    x2d: float
    max_steps: int
    loss_tol: float
    overflow: float
    version: str = field(default="")

    def __repr__(self):
        counts = ", ".join(f"{k}={v}" for k, v in self.counts().items())
        return (f"PhaseDiagram(shape={self.regime_code.shape}, {counts}, g0={self.g0}, "
                f"y={self.y}, x2d={self.x2d}, lam0={self.lam0}, max_steps={self.max_steps})")

    @property
    def convention(self):
        """The :class:`~nqm_theory.catalogue.Convention`: lam0 held fixed along eta*lam0."""
        from ..catalogue import Convention
        return Convention("lam0", float(self.lam0))

    def counts(self) -> dict:
        """Number of cells in each regime."""
        n = np.bincount(self.regime_code.ravel(), minlength=len(REGIME_CODES))
        return {r.value: int(k) for r, k in zip(REGIME_CODES, n)}

    @cached_property
    def regime(self) -> np.ndarray:
        """N1 x N2 strings monotone / catapult / divergent / undecided."""
        return _names(self.regime_code.ravel()).reshape(self.regime_code.shape)

    def cell(self, i: int, j: int):
        """The :class:`~nqm_theory.models.OneExample` of cell (i, j) (float64 inputs)."""
        from ..models import OneExample
        eta = self.eta_lam0[i] / np.float64(self.lam0)
        return OneExample(width=float(self.width[j]), eta=float(eta), lam0=float(self.lam0),
                          g0=float(self.g0), y=float(self.y), x2d=float(self.x2d))

    def save(self, path) -> None:
        """Write a compact .npz (atomically): axes, the stored arrays, metadata, ``units``."""
        arrays = {k: np.asarray(getattr(self, k), dtype=t) for k, t in _STORED.items()}
        arrays["regime"] = np.asarray(self.regime_code, dtype=np.int8)
        meta = {k: np.asarray(getattr(self, k)) for k in _META}
        legend = {str(i): r.value for i, r in enumerate(REGIME_CODES)}
        atomic_savez(path, eta_lam0=self.eta_lam0, width=self.width, **arrays, **meta,
                     regime_legend=np.str_(json.dumps(legend)),
                     units=np.str_(json.dumps(UNITS)), format_version=np.int32(2),
                     convention=np.str_(self.convention.text),
                     derived=np.str_("final_kernel = eta_lam_final / eta with eta = eta_lam0 "
                                     "/ lam0; kernel_drop = 1 - final_kernel / lam0; "
                                     "peak_loss_over_m = peak_loss / width"))


def load_phase_diagram(path) -> PhaseDiagram:
    """Read a :class:`PhaseDiagram` written by :meth:`PhaseDiagram.save` (any version)."""
    with np.load(path, allow_pickle=False) as z:
        reg = z["regime"]
        if reg.dtype.kind in "US":  # format 1: regime strings and every derived array
            code = np.full(reg.shape, -1, dtype=np.int8)
            for c, r in enumerate(REGIME_CODES):
                code[reg == r.value] = c
        else:
            legend = json.loads(str(z["regime_legend"]))
            code = np.full(reg.shape, -1, dtype=np.int8)
            for c, r in enumerate(REGIME_CODES):
                code[reg == int(next(k for k, v in legend.items() if v == r.value))] = c
        meta = {f.name: z[f.name].item() for f in fields(PhaseDiagram) if f.name in _META}
        raw = {"regime_code": code.ravel(), "steps": z["steps"].ravel(),
               "peak_step": z["peak_step"].ravel(), "peak_loss": z["peak_loss"].ravel(),
               "final_loss": z["final_loss"].ravel(), "v_end": z["eta_lam_final"].ravel()}
        el, wd = z["eta_lam0"], z["width"]
    spec = GridSpec(eta_lam0=tuple(el.tolist()), width=tuple(wd.tolist()),
                    lam0=meta["lam0"], g0=meta["g0"], y=meta["y"], x2d=meta["x2d"],
                    steps=meta["max_steps"], loss_tol=meta["loss_tol"],
                    overflow=meta["overflow"])
    return _assemble(spec, raw, version=meta["version"])


def _check_corners(spec) -> None:
    """u(0), w(0) and s are monotone in eta and width: the 4 corner cells bound the grid."""
    e = np.asarray(spec.eta_lam0, dtype=float)[[0, -1]] / np.float64(spec.lam0)
    m = np.asarray(spec.width, dtype=float)[[0, -1]]
    eta, width = (a.ravel() for a in np.meshgrid(e, m))
    params = {"width": width, "eta": eta, "lam0": spec.lam0, "g0": spec.g0, "y": spec.y,
              "x2d": spec.x2d}
    with np.errstate(all="ignore"):
        state = initial_states(eta, width, spec.lam0, spec.g0, spec.y, spec.x2d)
    check_float64_state(params, state)


def phase_diagram(eta_lam0, width, *, g0=DEFAULTS["g0"], y=DEFAULTS["y"],
                  x2d=DEFAULTS["x2d"], lam0=DEFAULTS["lam0"], steps=DEFAULTS["steps"],
                  tolerances: Tolerances = Tolerances(), out=None, chunk_cells: int = 1 << 20,
                  scheduler=None, threads=None, progress: bool = False,
                  keep_parts: bool = False, map=None, executor=None) -> PhaseDiagram:
    """Regime, peak loss and final kernel of every cell of an eta*lam0 x width grid.

    Parameters
    ----------
    eta_lam0, width : 1-D array_like
        Axis values (see :func:`~nqm_theory.grid.states.linear_axis`, ``log_axis``).
    g0, y, x2d, lam0 : float
        Initial output, label, ``|x|^2/d`` and lambda0 (defaults in :data:`DEFAULTS`); lambda0
        is held fixed over the eta*lam0 axis, so eta = eta_lam0 / lam0.
    steps : int, default 10000
        Step budget per cell.
    tolerances : Tolerances
        Convergence / divergence thresholds (as for :func:`nqm_theory.iterate`).
    out : path, optional
        Write the .npz here (atomically); finished chunks go to ``<out>.parts/`` and a
        rerun with the same setting resumes from them.  Removed on success unless
        ``keep_parts``.
    chunk_cells : int
        Cells per chunk (the working memory is ~50 bytes per chunk cell).
    scheduler : str or distributed.Client, optional
        Run the chunks on a Dask cluster instead of the local cores (a shortcut for
        ``executor=DaskExecutor(scheduler)``).
    map : CompiledMap, optional
        The NQM map in (u, v, w) form (default: the derived one-example map).
    executor : object with ``run(compute, ranges, done)``, optional
        Where chunks run (default :class:`~nqm_theory.grid.chunks.LocalExecutor`).
    threads : int, optional
        numba threads for local chunks (default: all cores).
    progress : bool
        tqdm progress bar on stderr.

    Returns
    -------
    PhaseDiagram

    Examples
    --------
    >>> pd = phase_diagram([1.0, 3.0, 5.0], [1e4], steps=2000)
    >>> pd.regime[:, 0].tolist()
    ['monotone', 'catapult', 'divergent']
    """
    spec = _spec(eta_lam0, width, g0, y, x2d, lam0, steps, tolerances)
    chunk_cells = check_int("chunk_cells", chunk_cells, ge=1)
    _check_corners(spec)
    if scheduler is not None and executor is None:
        from .distributed import DaskExecutor
        executor = DaskExecutor(scheduler)
    if map is None:
        from ..core.iterate import default_map
        map = default_map()
    raw = empty_fields(spec.cells)

    if threads is not None:
        import numba
        threads = check_int("threads", threads, ge=1, le=numba.config.NUMBA_NUM_THREADS)
    workdir = created = None
    if out is not None:
        check_output("out", out)
        workdir = Path(str(out) + ".parts")
        check_output("out", workdir, kind="dir")
        created = not workdir.exists()
        workdir.mkdir(parents=True, exist_ok=True)
    try:
        with _numba_threads(threads):
            run_chunks(spec, map, raw, chunk_cells=chunk_cells, workdir=workdir,
                       executor=executor, progress=progress)
    except BaseException:
        if created and not any(workdir.iterdir()):
            workdir.rmdir()   # nothing finished: leave no trace
        raise
    result = _assemble(spec, raw)
    if out is not None:
        result.save(out)
        if not keep_parts:
            shutil.rmtree(workdir, ignore_errors=True)
    return result


def _spec(eta_lam0, width, g0, y, x2d, lam0, steps, tol) -> GridSpec:
    ax = []
    from .._validate import NQMValueError
    for name, a in (("eta_lam0", eta_lam0), ("width", width)):
        if isinstance(a, (str, bytes)) or np.asarray(a).dtype == bool:
            raise NQMValueError(f"`{name}` must be a non-empty 1-D array of finite values > 0, "
                                f"got {a!r}")
        try:
            a = np.asarray(a, dtype=np.float64)
        except (TypeError, ValueError, OverflowError):
            raise NQMValueError(f"`{name}` must be a non-empty 1-D array of finite values > 0") \
                from None
        if a.ndim != 1 or a.size == 0 or not np.all(np.isfinite(a)) or np.any(a <= 0):
            raise NQMValueError(f"`{name}` must be a non-empty 1-D array of finite values > 0")
        ax.append(tuple(a.tolist()))
    return GridSpec(eta_lam0=ax[0], width=ax[1], lam0=float(check_real("lam0", lam0, gt=0)),
                    g0=float(check_real("g0", g0)), y=float(check_real("y", y)),
                    x2d=float(check_real("x2d", x2d, gt=0)),
                    steps=check_int("steps", steps, ge=1),
                    loss_tol=float(tol.loss_tol), overflow=float(tol.overflow))


def _assemble(spec: GridSpec, raw: dict, version=None) -> PhaseDiagram:
    if version is None:
        from .. import __version__ as version
    shape = spec.shape
    el, m = np.asarray(spec.eta_lam0), np.asarray(spec.width)
    eta = (el / np.float64(spec.lam0))[:, None]
    v_end = raw["v_end"].reshape(shape)
    peak = raw["peak_loss"].reshape(shape)
    with np.errstate(all="ignore"):  # divergent cells may hold inf/nan: data, not errors
        final_kernel = v_end / eta
        drop = 1 - final_kernel / np.float64(spec.lam0)
        over_m = peak / m[None, :]
    return PhaseDiagram(
        eta_lam0=el, width=m, regime_code=raw["regime_code"].reshape(shape),
        steps=raw["steps"].reshape(shape), peak_step=raw["peak_step"].reshape(shape),
        peak_loss=peak, peak_loss_over_m=over_m,
        final_loss=raw["final_loss"].reshape(shape), final_kernel=final_kernel,
        eta_lam_final=v_end, kernel_drop=drop, lam0=spec.lam0, g0=spec.g0, y=spec.y,
        x2d=spec.x2d, max_steps=spec.steps, loss_tol=spec.loss_tol,
        overflow=spec.overflow, version=version)


_NAMES = np.array([r.value for r in REGIME_CODES])  # dtype <U9


def _names(codes: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Strings of int8 regime codes (rows of 36 bytes copied as uint32 x 9)."""
    table = _NAMES.view(np.uint32).reshape(len(_NAMES), -1)
    if out is None:
        out = np.empty(codes.shape[0], dtype=_NAMES.dtype)
    np.take(table, codes, axis=0, out=out.view(np.uint32).reshape(codes.shape[0], -1))
    return out


class _numba_threads:
    def __init__(self, n):
        self.n, self.old = n, None

    def __enter__(self):
        if self.n is not None:
            import numba
            self.old = numba.get_num_threads()
            numba.set_num_threads(self.n)

    def __exit__(self, *exc):
        if self.old is not None:
            import numba
            numba.set_num_threads(self.old)
