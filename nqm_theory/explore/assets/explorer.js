// nqm_theory explorer: inputs, results and plots.  The numbers come from NQM.simulate
// (core.js) around the printed map `step` (map.js); this file only reads inputs and draws.
"use strict";

(function () {
  const D = NQM_DATA;
  const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
  const NAMES = ["eta_lam0", "width", "g0", "y", "x2d", "steps"];
  const RULES = {eta_lam0: "> 0", width: "> 0", g0: "", y: "", x2d: "> 0",
                 steps: "integer"};
  const LOG = {width: true, x2d: true};
  const COLORS = ["#3b6fb6", "#e08a1e", "#c53030", "#9a9a9a"];
  const $ = (id) => document.getElementById(id);
  let phase = D.phase;
  let phaseDrawn = null;   // the phase data last drawn (the heatmap is redrawn only for new data)
  let queryErrors = [];

  // {value} or {error}: the text must be a plain decimal number meeting the field's rule.
  function parseField(name, text) {
    const t = String(text).trim();
    const x = NUMBER.test(t) ? Number(t) : NaN;
    const rule = RULES[name];
    let ok = Number.isFinite(x);
    if (rule === "> 0") ok = ok && x > 0;
    if (rule === "integer") ok = ok && Number.isInteger(x) && x >= 1 && x <= D.max_steps;
    if (ok) return {value: x};
    const want = rule === "integer" ? "an integer in [1, " + D.max_steps + "]" :
      "a finite number" + (rule ? " " + rule : "");
    return {error: "`" + name + "` must be " + want + ", got '" + t + "'"};
  }

  function showMessage(lines) {
    const box = $("message");
    box.textContent = lines.join("\n");
    box.hidden = lines.length === 0;
  }

  function sliderText(name, pos) {
    const x = LOG[name] ? Math.pow(10, Number(pos)) : Number(pos);
    return String(Number(x.toPrecision(LOG[name] ? 4 : 6)));
  }

  function setField(name, text) {
    $("in-" + name).value = text;
    const slider = $("slider-" + name);
    const p = parseField(name, text);
    if (slider && p.value !== undefined) slider.value = LOG[name] ? Math.log10(p.value) : p.value;
  }

  function setResults(res) {
    const keys = {"regime": "regime", "peak-loss": "peak_loss", "peak-step": "peak_step",
                  "final-kernel": "final_kernel", "steps": "steps",
                  "initial-loss": "initial_loss", "final-loss": "final_loss"};
    for (const id in keys) {
      const val = res === null ? "\u2014" : res[keys[id]];
      $(id).textContent = typeof val === "number" ? NQM.format(val) : val;
    }
    $("regime-message").textContent = res === null ? "" : D.messages[res.regime];
  }

  function compute() {
    const q = {lam0: D.lam0}, errors = [];
    for (const name of NAMES) {
      const p = parseField(name, $("in-" + name).value);
      $("in-" + name).classList.toggle("invalid", p.error !== undefined);
      if (p.error !== undefined) errors.push(p.error);
      else q[name] = p.value;
    }
    document.body.dataset.run = String(Number(document.body.dataset.run) + 1);
    const params = new URLSearchParams();
    for (const name of NAMES) params.set(name, $("in-" + name).value.trim());
    $("permalink").href = "?" + params.toString();
    if (errors.length) {
      showMessage(queryErrors.concat(errors));
      setResults(null);
      document.body.dataset.state = "invalid";
      return;
    }
    const res = NQM.simulate(step, q, {steps: q.steps, tol: D.loss_tol,
                                       overflow: D.overflow, record: true});
    if (res.refused !== null) {
      showMessage(queryErrors.concat([res.refused + "; use `nqm-theory simulate " +
                                      "--precision mpN` for this input"]));
      setResults(null);
      document.body.dataset.state = "refused";
      return;
    }
    showMessage(queryErrors);
    setResults(res);
    const note = $("note");
    note.hidden = res.realizable;
    note.textContent = res.realizable ? "" : "note: no network has this (g0, \u03bb0): " +
      "4 c g0\u00b2 > \u03bb0\u00b2; the run describes the map, not a network";
    try {
      drawRun(res);
      drawPhase(q);
      document.body.dataset.plots = "drawn";
    } catch (e) {
      document.body.dataset.plots = "error: " + e;
    }
    document.body.dataset.state = "done";
  }

  // Input events arriving while a run is drawn (slider drags) are merged into one run;
  // body[data-pending] is "1" from the event to the end of that run.
  let pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    document.body.dataset.pending = "1";
    setTimeout(() => {
      pending = false;
      compute();
      document.body.dataset.pending = pending ? "1" : "0";
    }, 0);
  }

  // At most ~4000 points per curve (the reported numbers use every step), keeping the peak.
  function sample(n, peak) {
    const stride = Math.max(1, Math.ceil(n / 4000));
    const idx = [];
    for (let t = 0; t < n; t += stride) idx.push(t);
    if (idx[idx.length - 1] !== n - 1) idx.push(n - 1);
    if (!idx.includes(peak)) idx.push(peak);
    return idx.sort((a, b) => a - b);
  }

  const LAYOUT = {margin: {l: 60, r: 20, t: 36, b: 40}, height: 300,
                  font: {size: 11}, legend: {orientation: "h", y: -0.2}};
  const title = (text) => ({text: text, x: 0.02, xanchor: "left"});
  const CONFIG = {displaylogo: false, responsive: true};

  function drawRun(res) {
    const idx = sample(res.traj.length, res.peak_step);
    const tt = idx, st = idx.map((t) => res.traj[t]);
    const loss = st.map((x) => x[0] * res.scale);
    Plotly.react("plot-loss", [
      {x: tt, y: loss, mode: "lines", name: "loss", line: {color: COLORS[0]}},
      {x: [res.peak_step], y: [res.peak_loss], mode: "markers", name: "peak",
       marker: {color: COLORS[2], size: 8}}],
      Object.assign({}, LAYOUT, {title: title("loss \u00bd(g \u2212 y)\u00b2"),
                    xaxis: {title: {text: "step t"}}, yaxis: {type: "log",
                    exponentformat: "power"}}), CONFIG);
    Plotly.react("plot-kernel", [
      {x: tt, y: st.map((x) => x[1]), mode: "lines", name: "\u03b7\u03bb(t) = v",
       line: {color: COLORS[1]}}],
      Object.assign({}, LAYOUT, {title: title("\u03b7\u03bb(t) (stable below 2)"),
                    xaxis: {title: {text: "step t"}}, shapes: [{type: "line", xref: "paper",
                    x0: 0, x1: 1, y0: 2, y1: 2, line: {dash: "dash", color: "#777"}}]}),
      CONFIG);
    Plotly.react("plot-uvw", [
      {x: tt, y: st.map((x) => x[0]), mode: "lines", name: "u = c\u03b7\u00b2r\u00b2",
       line: {color: COLORS[0]}},
      {x: tt, y: st.map((x) => Math.abs(x[2])), mode: "lines", name: "|w| = |c\u03b7\u00b2ry|",
       line: {color: COLORS[2]}},
      {x: tt, y: st.map((x) => x[1]), mode: "lines", name: "v = \u03b7\u03bb (right axis)",
       yaxis: "y2", line: {color: COLORS[1]}}],
      Object.assign({}, LAYOUT, {title: title("(u, v, w) of the exact map"),
                    xaxis: {title: {text: "step t"}},
                    yaxis: {type: "log", exponentformat: "power", title: {text: "u, |w|"}},
                    yaxis2: {overlaying: "y", side: "right", title: {text: "v"}},
                    margin: {l: 60, r: 50, t: 36, b: 40}}), CONFIG);
  }

  function drawPhase(q) {
    if (phaseDrawn === phase) {   // same diagram: move the marker only
      Plotly.restyle("plot-phase", {x: [[q.eta_lam0]], y: [[q.width]]}, [1]);
      return;
    }
    phaseDrawn = phase;
    const n1 = phase.eta_lam0.length, n2 = phase.width.length;
    const z = [], text = [];
    for (let j = 0; j < n2; j++) {
      z.push([]); text.push([]);
      for (let i = 0; i < n1; i++) {
        z[j].push(phase.regime[i][j]);
        text[j].push(D.regimes[phase.regime[i][j]] + ", peak loss " +
                     (typeof phase.peak_loss[i][j] === "string" ? phase.peak_loss[i][j] :
                      NQM.format(phase.peak_loss[i][j])));
      }
    }
    const scale = [];
    COLORS.forEach((c, k) => { scale.push([k / 4, c], [(k + 1) / 4, c]); });
    Plotly.react("plot-phase", [
      {type: "heatmap", x: phase.eta_lam0, y: phase.width, z: z, text: text, zmin: -0.5,
       zmax: 3.5, colorscale: scale, hovertemplate: "\u03b7\u03bb0 = %{x}<br>m = %{y}<br>" +
       "%{text}<extra></extra>", colorbar: {tickvals: [0, 1, 2, 3], ticktext: D.regimes}},
      {x: [q.eta_lam0], y: [q.width], mode: "markers", hoverinfo: "skip", name: "this run",
       marker: {symbol: "x", size: 12, color: "#000"}}],
      Object.assign({}, LAYOUT, {height: 460, showlegend: false,
                    title: title("regime over \u03b7\u03bb0 x width"),
                    xaxis: {title: {text: "\u03b7\u03bb0"}},
                    yaxis: {type: "log", title: {text: "width m"}, exponentformat: "power"}}),
      CONFIG);
    const el = $("plot-phase");
    if (!el.dataset.bound) {
      el.dataset.bound = "1";
      el.on("plotly_click", (ev) => {
        const pt = ev.points.find((p) => p.curveNumber === 0);
        if (pt) loadCell(pt.pointNumber[1], pt.pointNumber[0]);
      });
    }
  }

  function loadCell(i, j) {
    setField("eta_lam0", String(phase.eta_lam0[i]));
    setField("width", String(phase.width[j]));
    for (const k of ["g0", "y", "x2d"]) setField(k, String(phase[k]));
    compute();
  }

  function recomputePhase() {
    const q = {};
    for (const k of ["g0", "y", "x2d"]) {
      const p = parseField(k, $("in-" + k).value);
      if (p.error !== undefined) { showMessage([p.error]); return; }
      q[k] = p.value;
    }
    const g = NQM.phaseGrid(step, phase.eta_lam0, phase.width,
                            {lam0: D.lam0, g0: q.g0, y: q.y, x2d: q.x2d},
                            {steps: D.phase.steps, tol: D.loss_tol, overflow: D.overflow});
    phase = {eta_lam0: phase.eta_lam0, width: phase.width, g0: q.g0, y: q.y, x2d: q.x2d,
             steps: D.phase.steps, regime: g.regime, peak_loss: g.peak_loss};
    $("phase-setting").textContent = "Computed in this page (core.js, float64): g0 = " +
      q.g0 + ", y = " + q.y + ", |x|^2/d = " + q.x2d + ", \u03bb0 = 1, " + D.phase.steps +
      " steps per cell.";
    compute();
  }

  function init() {
    $("loss-tol").textContent = String(D.loss_tol);
    $("overflow").textContent = String(D.overflow);
    const w = $("slider-width");
    w.min = String(Math.log10(D.width_range[0]));
    w.max = String(Math.log10(D.width_range[1]));
    const start = Object.assign({}, D.defaults, {steps: D.steps});
    for (const name of NAMES) setField(name, String(start[name]));
    const query = new URLSearchParams(window.location.search);
    for (const [key, raw] of query) {
      const text = raw.replace(/ /g, "+");  // an unescaped "+" (1e+6) arrives as a space
      if (!NAMES.includes(key)) {
        queryErrors.push("unknown query parameter `" + key + "` ignored");
        continue;
      }
      const p = parseField(key, text);
      if (p.error !== undefined) {
        queryErrors.push("query parameter " + p.error + "; kept the default " +
                         String(start[key]));
      } else {
        setField(key, text.trim());
      }
    }
    for (const name of NAMES) {
      $("in-" + name).addEventListener("input", schedule);
      const slider = $("slider-" + name);
      if (slider) {
        slider.addEventListener("input", () => {
          $("in-" + name).value = sliderText(name, slider.value);
          schedule();
        });
      }
    }
    $("recompute-phase").addEventListener("click", recomputePhase);
    compute();
  }

  init();
})();
