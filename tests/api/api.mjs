// tests/api/api.mjs: the JSON API of `pcplan serve` against a real server on
// a loopback port (issue 17). Nothing is mocked: one store is built from the
// bundled dataset; the CLI's answers are taken first (its runs stored); then
// two servers start: A, read only, with --body-max 4096 --draws-max 50, on
// that store, and B, with --token-file, on a copy of it. Checks:
//  1. every route GET /api/v1/ lists is requested with a valid request and
//     answers 2xx with JSON (GeoJSON in WGS84 within England; HTML or
//     Markdown for the letter and the place page); a route of the list no
//     request exercises fails the test (ROUTES below says which does which);
//  2. the answers equal the result of the CLI's --json (and --letter,
//     report) byte for byte;
//  3. the errors: 400 (naming the field), 401, 403, 404, 405 (with Allow),
//     413 (over --body-max, and over the default 1 MiB), 422 (draws over
//     --draws-max, capital.time_limit_s over 60); each body is
//     {"error": {"status", "message"}} with the HTTP status;
//  4. the token rule: writes without or with a wrong token are 401, with
//     the token 201 with a Location that reads back; reads need no token;
//  5. the security headers on every response, the JSON content types;
//  6. /api/v1/openapi.json is OpenAPI 3.x and names exactly the routes of
//     GET /api/v1/ (last, so that the rest is checked when it is missing).
// Environment: PCPLAN, PC_SOURCE_DIR, WORK (see server.mjs). Exits 1 naming
// the first check that failed; every wait is bounded.
//   PCPLAN=build/pcplan PC_SOURCE_DIR=. WORK=build/tests/api node tests/api/api.mjs

import fs from 'node:fs';
import path from 'node:path';
import {
  DATA, WORK, buildStore, cliResult, fail, ok, pcplan, rawRequest, request, runTest, sanitizerReport,
  startServer,
} from './server.mjs';

const API = '/api/v1/';
const TOKEN = 'api-test-token-0123456789abcdef';
const KH = 'CW-KH';
const AT = { lon: -1.52, lat: 52.40 };           // a new site, Coventry
const NEAR = { lon: -1.5106, lat: 52.4081 };
const BOUNDARY = { type: 'Polygon', coordinates: [[[-1.53, 52.39], [-1.52, 52.39],
  [-1.52, 52.40], [-1.53, 52.40], [-1.53, 52.39]]] };
const S08 = { delivery: { factor: 0.8 } };      // a posted scenario
const S09 = { delivery: { factor: 0.9 } };      // the run B stores
const ENGLAND = { lon: [-6.5, 2.0], lat: [49.8, 55.9] };
const WAIT = 120000;                             // one answer, also under ASan

const srv = {};      // A and B
const cli = {};      // the CLI's answers, by name
const covered = new Map(); // "METHOD /api/v1/pattern" -> the request that did it
let responses = 0;

/* One request; every answer is checked for the security headers. A page
 * of ours (the letter, a place page: text/html) may be framed by our own
 * page, so its frame-ancestors is 'self'; everything else 'none'. */
async function call(s, method, url, opts = {}) {
  // a big body goes by hand: the server may answer 413 and close before
  // it has read it, which node's client reports as an error
  const big = opts.body !== undefined && opts.body.length > 65536;
  const r = await (big ? rawRequest : request)(srv[s].origin, method, url, { timeout: WAIT, ...opts });
  const csp = r.headers['content-security-policy'] || '';
  const page = /^text\/html/.test(r.headers['content-type'] || '') && url.startsWith(API);
  const fa = page ? "frame-ancestors 'self'" : "frame-ancestors 'none'";
  if (!csp.includes(fa))
    fail(`${method} ${url}: Content-Security-Policy "${csp}" lacks ${fa}`);
  if (r.headers['x-content-type-options'] !== 'nosniff')
    fail(`${method} ${url}: X-Content-Type-Options is "${r.headers['x-content-type-options']}", not nosniff`);
  responses++;
  return r;
}

function json(r, what) {
  if (!/^application\/(geo\+)?json$/.test(r.headers['content-type'] || ''))
    fail(`${what}: content type "${r.headers['content-type']}" (expected application/json)`);
  if (r.utf8 === false) fail(`${what}: the body is not UTF-8: ${r.body.slice(0, 200)}`);
  try {
    return JSON.parse(r.body);
  } catch (e) {
    fail(`${what}: the body is not JSON (${e.message}): ${r.body.slice(0, 200)}`);
  }
}

/* Every position of a geometry, recursively. */
function positions(c, out = []) {
  if (typeof c[0] === 'number') out.push(c);
  else for (const x of c) positions(x, out);
  return out;
}

function checkGeoJSON(r, what) {
  if (r.headers['content-type'] !== 'application/geo+json')
    fail(`${what}: content type "${r.headers['content-type']}" (expected application/geo+json)`);
  const fc = json(r, what);
  if (fc.type !== 'FeatureCollection' || !Array.isArray(fc.features) || !fc.features.length)
    fail(`${what}: not a FeatureCollection with features`);
  let n = 0;
  for (const f of fc.features) {
    if (f.type !== 'Feature' || !f.geometry) fail(`${what}: a feature without a geometry`);
    for (const [lon, lat] of positions(f.geometry.coordinates)) {
      if (!(lon >= ENGLAND.lon[0] && lon <= ENGLAND.lon[1] && lat >= ENGLAND.lat[0] && lat <= ENGLAND.lat[1]))
        fail(`${what}: position ${lon},${lat} is not WGS84 lon/lat in England`);
      n++;
    }
  }
  return `${fc.features.length} features, ${n} positions in England`;
}

/* The answer's body against the CLI's, byte for byte. */
function same(r, name, what) {
  if (r.body === cli[name]) return `= the CLI's ${name} byte for byte`;
  const a = r.body, b = cli[name];
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  fail(`${what}: differs from the CLI's ${name} at byte ${i} (server ${a.length} bytes, CLI ${b.length}):\n` +
    `  server: ${JSON.stringify(a.slice(Math.max(0, i - 60), i + 60))}\n` +
    `  CLI:    ${JSON.stringify(b.slice(Math.max(0, i - 60), i + 60))}`);
}

/* Records that a request exercised a route; its URL must match the route. */
function hit(method, pattern, url) {
  const re = new RegExp('^' + (API + pattern).replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/?]+') + '(\\?|$)');
  if (!re.test(url)) fail(`the table is wrong: ${url} is not ${API + pattern}`);
  if (!covered.has(`${method} ${API + pattern}`)) covered.set(`${method} ${API + pattern}`, `${method} ${url}`);
}

/* The CLI's answers, before any server starts (its runs are stored). */
function cliAnswers(db) {
  const run = (name, args) => {
    const text = pcplan(db, args);
    cli[name] = args.includes('--json') ? cliResult(text, args) : text;
  };
  const file = (name, obj) => {
    const f = path.join(WORK, name);
    fs.writeFileSync(f, JSON.stringify(obj));
    return f;
  };
  const s08 = file('api-s08.json', S08);
  const geo = file('api-boundary.geojson', BOUNDARY);
  run('info', ['info', '--json']);
  run('site', ['site', 'show', KH, '--json']);
  run('assess', ['site', 'assess', '--site', KH, '--json']);
  run('point', ['site', 'assess', '--at', `${AT.lon},${AT.lat}`, '--dwellings', '350', '--json']);
  run('boundary', ['site', 'assess', '--geojson', geo, '--dwellings', '200', '--json']);
  run('near', ['near', '--at', `${NEAR.lon},${NEAR.lat}`, '--json']);
  run('pcpoint', ['site', 'assess', '--postcode', 'cv1 2ab', '--dwellings', '350', '--json']);
  run('nearpc', ['near', '--postcode', 'CV12AB', '--json']);
  run('assumptions', ['assumptions', '--json']);
  run('cw-strategy', ['assumptions', '--preset', 'cw-strategy', '--json']);
  run('contributions', ['contributions', '--json']);
  run('prioritise', ['prioritise', '--json']);
  run('prioritise08', ['prioritise', '--scenario', s08, '--json']);
  run('run', ['run', '--json']);
  run('run08', ['run', '--scenario', s08, '--json']);
  run('slow', ['run', '--scenario', path.join(DATA, 'scenarios/slow-delivery.json'), '--json']);
  cli.id = JSON.parse(cli.run).run_id;
  cli.slowId = JSON.parse(cli.slow).run_id;
  run('compare', ['compare', '--json', cli.id, cli.slowId]);
  // the two programmes prioritise stored: compare takes programme ids too
  cli.pgId = JSON.parse(cli.prioritise).programme_id;
  cli.pg08Id = JSON.parse(cli.prioritise08).programme_id;
  run('compare-programmes', ['compare', '--json', cli.pgId, cli.pg08Id]);
  run('runs', ['runs', '--json']);
  const stem = path.join(WORK, 'api-letter');
  pcplan(db, ['site', 'assess', '--site', KH, '--letter', stem]);
  cli['letter.html'] = fs.readFileSync(stem + '.html', 'utf8');
  cli['letter.md'] = fs.readFileSync(stem + '.md', 'utf8');
  for (const [name, args] of [['report', []], ['report08', ['--scenario', s08]]]) {
    const dir = path.join(WORK, `api-${name}`);
    fs.rmSync(dir, { recursive: true, force: true });
    pcplan(db, ['report', '--place', 'Rugby', '--out', dir, ...args]);
    cli[name] = fs.readFileSync(path.join(dir, 'rugby.html'), 'utf8');
  }
}

/* 1, 2. Which request exercises which route, what it answers, and the
 * CLI's answer it must equal. kind: json, geojson, html, md. The writes
 * (POST runs, PUT scenarios/{name}) are exercised by checkTokens. */
const q = (o) => '?' + new URLSearchParams(o).toString();
const ROUTES = [
  ['GET', '', '', 'json'],
  ['GET', 'config', 'config', 'json'],
  ['GET', 'info', 'info', 'json', 'info'],
  ...['places', 'lads', 'pcns', 'practices', 'premises', 'sites'].flatMap((l) => [
    ['GET', l, l, 'geojson'],
    ['GET', l, l + '?format=json', 'json']]),
  ['GET', 'sites/{id}', `sites/${KH}`, 'json', 'site'],
  ['GET', 'near', 'near' + q(NEAR), 'json', 'near'],
  ['GET', 'near', 'near' + q({ postcode: 'CV12AB' }), 'json', 'nearpc'],
  ['GET', 'assumptions', 'assumptions', 'json', 'assumptions'],
  ['GET', 'assumptions', 'assumptions?preset=cw-strategy', 'json', 'cw-strategy'],
  ['GET', 'presets', 'presets', 'json'],
  ['GET', 'runs', 'runs', 'json', 'runs'],
  ['GET', 'runs/{id}', () => `runs/${cli.id}`, 'json', 'run'],
  ['GET', 'compare', () => 'compare' + q({ a: cli.id, b: cli.slowId }), 'json', 'compare'],
  ['GET', 'compare', () => 'compare' + q({ a: cli.pgId, b: cli.pg08Id }), 'json',
    'compare-programmes'],
  ['GET', 'contributions', 'contributions', 'json', 'contributions'],
  // GET programme is `pcplan prioritise --json` of the server's scenario
  ['GET', 'programme', 'programme', 'json', 'prioritise'],
  ['POST', 'programme', 'programme', 'json', 'prioritise08', S08],
  ['GET', 'assess', 'assess' + q({ site: KH }), 'json', 'assess'],
  ['GET', 'assess', 'assess' + q({ ...AT, dwellings: 350 }), 'json', 'point'],
  ['GET', 'assess', 'assess' + q({ postcode: 'cv1 2ab', dwellings: 350 }), 'json', 'pcpoint'],
  ['POST', 'assess', 'assess', 'json', 'pcpoint', { postcode: 'cv1 2ab', dwellings: 350 }],
  ['POST', 'assess', 'assess', 'json', 'boundary', { boundary: BOUNDARY, dwellings: 200 }],
  ['POST', 'assess', 'assess', 'json', 'assess', { site: KH }],
  // the letter: HTML unless ?format=md (srv_letter), as --letter FILE writes
  ['GET', 'assess/letter', 'assess/letter' + q({ site: KH }), 'html', 'letter.html'],
  ['GET', 'assess/letter', 'assess/letter' + q({ site: KH, format: 'md' }), 'md', 'letter.md'],
  ['POST', 'assess/letter', 'assess/letter?format=md', 'md', 'letter.md', { site: KH }],
  ['POST', 'run', 'run', 'json', 'run'],
  ['POST', 'run', 'run', 'json', 'run08', S08],
  ['GET', 'report/{place}', 'report/Rugby', 'html', 'report'],
  ['POST', 'report/{place}', 'report/Rugby', 'html', 'report08', S08],
  ['GET', 'scenarios', 'scenarios', 'json'],
];

async function checkRoutes() {
  const lists = {};
  for (const s of ['A', 'B']) {
    const r = await call(s, 'GET', API);
    const d = json(r, `GET ${API} (${s})`);
    if (d.openapi !== API + 'openapi.json' || !Array.isArray(d.routes) || !d.routes.length ||
        !d.routes.every((x) => typeof x.method === 'string' && typeof x.path === 'string' && x.path.startsWith(API)))
      fail(`GET ${API}: expected {"openapi": "${API}openapi.json", "routes": [{"method", "path"}...]}`);
    lists[s] = d.routes.map((x) => `${x.method} ${x.path}`);
  }
  ok(lists.A.join('\n') === lists.B.join('\n') && new Set(lists.A).size === lists.A.length,
    `GET ${API} lists ${lists.A.length} routes, none twice, the same on both servers`);
  for (const [m, pattern, u, kind, name, body] of ROUTES) {
    const url = API + (typeof u === 'function' ? u() : u);
    hit(m, pattern, url);
    const what = `${m} ${url}${body ? ' ' + JSON.stringify(body) : ''}`;
    const r = await call('A', m, url, body ? { body: JSON.stringify(body) } : {});
    if (r.status !== 200) fail(`${what}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
    let note;
    if (kind === 'geojson') note = checkGeoJSON(r, what);
    else if (kind === 'json') {
      if (r.headers['content-type'] !== 'application/json')
        fail(`${what}: content type "${r.headers['content-type']}" (expected application/json)`);
      note = (json(r, what), 'JSON');
    }
    else if (kind === 'html') {
      if (r.headers['content-type'] !== 'text/html; charset=utf-8' || !/^<!DOCTYPE html>/i.test(r.body))
        fail(`${what}: not an HTML page (${r.headers['content-type']})`);
      note = 'HTML';
    } else {
      if (r.headers['content-type'] !== 'text/markdown; charset=utf-8' || !/^# /m.test(r.body))
        fail(`${what}: not Markdown (${r.headers['content-type']})`);
      note = 'Markdown';
    }
    ok(true, `${what}: 200, ${name ? same(r, name, what) : note}`);
  }
  return lists.A;
}

/* 3. The errors. Each: [server, method, url, body or options, status,
 * what the message must name]. */
const pad = (obj, n) => { const t = JSON.stringify(obj); return t + ' '.repeat(n - t.length); };
const ERRORS = [
  ['A', 'POST', 'assess', '{"site": ', 400, /request body: line 1, column/],
  ['A', 'POST', 'assess', '[1, 2]', 400, /request body: expected a JSON object/],
  ['A', 'POST', 'assess', { boundary: { type: 'Point', coordinates: [-1.5, 52.4] }, dwellings: 10 }, 400, /"boundary".*Polygon/],
  ['A', 'POST', 'assess', { boundary: { type: 'Polygon', coordinates: [[[-1.53, 52.39], [-1.52, 52.39], [-1.52, 52.40], [-1.53, 52.40]]] }, dwellings: 10 }, 400, /"boundary".*ring/],
  ['A', 'GET', 'assess?lon=abc&lat=52.4&dwellings=10', null, 400, /"lon"/],
  ['A', 'GET', 'assess?site=CW-KH&dwellings=0', null, 400, /"dwellings"/],
  ['A', 'GET', 'assess?site=CW-KH&colour=red', null, 400, /"colour"/],
  ['A', 'GET', 'near?lon=abc&lat=52.4', null, 400, /lon and lat/],
  ['A', 'GET', 'near?postcode=CV1', null, 400, /postcode: "CV1" is not a postcode/],
  ['A', 'GET', 'assess?postcode=CV99%209ZZ&dwellings=10', null, 400, /"postcode".*no postcode "CV99 9ZZ" in the dataset \(22,989 postcodes/],
  ['A', 'GET', 'near?lon=-1.5&lat=52.4&radius=x', null, 400, /radius/],
  ['A', 'GET', 'info?site=CW-KH&site=CW-KH', null, 400, /"site" is given twice/],
  ['A', 'GET', 'assess?site=CW-KH&site=CW-HO', null, 400, /"site" is given twice/],
  ['A', 'GET', 'info?verbose=1', null, 400, /unknown query parameter "verbose"/],
  ['A', 'GET', 'places?format=kml', null, 400, /format "kml"/],
  ['A', 'GET', 'contributions?as_of=2026-02-30', null, 400, /as_of/],
  ['A', 'POST', 'run?by=county', null, 400, /by: .*county/],
  ['A', 'POST', 'run', { delivery: { factor: 'fast' } }, 400, /factor/],
  ['A', 'GET', 'assess?site=NOPE', null, 400, /site "NOPE"/],
  // bytes that are not UTF-8 are refused at the door, and no answer quotes them
  ['A', 'GET', 'assess?site=%96', null, 400, /query parameter "site": not UTF-8 text/],
  ['A', 'GET', 'assess?%96=1', null, 400, /query parameter "\ufffd": not UTF-8 text/],
  ['A', 'GET', 'sites/%96', null, 400, /the path is not UTF-8 text/],
  ['A', 'GET', 'report/Rugby%C3', null, 400, /the path is not UTF-8 text/],
  ['B', 'POST', 'runs', S09, 401, /Authorization: Bearer/],
  ['B', 'POST', 'runs', { body: JSON.stringify(S09), headers: { authorization: 'Bearer wrong-token-0123456789abcdef' } }, 401, /token/],
  ['A', 'POST', 'runs', { body: JSON.stringify(S09), headers: { authorization: `Bearer ${TOKEN}` } }, 403, /read only/],
  ['A', 'PUT', 'scenarios/api-test', { body: JSON.stringify(S09), headers: { authorization: `Bearer ${TOKEN}` } }, 403, /read only/],
  ['A', 'GET', 'sites/NOPE', null, 404, /site "NOPE"/],
  ['A', 'GET', 'runs/ffffffffffff', null, 404, /run "ffffffffffff"/],
  ['A', 'GET', 'compare?a=ffffffffffff&b=eeeeeeeeeeee', null, 404, /ffffffffffff/],
  ['A', 'GET', 'report/Nowhere', null, 404, /place named "Nowhere"/],
  ['A', 'POST', 'report/Nowhere', S08, 404, /place named "Nowhere"/],
  ['A', 'GET', 'scenarios/nowhere', null, 404, /nowhere/],
  ['A', 'GET', 'nothing', null, 404, /no such resource: \/api\/v1\/nothing/],
  ['A', 'GET', 'sites/CW-KH/more', null, 404, /no such resource/],
  ['A', 'GET', '/nothing.html', null, 404, /no such resource: \/nothing\.html/],
  ['A', 'DELETE', 'info', null, 405, /DELETE/, 'GET'],
  ['A', 'POST', 'info', {}, 405, /POST/, 'GET'],
  ['A', 'PUT', 'runs', {}, 405, /PUT/, 'GET, POST'],
  ['A', 'DELETE', 'scenarios/x', null, 405, /DELETE/, 'GET, PUT'],
  ['A', 'POST', '/', {}, 405, /POST/, 'GET, HEAD'],
  ['A', 'POST', 'assess', pad({ site: KH }, 4097), 413, /4096 bytes/],
  ['A', 'POST', 'assess', { body: pad({ site: KH }, 5000), headers: { 'transfer-encoding': 'chunked' } }, 413, /4096 bytes/],
  ['B', 'POST', 'assess', pad({ site: KH }, (1 << 20) + 1), 413, /1048576 bytes/],
  ['A', 'POST', 'run', { monte_carlo: { draws: 51 } }, 422, /monte_carlo.draws 51 .*50/],
  ['B', 'POST', 'run', { monte_carlo: { draws: 2001 } }, 422, /monte_carlo.draws 2001 .*2000/],
  ['A', 'POST', 'programme', { capital: { time_limit_s: 61 } }, 422, /capital.time_limit_s 61/],
  ['B', 'PUT', 'scenarios/too-long', { body: JSON.stringify({ capital: { time_limit_s: 61 } }), headers: { authorization: `Bearer ${TOKEN}` } }, 422, /capital.time_limit_s/],
];

async function checkErrors() {
  for (const [s, m, u, b, status, names, allow] of ERRORS) {
    const url = u.startsWith('/') ? u : API + u;
    const opts = b === null ? {} : typeof b === 'string' ? { body: b }
      : 'headers' in b ? b : { body: JSON.stringify(b) };
    const what = `${m} ${url} (${s})`;
    const r = await call(s, m, url, opts);
    const e = json(r, what);
    if (r.status !== status) fail(`${what}: HTTP ${r.status}, expected ${status}: ${r.body.slice(0, 300)}`);
    if (!e.error || e.error.status !== status || typeof e.error.message !== 'string' ||
        Object.keys(e).length !== 1 || Object.keys(e.error).sort().join() !== 'message,status')
      fail(`${what}: the body is not {"error": {"status": ${status}, "message"}}: ${r.body}`);
    if (!names.test(e.error.message)) fail(`${what}: the message does not name ${names}: "${e.error.message}"`);
    if (allow && r.headers.allow !== allow) fail(`${what}: Allow is "${r.headers.allow}", expected "${allow}"`);
    ok(true, `${what}: ${status}${allow ? ', Allow: ' + allow : ''}, "${e.error.message.slice(0, 110)}"`);
  }
  // the body cap is the body's size: exactly --body-max is read
  const r = await call('A', 'POST', API + 'assess', { body: pad({ site: KH }, 4096) });
  ok(r.status === 200 && r.body === cli.assess, `a body of exactly --body-max (4096 bytes) is read: 200, = the CLI's assess`);
}

/* 4. The token rule, on B: the writes of the route table. */
async function checkTokens() {
  const auth = { authorization: `Bearer ${TOKEN}` };
  const writes = [
    ['POST', 'runs', API + 'runs', S09, /^\/api\/v1\/runs\/[0-9a-f]{12}$/],
    ['PUT', 'scenarios/{name}', API + 'scenarios/api-test', { description: 'the API test', ...S09 },
      /^\/api\/v1\/scenarios\/api-test$/],
  ];
  for (const [m, pattern, url, body, loc] of writes) {
    const text = JSON.stringify(body);
    for (const [h, why] of [[{}, 'no token'], [{ authorization: `Bearer ${TOKEN}x` }, 'a wrong token'],
      [{ authorization: `Bearer ${TOKEN.slice(0, -1)}` }, 'a token one character short'],
      [{ authorization: TOKEN }, 'the token without "Bearer"']]) {
      const r = await call('B', m, url, { body: text, headers: h });
      ok(r.status === 401 && json(r, url).error.status === 401, `${m} ${url} with ${why}: 401`);
    }
    hit(m, pattern, url);
    const r = await call('B', m, url, { body: text, headers: auth });
    const saved = json(r, `${m} ${url}`);
    if (r.status !== 201) fail(`${m} ${url} with the token: HTTP ${r.status} ${r.body.slice(0, 300)}`);
    ok(loc.test(r.headers.location || ''), `${m} ${url} with the token: 201, Location ${r.headers.location}`);
    const g = await call('B', 'GET', r.headers.location);
    ok(g.status === 200 && g.body === r.body, `GET ${r.headers.location} without a token: 200, what was saved, byte for byte`);
    if (m === 'POST') {
      const list = json(await call('B', 'GET', API + 'runs'), 'runs');
      ok(JSON.stringify(list).includes(saved.run_id), `GET ${API}runs on B lists the saved run ${saved.run_id}`);
    } else {
      hit('GET', 'scenarios/{name}', r.headers.location);
      const list = json(await call('B', 'GET', API + 'scenarios'), 'scenarios');
      ok(list.scenarios.includes('api-test') && saved.delivery.factor === 0.9,
        `GET ${API}scenarios on B lists api-test, saved with its delivery factor 0.9`);
    }
  }
}

/* 6. The API description against the server's list. */
async function checkOpenAPI(routes) {
  hit('GET', 'openapi.json', API + 'openapi.json');
  const r = await call('A', 'GET', API + 'openapi.json');
  if (r.status === 404)
    fail(`no openapi.json: GET ${API}openapi.json is 404 (planner/server/openapi.json is not in this build)`);
  const d = json(r, 'openapi.json');
  ok(r.status === 200 && /^3\.\d+\.\d+$/.test(d.openapi || '') && d.info && d.paths,
    `GET ${API}openapi.json: 200, OpenAPI ${d.openapi}`);
  // paths may be relative to the first server's URL (e.g. "/api/v1")
  let base = '';
  if (d.servers && d.servers[0] && d.servers[0].url)
    base = new URL(d.servers[0].url, 'http://x').pathname.replace(/\/$/, '');
  const listed = [];
  for (const [p, item] of Object.entries(d.paths)) {
    const full = p.startsWith(API) || p + '/' === API ? p : base + p;
    for (const m of ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'])
      if (item[m]) listed.push(`${m.toUpperCase()} ${full}`);
  }
  const a = new Set(listed), b = new Set(routes);
  const missing = routes.filter((x) => !a.has(x)), extra = listed.filter((x) => !b.has(x));
  ok(!missing.length && !extra.length && a.size === listed.length,
    `openapi.json names exactly the ${routes.length} routes of GET ${API}` +
    (missing.length ? `; not in it: ${missing.join(', ')}` : '') +
    (extra.length ? `; not served: ${extra.join(', ')}` : ''));
}

async function main() {
  const db = buildStore('api.db');
  cliAnswers(db);
  ok(true, `the CLI's answers on ${db}: runs ${cli.id} and ${cli.slowId} stored`);
  const dbw = path.join(WORK, 'api-write.db');
  fs.copyFileSync(db, dbw);
  const tokenFile = path.join(WORK, 'api-token');
  fs.writeFileSync(tokenFile, TOKEN + '\nthe second line is not read\n');
  [srv.A, srv.B] = await Promise.all([
    startServer(db, 'api-read', ['--body-max', '4096', '--draws-max', '50']),
    startServer(dbw, 'api-write', ['--token-file', tokenFile])]);
  console.log(`# A (read only) on ${srv.A.origin}, B (token) on ${srv.B.origin}`);
  const cfg = [json(await call('A', 'GET', API + 'config'), 'config'),
    json(await call('B', 'GET', API + 'config'), 'config')];
  ok(cfg[0].read_only === true && cfg[1].read_only === false && cfg[0].body_max === 4096 &&
    cfg[0].draws_max === 50 && cfg[1].body_max === 1 << 20 && cfg[1].draws_max === 2000,
  'config: A read only with its caps (4096 bytes, 50 draws), B takes writes (1 MiB, 2,000 draws)');

  const routes = await checkRoutes();
  await checkErrors();
  await checkTokens();
  const page = await call('A', 'GET', '/');
  ok(page.status === 200 && /^text\/html/.test(page.headers['content-type']) &&
    page.headers['x-frame-options'] === 'DENY', 'GET / (the page): 200, HTML, X-Frame-Options DENY');

  const not = routes.filter((x) => x !== `GET ${API}openapi.json` && !covered.has(x));
  ok(!not.length, `every route but openapi.json is exercised by a valid request (${covered.size} of ${routes.length})` +
    (not.length ? `; not exercised: ${not.join(', ')}` : ''));
  const unknown = [...covered.keys()].filter((x) => !routes.includes(x));
  ok(!unknown.length, 'every route the test exercises is in the list' +
    (unknown.length ? `; not listed: ${unknown.join(', ')}` : ''));
  ok(true, `the security headers were on all ${responses} responses (frame-ancestors 'none'; ` +
    "'self' on the letter and place pages, which our page frames)");
  await checkOpenAPI(routes);
  for (const s of ['A', 'B']) {
    const code = await srv[s].stop();
    const san = sanitizerReport(srv[s].log);
    ok(code === 0 && !san, `server ${s} stopped by SIGTERM exits ${code}` +
      (san ? `; a sanitizer reported, in ${srv[s].log}:\n${san}` : ', no sanitizer report in its log'));
  }
}

await runTest('api_routes', 280000, main);
