// Console logs: a live tail (SSE) of one copy or all, ANSI colours, search. At most MAX_LINES are
// kept and drawn; new lines are appended, never the whole list redrawn.
import { h, fill, clear, time, debounce } from '../dom.js';
import { getJson, stream, query } from '../api.js';
import { renderAnsi, stripAnsi } from '../ansi.js';

const MAX_LINES = 5000;

export function mount(main, route) {
  let resource = route.params.get('resource') || '';
  let search = route.params.get('q') || '';
  let follow = true;
  let lines = [];
  let close = null;

  const picker = h('select', { id: 'console-resource', onchange: () => { resource = picker.value; reconnect(); } }, h('option', { value: '' }, 'All resources'));
  const searchBox = h('input', { type: 'search', id: 'console-search', placeholder: 'Search', value: search,
    oninput: debounce(() => { search = searchBox.value; redraw(); }, 200) });
  const followBox = h('input', { type: 'checkbox', checked: true, onchange: () => { follow = followBox.checked; if (follow) scroll(); } });
  const output = h('div', { class: 'console', id: 'console-output' });
  const count = h('span', { class: 'muted' });
  main.append(h('h1', null, 'Console logs'),
    h('div', { class: 'toolbar' }, picker, searchBox, h('label', null, followBox, ' Follow'),
      h('button', { onclick: () => { lines = []; redraw(); } }, 'Clear'), count),
    output);

  getJson('/api/resources').then(list => {
    for (const r of list) picker.append(h('option', { value: r.name }, r.name));
    picker.value = resource;
  });

  function matches(line) { return !search || stripAnsi(line.text).toLowerCase().includes(search.toLowerCase()); }

  function row(line) {
    return h('div', { class: `line${line.isError ? ' stderr' : ''}` },
      h('span', { class: 'ts' }, time(line.timestamp)),
      resource ? null : h('span', { class: 'src' }, line.resource),
      renderAnsi(h('span', { class: 'text' }), line.text));
  }

  function redraw() {
    const fragment = document.createDocumentFragment();
    for (const line of lines) if (matches(line)) fragment.append(row(line));
    fill(output, fragment);
    updateCount();
    scroll();
  }

  function onBatch(batch) {
    // All resources: a batch holds several copies' lines; shown in time order within it.
    if (!resource) batch.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
    lines.push(...batch);
    const dropped = Math.max(0, lines.length - MAX_LINES);
    if (dropped) lines = lines.slice(dropped);
    const fragment = document.createDocumentFragment();
    for (const line of batch) if (matches(line)) fragment.append(row(line));
    output.append(fragment);
    while (output.childElementCount > MAX_LINES) output.firstElementChild.remove();
    updateCount();
    scroll();
  }

  function updateCount() { count.textContent = `${output.childElementCount} of ${lines.length} lines`; }
  function scroll() { if (follow) output.scrollTop = output.scrollHeight; }

  function reconnect() {
    if (close) close();
    lines = [];
    clear(output);
    history.replaceState(null, '', '#/console' + query({ resource, q: search }));
    close = stream('/api/events/console' + query({ resource, tail: resource ? 2000 : 300 }), 'console', onBatch);
  }

  reconnect();
  return () => close && close();
}
