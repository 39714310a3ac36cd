// Reads the per-scenario results the conformance suite saved (`-o DIR`) and the expected-failures
// file, and prints one line per scenario:
//   ok conformance: SCENARIO                       every check passed
//   xfail conformance: SCENARIO (listed: REASON)   it fails and the file lists it
//   skip conformance: SCENARIO                     the suite reported no check at all (counts neither way)
//   FAIL conformance: SCENARIO: ...                it fails and is not listed, it passes but is
//                                                  listed, it was listed but never ran, or it ran no check
// Exits non-zero on any FAIL line.
//
//   node conformance-report.mjs --results DIR --expected FILE --scenarios a,b,c
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import YAML from "yaml";

const { values: opts } = parseArgs({
  options: { results: { type: "string" }, expected: { type: "string" }, scenarios: { type: "string" } },
});
const expectedText = fs.readFileSync(opts.expected, "utf8");
const expected = new Set((YAML.parse(expectedText)?.server ?? []).map(String));
const reasons = new Map();
for (const line of expectedText.split("\n")) {
  const m = line.match(/^\s*-\s*([\w-]+)\s*#\s*(.*)$/);
  if (m) reasons.set(m[1], m[2].trim());
}
const scenarios = opts.scenarios.split(",").filter(Boolean);
let failed = 0;
const say = (line) => { if (line.startsWith("FAIL")) failed++; console.log(line); };

// The suite names a result folder server-SCENARIO-TIMESTAMP; the newest one per scenario counts.
const dirs = fs.readdirSync(opts.results).sort();
const resultOf = (s) => dirs.filter((d) => d.startsWith(`server-${s}-2`)).pop();

for (const s of scenarios) {
  const dir = resultOf(s);
  if (!dir) { say(`FAIL conformance: ${s}: no result (the scenario did not run)`); continue; }
  const checks = JSON.parse(fs.readFileSync(path.join(opts.results, dir, "checks.json"), "utf8"));
  const bad = checks.filter((c) => c.status === "FAILURE" || c.status === "WARNING");
  const good = checks.filter((c) => c.status === "SUCCESS");
  const why = bad.map((c) => `${c.id}: ${c.errorMessage ?? c.details?.message ?? c.status}`).join("; ").replace(/\s+/g, " ").slice(0, 300);
  if (bad.length && expected.has(s)) say(`xfail conformance: ${s} (listed: ${reasons.get(s) ?? "no reason given"}; suite says ${why})`);
  else if (bad.length) say(`FAIL conformance: ${s}: ${why}`);
  else if (expected.has(s)) say(`FAIL conformance: ${s}: passes (${good.length} checks) but is listed in ${path.basename(opts.expected)}; remove it`);
  else if (good.length === 0) say(`skip conformance: ${s} (the suite ran no check: it needs a fixture tool the gateway lacks)`);
  else say(`ok conformance: ${s} (${good.length} checks)`);
}
for (const s of expected) if (!scenarios.includes(s)) say(`FAIL conformance: ${s} is listed in ${path.basename(opts.expected)} but is not a server scenario of the suite`);
process.exit(failed ? 1 : 0);
