"""One expression, three printers: Python, C and JavaScript give the same float64 bits.

The C step is compiled with gcc (-O2, no fast-math) and the JavaScript step runs in
Node.js; both iterate from the same start as the engine's numba loop and must agree bit
for bit (the printers share one CSE and write powers as products, no pow/fma).
"""
import json
import shutil
import struct
import subprocess

import numpy as np
import pytest
import sympy as sp

from nqm_theory.maps import compile_map
from nqm_theory.symbolic.maps import one_example_map

a, b, k = sp.symbols("a b k", real=True)
STEPS = 200


@pytest.fixture(scope="module")
def rational_map():
    """A map with non-integer rational coefficients and a parameter function."""
    return compile_map((a, b), (k,), (sp.Rational(7, 3) * a * (1 - a) - b / 5,
                                      sp.Rational(1, 2) * a + sp.sqrt(k) * b / 7),
                       name="rational test map")


def _numba_orbit(cmap, x0, p, steps):
    return cmap.orbit(x0, p, steps=max(steps, 2000)).states[:steps + 1]


def test_rational_coefficients_compile_and_run_in_numba(rational_map):
    x0, p = (0.3, 0.1), (2.0,)
    fast = _numba_orbit(rational_map, x0, p, STEPS)
    py = rational_map.orbit(x0, p, steps=STEPS).states       # Python floats
    assert np.array_equal(fast, py)
    # independent: the formula typed here, in floats
    x, y = x0
    for t in range(1, 6):
        x, y = 7 / 3 * x * (1 - x) - y / 5, 0.5 * x + np.sqrt(2.0) * y / 7
        np.testing.assert_allclose(fast[t], (x, y), rtol=1e-14)


@pytest.mark.parametrize("which", ["uvw", "rational"])
def test_c_step_is_bit_identical(which, rational_map, tmp_path):
    gcc = shutil.which("gcc") or shutil.which("cc")
    assert gcc, "a C compiler (gcc) is needed for this test"
    cmap = one_example_map() if which == "uvw" else rational_map
    x0 = (1e-4, 2.7, 3e-5) if which == "uvw" else (0.3, 0.1)
    p = () if which == "uvw" else (2.0,)
    n, kp = cmap.n, len(cmap.params)
    main = f"""
#include <stdio.h>
#include <math.h>
{cmap.source("c")}
int main(void) {{
  double x[{n}], o[{n}], p[{max(kp, 1)}];
  if (fread(x, sizeof(double), {n}, stdin) != {n}) return 1;
  if ({kp} && fread(p, sizeof(double), {kp}, stdin) != {kp}) return 1;
  fwrite(x, sizeof(double), {n}, stdout);
  for (int t = 0; t < {STEPS}; t++) {{ step(x, p, o); for (int i = 0; i < {n}; i++) x[i] = o[i];
    fwrite(x, sizeof(double), {n}, stdout); }}
  return 0;
}}"""
    src = tmp_path / "m.c"
    src.write_text(main)
    exe = tmp_path / "m"
    subprocess.run([gcc, "-O2", "-std=c99", "-o", str(exe), str(src), "-lm"], check=True)
    out = subprocess.run([str(exe)], input=struct.pack(f"{n + kp}d", *x0, *p),
                         capture_output=True, check=True).stdout
    c = np.frombuffer(out, dtype=np.float64).reshape(STEPS + 1, n)
    with np.errstate(all="ignore"):
        ref = _numba_orbit(cmap, x0, p, STEPS)
    assert np.array_equal(c, ref, equal_nan=True)


def test_javascript_step_is_bit_identical(rational_map, tmp_path):
    node = shutil.which("node")
    assert node, "Node.js is needed for this test (the explorer runs the printed JavaScript)"
    for cmap, x0, p in ((one_example_map(), (1e-4, 2.7, 3e-5), ()),
                        (rational_map, (0.3, 0.1), (2.0,))):
        js = cmap.source("javascript") + f"""
let x = {json.dumps(list(x0))}; const p = {json.dumps(list(p))}; const out = [x];
for (let t = 0; t < {STEPS}; t++) {{ x = step(x, p); out.push(x); }}
const buf = Buffer.alloc(8 * out.length * x.length);
out.flat().forEach((v, i) => buf.writeDoubleLE(v, 8 * i));
process.stdout.write(buf.toString("hex"));
"""
        f = tmp_path / "m.js"
        f.write_text(js)
        res = subprocess.run([node, str(f)], capture_output=True, text=True, check=True)
        got = np.frombuffer(bytes.fromhex(res.stdout), dtype="<f8").reshape(STEPS + 1, cmap.n)
        with np.errstate(all="ignore"):
            ref = _numba_orbit(cmap, x0, p, STEPS)
        assert np.array_equal(got, ref, equal_nan=True)


def test_source_shows_the_derived_map():
    text = one_example_map().source("python")
    assert "def step(_x, _p):" in text and "u = _x[0]" in text
    assert "4*u" in one_example_map().source("c")
    with pytest.raises(ValueError, match="`language`"):
        one_example_map().source("fortran")
