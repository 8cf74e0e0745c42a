// Validates CycloneDX BOMs against the official CycloneDX JSON schema (the
// 1.6 schema in tests/schema/cyclonedx/, with the SPDX and JSF schemas it
// references) with Ajv, then applies the checks the CycloneDX specification
// states in prose but the schema cannot express.
//
// usage: node validate-cbom.mjs --schema BOM.schema.json [--ref SCHEMA]...
//                               FILE...
// Prints every problem as "FILE: PATH: MESSAGE"; exits 1 if there was any,
// 2 on a usage error.

import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const Ajv2020 = require("ajv/dist/2020").default;
const Ajv07 = require("ajv").default;
const addFormats = require("ajv-formats").default;
const { fullFormats } = require("ajv-formats/dist/formats");

function usage(msg) {
  process.stderr.write(`validate-cbom: ${msg}\n`);
  process.stderr.write(
    "usage: validate-cbom.mjs --schema SCHEMA [--ref SCHEMA]... FILE...\n");
  process.exit(2);
}

let schemaPath;
const refPaths = [];
const files = [];
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--schema" || args[i] === "--ref") {
    if (i + 1 >= args.length) usage(`${args[i]} needs a file`);
    if (args[i] === "--schema") schemaPath = args[++i];
    else refPaths.push(args[++i]);
  } else {
    files.push(args[i]);
  }
}
if (!schemaPath) usage("missing --schema");
if (files.length === 0) usage("no BOM file given");

const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));
const schema = readJson(schemaPath);
// CycloneDX 1.2-1.6 declare draft-07; pick the Ajv flavour the file names.
const is2020 = String(schema.$schema || "").includes("2020-12");
const ajv = new (is2020 ? Ajv2020 : Ajv07)({
  allErrors: true,
  strict: false,
  validateFormats: true,
});
addFormats(ajv);

// Formats CycloneDX uses that ajv-formats does not define. An IRI is a URI
// that may hold non-ASCII characters (RFC 3987): percent-encode those, then
// apply the URI-reference grammar. An internationalised address (RFC 6531)
// allows UTF-8 wherever ASCII letters are allowed.
const uriReference = fullFormats["uri-reference"];
const email = fullFormats.email;
ajv.addFormat("iri-reference", (s) =>
  uriReference.test(s.replace(/[^\x00-\x7f]/gu, (c) => encodeURIComponent(c))));
ajv.addFormat("idn-email", (s) => email.test(s.replace(/[^\x00-\x7f]/gu, "a")));

// The referenced schemas are registered by their $id and, when the main
// schema refers to them by another file name (the CycloneDX library's
// "*.SNAPSHOT.schema.json" copies), under that name resolved against the
// main schema's $id too, so that every $ref resolves offline.
const externalRefs = new Set();
(function collect(node) {
  if (Array.isArray(node)) return node.forEach(collect);
  if (!node || typeof node !== "object") return;
  const ref = node.$ref;
  if (typeof ref === "string" && !ref.startsWith("#"))
    externalRefs.add(new URL(ref.split("#")[0], schema.$id).href);
  Object.values(node).forEach(collect);
})(schema);
for (const path of refPaths) {
  const ref = readJson(path);
  if (!ref.$id) usage(`${path} has no $id`);
  ajv.addSchema(ref);
  for (const url of externalRefs)
    if (url !== ref.$id && basename(new URL(url).pathname) === basename(path))
      ajv.addSchema(ref, url);
}
const validate = ajv.compile(schema);

// What the specification requires beyond the schema, and what a report of
// this project must keep (relative paths, reproducible serial numbers).
function cycloneDxChecks(bom) {
  const problems = [];
  const add = (path, message) => problems.push({ path, message });
  const refs = new Map();
  (function walk(node, path) {
    if (Array.isArray(node))
      return node.forEach((v, i) => walk(v, `${path}/${i}`));
    if (!node || typeof node !== "object") return;
    const ref = node["bom-ref"];
    if (typeof ref === "string") {
      if (refs.has(ref))
        add(path, `bom-ref '${ref}' is not unique (also at ${refs.get(ref)})`);
      else refs.set(ref, path);
    }
    for (const [k, v] of Object.entries(node)) walk(v, `${path}/${k}`);
  })(bom, "");

  const serial = bom.serialNumber;
  if (serial !== undefined &&
      !/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-/
        .test(serial))
    add("/serialNumber", `'${serial}' is not an RFC 4122 UUID (version, variant)`);

  (bom.components || []).forEach((c, i) => {
    const path = `/components/${i}`;
    if (c.type === "cryptographic-asset" && !c.cryptoProperties)
      add(path, "cryptographic-asset without cryptoProperties");
    const occurrences = (c.evidence && c.evidence.occurrences) || [];
    occurrences.forEach((o, j) => {
      if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(o.location) ||
          o.location.startsWith("/"))
        add(`${path}/evidence/occurrences/${j}`,
            `location '${o.location}' is absolute; it must be relative`);
    });
  });
  for (const dep of bom.dependencies || [])
    for (const ref of [dep.ref, ...(dep.dependsOn || []), ...(dep.provides || [])])
      if (!refs.has(ref)) add("/dependencies", `'${ref}' names no bom-ref`);
  return problems;
}

// The SPDX licence enum has hundreds of values: name a few, not all.
function brief(params) {
  const text = JSON.stringify(params);
  return text.length <= 300 ? text : `${text.slice(0, 300)}...`;
}

let failed = 0;
for (const file of files) {
  let bom;
  try {
    bom = readJson(file);
  } catch (e) {
    process.stdout.write(`${file}: cannot read JSON: ${e.message}\n`);
    failed++;
    continue;
  }
  const problems = [];
  if (!validate(bom))
    for (const e of validate.errors)
      problems.push({
        path: e.instancePath || "/",
        message: `${e.message} ${brief(e.params)} (schema ${e.schemaPath})`,
      });
  problems.push(...cycloneDxChecks(bom));
  for (const p of problems)
    process.stdout.write(`${file}: ${p.path}: ${p.message}\n`);
  process.stdout.write(`${file}: ${problems.length} error(s)\n`);
  if (problems.length) failed++;
}
process.exit(failed ? 1 : 0);
