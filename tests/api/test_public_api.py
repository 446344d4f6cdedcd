"""Every name in ``nqm_theory.__all__`` resolves, lazily, to a documented object."""
import subprocess
import sys

import nqm_theory


def test_all_public_names_resolve_and_are_documented():
    for name in nqm_theory.__all__:
        obj = getattr(nqm_theory, name)
        if callable(obj):
            assert (obj.__doc__ or "").strip(), name


def test_import_is_light():
    code = "import sys, nqm_theory; print('sympy' in sys.modules, 'numba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
