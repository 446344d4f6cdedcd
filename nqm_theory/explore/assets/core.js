// nqm_theory explorer: the initial state and the classification loop of GD on the
// one-example NQM, in float64 (JavaScript numbers are IEEE doubles).
//
// Written once, operation for operation as in the Python float64 core, so that the page
// gives the same bits as `nqm-theory simulate`:
//   initialState  <- nqm_theory.models.initial_state (same order, no fused operations)
//   runCell       <- nqm_theory.maps.loops.make_nqm_cell
//   simulate      <- nqm_theory.core.iterate (eta = eta_lam0 / lam0, final_kernel = v / eta)
//   refusal       <- nqm_theory.models.check_float64_state
// The map itself is not here: `step(_x, _p)` is printed by the engine from the SymPy map
// (map.js, CompiledMap.source("javascript")) and passed in.
"use strict";

var NQM = (function () {
  const REGIMES = ["monotone", "catapult", "divergent", "undecided"];
  const TINY = 2.2250738585072014e-308;  // smallest normal double (models._TINY)

  function initialState(width, eta, lam0, g0, y, x2d) {
    const c = x2d / width;
    const r0 = g0 - y;
    const ce2 = c * eta * eta;
    return [ce2 * r0 * r0, eta * lam0, ce2 * r0 * y, 1 / (2 * ce2)];
  }

  // Returns [regime, t, peak, peakT, loss, x, loss0]; traj (an array or null) receives
  // the state of every step done, as make_nqm_cell's `traj` does.
  function runCell(step, x, p, s, tol, overflow, steps, traj) {
    const n = x.length;
    const loss0 = x[0] * s;
    let peak = loss0;
    let peakT = 0;
    let regime = 3;
    let t = 0;
    let loss;
    while (true) {
      const u = x[0];
      const v = x[1];
      loss = u * s;
      if (traj !== null) traj.push(x);
      if (loss > peak) {
        peak = loss;
        peakT = t;
      }
      let finite = true;
      for (let k = 1; k < n; k++) {
        if (!(x[k] - x[k] == 0)) finite = false;
      }
      if (!(loss <= overflow) || !finite) {
        regime = 2;
        break;
      }
      if (loss < tol && (u == 0 || (v > 0 && v < 2))) {
        regime = peak > loss0 ? 1 : 0;
        break;
      }
      if (t >= steps) break;
      x = step(x, p);
      t += 1;
    }
    return [regime, t, peak, peakT, loss, x, loss0];
  }

  function finite(z) { return z - z == 0; }

  // The message of check_float64_state, or null when the float64 start is sound.
  function refusal(width, eta, lam0, g0, y, x2d, state) {
    const inputs = {width: width, eta: eta, lam0: lam0, x2d: x2d, g0: g0, y: y};
    for (const name of ["width", "eta", "lam0", "x2d", "g0", "y"]) {
      const val = inputs[name];
      if (!finite(val) || (val == 0 && ["width", "eta", "lam0", "x2d"].includes(name))) {
        return "`" + name + "` is not representable in float64 (over/underflow)";
      }
    }
    const [u0, v0, w0, s] = state;
    const r0 = g0 - y;
    if (!finite(u0) || !finite(w0) || !finite(s) || s == 0 || !finite(v0) || v0 == 0 ||
        (r0 != 0 && u0 < TINY)) {
      return "the initial state u(0) = c eta^2 (g0 - y)^2 with c = x2d/width over- or " +
             "underflows float64 (got u(0) = " + String(u0) + ")";
    }
    return null;
  }

  // One run, as iterate(OneExample(width, eta_lam0 / lam0, lam0, g0, y, x2d)) in float64.
  // opts: {steps, tol, overflow, record}.  Returns the keys of `simulate --json` (numbers),
  // `refused` (a message or null) and, when recording, `traj` (one state per step).
  function simulate(step, q, opts) {
    const lam0 = q.lam0 === undefined ? 1 : q.lam0;
    const eta = q.eta_lam0 / lam0;
    const state = initialState(q.width, eta, lam0, q.g0, q.y, q.x2d);
    const why = refusal(q.width, eta, lam0, q.g0, q.y, q.x2d, state);
    if (why !== null) return {refused: why};
    const traj = opts.record ? [] : null;
    const res = runCell(step, state.slice(0, 3), [], state[3], opts.tol, opts.overflow,
                        opts.steps, traj);
    return {refused: null, regime: REGIMES[res[0]], steps: res[1], peak_loss: res[2],
            peak_step: res[3], final_loss: res[4], initial_loss: res[6],
            final_kernel: res[5][1] / eta, eta: eta, scale: state[3], traj: traj,
            realizable: 4 * (q.x2d / q.width) * q.g0 * q.g0 <= lam0 * lam0};
  }

  // A phase diagram as nqm_theory.grid.phase_diagram computes it (cell by cell through
  // models.make_grid_cell: eta = eta_lam0 / lam0).  Returns arrays indexed [i][j]
  // (i along eta_lam0, j along width).
  function phaseGrid(step, etaLam0, width, setting, opts) {
    const out = {regime: [], steps: [], peak_step: [], peak_loss: []};
    for (let i = 0; i < etaLam0.length; i++) {
      const row = {regime: [], steps: [], peak_step: [], peak_loss: []};
      for (let j = 0; j < width.length; j++) {
        const eta = etaLam0[i] / setting.lam0;
        const st = initialState(width[j], eta, setting.lam0, setting.g0, setting.y,
                                setting.x2d);
        const r = runCell(step, st.slice(0, 3), [], st[3], opts.tol, opts.overflow,
                          opts.steps, null);
        row.regime.push(r[0]);
        row.steps.push(r[1]);
        row.peak_step.push(r[3]);
        row.peak_loss.push(r[2]);
      }
      for (const k in out) out[k].push(row[k]);
    }
    return out;
  }

  // The text of a number in a result element: String(x) is the shortest representation
  // that reads back as the same double (as Python's repr); non-finite numbers as
  // `simulate --json` writes them ("inf", "-inf", "nan").
  function format(x) {
    if (Number.isInteger(x) && Object.is(x, -0)) return "-0";
    if (finite(x)) return String(x);
    if (x !== x) return "nan";
    return x > 0 ? "inf" : "-inf";
  }

  return {REGIMES: REGIMES, initialState: initialState, runCell: runCell,
          refusal: refusal, simulate: simulate, phaseGrid: phaseGrid, format: format};
})();

if (typeof module !== "undefined") module.exports = NQM;
