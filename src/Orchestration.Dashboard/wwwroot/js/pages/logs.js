// Structured logs: filters (resource, level, text, trace id), a table of the newest records, a detail
// panel with attributes and the link to the trace. Refetched when telemetry arrives (1 s check).
import { h, fill, clear, time, debounce, kvTable, badge } from '../dom.js';
import { getJson, onTelemetryChange, query } from '../api.js';

const LIMIT = 500;

export function mount(main, route) {
  const filters = {
    resource: route.params.get('resource') || '', level: route.params.get('level') || '',
    text: route.params.get('text') || '', traceId: route.params.get('traceId') || '',
  };
  const resourcePicker = h('select', { id: 'logs-resource', onchange: () => set('resource', resourcePicker.value) }, h('option', { value: '' }, 'All resources'));
  const levelPicker = h('select', { id: 'logs-level', onchange: () => set('level', levelPicker.value) },
    ['', 'trace', 'debug', 'information', 'warning', 'error', 'critical'].map(l => h('option', { value: l }, l ? `≥ ${l}` : 'Any level')));
  levelPicker.value = filters.level;
  const textBox = h('input', { type: 'search', id: 'logs-text', placeholder: 'Text', value: filters.text, oninput: debounce(() => set('text', textBox.value)) });
  const traceBox = h('input', { type: 'search', id: 'logs-trace', placeholder: 'Trace id', value: filters.traceId, size: 34, oninput: debounce(() => set('traceId', traceBox.value.trim())) });
  const body = h('tbody');
  const detail = h('section', { class: 'details', id: 'log-detail' }, h('p', { class: 'muted' }, 'Select a record.'));
  const info = h('span', { class: 'muted' });
  main.append(h('h1', null, 'Structured logs'),
    h('div', { class: 'toolbar' }, resourcePicker, levelPicker, textBox, traceBox, info),
    h('div', { class: 'split' },
      h('table', { class: 'grid', id: 'logs' }, h('thead', null, h('tr', null, ['Time', 'Resource', 'Level', 'Message', 'Trace'].map(t => h('th', null, t)))), body),
      detail));

  let lastKey = '';
  async function refresh() {
    if (/^[0-9a-fA-F]{32}$/.test(filters.traceId) === false && filters.traceId) { info.textContent = 'A trace id is 32 hex digits.'; return; }
    const summaries = await getJson('/api/telemetry/resources');
    for (const r of summaries) if (![...resourcePicker.options].some(o => o.value === r.name)) resourcePicker.append(h('option', { value: r.name }, r.name));
    resourcePicker.value = filters.resource;
    const logs = await getJson('/api/telemetry/logs' + query({ ...filters, limit: LIMIT }));
    const key = logs.length + ':' + (logs.length ? logs[logs.length - 1].timestamp + logs[0].timestamp : '');
    if (key === lastKey) return;
    lastKey = key;
    info.textContent = `${logs.length} records${logs.length === LIMIT ? ' (newest ' + LIMIT + ')' : ''}`;
    const fragment = document.createDocumentFragment();
    for (const log of logs.reverse()) fragment.append(h('tr', { class: `level-${log.level.toLowerCase()}`, onclick: ev => show(log, ev.currentTarget) },
      h('td', { class: 'nowrap' }, time(log.timestamp)), h('td', null, log.resource), h('td', null, badge(log.level)),
      h('td', { class: 'message' }, log.body),
      h('td', null, log.traceId ? h('a', { href: `#/traces/${log.traceId}`, onclick: ev => ev.stopPropagation() }, log.traceId.slice(0, 8)) : '')));
    fill(body, fragment);
  }

  function show(log, row) {
    for (const r of body.querySelectorAll('tr.selected')) r.classList.remove('selected');
    row.classList.add('selected');
    fill(detail, h('h2', null, log.level, ' · ', log.resource),
      h('pre', { class: 'wrap' }, log.body),
      kvTable([['Time', new Date(log.timestamp).toISOString()], ['Severity', `${log.severityText || ''} (${log.severityNumber})`],
        ['Category', log.scope], ['Event', log.eventName || ''], ['Span id', log.spanId || '']]),
      log.traceId ? h('p', null, h('a', { href: `#/traces/${log.traceId}`, id: 'log-trace-link' }, `Trace ${log.traceId}`)) : null,
      h('h3', null, 'Attributes'), kvTable(log.attributes));
  }

  function set(name, value) {
    filters[name] = value;
    lastKey = '';
    history.replaceState(null, '', '#/logs' + query(filters));
    refresh().catch(e => { info.textContent = e.message; });
  }

  return onTelemetryChange(refresh);
}
