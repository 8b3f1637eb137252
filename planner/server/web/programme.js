/* pcplan serve: the page's second flow (issue 17), the programme group's:
 * a scenario -> POST /api/v1/run, /programme and /report/{place}, against
 * the baseline (the server's default scenario). Loaded before app.js,
 * whose helpers (state, $, el, the API calls) these functions use when
 * called; app.js starts the page. Declarations only. */
'use strict';

/* ---- the programme group's scenario ------------------------------------- */

function fillSelect(select, values, current, blank) {
  clear(select);
  if (blank) select.appendChild(el('option', blank)).value = '';
  for (const v of values) select.appendChild(el('option', v)).value = v;
  select.value = current || '';
}

function initScenarioForm() {
  const base = state.config.scenario || {};
  fillSelect($('preset'), state.config.presets || [], base.preset, "(the register's defaults)");
  fillSelect($('method'), state.config.methods || [], base.method || 'gp_fte');
  const d = base.delivery || {};
  $('factor').value = d.factor !== undefined ? d.factor : 1;
  $('slippage').value = d.slippage_years !== undefined ? d.slippage_years : 0;
  $('budget').value = base.capital && base.capital.icb_budget_factor !== undefined
    ? base.capital.icb_budget_factor : 1;
}

/* The scenario: the server's default with the form's choices over it. */
function formScenario() {
  const base = JSON.parse(JSON.stringify(state.config.scenario || {}));
  const num = (id, what) => {
    const v = Number($(id).value);
    if ($(id).value.trim() === '' || !Number.isFinite(v)) throw new Error(`${what} must be a number`);
    return v;
  };
  const s = { ...base, format: 'pcplan-scenario/1', name: 'web', description: 'tried on the web page' };
  if ($('preset').value) s.preset = $('preset').value; else delete s.preset;
  s.method = $('method').value;
  s.delivery = { ...(base.delivery || {}), factor: num('factor', 'the delivery factor'),
    slippage_years: num('slippage', 'the slippage') };
  s.capital = { ...(base.capital || {}), icb_budget_factor: num('budget', 'the ICB budget factor') };
  return s;
}

async function ensureBaseline() {
  if (!state.baseline) {
    const base = { format: 'pcplan-scenario/1', ...(state.config.scenario || {}) };
    state.baseline = await api(API + '/run', { method: 'POST', body: base });
  }
  return state.baseline;
}

async function runScenario(s) {
  clearErrors();
  $('run-button').disabled = true;
  $('run-busy').textContent = 'Running the projection…';
  try {
    const [baseline, run] = await Promise.all([ensureBaseline(),
      api(API + '/run', { method: 'POST', body: s })]);
    state.scenario = s;
    state.run = run;
    renderRun(baseline, run, s);
    setHash('run', scenarioParams(s));
    $('run-busy').textContent = 'Prioritising the capital programme…';
    await runProgramme(s);
  } catch (e) {
    showError('Scenario', e);
  } finally {
    $('run-busy').textContent = '';
    $('run-button').disabled = false;
  }
}

async function runProgramme(s) {
  clear($('programme'));
  $('prog-summary').textContent = '';
  try {
    const prog = await api(API + '/programme', { method: 'POST', body: s, timeout: 300000 });
    renderProgramme(prog);
  } catch (e) {
    $('prog-summary').textContent = 'No programme: ' + e.message;
    showError('Capital programme', e);
  }
}

function scenarioParams(s) {
  const p = new URLSearchParams();
  if (s.preset) p.set('preset', s.preset);
  p.set('method', s.method);
  p.set('factor', s.delivery.factor);
  p.set('slippage', s.delivery.slippage_years);
  p.set('budget', s.capital.icb_budget_factor);
  return p;
}

/* The place (or the system) of a run by name. */
function areaOf(run, name) {
  if (name === run.system.name) return run.system;
  return run.places.find((p) => p.name === name);
}

function lastYear(area) { return area.years[area.years.length - 1]; }

/* One row per place and the system at the horizon: baseline, scenario, change.
 * Cells carry data-place, data-figure and data-which for the browser test. */
function renderRun(baseline, run, s) {
  $('run-result').hidden = false;
  const ill = run.illustrative || {};
  const summary = $('run-summary');
  clear(summary).append(`Run ${run.run_id}: preset ${run.preset || "(the register's defaults)"}, method ${run.method}, ` +
    `delivery ×${s.delivery.factor}, slippage ${s.delivery.slippage_years} y, ` +
    `${run.base_year}–${run.base_year + run.years}. Baseline: run ${baseline.run_id}. `);
  if (ill.premises && ill.premises.illustrative) {
    summary.append(illustrativeTag(), ` ${ill.premises.illustrative} of ${ill.premises.of} premises' rooms, ` +
      `${(ill.sites || {}).illustrative || 0} of ${(ill.sites || {}).of || 0} site trajectories`);
  }
  $('run-link').href = '#run?' + scenarioParams(s);
  const names = run.places.map((p) => p.name).concat([run.system.name]);
  const table = clear($('run-places'));
  const head = el('tr');
  for (const h of ['Place', 'Patients', 'baseline', 'Growth rooms', 'baseline', 'change',
    'Gap (rooms)', 'baseline', 'change']) head.appendChild(el('th', h));
  const horizon = run.base_year + run.years;
  const caption = el('caption', `At the horizon, ${horizon}: the scenario, the baseline and the change`);
  table.append(caption, el('thead'), el('tbody'));
  table.tHead.appendChild(head);
  for (const name of names) {
    const a = areaOf(run, name);
    const b = areaOf(baseline, name);
    if (!a || !b) continue;
    const ya = lastYear(a);
    const yb = lastYear(b);
    const tr = el('tr');
    tr.appendChild(el('th', name)).scope = 'row';
    for (const [fig, dp] of [['patients', 0], ['growth_rooms', 2], ['gap', 2]]) {
      tr.appendChild(figCell(name, fig, 'scenario', fmtNum(ya[fig], dp)));
      tr.appendChild(figCell(name, fig, 'baseline', fmtNum(yb[fig], dp)));
      if (fig !== 'patients') {
        const d = ya[fig] - yb[fig];
        const c = figCell(name, fig, 'change', fmtDiff(d, dp));
        if (Math.abs(d) >= 0.005) c.classList.add(d > 0 ? 'up' : 'down');
        tr.appendChild(c);
      }
    }
    table.tBodies[0].appendChild(tr);
  }
  const sel = $('run-place');
  const keep = sel.value;
  fillSelect(sel, names, names.includes(keep) ? keep : names[0]);
  renderPlace();
}

function figCell(place, figure, which, text) {
  const td = el('td', text, 'n');
  td.dataset.place = place;
  td.dataset.figure = figure;
  td.dataset.which = which;
  return td;
}

/* The chosen place year by year, and its charts. */
function renderPlace() {
  const name = $('run-place').value;
  const a = state.run && areaOf(state.run, name);
  const b = state.baseline && areaOf(state.baseline, name);
  if (!a || !b) return;
  const byYear = new Map(b.years.map((y) => [y.year, y]));
  fillTable($('run-years'), [
    ['Year', (y) => String(y.year)],
    ['Patients', (y) => fmtNum(y.patients), true],
    ['baseline', (y) => fmtNum((byYear.get(y.year) || {}).patients), true],
    ['Growth rooms', (y) => fmtNum(y.growth_rooms, 2), true],
    ['baseline', (y) => fmtNum((byYear.get(y.year) || {}).growth_rooms, 2), true],
    ['Gap', (y) => fmtNum(y.gap, 2), true],
    ['baseline', (y) => fmtNum((byYear.get(y.year) || {}).gap, 2), true],
  ], a.years);
  const box = clear($('chart'));
  $('chart-title').textContent = `${name}: growth rooms and the gap by year`;
  box.appendChild(lineChart('Growth rooms', a.years, b.years, 'growth_rooms'));
  box.appendChild(lineChart('Gap (rooms needed minus rooms; below 0: spare)', a.years, b.years, 'gap'));
  $('report-frame').hidden = true;
  $('report-show').disabled = name === state.run.system.name;
}

/* An SVG line chart of one figure by year: the scenario (solid) and the
 * baseline (dashed), as the place reports draw theirs. */
function lineChart(title, scen, base, key) {
  const NS = 'http://www.w3.org/2000/svg';
  const W = 600, H = 230, L0 = 56, R0 = 12, T0 = 24, B0 = 30;
  const mk = (tag, attrs, text) => {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const all = scen.concat(base);
  const years = all.map((y) => y.year);
  const vals = all.map((y) => y[key]);
  const x0 = Math.min(...years), x1 = Math.max(...years);
  let y0 = Math.min(0, ...vals), y1 = Math.max(0, ...vals);
  if (y1 - y0 < 1e-9) y1 = y0 + 1;
  const pad = (y1 - y0) * 0.05; y0 -= pad; y1 += pad;
  const X = (v) => L0 + (W - L0 - R0) * (x1 > x0 ? (v - x0) / (x1 - x0) : 0.5);
  const Y = (v) => T0 + (H - T0 - B0) * (1 - (v - y0) / (y1 - y0));
  const svg = mk('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${title}: scenario and baseline by year` });
  svg.appendChild(mk('text', { x: L0, y: 14 }, title));
  for (let i = 0; i <= 4; i++) {
    const v = y0 + (y1 - y0) * i / 4;
    svg.appendChild(mk('line', { x1: L0, x2: W - R0, y1: Y(v), y2: Y(v), class: 'grid' }));
    svg.appendChild(mk('text', { x: L0 - 6, y: Y(v) + 4, 'text-anchor': 'end' }, fmtNum(v, 1)));
  }
  for (const yr of [...new Set(years)]) {
    if ((yr - x0) % 2) continue;
    svg.appendChild(mk('text', { x: X(yr), y: H - 10, 'text-anchor': 'middle' }, String(yr)));
  }
  svg.appendChild(mk('line', { x1: L0, x2: W - R0, y1: Y(0), y2: Y(0), class: 'axis' }));
  const path = (ys) => ys.map((y, i) => `${i ? 'L' : 'M'}${X(y.year).toFixed(1)},${Y(y[key]).toFixed(1)}`).join(' ');
  svg.appendChild(mk('path', { d: path(base), class: 'base' }));
  svg.appendChild(mk('path', { d: path(scen), class: 'scen' }));
  svg.appendChild(mk('text', { x: W - R0, y: 14, 'text-anchor': 'end' }, '— scenario   - - baseline'));
  return svg;
}

function renderProgramme(prog) {
  const o = prog.optimal || {};
  const parts = o.parts || {};
  // the optimum only when proven so; else best found, and how far from the bound
  const head = o.status === 'optimal' ? 'Optimum' : 'Best found';
  $('prog-summary').textContent = `${head} (${o.status_text || o.status}): ` +
    `${fmtNum(parts.weighted_gap_room_years, 2)} ` +
    `need-weighted room-years unmet, S106 repaid ${fmtGBP0(parts.s106_repaid_gbp)}, schemes ` +
    `${fmtGBP0(parts.cost_gbp)}; better than the greedy ranking by ${fmtNum(prog.optimal_better_by, 2)}.`;
  const chosen = (o.schemes || []).map((s) => ({ ...s, chosen: true }));
  const left = (o.not_chosen || []).map((s) => ({ ...s, chosen: false }));
  fillTable($('programme'), [
    ['Scheme', (s) => withMark(`${s.scheme_id}${s.name ? ' ' + s.name : ''}`, s.illustrative)],
    ['Place', (s) => s.place || ''],
    ['Status', (s) => s.status || ''],
    ['Start', (s) => (s.chosen ? String(s.start_year) : '–'), true],
    ['Rooms from', (s) => (s.chosen ? String(s.rooms_from_year) : '–'), true],
    ['Rooms', (s) => (s.chosen ? fmtNum(s.rooms) : '–'), true],
    ['Cost', (s) => (s.chosen ? fmtGBP0(s.cost_gbp) : '–'), true],
    ['Funding / why not', (s) => (s.chosen ? fundingWords(s.funding) : s.why || 'not chosen')],
  ], chosen.concat(left));
}

/* Funding by kind, "icb £4,294,419; s106 £1,963,581". */
function fundingWords(funding) {
  const by = {};
  for (const f of funding || []) by[f.kind] = (by[f.kind] || 0) + f.gbp;
  return Object.entries(by).map(([k, v]) => `${k} ${fmtGBP0(v)}`).join('; ');
}

async function showReport() {
  clearErrors();
  const name = $('run-place').value;
  $('report-show').disabled = true;
  try {
    const html = await api(`${API}/report/${encodeURIComponent(name)}`,
      { method: 'POST', body: state.scenario, as: 'text', timeout: 300000 });
    await showInFrame($('report-frame'), html);
  } catch (e) {
    showError('Place report', e);
  } finally {
    $('report-show').disabled = false;
  }
}
