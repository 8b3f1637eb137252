/* pcplan serve: the page (issue 17). Plain JavaScript, no build step; Leaflet
 * is the only library and pcplan serves it. Two flows:
 *  - the planning officer's: a stored site, a point or a boundary with its
 *    dwellings -> GET/POST /api/v1/assess (and /assess/letter);
 *  - the programme group's: a scenario -> POST /api/v1/run, /programme and
 *    /report/{place}, against the baseline (the server's default scenario);
 *    its functions are in programme.js, loaded first.
 * The server's Content-Security-Policy allows no inline script or style and
 * no request off the server, so everything here uses DOM nodes and CSSOM. */
'use strict';

const API = 'api/v1'; // relative: the page may be served under a path
const S106_COLOURS = { /* as the place reports colour them */
  secured: '#1b7f3b', approved: '#63a83a', requested: '#e8a300',
  land_only: '#7b5ea7', limited: '#b3541e', none: '#c62828', unknown: '#8a969f',
};
const S106_WORDS = {
  secured: 'S106 secured', approved: 'S106 approved', requested: 'S106 requested',
  land_only: 'land only', limited: 'limited', none: 'none sought', unknown: 'not known',
};
const CAP_COLOURS = { spare: '#2e7dbf', near: '#f08c00', short: '#c62828' };
const CAP_WORDS = { spare: 'spare rooms', near: 'near capacity', short: 'short of rooms' };

const state = {
  config: null,
  map: null,
  sites: new Map(),     /* site_id -> {props, area, marker} */
  mode: 'site',         /* 'site' | 'point' | 'boundary' */
  point: null,          /* L.circleMarker of a new point */
  vertices: [],         /* boundary corners being clicked, [lat, lng] */
  sketch: null,         /* the polyline/polygon drawn for them */
  boundary: null,       /* the GeoJSON boundary to send */
  question: null,       /* the last assessment asked (see formQuestion) */
  letterHtml: null,     /* its consultation response */
  baseline: null,       /* the run of the server's default scenario */
  scenario: null,       /* the last scenario run */
  run: null,
  hashSet: '',          /* the hash this page last wrote */
};

/* ---- small helpers ------------------------------------------------------ */

const $ = (id) => document.getElementById(id);

/* An element with text content (never innerHTML with data). */
function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

const GBP = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
function fmtGBP(x) { return x === null || x === undefined ? '–' : GBP.format(x); }
/* Whole pounds: programme sums, and the ask as the consultation response
 * states it. */
function fmtGBP0(x) { return x === null || x === undefined ? '–' : '£' + fmtNum(x); }

function fmtNum(x, dp) {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  return Number(x).toLocaleString('en-GB', {
    minimumFractionDigits: dp || 0, maximumFractionDigits: dp || 0,
  });
}

/* A signed change, "+1.25" or "−0.50" (a real minus), "0" when none. */
function fmtDiff(x, dp) {
  if (x === null || x === undefined) return '–';
  const r = Number(x.toFixed(dp));
  if (r === 0) return '0';
  return (r > 0 ? '+' : '\u2212') + fmtNum(Math.abs(r), dp);
}

function fmtPct(x) { return x === null || x === undefined ? '–' : fmtNum(x * 100, 1) + '%'; }

/* The "illustrative" tag, as the reports mark values that are placeholders. */
function illustrativeTag(title) {
  const t = el('span', 'illustrative', 'tag');
  t.title = title || 'an illustrative value, to be replaced by local data';
  return t;
}

/* The small "i" the report tables put after a row's first cell. */
function iMark() {
  const s = el('sup', 'i', 'i');
  s.title = 'illustrative values';
  return s;
}

/* ---- errors: every failure is shown in words ------------------------- */

function showError(what, err) {
  const box = $('errors');
  const p = el('p');
  p.appendChild(el('strong', what + ': '));
  p.appendChild(document.createTextNode(err && err.message ? err.message : String(err)));
  const close = el('button', 'Dismiss');
  close.type = 'button';
  close.addEventListener('click', () => { p.remove(); if (!box.firstChild) box.hidden = true; });
  p.appendChild(close);
  box.appendChild(p);
  box.hidden = false;
}

function clearErrors() { clear($('errors')).hidden = true; }

/* ---- the API ------------------------------------------------------------ */

class ApiError extends Error {}

/* fetch() on the server with a time limit; the API's error.message (or the
 * status) becomes the Error's message. as: 'json' or 'text'. */
async function api(path, { method = 'GET', body, as = 'json', timeout = 120000 } = {}) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeout);
  const init = { method, signal: ctl.signal, headers: {} };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new ApiError(e.name === 'AbortError'
      ? `no answer from the server within ${timeout / 1000} s`
      : `the server could not be reached (${e.message})`);
  } finally {
    clearTimeout(timer);
  }
  const text = await res.text();
  if (!res.ok) throw new ApiError(errorMessage(res, text));
  if (as === 'text') return text;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ApiError(`the server's answer to ${path} is not JSON (${e.message})`);
  }
}

function errorMessage(res, text) {
  try {
    const j = JSON.parse(text);
    if (j && j.error && j.error.message) return `${j.error.message} (HTTP ${res.status})`;
  } catch (e) { /* not JSON: fall through */ }
  return `HTTP ${res.status} ${res.statusText}`.trim();
}

/* ---- documents from the server (letter, report) shown on the page -------
 * They carry an inline <style>. A document made here (an iframe's srcdoc, a
 * new window) inherits this page's policy, which refuses inline style, so
 * the style is taken out and adopted as a constructed stylesheet instead. */

/* The document without its <style> elements (and the policy <meta>, which
 * the page's own policy replaces), and their CSS. Done on the text: even a
 * DOMParser document would apply, and so refuse, the inline style. */
const STYLE_RE = /<style[^>]*>([\s\S]*?)<\/style>/gi;
function splitStyle(html) {
  let css = '';
  const body = html.replace(STYLE_RE, (all, text) => { css += text + '\n'; return ''; })
    .replace(/<meta[^>]*http-equiv[^>]*>/gi, '');
  return { html: body, css };
}

function adoptStyle(win, css) {
  const sheet = new win.CSSStyleSheet();
  sheet.replaceSync(css);
  win.document.adoptedStyleSheets = [sheet];
}

function showInFrame(frame, html) {
  const { html: body, css } = splitStyle(html);
  return new Promise((resolve) => {
    frame.addEventListener('load', () => {
      adoptStyle(frame.contentWindow, css);
      resolve();
    }, { once: true });
    frame.srcdoc = body;
    frame.hidden = false;
  });
}

/* A new window holding the document; null when pop-ups are blocked. */
function openDocument(html) {
  const { html: body, css } = splitStyle(html);
  const w = window.open('', '_blank');
  if (!w) return null;
  w.document.open();
  w.document.write(body);
  w.document.close();
  adoptStyle(w, css);
  return w;
}

function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/* ---- the map ------------------------------------------------------------ */

function initMap() {
  const map = L.map('map', { zoomSnap: 0.25, minZoom: 7, maxZoom: 18 });
  map.attributionControl.setPrefix('<a href="vendor/leaflet/LICENSE">Leaflet</a>');
  const cfg = state.config;
  if (cfg.tile_url) {
    L.tileLayer(cfg.tile_url, { attribution: cfg.tile_attribution || '', maxZoom: 18 }).addTo(map);
  }
  map.setView([52.4, -1.5], 9);
  /* site circles above the premises: clicking a site is the main question */
  map.createPane('sitesPane').style.zIndex = 450;
  map.on('click', onMapClick);
  state.map = map;
}

/* The places and LADs are the base map when there is no tile server. */
function drawBase(places, lads) {
  const map = state.map;
  const filled = !state.config.tile_url;
  const pl = L.geoJSON(places, {
    interactive: false,
    style: { color: '#425563', weight: 2, fillColor: '#f7f9f4', fillOpacity: filled ? 1 : 0 },
  }).addTo(map);
  L.geoJSON(lads, {
    interactive: false,
    style: { color: '#8a969f', weight: 1, dashArray: '4 3', fill: false },
  }).addTo(map);
  pl.eachLayer((layer) => {
    const name = layer.feature.properties.name;
    L.marker(layer.getBounds().getCenter(), {
      interactive: false, keyboard: false,
      icon: L.divIcon({ className: 'place-label', html: '<span>' + escapeHtml(name) + '</span>', iconSize: null }),
    }).addTo(map);
  });
  if (pl.getBounds().isValid()) map.fitBounds(pl.getBounds(), { padding: [8, 8] });
}

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({
    '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
  })[c]);
}

/* Sites: their area, and a circle sized by homes that is easy to click.
 * Each circle has the class site-<id> so that it can be found. */
function drawSites(sites) {
  const max = Math.max(1, ...sites.features.map((f) => f.properties.dwellings || 0));
  const select = clear($('site-select'));
  const sorted = sites.features.slice().sort((a, b) =>
    a.properties.name.localeCompare(b.properties.name));
  for (const f of sorted) {
    const p = f.properties;
    const colour = S106_COLOURS[p.s106_position] || S106_COLOURS.unknown;
    const area = L.geoJSON(f, {
      style: { color: '#b07400', weight: 1, fillColor: '#f0a500', fillOpacity: 0.18 },
    }).addTo(state.map);
    const centre = f.geometry ? area.getBounds().getCenter() : null;
    let marker = null;
    if (centre) {
      marker = L.circleMarker(centre, {
        radius: 4 + 9 * Math.sqrt((p.dwellings || 0) / max),
        color: '#333', weight: 1, fillColor: colour, fillOpacity: 0.9, pane: 'sitesPane',
        className: 'site-marker site-' + String(p.site_id).replace(/[^A-Za-z0-9_-]/g, '_'),
      }).addTo(state.map);
      marker.bindTooltip(siteTip(p));
      marker.on('click', (e) => onSiteClick(e, p.site_id));
    }
    area.on('click', (e) => onSiteClick(e, p.site_id));
    state.sites.set(p.site_id, { props: p, area, marker });
    const opt = el('option', `${p.name} (${p.site_id}), ${fmtNum(p.dwellings)} homes`);
    opt.value = p.site_id;
    select.appendChild(opt);
  }
}

function siteTip(p) {
  return `${escapeHtml(p.name)} (${escapeHtml(p.site_id)}): ${fmtNum(p.dwellings)} homes, ` +
    `${escapeHtml(p.planning_status)}, ${escapeHtml(S106_WORDS[p.s106_position] || p.s106_position)}` +
    (p.illustrative ? ' <span class="tag">illustrative</span>' : '');
}

/* Premises, coloured by their capacity today. */
function drawPremises(premises) {
  const max = Math.max(1, ...premises.features.map((f) => f.properties.rooms || 0));
  L.geoJSON(premises, {
    pointToLayer: (f, latlng) => L.circleMarker(latlng, {
      radius: 3 + 5 * Math.sqrt((f.properties.rooms || 0) / max),
      color: '#1d2a33', weight: 1, fillOpacity: 0.9,
      fillColor: CAP_COLOURS[f.properties.capacity] || '#8a969f',
      className: 'premises-marker',
    }),
    onEachFeature: (f, layer) => {
      const p = f.properties;
      layer.bindTooltip(`${escapeHtml(p.name)}: ${fmtNum(p.rooms)} rooms, ` +
        `${fmtNum(p.required_rooms, 2)} needed today, ${fmtDiff(p.spare_rooms, 2)} spare ` +
        `(${escapeHtml(CAP_WORDS[p.capacity] || p.capacity)})` +
        (p.illustrative ? ' <span class="tag">illustrative</span>' : ''));
      /* a click on a building near a new point must not assess a site */
      layer.on('click', (e) => { if (state.mode === 'site') L.DomEvent.stopPropagation(e); });
    },
  }).addTo(state.map);
}

function drawLegend() {
  const box = clear($('legend'));
  const group = (title, entries, cls) => {
    const div = el('div');
    div.appendChild(el('h4', title));
    const ul = el('ul');
    for (const [colour, words] of entries) {
      const li = el('li');
      const sw = el('span', null, 'swatch ' + cls);
      sw.style.backgroundColor = colour; /* CSSOM: allowed by the policy */
      sw.setAttribute('aria-hidden', 'true');
      li.append(sw, words);
      ul.appendChild(li);
    }
    div.appendChild(ul);
    box.appendChild(div);
  };
  group('Housing sites (circle: homes)', Object.keys(S106_COLOURS).map((k) =>
    [S106_COLOURS[k], S106_WORDS[k]]), 'round');
  group('Premises (circle: rooms)', Object.keys(CAP_COLOURS).map((k) =>
    [CAP_COLOURS[k], CAP_WORDS[k]]), 'round');
  group('Boundaries', [['#f7f9f4', 'place'], ['#f0a500', 'site area']], '');
}

function onSiteClick(e, siteId) {
  if (state.mode !== 'site') return; /* let the map take the click */
  L.DomEvent.stopPropagation(e);
  $('site-select').value = siteId;
  highlightSite(siteId);
  showTab('assess');
  assess({ kind: 'site', site: siteId });
}

/* A thick outline round the site being assessed. */
function highlightSite(siteId) {
  for (const [id, s] of state.sites) {
    if (s.marker) s.marker.setStyle(id === siteId ? { weight: 4, color: '#000' } : { weight: 1, color: '#333' });
  }
}

function onMapClick(e) {
  const lat = Number(e.latlng.lat.toFixed(6));
  const lon = Number(e.latlng.lng.toFixed(6));
  if (state.mode === 'point') {
    $('lon').value = lon;
    $('lat').value = lat;
    drawPoint(lon, lat);
  } else if (state.mode === 'boundary') {
    if (state.boundary && !state.vertices.length) clearBoundary();
    state.vertices.push([lat, lon]);
    drawSketch();
  }
}

/* Fills the point with a postcode's centroid, from the dataset's postcodes
 * (GET near?postcode=, whose answer names the point). */
async function findPostcode() {
  const status = $('postcode-status');
  const text = $('postcode').value.trim();
  state.postcode = null;
  if (!text) {
    status.textContent = 'Type a postcode first, e.g. CV1 2AB.';
    return;
  }
  status.textContent = 'Finding…';
  try {
    const r = await api(API + '/near?' + new URLSearchParams({ postcode: text, radius: '1' }));
    const at = (r.result || r).at;
    const lon = String(Number(at.lon.toFixed(6)));
    const lat = String(Number(at.lat.toFixed(6)));
    $('lon').value = lon;
    $('lat').value = lat;
    drawPoint(Number(lon), Number(lat));
    if (state.map) state.map.panTo([Number(lat), Number(lon)]);
    state.postcode = { postcode: at.postcode, lon, lat };
    status.textContent = `The point is the centroid of postcode ${at.postcode}.`;
  } catch (err) {
    status.textContent = err.message;
  }
}

function drawPoint(lon, lat) {
  if (state.point) state.point.remove();
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) { state.point = null; return; }
  state.point = L.circleMarker([lat, lon], {
    radius: 9, color: '#000', weight: 3, fillColor: '#ffeb3b', fillOpacity: 1,
    className: 'new-point',
  }).addTo(state.map);
}

/* ---- boundaries: clicked corners or an uploaded GeoJSON ---------------- */

function drawSketch() {
  if (state.sketch) state.sketch.remove();
  state.sketch = L.polyline(state.vertices, { color: '#000', weight: 2, dashArray: '5 4' })
    .addTo(state.map);
  $('boundary-status').textContent = `${state.vertices.length} corner(s); ` +
    (state.vertices.length >= 3 ? 'finish the boundary when done.' : 'click at least 3.');
}

function finishBoundary() {
  if (state.vertices.length < 3) {
    showError('Boundary', new Error(`a boundary needs at least 3 corners; ${state.vertices.length} clicked`));
    return;
  }
  const ring = state.vertices.map(([lat, lon]) => [lon, lat]);
  ring.push(ring[0]);
  setBoundary({ type: 'Polygon', coordinates: [ring] }, 'drawn on the map');
}

function clearBoundary() {
  state.vertices = [];
  state.boundary = null;
  if (state.sketch) state.sketch.remove();
  state.sketch = null;
  $('boundary-status').textContent = 'No boundary yet.';
}

/* Keeps the boundary as given: the server checks it and says what is wrong,
 * so the page shows the same message the CLI would. */
function setBoundary(geojson, how) {
  clearBoundary();
  state.boundary = geojson;
  try {
    state.sketch = L.geoJSON(geojson, {
      style: { color: '#000', weight: 2, fillColor: '#ffeb3b', fillOpacity: 0.3 },
    }).addTo(state.map);
    const b = state.sketch.getBounds();
    if (b.isValid()) state.map.fitBounds(b, { maxZoom: 14, padding: [30, 30] });
  } catch (e) {
    state.sketch = null; /* Leaflet cannot draw it; the server will say why */
  }
  $('boundary-status').textContent = `Boundary ${how}; press Assess.`;
}

async function onBoundaryFile(ev) {
  const file = ev.target.files && ev.target.files[0];
  if (!file) return;
  clearErrors();
  try {
    if (file.size > (state.config.body_max || 1048576)) {
      throw new Error(`the file is ${fmtNum(file.size)} bytes; the server takes at most ${fmtNum(state.config.body_max)}`);
    }
    const text = await file.text();
    let obj;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      throw new Error(`${file.name} is not JSON: ${e.message}`);
    }
    setBoundary(obj, `from ${file.name}`);
  } catch (e) {
    showError('Boundary file', e);
  }
}

/* ---- the planning officer's question ------------------------------------ */

function setMode(mode) {
  state.mode = mode;
  document.querySelectorAll('input[name="mode"]').forEach((r) => { r.checked = r.value === mode; });
  document.querySelector('.mode-site').hidden = mode !== 'site';
  document.querySelector('.mode-point').hidden = mode !== 'point';
  document.querySelector('.mode-boundary').hidden = mode !== 'boundary';
  document.querySelector('.new-only').hidden = mode === 'site';
  $('map').classList.toggle('picking', mode !== 'site');
  $('map-hint').textContent = {
    site: 'Click a housing site to assess it.',
    point: 'Click the map to place the new development.',
    boundary: 'Click the map to add the corners of the boundary.',
  }[mode];
}

/* The bedroom mix as the API takes it ("1:20,2:40,3:30,4:10"), or null. */
function readMix() {
  const parts = [];
  for (let b = 1; b <= 4; b++) {
    const v = $('mix' + b).value.trim();
    if (v !== '') parts.push(`${b}:${v}`);
  }
  return parts.length ? parts.join(',') : null;
}

/* The question the form asks, as a plain object (also the link's content). */
function formQuestion() {
  const mode = state.mode;
  if (mode === 'site') {
    highlightSite($('site-select').value);
    return { kind: 'site', site: $('site-select').value };
  }
  const q = { kind: mode, dwellings: $('dwellings').value.trim() };
  const mix = readMix();
  if (mix) q.mix = mix;
  if ($('rural').checked) q.rural = '1';
  const name = $('name').value.trim();
  if (name) q.name = name;
  if (mode === 'point') {
    q.lon = $('lon').value.trim();
    q.lat = $('lat').value.trim();
    if (!q.lon || !q.lat) throw new Error('place the point on the map, type its longitude and latitude, or find a postcode');
    /* still the postcode's centroid: ask by postcode, so the answer says so */
    const pc = state.postcode;
    if (pc && pc.lon === q.lon && pc.lat === q.lat) {
      q.postcode = pc.postcode;
      delete q.lon;
      delete q.lat;
    }
  } else {
    if (!state.boundary) throw new Error('draw a boundary on the map or upload a GeoJSON file first');
    q.boundary = state.boundary;
  }
  if (!q.dwellings) throw new Error('enter the number of dwellings');
  return q;
}

/* The request for a question: GET with a query for a site or a point, POST
 * with JSON for a boundary. path: '/assess' or '/assess/letter'. */
function assessRequest(q, path, extra) {
  if (q.kind === 'boundary') {
    const body = { boundary: q.boundary, dwellings: Number(q.dwellings) };
    if (q.mix) body.mix = q.mix;
    if (q.rural) body.rural = true;
    if (q.name) body.name = q.name;
    const qs = extra ? '?' + new URLSearchParams(extra) : '';
    return [API + path + qs, { method: 'POST', body }];
  }
  const params = new URLSearchParams(extra || {});
  for (const k of ['site', 'lon', 'lat', 'postcode', 'dwellings', 'mix', 'rural', 'name']) {
    if (q[k] !== undefined) params.set(k, q[k]);
  }
  return [API + path + '?' + params, {}];
}

async function assess(q) {
  clearErrors();
  const busy = $('assess-busy');
  busy.textContent = 'Assessing…';
  $('assess-button').disabled = true;
  try {
    const [path, init] = assessRequest(q, '/assess');
    const [path2, init2] = assessRequest(q, '/assess/letter', { format: 'html' });
    const [a, letter] = await Promise.all([api(path, init), api(path2, { ...init2, as: 'text' })]);
    state.question = q;
    state.letterHtml = letter;
    renderAssessment(a, q);
    await showInFrame($('letter-frame'), letter);
    setHash('assess', questionParams(q));
  } catch (e) {
    showError('Assessment', e);
  } finally {
    busy.textContent = '';
    $('assess-button').disabled = false;
  }
}

function questionParams(q) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    p.set(k, k === 'boundary' ? JSON.stringify(v) : v);
  }
  return p;
}

function renderAssessment(a, q) {
  $('assess-result').hidden = false;
  const s = a.site || {};
  $('result-title').textContent = 'The ask for ' + (s.name || s.site_id ||
    (s.postcode ? 'a development at postcode ' + s.postcode : 'the development'));
  const ask = $('ask');
  ask.textContent = fmtGBP0(a.contribution_gbp); /* as the response states it */
  ask.dataset.gbp = JSON.stringify(a.contribution_gbp);
  $('per-dwelling').textContent = a.per_dwelling_gbp === null || a.per_dwelling_gbp === undefined
    ? '' : `${fmtGBP(a.per_dwelling_gbp)} per dwelling`;
  const tagBox = clear($('ask-illustrative'));
  if (a.illustrative && a.illustrative.length) {
    tagBox.appendChild(illustrativeTag('rests on illustrative values: see the list below'));
  }
  const noAsk = $('no-ask');
  noAsk.hidden = !a.no_ask_reason;
  noAsk.textContent = a.no_ask_reason ? 'No contribution is sought: ' + a.no_ask_reason : '';
  renderFacts(a, s);
  renderPractices(a.practices || []);
  renderReg122($('reg122'), state.letterHtml);
  renderList($('warnings'), a.warnings || []);
  $('warnings-box').hidden = !(a.warnings && a.warnings.length);
  renderList($('illustrative'), a.illustrative || []);
  $('illustrative-box').hidden = !(a.illustrative && a.illustrative.length);
  renderTrace(a.trace || []);
  $('assess-link').href = '#assess?' + questionParams(q);
}

function renderFacts(a, s) {
  const facts = [];
  const where = [s.lad_name && `LPA ${s.lad_name} (${s.lad_code})`, s.place && `place ${s.place}`]
    .filter(Boolean).join(', ');
  facts.push(`${s.site_id ? 'Site ' + s.site_id + ': ' : ''}${s.name || 'new development'}` +
    (where ? `; ${where}` : '') + (s.area_ha ? `; ${fmtNum(s.area_ha, 2)} ha` : ''));
  facts.push(`${fmtNum(a.dwellings)} dwellings` + (a.built ? ` (${fmtNum(a.built)} built)` : '') +
    ` × ${fmtNum(a.persons_per_dwelling, 3)} persons = ${fmtNum(a.residents)} residents → ` +
    `${fmtNum(a.new_patients)} new patients`);
  facts.push(`Method ${a.method}, allocation ${a.allocation}; as of ${a.as_of}`);
  facts.push(`Rooms needed ${fmtNum(a.rooms_needed_gross, 2)}, spare rooms used ` +
    `${fmtNum(a.spare_used, 2)}, still needed ${fmtNum(a.rooms_needed_net, 2)} → ` +
    `${fmtNum(a.m2, 1)} m²`);
  if (a.cost) facts.push(`Cost ${fmtGBP(a.cost.all_in_gbp_per_m2)} per m² all in (${a.cost.index_basis})`);
  if (a.suggested) {
    facts.push(`Suggested triggers ${a.suggested.triggers}; spend within ` +
      `${a.suggested.spend_period_years} years of receipt`);
  }
  renderList($('result-facts'), facts);
}

function renderList(ul, items) {
  clear(ul);
  for (const t of items) ul.appendChild(el('li', typeof t === 'string' ? t : JSON.stringify(t)));
}

/* A table from column specs [header, function(row) -> text|Node, numeric]. */
function fillTable(table, cols, rows, rowClass) {
  clear(table);
  const thead = el('thead');
  const hr = el('tr');
  for (const [h, , num] of cols) {
    const th = el('th', h, num ? 'n' : '');
    th.scope = 'col';
    hr.appendChild(th);
  }
  thead.appendChild(hr);
  const tbody = el('tbody');
  for (const r of rows) {
    const tr = el('tr', null, rowClass ? rowClass(r) : '');
    for (const [, f, num] of cols) {
      const v = f(r);
      const td = el('td', null, num ? 'n' : '');
      if (v instanceof Node) td.appendChild(v); else td.textContent = v;
      tr.appendChild(td);
    }
    tbody.appendChild(tr);
  }
  table.append(thead, tbody);
}

/* Text and an optional "i" mark in one cell. */
function withMark(text, marked) {
  const f = document.createDocumentFragment();
  f.append(text);
  if (marked) f.appendChild(iMark());
  return f;
}

function renderPractices(ps) {
  fillTable($('practices'), [
    ['Practice', (p) => `${p.name} (${p.code})`],
    ['Share', (p) => fmtPct(p.share), true],
    ['Distance m', (p) => fmtNum(p.distance_m), true],
    ['New patients', (p) => fmtNum(p.new_patients, 1), true],
    ['List', (p) => fmtNum(p.list), true],
    ['Rooms', (p) => withMark(fmtNum(p.rooms, 2), p.rooms_illustrative), true],
    ['Needed today', (p) => fmtNum(p.required_rooms, 2), true],
    ['Spare (+) / short (−)', (p) => fmtDiff(p.spare_rooms, 2), true],
    ['Status', (p) => p.status],
    ['Rooms for the development', (p) => fmtNum(p.rooms_needed, 2), true],
    ['Spare used', (p) => fmtNum(p.spare_used, 2), true],
    ['Still needed', (p) => fmtNum(p.rooms_net, 2), true],
  ], ps, (p) => (p.status === 'short' ? 'short' : ''));
}

/* The regulation 122 reasoning, as the consultation response argues it:
 * the section from its heading to the next one, copied as text. */
function renderReg122(box, letterHtml) {
  clear(box);
  const doc = new DOMParser().parseFromString(splitStyle(letterHtml || '').html, 'text/html');
  const h = [...doc.querySelectorAll('h2')].find((x) => /regulation 122/i.test(x.textContent));
  if (!h) {
    box.appendChild(el('p', 'The consultation response has no section on regulation 122.'));
    return;
  }
  for (let n = h.nextElementSibling; n && n.tagName !== 'H2'; n = n.nextElementSibling) {
    if (n.tagName === 'H3') box.appendChild(el('h4', n.textContent));
    else if (n.textContent.trim()) box.appendChild(el('p', n.textContent));
  }
}

function renderTrace(trace) {
  fillTable($('trace'), [
    ['Step', (t) => t.step],
    ['Value', (t) => (typeof t.value === 'number' ? fmtNum(t.value, 2) : String(t.value)), true],
    ['Unit', (t) => t.unit || ''],
    ['How', (t) => t.formula || ''],
    ['Assumptions', (t) => (t.assumptions || []).join(', ')],
    ['Data', (t) => (t.data || []).join(', ')],
  ], trace);
}

async function letterAction(kind) {
  clearErrors();
  try {
    if (!state.question) throw new Error('assess a development first');
    if (kind === 'md') {
      const [path, init] = assessRequest(state.question, '/assess/letter', { format: 'md' });
      const md = await api(path, { ...init, as: 'text' });
      const id = state.question.site || 'new-development';
      download(`consultation-response-${id}.md`, md, 'text/markdown');
      return;
    }
    const w = openDocument(state.letterHtml);
    if (!w) throw new Error('the browser blocked the new window: allow pop-ups for this page, or print from the response below');
    if (kind === 'print') { w.focus(); w.print(); }
  } catch (e) {
    showError('Consultation response', e);
  }
}

/* ---- tabs, links and start-up ------------------------------------------- */

function showTab(which) {
  for (const t of ['assess', 'programme']) {
    const on = t === which;
    $('tab-' + t).setAttribute('aria-selected', String(on));
    $('tab-' + t).tabIndex = on ? 0 : -1;
    $('pane-' + t).hidden = !on;
  }
}

function setHash(kind, params) {
  state.hashSet = `#${kind}?${params}`;
  history.replaceState(null, '', state.hashSet);
}

/* Opens the answer a link names: #assess?site=CW-KH, #assess?lon=..&lat=..
 * &dwellings=.., #assess?postcode=..&dwellings=.., #assess?boundary=<GeoJSON>
 * &dwellings=.., #run?method=..&factor=.. */
function followHash() {
  const h = location.hash;
  if (!h || h === state.hashSet) return;
  const [kind, query] = h.slice(1).split('?');
  const p = new URLSearchParams(query || '');
  try {
    if (kind === 'assess') followAssess(p);
    else if (kind === 'run') followRun(p);
  } catch (e) {
    showError('Link', e);
  }
}

function followAssess(p) {
  showTab('assess');
  if (p.get('site')) {
    setMode('site');
    $('site-select').value = p.get('site');
    assess({ kind: 'site', site: p.get('site') });
    return;
  }
  const kind = p.has('boundary') ? 'boundary' : 'point';
  setMode(kind);
  $('dwellings').value = p.get('dwellings') || '';
  $('name').value = p.get('name') || '';
  $('rural').checked = p.get('rural') === '1';
  const mix = new Map((p.get('mix') || '').split(',').filter(Boolean).map((x) => x.split(':')));
  for (let b = 1; b <= 4; b++) $('mix' + b).value = mix.get(String(b)) || '';
  if (kind === 'point' && p.get('postcode')) {
    $('postcode').value = p.get('postcode');
    findPostcode().then(() => assess(formQuestion())).catch((e) => showError('Link', e));
    return;
  }
  if (kind === 'point') {
    $('lon').value = p.get('lon') || '';
    $('lat').value = p.get('lat') || '';
    drawPoint(Number(p.get('lon')), Number(p.get('lat')));
  } else {
    let g;
    try { g = JSON.parse(p.get('boundary')); } catch (e) { throw new Error('the link\'s boundary is not JSON'); }
    setBoundary(g, 'from the link');
  }
  assess(formQuestion());
}

function followRun(p) {
  showTab('programme');
  if (p.has('preset')) $('preset').value = p.get('preset');
  if (p.has('method')) $('method').value = p.get('method');
  if (p.has('factor')) $('factor').value = p.get('factor');
  if (p.has('slippage')) $('slippage').value = p.get('slippage');
  if (p.has('budget')) $('budget').value = p.get('budget');
  runScenario(formScenario());
}

function wireEvents() {
  $('tab-assess').addEventListener('click', () => showTab('assess'));
  $('tab-programme').addEventListener('click', () => showTab('programme'));
  document.querySelector('.tabs').addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    const next = $('tab-assess').getAttribute('aria-selected') === 'true' ? 'programme' : 'assess';
    showTab(next);
    $('tab-' + next).focus();
  });
  document.querySelectorAll('input[name="mode"]').forEach((r) =>
    r.addEventListener('change', () => setMode(r.value)));
  $('assess-form').addEventListener('submit', (e) => {
    e.preventDefault();
    clearErrors();
    try { assess(formQuestion()); } catch (err) { showError('Assessment', err); }
  });
  for (const id of ['lon', 'lat']) {
    $(id).addEventListener('change', () => drawPoint(Number($('lon').value), Number($('lat').value)));
  }
  $('find-postcode').addEventListener('click', findPostcode);
  $('postcode').addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { e.preventDefault(); findPostcode(); }
  });
  $('finish-boundary').addEventListener('click', finishBoundary);
  $('clear-boundary').addEventListener('click', clearBoundary);
  $('boundary-file').addEventListener('change', onBoundaryFile);
  $('letter-open').addEventListener('click', () => letterAction('open'));
  $('letter-print').addEventListener('click', () => letterAction('print'));
  $('letter-md').addEventListener('click', () => letterAction('md'));
  $('run-form').addEventListener('submit', (e) => {
    e.preventDefault();
    clearErrors();
    try { runScenario(formScenario()); } catch (err) { showError('Scenario', err); }
  });
  $('site-select').addEventListener('change', () => highlightSite($('site-select').value));
  $('run-place').addEventListener('change', renderPlace);
  $('report-show').addEventListener('click', showReport);
  window.addEventListener('hashchange', followHash);
}

async function start() {
  wireEvents();
  setMode('site');
  try {
    state.config = await api(API + '/config');
    $('dataset').textContent = state.config.dataset ? '· ' + state.config.dataset : '';
    initScenarioForm();
    initMap();
    drawLegend();
    const [places, lads, sites, premises] = await Promise.all(
      ['places', 'lads', 'sites', 'premises'].map((l) => api(`${API}/${l}`)));
    drawBase(places, lads);
    drawSites(sites);
    drawPremises(premises);
    document.body.dataset.ready = 'true'; /* the map and lists are drawn */
    followHash();
  } catch (e) {
    showError('Loading the page', e);
  }
}

document.addEventListener('DOMContentLoaded', start);
