"""An offline web page to explore GD on the one-example NQM (``nqm-theory explore``).

:func:`write_explorer` writes a folder whose ``index.html`` runs the derived (u, v, w) map
in the browser: the map is JavaScript printed by the engine from the SymPy map
(``one_example_map().source("javascript")``), the loop around it (``core.js``) mirrors the
float64 core operation for operation, so the page reports the same bits as
``nqm-theory simulate``.  Plots use the ``plotly.min.js`` shipped by the ``plotly``
package (copied into the folder), mathematics is MathML printed by SymPy: the page loads
nothing from the web.

Page contract: query parameters ``eta_lam0``, ``width``, ``g0``, ``y``, ``x2d`` and
``steps`` set the inputs (lambda0 = 1); once ``document.body.dataset.state`` is
``"done"``, the elements ``regime``, ``peak-loss``, ``peak-step``, ``final-kernel`` and
``steps`` hold the results as text, with the meaning of the keys of ``simulate --json``.
"""
from .page import write_explorer

__all__ = ["write_explorer"]
