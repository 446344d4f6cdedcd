"""``nqm-theory network``: the JSON contract, agreement with ``simulate``, input errors."""
import json

import pytest

from nqm_theory.cli import main

KEYS = {"regime", "steps", "peak_loss", "final_loss", "lam0", "g0", "final_kernel",
        "eta_lam_final"}


def _run(capsys, *args):
    assert main(["network", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_contract_and_relu_agrees_with_simulate(capsys):
    out = _run(capsys, "--activation", "relu", "--width", "1000", "--d", "3", "--eta-lam0",
               "3", "--y", "0.5", "--seed", "2")
    assert KEYS <= set(out) and out["model"] == "nqm" and out["regime"] == "catapult"
    eta = 3 / out["lam0"]
    assert main(["simulate", "--width", "1000", "--eta", repr(eta), "--lam0",
                 repr(out["lam0"]), "--g0", repr(out["g0"]), "--y", "0.5", "--json"]) == 0
    sim = json.loads(capsys.readouterr().out)
    assert sim["regime"] == out["regime"] and sim["steps"] == out["steps"]
    for k in ("peak_loss", "final_kernel"):
        assert sim[k] == pytest.approx(out[k], rel=1e-12)
    assert out["eta_lam_final"] == pytest.approx(eta * out["final_kernel"], rel=1e-14)


def test_network_and_linear_models(capsys):
    common = ["--activation", "tanh", "--width", "200", "--d", "2", "--y", "0", "--seed", "1"]
    net = _run(capsys, *common, "--eta-lam0", "2.5", "--model", "network")
    lin = _run(capsys, *common, "--eta-lam0", "2.5", "--model", "linear")
    assert net["regime"] == "catapult" and lin["regime"] == "divergent"
    assert net["g0"] == lin["g0"] and net["lam0"] == lin["lam0"]
    low = _run(capsys, *common, "--eta-lam0", "1.0", "--model", "linear")
    assert low["regime"] == "monotone" and low["final_kernel"] == pytest.approx(low["lam0"])


def test_divergence_is_strict_json(capsys):
    assert main(["network", "--activation", "gelu", "--width", "100", "--d", "1",
                 "--eta-lam0", "5", "--y", "0", "--seed", "0", "--json"]) == 0
    text = capsys.readouterr().out
    out = json.loads(text)
    assert out["regime"] == "divergent" and "NaN" not in text and "Infinity" not in text


@pytest.mark.parametrize("args,msg", [
    (["--activation", "nope"], "--activation"), (["--activation", "leaky_relu:9"], "[-1, 1]"),
    (["--activation", "poly:1e123456"], "exponent"), (["--model", "deep"], "`model`"),
    (["--width", "0"], "`--width`"), (["--seed", "1.5"], "`--seed`"),
    (["--width", "1000000", "--d", "1000"], "at most")])
def test_bad_input_exit_2(capsys, args, msg):
    base = {"--activation": "relu", "--width": "10", "--d": "1", "--eta-lam0": "3",
            "--y": "0", "--seed": "0"}
    for k, v in zip(args[::2], args[1::2]):
        base[k] = v
    argv = ["network"] + [x for kv in base.items() for x in kv]
    if "--model" in args:
        argv += ["--model", args[args.index("--model") + 1]]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and msg in err
