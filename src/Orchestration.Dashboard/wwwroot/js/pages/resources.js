// Resources: a live table (one SSE stream of state changes), a details panel, start/stop/restart.
import { h, fill, clear, time, badge, kvTable } from '../dom.js';
import { getJson, post, stream, setStatus } from '../api.js';

export function mount(main, route) {
  const rows = new Map();        // name -> <tr>
  const resources = new Map();   // name -> latest state
  let selected = route.arg;

  const body = h('tbody');
  const details = h('section', { class: 'details', id: 'resource-details' });
  main.append(
    h('h1', null, 'Resources'),
    h('div', { class: 'split' },
      h('table', { class: 'grid', id: 'resources' },
        h('thead', null, h('tr', null, ['Name', 'Type', 'State', 'Health', 'Started', 'Endpoints', 'Restarts', ''].map(t => h('th', null, t)))),
        body),
      details));

  const close = stream('/api/events/resources', 'resources', batch => {
    for (const r of batch) {
      resources.set(r.name, r);
      const row = renderRow(r);
      const old = rows.get(r.name);
      if (old) old.replaceWith(row); else body.append(row);
      rows.set(r.name, row);
      if (r.name === selected) updateHeader(r);
    }
  });

  function renderRow(r) {
    const row = h('tr', { 'data-name': r.name, class: r.name === selected ? 'selected' : '', onclick: () => select(r.name) },
      h('td', null, h('strong', null, r.name), r.parent ? h('span', { class: 'muted' }, ` in ${r.parent}`) : null),
      h('td', null, r.type),
      h('td', null, badge(r.state), r.message ? h('div', { class: 'muted small' }, r.message) : null),
      h('td', { title: r.healthMessage || '' }, badge(r.health)),
      h('td', null, time(r.startedAt)),
      h('td', null, r.endpoints.map(e => /^https?:/.test(e.url)
        ? h('a', { href: e.url, target: '_blank', rel: 'noopener noreferrer', onclick: ev => ev.stopPropagation() }, e.url)
        : h('code', null, e.url)).flatMap((el, i) => i ? [' ', el] : [el])),
      h('td', { class: 'num' }, String(r.restartCount)),
      h('td', { class: 'actions' }, commandButtons(r)));
    return row;
  }

  function commandButtons(r) {
    if (r.parent) return null; // lives inside its server: commands go to the server
    const running = ['Running', 'Starting', 'Waiting'].includes(r.state);
    const button = (command, enabled) => h('button', {
      disabled: !enabled, 'data-command': command,
      onclick: async ev => {
        ev.stopPropagation();
        ev.target.disabled = true;
        try { await post(`/api/resources/${encodeURIComponent(r.name)}/${command}`); setStatus(`${command}: ${r.name}`); }
        catch (e) { setStatus(e.message); }
      },
    }, command[0].toUpperCase() + command.slice(1));
    return [button('start', !running), button('stop', running), button('restart', r.state !== 'NotStarted')];
  }

  function updateHeader(r) {
    const header = details.querySelector('.details-header');
    if (header) header.replaceWith(detailsHeader(r));
  }

  function detailsHeader(r) {
    return h('div', { class: 'details-header' },
      h('h2', null, r.name, ' ', badge(r.state)),
      kvTable([
        ['Type', r.type], ['Health', r.health + (r.healthMessage ? ` (${r.healthMessage})` : '')], ['Process id', r.pid ?? ''],
        ['Exit code', r.exitCode ?? ''], ['Waiting since', time(r.waitingAt)], ['Started', time(r.startedAt)],
        ['Ready', time(r.readyAt)], ['Stopped', time(r.stoppedAt)], ['Waits for', (r.waitsFor || []).join(', ')],
      ]),
      h('p', null,
        h('a', { href: `#/console?resource=${encodeURIComponent(r.name)}` }, 'Console'), ' · ',
        h('a', { href: `#/logs?resource=${encodeURIComponent(r.resourceName)}` }, 'Structured logs'), ' · ',
        h('a', { href: `#/traces?resource=${encodeURIComponent(r.resourceName)}` }, 'Traces'), ' · ',
        h('a', { href: `#/metrics?resource=${encodeURIComponent(r.resourceName)}` }, 'Metrics')));
  }

  async function select(name) {
    selected = name;
    history.replaceState(null, '', `#/resources/${encodeURIComponent(name)}`);
    for (const [n, row] of rows) row.classList.toggle('selected', n === name);
    const r = resources.get(name);
    fill(details, detailsHeader(r), h('h3', null, 'Environment'), h('div', { id: 'environment' }, 'Loading…'));
    await showEnvironment(name, false);
    const connection = h('div', { id: 'connection-string' });
    details.append(h('h3', null, 'Connection string'), connection);
    showConnectionString(r, connection);
  }

  async function showEnvironment(name, reveal) {
    const target = details.querySelector('#environment');
    if (!target) return;
    let env;
    try { env = await getJson(`/api/resources/${encodeURIComponent(name)}/environment${reveal ? '?secrets=true' : ''}`); }
    catch (e) { target.textContent = e.message; return; }
    const hasSecrets = env.some(v => v.secret);
    fill(target, 
      hasSecrets ? h('button', { id: 'reveal-secrets', onclick: () => showEnvironment(name, !reveal) }, reveal ? 'Hide secrets' : 'Reveal secrets') : null,
      env.length === 0 ? h('p', { class: 'muted' }, 'No environment of its own (it runs inside its parent).')
        : h('table', { class: 'kv env' }, h('tbody', null, env.map(v => h('tr', { class: v.secret ? 'secret' : '' },
          h('th', null, v.name),
          h('td', null, v.value === undefined || v.value === null ? h('span', { class: 'masked', title: 'secret' }, '••••••••') : v.value))))));
  }

  // Connection strings usually hold passwords: fetched only on a click.
  function showConnectionString(r, target) {
    target.append(h('button', {
      onclick: async ev => {
        const all = await getJson('/api/resources?secrets=true');
        const found = all.find(x => x.name === r.name);
        ev.target.replaceWith(found && found.connectionString ? h('code', { class: 'wrap' }, found.connectionString) : h('span', { class: 'muted' }, 'none'));
      },
    }, 'Reveal connection string'));
  }

  if (selected) setTimeout(() => resources.has(selected) && select(selected), 300);
  return close;
}
