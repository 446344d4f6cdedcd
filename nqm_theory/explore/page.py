"""Build the explorer folder: ``index.html`` and every file it loads, nothing from the web.

The folder (written atomically with :func:`nqm_theory._io.atomic_dir`) holds

* ``index.html``: the page (template ``assets/index.html`` with the mathematics printed
  as MathML by :mod:`nqm_theory.explore.mathml` and the printed map shown as code);
* ``map.js``: ``one_example_map().source("javascript")``, verbatim: the derived map
  printed by the engine, never typed by hand;
* ``core.js``: the initial state and the classification loop (package asset, written
  operation for operation as the float64 core), ``explorer.js`` and ``explorer.css``;
* ``data.js``: the defaults, tolerances, regime messages and the phase diagram computed
  by :func:`nqm_theory.grid.phase_diagram` at build time;
* ``plotly.min.js`` and ``plotly-LICENSE.txt``: copied from the installed ``plotly``
  package (the ``explore`` extra), MIT licensed.

Classic scripts only (no ES modules): Chromium refuses module scripts from ``file://``.
"""
from __future__ import annotations

import json
import math
import os
import shutil
from html import escape
from importlib import resources
from pathlib import Path

from .._io import _umask, atomic_dir, atomic_write_text
from .._validate import NQMValueError, check_int, check_real

__all__ = ["write_explorer", "ASSETS", "EXTRA", "OWN_FILES", "page_data"]

#: Package assets copied verbatim into the folder.
ASSETS = ("core.js", "explorer.js", "explorer.css")
#: Files of the folder written by this package (all but plotly's).
OWN_FILES = ("index.html", "map.js", "data.js") + ASSETS
#: The optional-dependency extra that brings plotly.
EXTRA = "explore"
#: Largest step budget the page accepts (a run is recorded for the plots).
PAGE_MAX_STEPS = 10_000_000


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8")


def plotly_files() -> tuple:
    """Paths of the installed plotly's ``plotly.min.js`` and license file.

    Returns
    -------
    (pathlib.Path, pathlib.Path or None)

    Raises
    ------
    NQMValueError
        plotly is not installed (the message names the extra to install).
    """
    try:
        import plotly
    except ImportError:
        raise NQMValueError("the explorer needs plotly (its bundled plotly.min.js draws the "
                            f"plots offline): pip install 'nqm_theory[{EXTRA}]'") from None
    from importlib.metadata import PackageNotFoundError, distribution
    js = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
    if not js.is_file():
        raise NQMValueError(f"the installed plotly has no {js}: reinstall 'nqm_theory[{EXTRA}]'")
    lic = None
    try:
        files = distribution("plotly").files or ()
        lic = next((Path(f.locate()) for f in files if Path(f).name.upper().startswith(
            "LICENSE")), None)
    except PackageNotFoundError:
        pass
    return js, lic


def _json_number(x):
    x = float(x)
    return x if math.isfinite(x) else ("nan" if x != x else ("inf" if x > 0 else "-inf"))


def page_data(diagram, *, steps: int, width_range, tolerances, default) -> dict:
    """The JSON-ready ``NQM_DATA`` of ``data.js`` (floats as Python's shortest repr).

    Parameters
    ----------
    diagram : PhaseDiagram
        The embedded diagram (regime codes, steps, peak step and loss per cell).
    steps : int
        Default step budget of the page.
    width_range : (float, float)
        Range of the width slider.
    tolerances : Tolerances
        Convergence and divergence thresholds (as ``simulate``).
    default : dict
        Inputs of the page when no query parameter is given.

    Returns
    -------
    dict
    """
    from ..results import REGIME_CODES
    cells = {k: [[_json_number(z) for z in row] for row in getattr(diagram, k)]
             for k in ("peak_loss",)}
    return {
        "defaults": default, "steps": steps, "max_steps": PAGE_MAX_STEPS, "lam0": 1.0,
        "loss_tol": tolerances.loss_tol, "overflow": tolerances.overflow,
        "width_range": [float(w) for w in width_range],
        "regimes": [r.value for r in REGIME_CODES],
        "messages": {r.value: r.message for r in REGIME_CODES},
        "phase": {"eta_lam0": [float(e) for e in diagram.eta_lam0],
                  "width": [float(w) for w in diagram.width],
                  "g0": diagram.g0, "y": diagram.y, "x2d": diagram.x2d, "lam0": diagram.lam0,
                  "steps": int(diagram.max_steps),
                  "regime": diagram.regime_code.astype(int).tolist(),
                  "cell_steps": diagram.steps.astype(int).tolist(),
                  "peak_step": diagram.peak_step.astype(int).tolist(), **cells},
    }


def _fill(template: str, values: dict) -> str:
    for key, val in values.items():
        template = template.replace("{{" + key + "}}", val)
    if "{{" in template:
        raise AssertionError("unfilled placeholder in the page template")
    return template


def write_explorer(out, *, steps: int = 10_000, width_range=(1e1, 1e9), grid=(90, 60),
                   progress: bool = False) -> Path:
    """Write the offline explorer page into the folder ``out``; return ``out/index.html``.

    Parameters
    ----------
    out : path
        Output folder (replaced atomically; an error leaves it as it was).
    steps : int, default 10000
        Default step budget of the page and of every phase-diagram cell.
    width_range : (float, float), default (1e1, 1e9)
        Range of the width slider (log scale) and of the phase diagram's width axis.
    grid : (int, int), default (90, 60)
        Cells of the phase diagram along eta*lambda0 (0.05 .. 4.55) and width.
    progress : bool
        Progress bar of the phase diagram on stderr.

    Returns
    -------
    pathlib.Path
    """
    from ..catalogue import DEFAULT_SETTING, problem
    from ..grid import phase_diagram
    from ..grid.states import linear_axis, log_axis
    from ..results import Tolerances
    from ..symbolic.derive import derive_one_example
    from ..symbolic.maps import one_example_map
    from .mathml import derivation_html, nqm_formula_html
    steps = check_int("steps", steps, ge=1, le=PAGE_MAX_STEPS)
    lo, hi = (float(check_real(f"width_range[{k}]", w, gt=0)) for k, w in
              enumerate(width_range))
    if not (lo < hi and math.isfinite(hi)):
        raise NQMValueError(f"`width_range` needs 0 < low < high < inf, got {lo} and {hi}")
    n1, n2 = (check_int("grid", n, ge=2, le=1000) for n in grid)
    js, lic = plotly_files()
    tol = Tolerances()
    diagram = phase_diagram(linear_axis(0.05, 4.55, n1), log_axis(lo, hi, n2),
                            steps=steps, tolerances=tol, progress=progress)
    one = problem("one-example")
    default = {"eta_lam0": one.eta * one.lam0, "width": min(max(one.width, lo), hi),
               **{k: getattr(DEFAULT_SETTING, k) for k in ("g0", "y", "x2d")}}
    data = page_data(diagram, steps=steps, width_range=(lo, hi), tolerances=tol,
                     default=default)
    source = one_example_map().source("javascript")
    from .. import __version__
    html = _fill(_asset("index.html"), {
        "VERSION": escape(__version__), "NQM_FORMULA": nqm_formula_html(),
        "DERIVATION": derivation_html(derive_one_example()), "MAP_SOURCE": escape(source),
        "GRID": f"{n1} x {n2}", "PHASE_STEPS": str(steps),
        "SETTING": escape(f"g0 = {diagram.g0!r}, y = {diagram.y!r}, "
                          f"|x|^2/d = {diagram.x2d!r}")})
    with atomic_dir(out) as tmp:
        os.chmod(tmp, 0o777 & ~_umask())   # mkdtemp makes 0700; a web folder is readable
        atomic_write_text(tmp / "index.html", html)
        atomic_write_text(tmp / "map.js", source)
        atomic_write_text(tmp / "data.js", "var NQM_DATA = " + json.dumps(
            data, allow_nan=False, separators=(",", ":")) + ";\n")
        for name in ASSETS:
            atomic_write_text(tmp / name, _asset(name))
        shutil.copyfile(js, tmp / "plotly.min.js")   # inside the atomic folder
        if lic is not None:
            shutil.copyfile(lic, tmp / "plotly-LICENSE.txt")
    return Path(out) / "index.html"
