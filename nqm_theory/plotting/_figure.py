"""Shared finishing of every figure: title, caption, symbol definitions (matplotlib, Agg).

Each figure function builds its axes, then calls :func:`finish` with

* a title (``fig.suptitle``);
* ``drawn``: one sentence per kind of artist, saying exactly what is drawn (written next to
  the code that draws it, so the caption cannot describe lines the figure lacks);
* ``context``: the caller's description of the data (configuration, seed, command);
* ``symbols``: the names (keys of :data:`SYMBOLS`) used in labels, defined in the caption.

The caption is one ``Text`` artist with ``gid="caption"``, wrapped to the figure width;
:func:`caption_of` reads it back (the tests open the figure object, not the PNG).
"""
from __future__ import annotations

import textwrap

__all__ = ["SYMBOLS", "UNDECIDED", "finish", "caption_of", "plt"]

#: Definitions of the symbols the figures use, in plain text.
SYMBOLS = {
    "m": "m = width (number of hidden neurons)",
    "eta": "eta = learning rate",
    "lambda": "lambda(t) = tangent kernel |grad g|^2 at step t",
    "lambda0": "lambda0 = lambda(0), the kernel at initialisation",
    "lambda_inf": "lambda_inf = kernel at the end of the run",
    "lambda_i": "lambda_i(t) = i-th largest eigenvalue of the kernel matrix K(t)",
    "eta*lambda0": ("eta*lambda0 = learning rate times the initial kernel lambda0 = lambda(0) "
                    "(2: critical rate, 4: largest rate that converges)"),
    "delta": "delta = eta*lambda0 - 2",
    "eps(m)": ("eps(m) = log(m)/sqrt(m), the paper's Theta(log m / sqrt m) margin of "
               "Theorems 1 and 4 with unit constant (the paper gives no constant)"),
    "L": "L(t) = (g - y)^2 / 2, the loss at step t (one example)",
    "g0, y": "g0 = NQM output at initialisation, y = label",
    "eta_sum": "eta_sum = the learning rate of the same step in the convention L = 1/2 sum_k r_k^2",
    "gamma": "gamma = scale of the quadratic term of the general quadratic model",
    "alpha": ("alpha = uncertainty exponent: the fraction of learning-rate pairs eps apart "
              "whose outcomes differ scales as eps^alpha (alpha < 1: fractal boundary)"),
    "FTLE": ("FTLE = finite-time Lyapunov exponent of the (u, v, w) map over the first t "
             "steps (natural log per step)"),
    "t": "t = GD step",
}

#: Legend/colour-bar label of a phase cell whose run hit the step cap without a verdict.
UNDECIDED = "step budget exhausted (undecided)"


def plt():
    """``matplotlib.pyplot`` on the headless Agg backend."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as pyplot
    return pyplot


def finish(fig, title: str, *, drawn, context: str = "", symbols=(), fontsize: int = 8):
    """Add the title and the caption (drawn + context + symbol definitions); return ``fig``.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure, with its axes drawn.
    title : str
        The figure title.
    drawn : sequence of str
        One sentence per kind of artist, describing what is drawn.
    context : str, optional
        The data the figure shows (configuration, seed, command).
    symbols : sequence of str, optional
        Keys of :data:`SYMBOLS`; their definitions end the caption.
    fontsize : int, optional
        Caption font size in points.

    Returns
    -------
    matplotlib.figure.Figure
        ``fig``, with ``fig.suptitle(title)`` and a caption text of ``gid="caption"``.
    """
    parts = [" ".join(s.strip() for s in drawn)]
    if context:
        parts.append(context.strip())
    if symbols:
        parts.append("Symbols: " + "; ".join(SYMBOLS[s] for s in symbols) + ".")
    width_in, height_in = fig.get_size_inches()
    chars = max(40, int(width_in * 72 / (0.55 * fontsize)))
    text = "\n".join(textwrap.fill(p, chars, break_on_hyphens=False, break_long_words=False)
                     for p in parts)
    n_lines = text.count("\n") + 1
    bottom = min(0.6, (n_lines * 1.35 * fontsize / 72 + 0.15) / height_in)
    fig.suptitle(title, fontsize=12)
    fig.text(0.01, 0.01, text, fontsize=fontsize, ha="left", va="bottom", gid="caption")
    # constrained layout (applied when the figure is drawn) above the caption's band; the
    # figure must be created with layout="constrained" (colour bars then take their space
    # from the layout grid)
    engine = fig.get_layout_engine()
    if engine is None or not hasattr(engine, "set"):
        raise ValueError("create the figure with plt.subplots(..., layout='constrained')")
    engine.set(rect=(0, bottom, 1, 1 - bottom))
    return fig


def caption_of(fig) -> str:
    """The caption text of a figure finished by :func:`finish` (unwrapped, one line)."""
    texts = [t.get_text() for t in fig.texts if t.get_gid() == "caption"]
    if len(texts) != 1:
        raise ValueError(f"expected one caption, found {len(texts)}")
    return " ".join(texts[0].split())
