// Metrics: the instruments of one resource; for one instrument a chart over time (counters and
// gauges: the value; histograms: the mean per interval, and the buckets), filtered by a dimension.
import { h, fill, clear, debounce } from '../dom.js';
import { getJson, onTelemetryChange, query } from '../api.js';
import { lineChart, bucketChart } from '../chart.js';

const MAX_SERIES = 8;

export function mount(main, route) {
  let resource = route.params.get('resource') || '';
  let instrument = route.params.get('name') || '';
  let dimension = route.params.get('dim') || '';
  const picker = h('select', { id: 'metrics-resource', onchange: () => { resource = picker.value; instrument = ''; dimension = ''; update(); } });
  const list = h('ul', { class: 'instruments', id: 'instruments' });
  const view = h('section', { class: 'metric-view', id: 'metric-view' }, h('p', { class: 'muted' }, 'Select an instrument.'));
  main.append(h('h1', null, 'Metrics'), h('div', { class: 'toolbar' }, picker), h('div', { class: 'split metrics' }, list, view));

  let lastInstruments = '';
  async function refresh() {
    const summaries = await getJson('/api/telemetry/resources');
    const names = summaries.filter(r => r.metricPoints > 0).map(r => r.name);
    if (!resource && names.length) resource = names.includes('api') ? 'api' : names[0];
    if (picker.options.length !== names.length) fill(picker, ...names.map(n => h('option', { value: n }, n)));
    picker.value = resource;
    if (!resource) { fill(list, h('li', { class: 'muted' }, 'No metrics yet.')); return; }
    const instruments = await getJson('/api/telemetry/metrics' + query({ resource, limit: 1 }));
    const key = instruments.map(m => m.instrument.name).join();
    if (key !== lastInstruments) {
      lastInstruments = key;
      fill(list, ...instruments.map(m => h('li', { class: m.instrument.name === instrument ? 'selected' : '', 'data-name': m.instrument.name },
        h('a', { href: '#', onclick: ev => { ev.preventDefault(); instrument = m.instrument.name; dimension = ''; update(); } }, m.instrument.name),
        h('div', { class: 'muted small' }, `${m.instrument.kind}${m.instrument.unit ? ' · ' + m.instrument.unit : ''}`))));
    }
    if (instrument) await drawInstrument();
  }

  async function drawInstrument() {
    const [metric] = await getJson('/api/telemetry/metrics' + query({ resource, name: instrument, limit: 2000 }));
    if (!metric) { fill(view, h('p', { class: 'muted' }, `No points for ${instrument}.`)); return; }
    const { instrument: info, points } = metric;
    const dims = new Map();
    for (const p of points) for (const a of p.attributes) {
      if (!dims.has(a.key)) dims.set(a.key, new Set());
      dims.get(a.key).add(a.value);
    }
    const dimPicker = h('select', { id: 'metric-dimension', onchange: debounce(() => { dimension = dimPicker.value; update(); }, 0) },
      h('option', { value: '' }, 'All dimensions'),
      [...dims].flatMap(([k, values]) => [...values].slice(0, 50).map(v => h('option', { value: `${k}=${v}` }, `${k} = ${v}`))));
    dimPicker.value = dimension;
    const filtered = dimension ? points.filter(p => p.attributes.some(a => `${a.key}=${a.value}` === dimension)) : points;
    const histogram = /Histogram|Summary/.test(info.kind);
    const series = seriesOf(filtered, histogram);
    const latest = [...filtered].reverse().find(p => p.histogram);
    fill(view, 
      h('h2', null, info.name), h('p', { class: 'muted' }, [info.description, info.kind, info.unit, info.temporality].filter(Boolean).join(' · ')),
      h('div', { class: 'toolbar' }, dimPicker),
      histogram ? h('p', { class: 'muted small' }, 'Mean per export interval') : null,
      lineChart(series.slice(0, MAX_SERIES), info.unit),
      series.length > MAX_SERIES ? h('p', { class: 'muted' }, `${series.length - MAX_SERIES} more series: pick a dimension.`) : null,
      latest ? [h('h3', null, 'Buckets (latest)'), bucketChart(latest.histogram)] : null);
  }

  function update() {
    history.replaceState(null, '', '#/metrics' + query({ resource, name: instrument, dim: dimension }));
    lastInstruments = '';
    refresh().catch(e => fill(view, h('p', { class: 'error' }, e.message)));
  }

  return onTelemetryChange(refresh);
}

/** One series per distinct set of attributes. Histograms: mean of each interval (cumulative points are differenced). */
function seriesOf(points, histogram) {
  const groups = new Map();
  for (const p of points) {
    const label = p.attributes.map(a => `${a.key}=${a.value}`).join(', ');
    if (!groups.has(label)) groups.set(label, []);
    groups.get(label).push(p);
  }
  return [...groups].map(([label, pts]) => ({
    label,
    points: histogram ? means(pts) : pts.filter(p => p.value !== undefined && p.value !== null).map(p => ({ t: Date.parse(p.time), v: p.value })),
  }));
}

function means(points) {
  const out = [];
  let previous = null;
  for (const p of points) {
    const hgm = p.histogram || p.exponentialHistogram || p.summary;
    if (!hgm) continue;
    const count = Number(hgm.count), sum = hgm.sum ?? 0;
    const cumulative = previous && p.startTime && previous.startTime === p.startTime;
    const dc = cumulative ? count - previous.count : count, ds = cumulative ? sum - previous.sum : sum;
    if (dc > 0) out.push({ t: Date.parse(p.time), v: ds / dc });
    previous = { count, sum, startTime: p.startTime };
  }
  return out;
}
