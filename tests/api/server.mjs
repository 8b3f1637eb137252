// tests/api/server.mjs: what the API tests (api.mjs, faults.mjs) share: the
// environment, "ok N - ..." checks that stop at the first failure, the
// pcplan command on the test's store, a store built from the bundled
// dataset, `pcplan serve` started on a free loopback port (and stopped
// with SIGTERM, its exit status returned), and one HTTP request with every
// wait bounded.
// Environment: PCPLAN (the binary), PC_SOURCE_DIR (the source tree), WORK
// (a directory for the stores and the servers' logs).

import { spawn, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

export const SRC = path.resolve(process.env.PC_SOURCE_DIR || '.');
export const PCPLAN = process.env.PCPLAN ? path.resolve(process.env.PCPLAN) : '';
export const WORK = path.resolve(process.env.WORK || 'build/tests/api');
export const DATA = path.join(SRC, 'datasets/coventry-warwickshire');

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let checks = 0;

export function fail(msg) {
  const e = new Error(msg);
  e.testFailure = true;
  throw e;
}

export function ok(cond, msg) {
  if (!cond) fail(msg);
  checks++;
  console.log(`ok ${checks} - ${msg}`);
}

/* `pcplan --db DB ARGS...`: its standard output (throws on exit != 0). */
export function pcplan(db, args, timeout = 300000) {
  return execFileSync(PCPLAN, ['--db', db, ...args],
    { encoding: 'utf8', timeout, maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
}

/* A fresh store at WORK/NAME from the bundled dataset; its path. */
export function buildStore(name) {
  if (!PCPLAN || !fs.existsSync(PCPLAN)) fail(`PCPLAN must name the pcplan binary (got "${PCPLAN}")`);
  fs.mkdirSync(WORK, { recursive: true });
  const db = path.join(WORK, name);
  for (const f of [db, db + '-journal', db + '-wal', db + '-shm']) fs.rmSync(f, { force: true });
  pcplan(db, ['init', '--data', DATA]);
  return db;
}

/* The document a CLI --json answer carries: its envelope checked (format,
 * version, inputs naming the command line args), and result taken out with
 * the one level of indent the envelope gave it, so that it compares byte
 * for byte with the API's bare answer. */
export function cliResult(text, args) {
  const key = '\n\t"result":\t';
  const k = text.indexOf(key);
  if (k < 0 || !text.endsWith('\n}\n')) fail(`no envelope around the answer of ${args.join(' ')}`);
  const head = JSON.parse(text.slice(0, k).replace(/,$/, '') + '}');
  if (!/^pcplan-[a-z-]+\/[0-9]+$/.test(head.format) || !head.version ||
      JSON.stringify(head.inputs.arguments) !== JSON.stringify(args.slice(args[0] === 'site' ? 2 : 1)))
    fail(`a wrong envelope around the answer of ${args.join(' ')}: ${text.slice(0, k)}`);
  return text.slice(k + key.length, -3).replace(/\n\t/g, '\n') + '\n';
}

export function sha256(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const servers = new Set();
// a test that dies (an uncaught error, a closed stdout) leaves no server
process.on('exit', () => { for (const s of servers) s.proc.kill('SIGKILL'); });

/* Starts `pcplan --db DB serve ARGS` on a free loopback port, logging to
 * WORK/NAME.log, and waits (at most wait ms) until /api/v1/config answers.
 * Returns { origin, port, proc, log, stop() }; stop() sends SIGTERM and
 * resolves to the exit code (or the signal's name), SIGKILL after wait. */
export async function startServer(db, name, args = [], wait = 60000) {
  const port = await freePort();
  const logPath = path.join(WORK, `${name}.log`);
  const log = fs.openSync(logPath, 'w');
  const proc = spawn(PCPLAN, ['--db', db, 'serve', '--port', String(port),
    '--bind', '127.0.0.1', ...args], { stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const s = { origin: `http://127.0.0.1:${port}`, port, proc, log: logPath, exit: null };
  s.exited = new Promise((r) => proc.once('exit', (code, sig) => {
    s.exit = code ?? sig;
    servers.delete(s);
    r(s.exit);
  }));
  s.stop = async (within = wait) => {
    if (s.exit !== null) return s.exit;
    proc.kill('SIGTERM');
    const t = await Promise.race([s.exited, sleep(within).then(() => 'timeout')]);
    if (t !== 'timeout') return t;
    proc.kill('SIGKILL');
    await s.exited;
    return `no exit within ${within / 1000} s of SIGTERM (killed)`;
  };
  servers.add(s);
  const until = Date.now() + wait;
  while (Date.now() < until) {
    if (s.exit !== null) fail(`pcplan serve (${name}) exited (${s.exit}) before answering; see ${logPath}`);
    try {
      const r = await request(s.origin, 'GET', '/api/v1/config', { timeout: 2000 });
      if (r.status === 200) return s;
    } catch (e) { /* not listening yet */ }
    await sleep(200);
  }
  fail(`pcplan serve (${name}) did not answer on ${s.origin} within ${wait / 1000} s; see ${logPath}`);
}

/* The lines of a server's log a sanitizer wrote (ASan, LSan, UBSan), or ''. */
export function sanitizerReport(log) {
  const text = fs.readFileSync(log, 'utf8');
  return text.split('\n').filter((l) => /Sanitizer|runtime error:/.test(l)).slice(0, 20).join('\n');
}

/* Stops every server still running (at the end, or after a failure). */
export async function stopAll() {
  await Promise.all([...servers].map((s) => s.stop(10000)));
}

/* One request on its own connection: { status, headers, body (a string,
 * or a Buffer with raw) }. opts: body (string or Buffer), headers,
 * timeout (ms, the whole exchange; default 60 s), raw. Rejects on a
 * network error or when the time is up. */
export function request(origin, method, url, opts = {}) {
  const timeout = opts.timeout ?? 60000;
  return new Promise((resolve, reject) => {
    const headers = { ...(opts.headers || {}) };
    if (opts.body !== undefined && !('content-length' in headers) &&
        !('transfer-encoding' in headers))
      headers['content-length'] = Buffer.byteLength(opts.body);
    const req = http.request(origin + url, { method, headers, agent: false });
    const timer = setTimeout(() => {
      req.destroy(new Error(`${method} ${url}: no answer within ${timeout / 1000} s`));
    }, timeout);
    req.on('error', (e) => { clearTimeout(timer); reject(e); });
    req.on('response', (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('error', (e) => { clearTimeout(timer); reject(e); });
      res.on('end', () => {
        clearTimeout(timer);
        const b = Buffer.concat(parts);
        // text answers must be UTF-8: utf8 says whether the bytes were
        let body = b, utf8 = true;
        if (!opts.raw) {
          try {
            body = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(b);
          } catch {
            body = b.toString('utf8');
            utf8 = false;
          }
        }
        resolve({ status: res.statusCode, headers: res.headers, body, utf8 });
      });
    });
    req.end(opts.body);
  });
}

/* One request written by hand on its own socket, for bodies the server may
 * refuse before it has read them: the request line and headers, then the
 * body's pieces (Buffers; with chunked, each framed as a chunk), as fast
 * as the socket takes them. A write the server refuses (it answered and
 * closed: EPIPE, ECONNRESET) ends the sending; what it sent back is read
 * until it closes (opts.pause: how long to wait for an answer to the
 * headers before sending the body, default 500 ms). Resolves to { status, headers, body, sent (body bytes
 * written), error }; rejects when the time is up. */
export function rawRequest(origin, method, url, opts = {}) {
  const { port } = new URL(origin);
  const timeout = opts.timeout ?? 60000;
  const pieces = opts.pieces ?? [Buffer.from(opts.body ?? '')];
  const headers = { host: `127.0.0.1:${port}`, connection: 'close', ...(opts.headers || {}) };
  if (opts.chunked) headers['transfer-encoding'] = 'chunked';
  else if (!('content-length' in headers))
    headers['content-length'] = pieces.reduce((n, p) => n + p.length, 0);
  const head = `${method} ${url} HTTP/1.1\r\n` +
    Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n';
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(port), '127.0.0.1');
    const got = [];
    let sent = 0, error = null, closed = false;
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`${method} ${url}: no answer within ${timeout / 1000} s (${sent} body bytes sent)`));
    }, timeout);
    sock.on('data', (d) => got.push(d));
    sock.on('error', (e) => { error = e.code || e.message; });
    sock.on('close', () => {
      closed = true;
      clearTimeout(timer);
      const text = Buffer.concat(got).toString('latin1');
      // a "100 Continue" may come first
      const m = /^(?:HTTP\/1\.1 100[^\r]*\r\n\r\n)?HTTP\/1\.[01] (\d{3})[^\r]*\r\n([\s\S]*?)\r\n\r\n([\s\S]*)$/.exec(text);
      if (!m) {
        resolve({ status: 0, headers: {}, body: text, sent, error });
        return;
      }
      const h = {};
      for (const line of m[2].split('\r\n')) {
        const i = line.indexOf(':');
        h[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      resolve({ status: Number(m[1]), headers: h, body: Buffer.from(m[3], 'latin1').toString('utf8'), sent, error });
    });
    const write = (buf) => new Promise((r) => {
      if (closed || error) { r(false); return; }
      if (sock.write(buf)) r(true);
      else {
        const done = () => { sock.off('drain', done); sock.off('close', done); r(!closed && !error); };
        sock.once('drain', done);
        sock.once('close', done);
      }
    });
    sock.once('connect', async () => {
      if (!(await write(head))) return;
      // an answer to the headers alone (a 413 for the Content-Length) is
      // read before the body is sent: node drops what it has not read
      // when a write fails
      const until = Date.now() + (opts.pause ?? 500);
      while (!got.length && !closed && Date.now() < until) await sleep(10);
      for (const p of pieces) {
        const framed = opts.chunked && p.length
          ? Buffer.concat([Buffer.from(p.length.toString(16) + '\r\n'), p, Buffer.from('\r\n')]) : p;
        if (!(await write(framed))) return;
        sent += p.length;
      }
      if (opts.chunked) await write('0\r\n\r\n');
    });
  });
}

/* Runs main() with a watchdog of limit ms: prints "NAME: N checks passed"
 * or "not ok - the first failed check", stops the servers, exits 0 or 1. */
export async function runTest(name, limit, main) {
  const watchdog = setTimeout(async () => {
    console.error(`not ok - ${name} ran over ${limit / 1000} s`);
    await stopAll();
    process.exit(1);
  }, limit);
  let status = 0;
  try {
    await main();
    console.log(`${name}: ${checks} checks passed`);
  } catch (e) {
    console.error(`not ok - ${e.testFailure ? e.message : e.stack || e}`);
    if (e.stderr) console.error(String(e.stderr));
    status = 1;
  } finally {
    await stopAll();
    clearTimeout(watchdog);
  }
  process.exit(status);
}
