// Traces: the newest traces (name, duration, spans, services, errors) and, for one trace, a
// waterfall across services with each span's attributes and events, and a link to its logs.
import { h, fill, clear, time, duration, debounce, kvTable, badge } from '../dom.js';
import { getJson, onTelemetryChange, query } from '../api.js';

const LIMIT = 100;

export function mount(main, route) {
  return route.arg ? mountTrace(main, route.arg) : mountList(main, route);
}

function mountList(main, route) {
  const filters = { resource: route.params.get('resource') || '', text: route.params.get('text') || '' };
  const picker = h('select', { id: 'traces-resource', onchange: () => set('resource', picker.value) }, h('option', { value: '' }, 'All resources'));
  const textBox = h('input', { type: 'search', placeholder: 'Span name or attribute', value: filters.text, oninput: debounce(() => set('text', textBox.value)) });
  const body = h('tbody');
  const info = h('span', { class: 'muted' });
  main.append(h('h1', null, 'Traces'), h('div', { class: 'toolbar' }, picker, textBox, info),
    h('table', { class: 'grid', id: 'traces' },
      h('thead', null, h('tr', null, ['Time', 'Name', 'Duration', 'Spans', 'Services', 'Errors'].map(t => h('th', null, t)))), body));

  let lastKey = '';
  async function refresh() {
    const summaries = await getJson('/api/telemetry/resources');
    for (const r of summaries) if (![...picker.options].some(o => o.value === r.name)) picker.append(h('option', { value: r.name }, r.name));
    picker.value = filters.resource;
    const traces = await getJson('/api/telemetry/traces' + query({ ...filters, limit: LIMIT }));
    const key = traces.map(t => t.traceId + t.spanCount).join();
    if (key === lastKey) return;
    lastKey = key;
    info.textContent = `${traces.length} traces`;
    const longest = Math.max(1, ...traces.map(t => t.durationMs));
    const fragment = document.createDocumentFragment();
    for (const t of traces.reverse()) {
      const bar = h('span', { class: 'bar' });
      bar.style.width = `${Math.max(1, (t.durationMs / longest) * 100)}%`;
      fragment.append(h('tr', { class: t.hasError ? 'error' : '', 'data-trace': t.traceId },
        h('td', { class: 'nowrap' }, time(t.startTime)),
        h('td', null, h('a', { href: `#/traces/${t.traceId}` }, t.name)),
        h('td', { class: 'duration' }, h('span', { class: 'bar-track' }, bar), duration(t.durationMs)),
        h('td', { class: 'num' }, String(t.spanCount)),
        h('td', null, t.resources.map(r => h('span', { class: `chip ${chipClass(r)}` }, r))),
        h('td', null, t.hasError ? badge('error', 'error') : '')));
    }
    fill(body, fragment);
  }

  function set(name, value) {
    filters[name] = value;
    lastKey = '';
    history.replaceState(null, '', '#/traces' + query(filters));
    refresh().catch(e => { info.textContent = e.message; });
  }

  return onTelemetryChange(refresh);
}

function mountTrace(main, traceId) {
  const waterfall = h('div', { class: 'waterfall', id: 'waterfall' });
  const detail = h('section', { class: 'details', id: 'span-detail' }, h('p', { class: 'muted' }, 'Select a span.'));
  const title = h('h1', null, 'Trace');
  const summary = h('p', { class: 'muted' });
  main.append(h('p', null, h('a', { href: '#/traces' }, '← All traces'), ' · ',
    h('a', { href: `#/logs?traceId=${traceId}`, id: 'trace-logs-link' }, 'Logs of this trace')),
    title, summary, h('div', { class: 'split' }, waterfall, detail));

  let lastCount = -1, selected = null;
  async function refresh() {
    let trace;
    try { trace = await getJson(`/api/telemetry/traces/${traceId}`); }
    catch { summary.textContent = `No trace ${traceId} is kept (yet).`; return; }
    if (trace.spanCount === lastCount) return;
    lastCount = trace.spanCount;
    title.textContent = trace.name;
    summary.textContent = `${traceId} · ${time(trace.startTime)} · ${duration(trace.durationMs)} · ${trace.spanCount} spans · ${trace.resources.join(', ')}`
      + (trace.droppedSpans ? ` · ${trace.droppedSpans} spans dropped` : '');
    const start = Date.parse(trace.startTime), total = Math.max(trace.durationMs, 0.001);
    const rows = [];
    for (const { span, depth } of ordered(trace.spans)) {
      const offset = (Date.parse(span.startTime) - start) + fraction(span.startTime) - fraction(trace.startTime);
      const bar = h('div', { class: `span-bar ${chipClass(span.resource)}${span.status === 'Error' ? ' error' : ''}`, title: duration(span.durationMs) });
      bar.style.left = `${Math.min(100, (offset / total) * 100)}%`;
      bar.style.width = `max(2px, ${(span.durationMs / total) * 100}%)`;
      const label = h('div', { class: 'span-label' }, h('span', { class: `chip ${chipClass(span.resource)}` }, span.resource), ' ', span.name);
      label.style.paddingLeft = `${depth * 14}px`;
      const row = h('div', { class: `span-row${span.spanId === selected ? ' selected' : ''}`, 'data-span': span.spanId, onclick: () => show(span, row) },
        label, h('div', { class: 'span-track' }, bar, h('span', { class: 'span-duration' }, duration(span.durationMs))));
      rows.push(row);
    }
    fill(waterfall, ...rows);
  }

  function show(span, row) {
    selected = span.spanId;
    for (const r of waterfall.querySelectorAll('.selected')) r.classList.remove('selected');
    row.classList.add('selected');
    fill(detail, h('h2', null, span.name),
      kvTable([['Service', span.resource], ['Kind', span.kind], ['Status', span.status + (span.statusMessage ? `: ${span.statusMessage}` : '')],
        ['Duration', duration(span.durationMs)], ['Start', new Date(span.startTime).toISOString()], ['Span id', span.spanId],
        ['Parent', span.parentSpanId || ''], ['Scope', span.scope]]),
      h('h3', null, 'Attributes'), kvTable(span.attributes),
      h('h3', null, 'Events'),
      span.events.length === 0 ? h('p', { class: 'muted' }, 'none') : span.events.map(e => h('div', { class: 'event' },
        h('strong', null, e.name), ' ', h('span', { class: 'muted' }, time(e.time)), kvTable(e.attributes))),
      h('p', null, h('a', { href: `#/logs?traceId=${span.traceId}` }, 'Logs of this trace')));
  }

  return onTelemetryChange(refresh);
}

/** Parents before children, depth-first; spans whose parent is not kept start a branch of their own. */
function ordered(spans) {
  const ids = new Set(spans.map(s => s.spanId));
  const children = new Map();
  for (const s of spans) {
    const parent = s.parentSpanId && ids.has(s.parentSpanId) ? s.parentSpanId : null;
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(s);
  }
  const out = [];
  const visit = (parent, depth) => {
    for (const s of (children.get(parent) || []).sort((a, b) => a.startTime.localeCompare(b.startTime))) {
      out.push({ span: s, depth });
      if (depth < 50) visit(s.spanId, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

/** Sub-millisecond part of an ISO time (Date.parse keeps only milliseconds). */
function fraction(iso) {
  const m = /\.(\d{3})(\d+)/.exec(iso);
  return m ? Number('0.' + m[2]) : 0;
}

const chipClasses = new Map();
/** A stable colour per service. */
export function chipClass(resource) {
  if (!chipClasses.has(resource)) {
    let hash = 0;
    for (const c of resource) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
    chipClasses.set(resource, `c${hash % 8}`);
  }
  return chipClasses.get(resource);
}
