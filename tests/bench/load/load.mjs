// tests/bench/load/load.mjs: the load benchmark of `pcplan serve` (issue 17;
// `make bench` runs it after the C benchmarks, `make bench-load` alone).
//
// It builds a store from datasets/coventry-warwickshire, starts the Release
// `pcplan serve` on a free loopback port with one worker thread per core,
// and asks it to assess new sites at random points inside the ICB's places
// (GET /api/v1/assess?lon=&lat=&dwellings=) with wrk (Debian) at 1, 8 and
// 64 connections, each for a bounded time after a short warm-up: requests
// per second, p50 and p99 latency, and errors, which must be none (socket
// errors, timeouts and non-2xx answers alike). A few answers are checked to
// equal the CLI's byte for byte. The reference, measured in the same run,
// is the same questions answered by starting the CLI once per question
// (`pcplan --db DB site assess --at LON,LAT --dwellings N --json`); the
// ratio of the two is reported against the goal (at least 50 times the
// CLI's questions per second) but does not fail the benchmark: the
// machines are shared and noisy, and wrk shares the cores with the server.
// Each row also shows how the work split between the server's pool threads
// (their CPU time in the run, from /proc) and the server's own request times
// (from its log), so that queueing behind one busy thread shows.
//
//   node tests/bench/load/load.mjs build-release/pcplan
//
// Environment (all optional): LOAD_DATA (the dataset folder the store is
// built from; default datasets/coventry-warwickshire; `make bench` also
// runs it on bench_scale's England-size synthetic folder), WORK (store,
// points and logs; default <the binary's directory>/tests/bench/load),
// LOAD_CONNS (1,8,64),
// LOAD_SECONDS (10), LOAD_WARMUP (2), LOAD_THREADS (the server's worker
// threads; default the number of cores), LOAD_POINTS (500), LOAD_SEED (17),
// LOAD_CLI_MAX (30 questions) and LOAD_CLI_SECONDS (15), LOAD_TIMEOUT
// (wrk's --timeout in seconds, 10: a response slower than that counts as
// an error, and wrk leaves it out of its latency percentiles, so a short
// timeout would hide the slowest answers from p99). Exits 1 on any error.

import { spawn, spawnSync, execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliResult } from '../../api/server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SRC = path.resolve(HERE, '../../..');
const PCPLAN = path.resolve(process.argv[2] || process.env.PCPLAN || 'build-release/pcplan');
const WORK = path.resolve(process.env.WORK || path.join(path.dirname(PCPLAN), 'tests/bench/load'));
const DATA = path.resolve(process.env.LOAD_DATA || path.join(SRC, 'datasets/coventry-warwickshire'));
const DB = path.join(WORK, 'load.db');
const LUA = path.join(HERE, 'assess.lua');
const POINTS_LUA = path.join(WORK, 'points.lua');
const WRK = process.env.WRK || 'wrk';

const env = (k, d) => (process.env[k] !== undefined && process.env[k] !== '' ? process.env[k] : d);
const CONNS = env('LOAD_CONNS', '1,8,64').split(',').map(Number);
const SECONDS = Number(env('LOAD_SECONDS', 10));
const WARMUP = Number(env('LOAD_WARMUP', 2));
const CORES = os.availableParallelism ? os.availableParallelism() : os.cpus().length;
const THREADS = Number(env('LOAD_THREADS', CORES));
const NPOINTS = Number(env('LOAD_POINTS', 500));
const SEED = Number(env('LOAD_SEED', 17));
const CLI_MAX = Number(env('LOAD_CLI_MAX', 30));
const CLI_SECONDS = Number(env('LOAD_CLI_SECONDS', 15));
const TIMEOUT = Number(env('LOAD_TIMEOUT', 10));
const GOAL = 50;
const SPOT = 5;
const WAIT = 30000; // the server's start, one request

let server = null;
let serverExit = null;
let child = null; // the CLI or wrk, while one runs
const problems = [];

function die(msg) {
  console.error(`load: FAIL: ${msg}`);
  stopServer();
  process.exit(1);
}

function stopServer() {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (server && server.exitCode === null && server.signalCode === null) {
    server.kill('SIGTERM');
    // bounded: SIGKILL if it is still there after 5 s (a synchronous wait,
    // as an exit handler's must be: nothing reaps the child meanwhile, so
    // a zombie counts as gone)
    const until = Date.now() + 5000;
    while (Date.now() < until) {
      try {
        const st = fs.readFileSync(`/proc/${server.pid}/stat`, 'utf8');
        if (st.slice(st.lastIndexOf(')') + 2, st.lastIndexOf(')') + 3) === 'Z') return;
      } catch { return; }
      spawnSync('sleep', ['0.1']);
    }
    try { process.kill(server.pid, 'SIGKILL'); } catch { /* gone */ }
  }
}

process.on('exit', stopServer);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.on(sig, () => { console.error(`load: ${sig}`); stopServer(); process.exit(1); });
process.on('uncaughtException', (e) => die(e.stack || String(e)));
process.on('unhandledRejection', (e) => die((e && e.stack) || String(e)));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/* Runs a program to its end (bounded by timeout ms; asynchronous, so that
 * a signal stops the benchmark at once): { status, stdout, stderr }. */
function run(file, args, timeout) {
  return new Promise((resolve) => {
    child = execFile(file, args, { encoding: 'utf8', timeout, killSignal: 'SIGKILL', maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        child = null;
        resolve({ error: error && error.code === 'ENOENT' ? error : null,
          status: error ? (error.killed ? `killed after ${timeout / 1000} s` : error.code ?? error.signal) : 0,
          stdout, stderr });
      });
  });
}

async function pcplan(args, timeout = 60000) {
  const r = await run(PCPLAN, ['--db', DB, ...args], timeout);
  if (r.status !== 0) die(`pcplan ${args.join(' ')}: exit ${r.status}: ${(r.error || r.stderr).toString().trim()}`);
  return r.stdout;
}

async function get(origin, p) {
  const r = await fetch(origin + p, { signal: AbortSignal.timeout(WAIT) });
  return { status: r.status, body: await r.text() };
}

async function startServer() {
  const port = await freePort();
  const log = fs.openSync(path.join(WORK, 'serve.log'), 'w');
  server = spawn(PCPLAN, ['--db', DB, 'serve', '--bind', '127.0.0.1', '--port', String(port),
    '--threads', String(THREADS)], { stdio: ['ignore', log, log] });
  server.on('exit', (code, sig) => { serverExit = `exited (${code ?? sig})`; });
  const origin = `http://127.0.0.1:${port}`;
  const until = Date.now() + WAIT;
  while (Date.now() < until) {
    if (serverExit) die(`pcplan serve ${serverExit} before answering; see ${WORK}/serve.log`);
    try {
      const r = await fetch(origin + '/api/v1/config', { signal: AbortSignal.timeout(2000) });
      if (r.ok) return origin;
    } catch { /* not listening yet */ }
    await sleep(200);
  }
  die(`pcplan serve did not answer on ${origin} within ${WAIT / 1000} s`);
}

/* CPU seconds each of the server's threads has used (utime + stime). */
function threadCpu(pid) {
  const tick = 100; // sysconf(_SC_CLK_TCK) on Linux
  const out = new Map();
  try {
    for (const t of fs.readdirSync(`/proc/${pid}/task`)) {
      const f = fs.readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8');
      const v = f.slice(f.lastIndexOf(')') + 2).split(' ');
      out.set(t, (Number(v[11]) + Number(v[12])) / tick);
    }
  } catch { /* gone */ }
  return out;
}

function rssKiB(pid) {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch { return NaN; }
}

/* --- random points inside the places ---------------------------------- */

function mulberry32(a) {
  return () => {
    a |= 0; a = (a + 0x6D2B79F5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/* Even-odd ray casting over every ring of a polygon (holes included). */
function inRings(rings, x, y) {
  let inside = false;
  for (const ring of rings)
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i], [xj, yj] = ring[j];
      if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  return inside;
}

function polygonsOf(fc) {
  const polys = [];
  for (const f of fc.features) {
    const g = f.geometry;
    if (g.type === 'Polygon') polys.push(g.coordinates);
    else if (g.type === 'MultiPolygon') polys.push(...g.coordinates);
  }
  return polys;
}

function randomPoints(fc, n, seed) {
  const polys = polygonsOf(fc);
  if (!polys.length) die('GET /api/v1/places has no polygons');
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of polys) for (const [x, y] of p[0]) {
    x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
  }
  const rnd = mulberry32(seed);
  const pts = [];
  for (let tries = 0; pts.length < n; tries++) {
    if (tries > 1000 * n) die('cannot draw points inside the places');
    const lon = (x0 + rnd() * (x1 - x0)).toFixed(5);
    const lat = (y0 + rnd() * (y1 - y0)).toFixed(5);
    if (!polys.some((p) => inRings(p, Number(lon), Number(lat)))) continue;
    const dwellings = 20 + Math.floor(rnd() * 781); // 20 to 800
    pts.push({ lon, lat, dwellings, path: `/api/v1/assess?lon=${lon}&lat=${lat}&dwellings=${dwellings}` });
  }
  return pts;
}

/* --- wrk ------------------------------------------------------------------ */

async function wrk(origin, conns, seconds) {
  const t = Math.min(conns, CORES);
  const args = ['-t', String(t), '-c', String(conns), '-d', `${seconds}s`, '--timeout', `${TIMEOUT}s`,
    '--latency', '-s', LUA, origin, '--', POINTS_LUA, String(t)];
  const r = await run(WRK, args, (seconds + 30) * 1000);
  if (r.error) die(`wrk: ${r.error.message}`);
  if (r.status !== 0) die(`wrk: exit ${r.status}: ${r.stderr}`);
  const m = /^LOAD (\{.*\})$/m.exec(r.stdout);
  if (!m) die(`wrk printed no LOAD line:\n${r.stdout}\n${r.stderr}`);
  const s = JSON.parse(m[1]);
  s.rps = s.requests / (s.duration_us / 1e6);
  s.errors = s.connect + s.read + s.write + s.timeout + s.non2xx; // non2xx counts wrk's status errors too
  s.stderr = r.stderr.trim();
  return s;
}

/* The slowest requests the server logged since offset (its own times). */
function serverTimes(offset) {
  const text = fs.readFileSync(path.join(WORK, 'serve.log'), 'utf8').slice(offset);
  const ms = [];
  for (const m of text.matchAll(/^pcplan: serve: GET \S+ (\d+) \d+ ([\d.]+) ms/gm)) ms.push(Number(m[2]));
  ms.sort((a, b) => a - b);
  const q = (p) => (ms.length ? ms[Math.min(ms.length - 1, Math.floor((p / 100) * ms.length))] : NaN);
  return { n: ms.length, p50: q(50), p99: q(99), max: ms.length ? ms[ms.length - 1] : NaN };
}

const logSize = () => fs.statSync(path.join(WORK, 'serve.log')).size;
const ms = (us) => (us / 1000).toFixed(1);

/* --- the run -------------------------------------------------------------- */

async function main() {
  if (!fs.existsSync(PCPLAN)) die(`no binary at ${PCPLAN} (build it: make bench builds build-release)`);
  if (spawnSync(WRK, ['-v']).error) die(`wrk not found (Debian package wrk; make deps installs it)`);
  fs.mkdirSync(WORK, { recursive: true });
  for (const f of [DB, `${DB}-wal`, `${DB}-shm`]) fs.rmSync(f, { force: true });

  let t0 = Date.now();
  await pcplan(['init', '--data', DATA], 300000);
  console.log(`load: store built from ${path.relative(SRC, DATA)} in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${DB}`);

  const origin = await startServer();
  console.log(`load: ${path.relative(SRC, PCPLAN) || PCPLAN} serve at ${origin}, ` +
    `--threads ${THREADS} (${CORES} cores on this machine; wrk runs on the same cores)`);

  const places = await get(origin, '/api/v1/places');
  if (places.status !== 200) die(`GET /api/v1/places: ${places.status} ${places.body.slice(0, 200)}`);
  const pts = randomPoints(JSON.parse(places.body), NPOINTS, SEED);

  console.log(`load: ${pts.length} random points (seed ${SEED}) inside the places' polygons, ` +
    `20 to 800 dwellings each`);
  fs.writeFileSync(POINTS_LUA, 'return {\n' + pts.map((p) => `"${p.path}",`).join('\n') + '\n}\n');

  // the server's answer is the CLI's result, byte for byte
  for (let i = 0; i < SPOT; i++) {
    const p = pts[Math.floor((i * pts.length) / SPOT)];
    const srv = await get(origin, p.path);
    const args = ['site', 'assess', '--at', `${p.lon},${p.lat}`, '--dwellings', String(p.dwellings), '--json'];
    // the CLI's answer inside its envelope (format, version, inputs)
    const cli = cliResult(await pcplan(args), args);
    if (srv.body !== cli) {
      let k = 0;
      while (k < srv.body.length && srv.body[k] === cli[k]) k++;
      die(`${p.path}: the server's body (${srv.body.length} bytes) differs from the CLI's ` +
        `(${cli.length} bytes) at byte ${k}: ${JSON.stringify(srv.body.slice(k, k + 60))} ` +
        `against ${JSON.stringify(cli.slice(k, k + 60))}`);
    }
  }
  console.log(`load: ${SPOT} answers equal the CLI's --json byte for byte`);

  // the reference: the CLI started once per question, one after another
  let cliN = 0;
  t0 = Date.now();
  while (cliN < Math.min(CLI_MAX, pts.length) && Date.now() - t0 < CLI_SECONDS * 1000) {
    const p = pts[cliN];
    await pcplan(['site', 'assess', '--at', `${p.lon},${p.lat}`, '--dwellings', String(p.dwellings), '--json']);
    cliN++;
  }
  const cliSec = (Date.now() - t0) / 1000;
  const cliQps = cliN / cliSec;
  console.log(`load: reference: the CLI once per question: ${cliN} questions in ${cliSec.toFixed(1)} s = ` +
    `${cliQps.toFixed(2)} questions/s (${((1000 * cliSec) / cliN).toFixed(0)} ms each)`);

  // wrk at each number of connections
  const rows = [];
  for (const c of CONNS) {
    if (WARMUP > 0) {
      const w = await wrk(origin, c, WARMUP);
      if (w.errors) problems.push(`warm-up at ${c} connections: ${w.errors} errors ${JSON.stringify(w)}`);
    }
    const rss0 = rssKiB(server.pid), off = logSize(), cpu0 = threadCpu(server.pid);
    const s = await wrk(origin, c, SECONDS);
    const st = serverTimes(off);
    const rss1 = rssKiB(server.pid), cpu1 = threadCpu(server.pid);
    // the worker threads' CPU in this run (the main thread only waits)
    const busy = [...cpu1].map(([t, v]) => v - (cpu0.get(t) || 0)).filter((v) => v > 0.05)
      .sort((a, b) => b - a);
    if (serverExit) die(`pcplan serve ${serverExit} under load at ${c} connections; see ${WORK}/serve.log`);
    const total = busy.reduce((a, b) => a + b, 0);
    const split = total > 0 ? busy.map((v) => Math.round((100 * v) / total)).join('/') : '-';
    rows.push({ c, s, st, rss0, rss1, split });
    console.log(`load: ${c} connection${c > 1 ? 's' : ''}, ${SECONDS} s: ${s.requests} requests, ${s.rps.toFixed(1)}/s, ` +
      `p50 ${ms(s.p50_us)} ms, p99 ${ms(s.p99_us)} ms, max ${ms(s.max_us)} ms; errors: connect ${s.connect}, ` +
      `read ${s.read}, write ${s.write}, timeout ${s.timeout}, non-2xx ${s.non2xx}; server's own times ` +
      `p50 ${st.p50} ms, p99 ${st.p99} ms, max ${st.max} ms; server threads' CPU ` +
      `${busy.map((v) => v.toFixed(1)).join(' + ') || 0} s; RSS ${rss0} -> ${rss1} KiB`);
    if (c > 1 && THREADS > 1 && total > 1 && busy[0] > 0.9 * total)
      console.log(`load: NOTE: at ${c} connections one server thread did ${(100 * busy[0] / total).toFixed(0)}% ` +
        `of the work: the keep-alive connections stayed on the pool thread that accepted them`);
    if (s.errors) problems.push(`${c} connections: ${s.errors} errors: connect ${s.connect}, read ${s.read}, ` +
      `write ${s.write}, timeout ${s.timeout}, status>399 ${s.status}, non-2xx ${s.non2xx}` +
      (s.stderr ? `\n${s.stderr}` : ''));
    if (s.requests === 0) problems.push(`${c} connections: no request answered`);
  }

  // the summary
  console.log(`\nload: summary (${THREADS} server threads on ${CORES} cores, shared with wrk; ` +
    `${SECONDS} s per row after ${WARMUP} s of warm-up, wrk --timeout ${TIMEOUT}s; reference: the CLI once per question, ` +
    `${cliQps.toFixed(2)}/s)`);
  console.log('| connections | requests/s | p50 ms | p99 ms | errors | server threads\' CPU % | × CLI | goal ≥ 50× |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|:---:|');
  for (const { c, s, split } of rows) {
    const ratio = s.rps / cliQps;
    console.log(`| ${c} | ${s.rps.toFixed(1)} | ${ms(s.p50_us)} | ${ms(s.p99_us)} | ${s.errors} | ${split} | ` +
      `${ratio.toFixed(0)} | ${ratio >= GOAL ? 'met' : 'NOT met'} |`);
  }
  if (problems.length) die(problems.join('\n'));
  console.log('load: ok (no errors)');
}

main().then(() => { stopServer(); process.exit(0); });
