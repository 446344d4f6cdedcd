"""README's Python examples run as written (and assert what they claim)."""
import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_python_blocks_of_the_readme_run():
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    assert blocks, "README has no Python example"
    for code in blocks:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, "README.md", "exec"), {})   # the project's own README
        if "fixed_points(logistic)" in code:
            assert "[0, (r - 1)/r]" in out.getvalue()
            assert "function step(_x, _p)" in out.getvalue()
