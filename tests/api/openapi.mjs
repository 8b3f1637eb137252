// tests/api/openapi.mjs: the API's OpenAPI document (planner/server/openapi.json)
// is a valid OpenAPI 3 document, checked by an independent validator
// (@seriousme/openapi-schema-validator, npm: the official JSON schemas of
// OpenAPI, every $ref resolved), and says what the server does:
//  - every {name} in a path is a declared path parameter of each of its
//    operations, and every declared path parameter is in the path;
//  - every operation answers a 405 and, when it has a query or a body, a 400;
//    every error answer is the Error schema the server writes;
//  - the writes (and only they) need the bearer token, and answer 401 and 403.
// That its routes are the server's own is checked against a running server
// by tests/api/api.mjs. Environment: PC_SOURCE_DIR (the source tree).
//   PC_SOURCE_DIR=. node tests/api/openapi.mjs
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const SRC = path.resolve(process.env.PC_SOURCE_DIR || '.');
const FILE = path.join(SRC, 'planner/server/openapi.json');
const PKG = path.join(SRC, 'planner/server/web/node_modules/@seriousme/openapi-schema-validator/index.js');
const WRITES = new Set(['POST /api/v1/runs', 'PUT /api/v1/scenarios/{name}']);
let checks = 0;

function ok(cond, msg) {
  if (!cond) {
    console.log(`not ok ${checks + 1} - ${msg}`);
    process.exit(1);
  }
  checks++;
  console.log(`ok ${checks} - ${msg}`);
}

if (!fs.existsSync(PKG)) {
  console.log(`not ok 1 - ${PKG} is missing (npm ci in planner/server/web: make deps)`);
  process.exit(1);
}
const { Validator } = await import(pathToFileURL(PKG));
const text = fs.readFileSync(FILE, 'utf8');
const doc = JSON.parse(text);
const v = new Validator();
const res = await v.validate(doc);
ok(res.valid, `${FILE} is valid OpenAPI ${doc.openapi}` +
   (res.valid ? '' : `: ${JSON.stringify(res.errors).slice(0, 800)}`));
ok(/^3\./.test(doc.openapi), 'it is OpenAPI 3');

// the validator must fail a broken document, or its "valid" means nothing
const broken = JSON.parse(text);
broken.paths['/api/v1/info'].get.responses['200'] = { $ref: '#/components/responses/Nope' };
ok(!(await new Validator().validate(broken)).valid, 'a dangling $ref is caught by the validator');

const errSchema = '#/components/schemas/Error';
const comp = doc.components;
ok(comp.schemas.Error.properties.error.required.join() === 'status,message',
   'the Error schema is {"error": {"status", "message"}}');
for (const [name, r] of Object.entries(comp.responses))
  ok(r.content['application/json'].schema.$ref === errSchema, `response ${name} is an Error`);

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
let nops = 0;
for (const [p, item] of Object.entries(doc.paths)) {
  ok(p.startsWith('/api/v1/'), `${p} is under /api/v1/`);
  const inPath = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
  for (const m of Object.keys(item)) {
    ok(METHODS.includes(m), `${p}: ${m} is an HTTP method`);
    const op = item[m], id = `${m.toUpperCase()} ${p}`;
    const params = op.parameters || [];
    const declared = params.filter((x) => x.in === 'path').map((x) => x.name).sort();
    ok(declared.join() === inPath.join(),
       `${id}: path parameters [${declared}] are the path's [${inPath}]`);
    const names = params.map((x) => `${x.in}:${x.name}`);
    ok(new Set(names).size === names.length, `${id}: no parameter twice`);
    const codes = Object.keys(op.responses);
    ok(codes.some((c) => /^2/.test(c)), `${id}: a 2xx answer`);
    ok(codes.includes('405'), `${id}: a 405 answer`);
    if (params.some((x) => x.in === 'query') || op.requestBody)
      ok(codes.includes('400'), `${id}: takes input, so a 400 answer`);
    if (op.requestBody)
      ok(codes.includes('413'), `${id}: takes a body, so a 413 answer`);
    const write = WRITES.has(id);
    ok(!!op.security === write && (!write || (codes.includes('401') && codes.includes('403'))),
       `${id}: ${write ? 'needs the token (401, 403)' : 'is open'}`);
    nops++;
  }
}
ok(nops >= 30, `${nops} operations described`);
console.log(`1..${checks}`);
