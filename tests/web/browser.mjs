// tests/web/browser.mjs: the page of `pcplan serve` in a real browser
// (issue 17). Debian's chromium (/usr/bin/chromium), driven by playwright-core
// from npm (planner/server/web/node_modules: `npm ci` there); no browser is
// downloaded. Nothing is mocked: it builds a store from the bundled dataset,
// starts the real server on a free loopback port and checks, as a person
// would see them:
//  1. Kings Hill (CW-KH), clicked on the map: the ask shown equals
//     `pcplan site assess --site CW-KH --json`; another site, chosen and
//     assessed with the keyboard alone, equals the CLI's too;
//  2. a new 350-home site placed on the map: an ask equal to the CLI's for
//     that point, the consultation response opened in a new window (styled,
//     with the regulation 122 tests), and the page's link reproducing it;
//     a boundary drawn by clicking corners, whose ask equals the CLI's;
//  3. a scenario with 80% delivery: the place figures change against the
//     baseline and equal `pcplan run` of the scenario the page posted; the
//     programme and the place report show;
//  4. bad boundaries (a Point, an unclosed ring, a file that is not JSON):
//     an error in words on the page;
//  5. every request the browser made went to the server (or data:/blob:);
//  6. screenshots at 1280x800 and 390 px wide (no sideways scrolling on
//     the phone); no console error, no page error, no failed request.
// Environment: PCPLAN (the binary), PC_SOURCE_DIR (the source tree), WORK
// (a directory for the store, logs and screenshots). Exits 1 naming the
// first check that failed; every wait is bounded.
//   PCPLAN=build/pcplan PC_SOURCE_DIR=. WORK=build/tests/web node tests/web/browser.mjs

import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const SRC = path.resolve(process.env.PC_SOURCE_DIR || '.');
const PCPLAN = process.env.PCPLAN ? path.resolve(process.env.PCPLAN) : '';
const WORK = path.resolve(process.env.WORK || 'build/tests/web');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const DATA = path.join(SRC, 'datasets/coventry-warwickshire');
const DB = path.join(WORK, 'web.db');
const WAIT = 30000;          // one step on the page
const LONG_WAIT = 180000;    // the programme and the place report
const ALL_WAIT = 540000;     // the whole test (ctest's TIMEOUT is 600)

let server = null;
let browser = null;
let checks = 0;

function fail(msg) {
  const e = new Error(msg);
  e.testFailure = true;
  throw e;
}

function ok(cond, msg) {
  if (!cond) fail(msg);
  checks++;
  console.log(`ok ${checks} - ${msg}`);
}

function pcplan(args, timeout = 300000) {
  return execFileSync(PCPLAN, ['--db', DB, ...args],
    { encoding: 'utf8', timeout, maxBuffer: 64 << 20 });
}

/* The document of a CLI --json answer: the result in its envelope. */
const cliJson = (args) => JSON.parse(pcplan(args)).result;

const GBP = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
/* Whole pounds, as the consultation response and the CLI state the ask. */
const wholeGBP = (x) => GBP.format(Math.round(x)).replace(/\.00$/, '');
const fmt2 = (x) => Number(x).toLocaleString('en-GB',
  { minimumFractionDigits: 2, maximumFractionDigits: 2 });

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

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* Starts `pcplan serve` and waits until /api/v1/config answers. */
async function startServer(port) {
  const log = fs.openSync(path.join(WORK, 'serve.log'), 'w');
  server = spawn(PCPLAN, ['--db', DB, 'serve', '--port', String(port), '--bind', '127.0.0.1'],
    { stdio: ['ignore', log, log] });
  let exited = null;
  server.on('exit', (code, sig) => { exited = `exited (${code ?? sig})`; });
  const origin = `http://127.0.0.1:${port}`;
  const until = Date.now() + WAIT;
  while (Date.now() < until) {
    if (exited) fail(`pcplan serve ${exited} before answering; see ${WORK}/serve.log`);
    try {
      const r = await fetch(origin + '/api/v1/config', { signal: AbortSignal.timeout(2000) });
      if (r.ok) return origin;
    } catch (e) { /* not listening yet */ }
    await sleep(200);
  }
  fail(`pcplan serve did not answer on ${origin} within ${WAIT / 1000} s`);
}

async function stopServer() {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const gone = new Promise((r) => server.once('exit', r));
  server.kill('SIGTERM');
  if (await Promise.race([gone.then(() => true), sleep(5000).then(() => false)])) return;
  console.error('pcplan serve did not stop within 5 s of SIGTERM; killing it');
  server.kill('SIGKILL');
}

/* The ask shown, once #ask holds one and the result's title matches. */
async function shownAsk(page, titleMatch) {
  await page.waitForFunction((re) => {
    const a = document.getElementById('ask');
    const t = document.getElementById('result-title');
    return a && a.dataset.gbp !== undefined && new RegExp(re).test(t.textContent);
  }, titleMatch.source, { timeout: WAIT }).catch(async () => {
    fail(`no ask for /${titleMatch.source}/ within ${WAIT / 1000} s; errors shown: ` +
      `"${await page.locator('#errors').innerText()}"`);
  });
  return page.locator('#ask').evaluate((a) => ({ text: a.textContent, gbp: JSON.parse(a.dataset.gbp) }));
}

const words = (msg) => msg.replace(/Dismiss\s*$/, '').replace(/\s+/g, ' ').trim();

async function errorShown(page, what) {
  await page.locator('#errors').waitFor({ state: 'visible', timeout: WAIT })
    .catch(() => fail(`${what}: no error shown on the page within ${WAIT / 1000} s`));
  return page.locator('#errors').innerText();
}

/* 1. Kings Hill by a click on its circle on the map, then another site by
 * keyboard alone; both against the CLI. */
async function checkStoredSites(page) {
  const cli = cliJson(['site', 'assess', '--site', 'CW-KH', '--json']);
  await page.locator('path.site-CW-KH').click({ timeout: WAIT });
  const ask = await shownAsk(page, /Kings Hill/);
  ok(ask.gbp === cli.contribution_gbp,
    `Kings Hill clicked on the map: data-gbp ${ask.gbp} = the CLI's contribution_gbp ${cli.contribution_gbp}`);
  ok(ask.text === wholeGBP(cli.contribution_gbp),
    `the ask shown reads "${ask.text}" (${wholeGBP(cli.contribution_gbp)}, as the response states it)`);
  const rows = await page.locator('#practices tbody tr').count();
  ok(rows === cli.practices.length, `${rows} affected practices listed, as the CLI's ${cli.practices.length}`);
  const reg = await page.locator('#reg122').innerText();
  ok(/necessary/i.test(reg) && /directly related/i.test(reg) && /fairly and reasonably/i.test(reg),
    'the three regulation 122 tests are argued on the page');
  await page.locator('#trace tbody tr').first().waitFor({ state: 'attached', timeout: WAIT });
  ok(await page.locator('#trace tbody tr').count() === cli.trace.length, 'the trace has every step');

  // keyboard: the site list, Tab to Assess, Enter
  const other = 'CW-AT';
  const cli2 = cliJson(['site', 'assess', '--site', other, '--json']);
  await page.locator('#site-select').focus();
  await page.locator('#site-select').selectOption(other);
  await page.keyboard.press('Tab');
  ok(await page.evaluate(() => document.activeElement.id) === 'assess-button',
    'Tab from the site list reaches the Assess button');
  await page.keyboard.press('Enter');
  const ask2 = await shownAsk(page, new RegExp(cli2.site.name));
  ok(ask2.gbp === cli2.contribution_gbp && ask2.text === wholeGBP(cli2.contribution_gbp),
    `${cli2.site.name} assessed by keyboard: ${ask2.text} = the CLI's`);
}

/* 2. A new 350-home site at a point clicked on the map. */
async function checkNewPoint(page, context) {
  await page.locator('label', { hasText: 'A new site at a point' }).click({ timeout: WAIT });
  // a point inside Coventry: where its label sits (the label lets clicks through)
  const box = await page.locator('.place-label span', { hasText: /^Coventry$/ }).boundingBox();
  if (!box) fail('no "Coventry" label on the map');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height + 12);
  const lon = await page.locator('#lon').inputValue();
  const lat = await page.locator('#lat').inputValue();
  ok(lon !== '' && lat !== '', `a click on the map placed the point at ${lon}, ${lat}`);
  await page.locator('#dwellings').fill('350');
  await page.locator('#name').fill('Browser test 350 homes');
  await page.locator('#assess-button').click();
  const ask = await shownAsk(page, /Browser test 350 homes/);
  const cli = cliJson(['site', 'assess', '--at', `${lon},${lat}`, '--dwellings', '350',
    '--name', 'Browser test 350 homes', '--json']);
  ok(ask.gbp === cli.contribution_gbp && ask.text === wholeGBP(cli.contribution_gbp),
    `the new 350-home site's ask ${ask.text} = the CLI's for --at ${lon},${lat}`);

  // the printable response, in a new window
  const [popup] = await Promise.all([
    context.waitForEvent('page', { timeout: WAIT }),
    page.locator('#letter-open').click(),
  ]);
  await popup.waitForLoadState('load', { timeout: WAIT });
  const text = await popup.locator('body').innerText({ timeout: WAIT });
  ok(/response to planning consultation/i.test(text) && /regulation 122/i.test(text),
    'the consultation response opens in a new window, with the tests of regulation 122');
  if (cli.contribution_gbp > 0) {
    const whole = wholeGBP(cli.contribution_gbp);
    ok(text.includes(whole), `the response asks for the same ${whole}`);
  } else {
    ok(/no capital contribution/i.test(text), 'the response says that no capital contribution is sought');
  }
  const colour = await popup.locator('h1').evaluate((h) => getComputedStyle(h).color);
  ok(colour === 'rgb(0, 94, 184)', `the response carries its own style (h1 ${colour}), print stylesheet included`);
  await popup.close();
  const [dl] = await Promise.all([
    page.waitForEvent('download', { timeout: WAIT }),
    page.locator('#letter-md').click(),
  ]);
  const md = fs.readFileSync(await dl.path(), 'utf8');
  ok(/regulation 122/i.test(md) && dl.suggestedFilename().endsWith('.md'),
    `the response downloads as Markdown (${dl.suggestedFilename()})`);
  const frameText = await page.frameLocator('#letter-frame').locator('body').innerText({ timeout: WAIT });
  ok(/regulation 122/i.test(frameText), 'the response is also shown on the page, ready to print');

  // the link reproduces the same answer in a fresh page
  const href = await page.locator('#assess-link').getAttribute('href');
  const again = await context.newPage();
  await again.goto(new URL(href, page.url()).href, { timeout: WAIT });
  const ask3 = await shownAsk(again, /Browser test 350 homes/);
  ok(ask3.gbp === ask.gbp && ask3.text === ask.text, `the page's link (${href.slice(0, 60)}…) gives the same ask`);
  await again.close();
}

/* 3. A scenario with 80% delivery against the baseline. */
async function checkScenario(page) {
  await page.locator('#tab-programme').click();
  await page.locator('#factor').fill('0.8');
  const [req] = await Promise.all([
    page.waitForRequest((r) => r.url().endsWith('/api/v1/run') && r.method() === 'POST' &&
      JSON.parse(r.postData() || '{}').delivery?.factor === 0.8, { timeout: WAIT }),
    page.locator('#run-button').click(),
  ]);
  const cell = (place, fig, which) =>
    `#run-places td[data-place="${place}"][data-figure="${fig}"][data-which="${which}"]`;
  await page.locator('#run-places td[data-which="change"]').first()
    .waitFor({ state: 'attached', timeout: LONG_WAIT })
    .catch(async () => fail(`no scenario figures shown; errors: "${await page.locator('#errors').innerText()}"`));
  const scenario = JSON.parse(req.postData());
  const file = path.join(WORK, 'scenario-80.json');
  fs.writeFileSync(file, JSON.stringify(scenario));
  const cli = cliJson(['run', '--scenario', file, '--json']);
  let changed = 0;
  for (const p of cli.places) {
    const last = p.years[p.years.length - 1];
    const shown = await page.locator(cell(p.name, 'growth_rooms', 'scenario')).innerText();
    ok(shown === fmt2(last.growth_rooms), `${p.name}: growth rooms ${shown} = the CLI's run of the scenario`);
    const base = await page.locator(cell(p.name, 'growth_rooms', 'baseline')).innerText();
    if (base !== shown) changed++;
  }
  ok(changed > 0, `80% delivery changes the growth rooms of ${changed} of ${cli.places.length} places against the baseline`);
  await page.locator('#chart svg path.scen').first().waitFor({ state: 'attached', timeout: WAIT });
  ok(await page.locator('#chart svg path.base').count() === 2, 'the charts draw the scenario and the baseline');
  await page.locator('#programme tbody tr').first().waitFor({ state: 'attached', timeout: LONG_WAIT })
    .catch(async () => fail(`no programme shown; errors: "${await page.locator('#errors').innerText()}"`));
  ok(await page.locator('#programme tbody tr').count() > 0, 'the prioritised programme is listed');
  const place = cli.places[0].name;
  await page.locator('#run-place').selectOption(place);
  await page.locator('#report-show').click();
  const report = page.frameLocator('#report-frame');
  await report.locator('svg').first().waitFor({ state: 'attached', timeout: LONG_WAIT })
    .catch(async () => fail(`no place report shown; errors: "${await page.locator('#errors').innerText()}"`));
  ok((await report.locator('body').innerText()).includes(place), `the ${place} report is shown under the scenario`);
}

/* 2b. A boundary drawn by clicking its corners on the map. */
async function checkDrawnBoundary(page) {
  await page.locator('#tab-assess').click();
  await page.locator('label', { hasText: 'A new site with a boundary' }).click();
  const box = await page.locator('.place-label span', { hasText: /^Coventry$/ }).boundingBox();
  if (!box) fail('no "Coventry" label on the map');
  const x = box.x + box.width / 2;
  const y = box.y + box.height + 20;
  for (const [dx, dy] of [[-6, -6], [6, -6], [6, 6], [-6, 6]]) await page.mouse.click(x + dx, y + dy);
  await page.locator('#finish-boundary').click();
  await page.locator('#dwellings').fill('120');
  await page.locator('#name').fill('Browser test boundary');
  const [req] = await Promise.all([
    page.waitForRequest((r) => /\/api\/v1\/assess$/.test(r.url()) && r.method() === 'POST', { timeout: WAIT }),
    page.locator('#assess-button').click(),
  ]);
  const ask = await shownAsk(page, /Browser test boundary/);
  const sent = JSON.parse(req.postData());
  ok(sent.boundary.type === 'Polygon' && sent.boundary.coordinates[0].length === 5,
    'four corners clicked on the map are sent as a closed Polygon ring');
  const file = path.join(WORK, 'drawn.geojson');
  fs.writeFileSync(file, JSON.stringify(sent.boundary));
  const cli = cliJson(['site', 'assess', '--geojson', file, '--dwellings', '120',
    '--name', 'Browser test boundary', '--json']);
  ok(ask.gbp === cli.contribution_gbp && ask.text === wholeGBP(cli.contribution_gbp),
    `the drawn boundary's ask ${ask.text} = the CLI's for --geojson`);
}

/* 4. Bad boundaries: each shows an error in words. */
async function checkBadBoundaries(page) {
  await page.locator('#tab-assess').click();
  await page.locator('label', { hasText: 'A new site with a boundary' }).click();
  await page.locator('#dwellings').fill('350');
  const cases = [
    ['point.geojson', JSON.stringify({ type: 'Point', coordinates: [-1.51, 52.41] }), 'a Point'],
    ['unclosed.geojson', JSON.stringify({ type: 'Polygon', coordinates: [[[-1.52, 52.40],
      [-1.50, 52.40], [-1.50, 52.42], [-1.52, 52.42]]] }), 'an unclosed ring'],
  ];
  for (const [name, body, what] of cases) {
    await page.locator('#boundary-file').setInputFiles({ name, mimeType: 'application/geo+json',
      buffer: Buffer.from(body) });
    await page.locator('#boundary-status').filter({ hasText: name }).waitFor({ timeout: WAIT });
    await page.locator('#assess-button').click();
    const msg = await errorShown(page, what);
    ok(/HTTP 400/.test(msg) && msg.length > 40, `${what} as the boundary: "${words(msg)}"`);
  }
  await page.locator('#boundary-file').setInputFiles({ name: 'notjson.geojson',
    mimeType: 'application/geo+json', buffer: Buffer.from('{"type": "Polygon", ') });
  const msg = await errorShown(page, 'a file that is not JSON');
  ok(/not JSON/.test(msg), `a file that is not JSON: "${words(msg)}"`);
}

async function run() {
  if (!PCPLAN || !fs.existsSync(PCPLAN)) fail(`PCPLAN must name the pcplan binary (got "${PCPLAN}")`);
  if (!fs.existsSync(CHROMIUM)) fail(`no chromium at ${CHROMIUM} (Debian package chromium)`);
  const req = createRequire(path.join(SRC, 'planner/server/web/package.json'));
  let chromium;
  try {
    ({ chromium } = req('playwright-core'));
  } catch (e) {
    fail(`playwright-core is not installed: run "npm ci" in ${SRC}/planner/server/web (${e.message})`);
  }
  fs.mkdirSync(WORK, { recursive: true });
  fs.rmSync(DB, { force: true });
  pcplan(['init', '--data', DATA]);
  const origin = await startServer(await freePort());
  console.log(`# pcplan serve on ${origin}, store ${DB}`);

  browser = await chromium.launch({
    executablePath: CHROMIUM, timeout: WAIT,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(WAIT);
  const requests = [];
  const problems = [];
  const watch = (p) => {
    p.on('console', (m) => { if (m.type() === 'error') problems.push(`console error on ${p.url()}: ${m.text()}`); });
    p.on('pageerror', (e) => problems.push(`page error on ${p.url()}: ${e.message}`));
  };
  context.on('page', watch);
  context.on('request', (r) => requests.push(r.url()));
  // the bad boundaries' 400s are meant; chromium logs each as a console error
  let meant400 = 0;
  context.on('response', (r) => {
    if (r.status() === 400 && /\/api\/v1\/assess/.test(r.url())) meant400++;
  });
  context.on('requestfailed', (r) => {
    const why = r.failure() ? r.failure().errorText : '?';
    if (why !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} (${why})`);
  });
  const page = await context.newPage();
  await page.goto(origin + '/', { timeout: WAIT });
  await page.waitForSelector('body[data-ready="true"]', { timeout: WAIT })
    .catch(async () => fail(`the page did not finish loading; errors: "${await page.locator('#errors').innerText()}"`));
  ok(await page.locator('path.site-marker').count() > 0 && await page.locator('path.premises-marker').count() > 0,
    'the map shows the sites and the premises');
  ok(await page.locator('#legend li').count() >= 10, 'the legend names the S106 positions and capacities');

  await checkStoredSites(page);
  await page.locator('path.site-CW-KH').click();
  await shownAsk(page, /Kings Hill/);
  await page.mouse.move(1, 1); // no tooltip over the picture
  await page.screenshot({ path: path.join(WORK, 'web-1280.png'), fullPage: false });
  ok(true, `screenshot at 1280x800: ${WORK}/web-1280.png`);
  await checkNewPoint(page, context);
  await checkDrawnBoundary(page);
  await checkScenario(page);
  await checkBadBoundaries(page);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.locator('#tab-assess').click();
  await page.locator('label', { hasText: 'A stored site' }).click();
  await page.locator('#site-select').selectOption('CW-KH');
  await page.locator('#assess-button').click();
  await shownAsk(page, /Kings Hill/);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  ok(width <= 390, `at 390 px wide the page does not scroll sideways (${width} px)`);
  await page.screenshot({ path: path.join(WORK, 'web-390.png'), fullPage: false });
  ok(true, `screenshot at 390 px: ${WORK}/web-390.png`);

  const is400 = (p) => /Failed to load resource: the server responded with a status of 400/.test(p);
  const logged400 = problems.filter(is400).length;
  ok(logged400 <= meant400, `the console's ${logged400} failed loads are the ${meant400} bad boundaries' 400s`);
  problems.splice(0, problems.length, ...problems.filter((p) => !is400(p)));
  const outside = requests.filter((u) => !u.startsWith(origin + '/') && !/^(data|blob|about):/.test(u));
  ok(outside.length === 0, `all ${requests.length} requests went to the server` +
    (outside.length ? `; outside: ${outside.join(', ')}` : ''));
  ok(problems.length === 0, 'no console error, page error or failed request' +
    (problems.length ? `:\n  ${problems.join('\n  ')}` : ''));
}

const watchdog = setTimeout(async () => {
  console.error(`not ok - the browser test ran over ${ALL_WAIT / 1000} s`);
  await stopServer();
  process.exit(1);
}, ALL_WAIT);

let status = 0;
try {
  await run();
  console.log(`web_browser: ${checks} checks passed`);
} catch (e) {
  console.error(`not ok - ${e.testFailure ? e.message : e.stack || e}`);
  if (e.stderr) console.error(String(e.stderr));
  status = 1;
} finally {
  if (browser) await browser.close().catch(() => {});
  await stopServer();
  clearTimeout(watchdog);
}
process.exit(status);
