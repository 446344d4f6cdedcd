"""`derive --format latex`: a body that compiles in a minimal article, proper symbols.

The default-suite tests inspect the text; the `latex` test runs pdflatex (system package
texlive-latex-base, installed by .ci/run) and is selected with `pytest -m latex`.
"""
import re
import shutil
import subprocess

import pytest

from nqm_theory.cli import main
from nqm_theory.symbolic.derive import derive_one_example

#: The minimal document `derive --format latex` must compile in (issue 14, item 5).
ARTICLE = "\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n%s\\end{document}\n"

_MATH = re.compile(r"\\begin\{(align\*|equation\*?)\}.*?\\end\{\1\}|\$[^$]*\$", re.S)


def text_outside_math(body: str) -> str:
    """``body`` with every ``$...$`` and display environment removed (what is set as text)."""
    return _MATH.sub(" ", body)


BODY = derive_one_example().to_latex()

#: ASCII mathematics that must not appear as text (outside $...$ and align*).
ASCII_MATH = [r"\blam\b", r"\beta\b", r"\btheta", r"\^", r"(?<!\\)_", r"sqrt", r">=", r"<=",
              r"\|", r"\bf_quad\b", r"1\{", r"\bxnorm2\b", r"(?<!section)\*"]


def test_cli_prints_the_same_body(capsys):
    assert main(["derive", "--format", "latex"]) == 0
    assert capsys.readouterr().out == BODY


def test_proper_symbols_and_the_nqm_itself():
    for sym in (r"\eta", r"\lambda", r"\kappa", r"\theta_0", r"\lambda(t+1)", r"u(t+1)"):
        assert sym in BODY, sym
    # the NQM: the second-order Taylor expansion and its ReLU four-term form
    assert r"g(\theta) &= f(\theta_0) + J\,(\theta - \theta_0)" in BODY
    assert r"\tfrac{1}{2}\,(\theta - \theta_0)^\top H\,(\theta - \theta_0)" in BODY
    assert r"\mathrm{relu}\bigl(U_{0,i}^\top x/\sqrt{d}\bigr)" in BODY
    assert "lam" not in BODY.replace(r"\lambda", "")       # no ASCII name of lambda anywhere
    assert not re.search(r"(?<!\\)\beta\b", BODY)          # eta only as \eta
    assert BODY.count(r"\begin{") == BODY.count(r"\end{")
    assert BODY.count("$") % 2 == 0


def test_no_ascii_math_outside_math_mode():
    text = text_outside_math(BODY)
    hits = {pat: re.findall(pat, text) for pat in ASCII_MATH}
    assert not {p: h for p, h in hits.items() if h}, hits
    assert "\\\\" not in text                               # row breaks only inside align*
    assert "§" not in BODY and r"\S" not in BODY           # no TS1 glyphs: plain pdflatex fonts


def test_every_step_and_the_result_are_shown():
    D = derive_one_example()
    for i, st in enumerate(D.steps, 1):
        assert f"\\paragraph{{Step {i}: {st.title}.}} {st.latex}" in BODY
    assert r"\paragraph{Result.}" in BODY and r"u(t+1) &= u \left(u - v + w + 1\right)^{2}" in BODY


@pytest.mark.latex
def test_body_compiles_with_pdflatex(tmp_path):
    exe = shutil.which("pdflatex")
    assert exe, "pdflatex missing: apt-get install texlive-latex-base texlive-latex-recommended"
    (tmp_path / "doc.tex").write_text(ARTICLE % BODY)
    proc = subprocess.run([exe, "-halt-on-error", "-interaction=nonstopmode", "doc.tex"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    log = (tmp_path / "doc.log").read_text(errors="replace")
    assert proc.returncode == 0, log[-3000:]
    for bad in ("Undefined control sequence", "Missing $", "! LaTeX Error", "Overfull \\hbox"):
        assert bad not in log, bad
    assert (tmp_path / "doc.pdf").stat().st_size > 10_000
