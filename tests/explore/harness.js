// Node.js harness of the explorer tests: load the page's map.js and core.js (the files of
// the built folder, unchanged) and run them on the inputs of a JSON file.
//   node harness.js DIR simulate CASES.json  -> results as text, NQM.format (as the page)
//   node harness.js DIR orbit CASES.json     -> the states of every step, as hex doubles
//   node harness.js DIR phase                -> the phase diagram of data.js, recomputed
//   node harness.js DIR cell CASES.json      -> NQM.runCell on given states [x, s, steps]
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [dir, mode, casesFile] = process.argv.slice(2);
for (const name of ["map.js", "core.js", "data.js"]) {
  vm.runInThisContext(fs.readFileSync(path.join(dir, name), "utf8"), {filename: name});
}
const D = NQM_DATA;
const opts = (steps, record) => ({steps: steps, tol: D.loss_tol, overflow: D.overflow,
                                  record: record});
const hex = (x) => { const b = Buffer.alloc(8); b.writeDoubleLE(x); return b.toString("hex"); };
let out;
if (mode === "phase") {
  out = NQM.phaseGrid(step, D.phase.eta_lam0, D.phase.width, D.phase,
                      {steps: D.phase.steps, tol: D.loss_tol, overflow: D.overflow});
  out.peak_loss = out.peak_loss.map((row) => row.map(NQM.format));
} else if (mode === "cell") {
  out = JSON.parse(fs.readFileSync(casesFile, "utf8")).map(([x, s, steps]) => {
    const r = NQM.runCell(step, x.map(Number), [], Number(s), D.loss_tol, D.overflow,
                          steps, null);
    return [r[0], r[1], NQM.format(r[2]), r[3], NQM.format(r[4])];
  });
} else {
  const cases = JSON.parse(fs.readFileSync(casesFile, "utf8"));
  out = cases.map((c) => {
    const q = {lam0: 1};
    for (const k of ["eta_lam0", "width", "g0", "y", "x2d"]) q[k] = Number(c[k]);
    const steps = c.steps === undefined ? D.steps : Number(c.steps);
    const r = NQM.simulate(step, q, opts(steps, mode === "orbit"));
    if (r.refused !== null) return {refused: r.refused};
    if (mode === "orbit") return r.traj.map((x) => x.map(hex).join(""));
    const res = {};
    for (const k of ["regime", "steps", "peak_step", "peak_loss", "final_kernel",
                     "initial_loss", "final_loss"]) {
      res[k] = typeof r[k] === "number" ? NQM.format(r[k]) : r[k];
    }
    return res;
  });
}
process.stdout.write(JSON.stringify(out));
