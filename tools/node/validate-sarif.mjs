// Validates SARIF logs against a JSON schema (the official SARIF 2.1.0
// schema in tests/schema/) with Ajv, then applies a few checks that GitHub
// code scanning relies on but the schema cannot express.
//
// usage: node validate-sarif.mjs --schema SCHEMA.json FILE...
// Prints every problem as "FILE: PATH: MESSAGE"; exits 1 if there was any,
// 2 on a usage error.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const Ajv2020 = require("ajv/dist/2020").default;
const Ajv07 = require("ajv").default;
const addFormats = require("ajv-formats").default;

function usage(msg) {
  process.stderr.write(`validate-sarif: ${msg}\n`);
  process.stderr.write("usage: validate-sarif.mjs --schema SCHEMA FILE...\n");
  process.exit(2);
}

const args = process.argv.slice(2);
const at = args.indexOf("--schema");
if (at < 0 || at + 1 >= args.length) usage("missing --schema");
const schemaPath = args[at + 1];
const files = args.filter((_, i) => i !== at && i !== at + 1);
if (files.length === 0) usage("no SARIF file given");

const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
// The schema names its own draft; the SARIF schemas in circulation use
// draft-04/07 ("definitions") or declare 2020-12 with the same layout.
const is2020 = String(schema.$schema || "").includes("2020-12");
const ajv = new (is2020 ? Ajv2020 : Ajv07)({
  allErrors: true,
  strict: false,
  validateFormats: true,
});
addFormats(ajv);
const validate = ajv.compile(schema);

// Checks for GitHub code scanning that the schema leaves open.
function githubChecks(log) {
  const problems = [];
  const add = (path, message) => problems.push({ path, message });
  (log.runs || []).forEach((run, r) => {
    const driver = (run.tool && run.tool.driver) || {};
    const rules = driver.rules || [];
    rules.forEach((rule, i) => {
      const sev = rule.properties && rule.properties["security-severity"];
      if (sev !== undefined) {
        const n = Number(sev);
        if (typeof sev !== "string" || !(n >= 0 && n <= 10))
          add(`/runs/${r}/tool/driver/rules/${i}`,
              "security-severity must be a string holding a number in 0..10");
      }
    });
    const checkLocation = (loc, path) => {
      if (!loc || !loc.region || !(loc.region.startLine >= 1))
        add(path, "location has no region.startLine (GitHub GH1003)");
      const uri = loc && loc.artifactLocation && loc.artifactLocation.uri;
      if (uri === undefined) return;
      if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(uri) || uri.startsWith("/"))
        add(path, `artifact uri '${uri}' is absolute; it must be relative`);
      if (loc.artifactLocation.uriBaseId !== "%SRCROOT%")
        add(path, "artifact uri must be relative to uriBaseId %SRCROOT%");
    };
    (run.results || []).forEach((res, i) => {
      const path = `/runs/${r}/results/${i}`;
      const idx = res.ruleIndex;
      if (idx !== undefined && (!rules[idx] || rules[idx].id !== res.ruleId))
        add(path, `ruleIndex ${idx} does not name rule '${res.ruleId}'`);
      if (!rules.some((rule) => rule.id === res.ruleId))
        add(path, `ruleId '${res.ruleId}' is not in tool.driver.rules`);
      const locs = res.locations || [];
      if (locs.length === 0) add(path, "result has no location");
      locs.forEach((loc, j) =>
        checkLocation(loc.physicalLocation, `${path}/locations/${j}`));
      (res.relatedLocations || []).forEach((loc, j) =>
        checkLocation(loc.physicalLocation, `${path}/relatedLocations/${j}`));
      if (!res.partialFingerprints ||
          Object.keys(res.partialFingerprints).length === 0)
        add(path, "result has no partialFingerprints");
    });
    const base = run.originalUriBaseIds && run.originalUriBaseIds["%SRCROOT%"];
    if (base && base.uri !== undefined && base.uri.startsWith("file:"))
      add(`/runs/${r}/originalUriBaseIds`, "leaks an absolute file uri");
  });
  return problems;
}

let failed = 0;
for (const file of files) {
  let log;
  try {
    log = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    process.stdout.write(`${file}: cannot read JSON: ${e.message}\n`);
    failed++;
    continue;
  }
  const problems = [];
  if (!validate(log))
    for (const e of validate.errors)
      problems.push({
        path: e.instancePath || "/",
        message: `${e.message} ${JSON.stringify(e.params)} (schema ${e.schemaPath})`,
      });
  problems.push(...githubChecks(log));
  for (const p of problems)
    process.stdout.write(`${file}: ${p.path}: ${p.message}\n`);
  process.stdout.write(`${file}: ${problems.length} error(s)\n`);
  if (problems.length) failed++;
}
process.exit(failed ? 1 : 0);
