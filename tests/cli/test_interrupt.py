"""Ctrl-C stops a long exact run cleanly: one line, exit code 130, no traceback."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ctrl_c_stops_an_exact_run():
    cmd = [sys.executable, "-m", "nqm_theory", "simulate", "--width", "1e3", "--eta", "5/2",
           "--lam0", "1", "--g0", "0.7", "--y", "0.3", "--precision", "exact", "--steps", "12"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    time.sleep(2.5)                       # start-up, then well inside the 12 exact steps
    assert proc.poll() is None, "the run ended before it could be interrupted"
    t = time.perf_counter()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert time.perf_counter() - t < 10
    assert err.strip().splitlines() == ["nqm-theory: interrupted"] and "Traceback" not in err
    assert out == ""
