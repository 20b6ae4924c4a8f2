// The startup timeline: when each resource began waiting, started and became ready; the critical
// path (what the last resource to get ready waited on, transitively) and the dependency graph.
import { h, fill, s, clear, duration } from '../dom.js';
import { stream } from '../api.js';

export function mount(main) {
  const resources = new Map();
  const chart = h('div', { id: 'timeline' });
  const graph = h('div', { id: 'graph' });
  main.append(h('h1', null, 'Startup timeline'),
    h('p', { class: 'legend' }, h('span', { class: 'seg waiting' }), ' waiting for dependencies ',
      h('span', { class: 'seg starting' }), ' starting until healthy ', h('span', { class: 'seg critical-key' }), ' critical path'),
    chart, h('h2', null, 'Dependencies'), graph);
  let pending = false;
  const close = stream('/api/events/resources', 'resources', batch => {
    for (const r of batch) resources.set(r.name, r);
    if (!pending) { pending = true; requestAnimationFrame(() => { pending = false; render(); }); }
  });

  function render() {
    const list = [...resources.values()];
    const critical = criticalPath(list);
    const t = r => [r.waitingAt, r.startedAt, r.readyAt].map(v => v ? Date.parse(v) : null);
    const times = list.flatMap(t).filter(v => v !== null);
    if (times.length === 0) { fill(chart, h('p', { class: 'muted' }, 'Nothing has started yet.')); return; }
    const t0 = Math.min(...times), t1 = Math.max(...times, t0 + 1);
    const pct = v => `${((v - t0) / (t1 - t0)) * 100}%`;
    const sorted = list.sort((a, b) => (t(a)[0] ?? t(a)[1] ?? Infinity) - (t(b)[0] ?? t(b)[1] ?? Infinity));
    fill(chart, h('div', { class: 'axis' }, h('span', null, '0 ms'), h('span', null, duration(t1 - t0))),
      ...sorted.map(r => {
        const [w, st, rd] = t(r);
        const track = h('div', { class: 'track' });
        const segment = (from, to, cls) => {
          const el = h('div', { class: `seg ${cls}`, title: `${cls}: ${duration(to - from)}` });
          el.style.left = pct(from);
          el.style.width = `max(2px, calc(${pct(to)} - ${pct(from)}))`;
          track.append(el);
        };
        if (w !== null && st !== null) segment(w, st, 'waiting');
        if (st !== null) segment(st, rd ?? t1, rd === null ? 'starting open' : 'starting');
        const ready = rd !== null ? `ready after ${duration(rd - t0)}` : r.state;
        return h('div', { class: `lane${critical.has(r.name) ? ' critical' : ''}`, 'data-name': r.name },
          h('div', { class: 'lane-name' }, r.name), track, h('div', { class: 'lane-info muted' }, ready));
      }));
    renderGraph(list, critical);
  }

  function renderGraph(list, critical) {
    // Layers by longest path from the roots; edges point from a dependency to what waits for it.
    const byName = new Map(list.map(r => [r.resourceName, r]));
    const deps = r => [...new Set([...(r.waitsFor || []), ...(r.parent ? [r.parent] : [])])].filter(d => byName.has(d));
    const depth = new Map();
    const layerOf = (r, seen = new Set()) => {
      if (depth.has(r.resourceName)) return depth.get(r.resourceName);
      if (seen.has(r.resourceName)) return 0;
      seen.add(r.resourceName);
      const d = Math.max(-1, ...deps(r).map(n => layerOf(byName.get(n), seen))) + 1;
      depth.set(r.resourceName, d);
      return d;
    };
    const nodes = [...byName.values()];
    nodes.forEach(r => layerOf(r));
    const layers = [];
    for (const r of nodes) (layers[depth.get(r.resourceName)] ??= []).push(r);
    const W = 150, H = 34, GX = 70, GY = 18;
    const pos = new Map();
    layers.forEach((layer, x) => layer.forEach((r, y) => pos.set(r.resourceName, { x: 10 + x * (W + GX), y: 10 + y * (H + GY) })));
    const width = 20 + layers.length * (W + GX), height = 20 + Math.max(...layers.map(l => l.length)) * (H + GY);
    const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'graph' },
      s('defs', null, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
        s('path', { d: 'M 0 0 L 10 5 L 0 10 z' }))));
    for (const r of nodes) for (const d of deps(r)) {
      const a = pos.get(d), b = pos.get(r.resourceName);
      const onPath = critical.has(r.name) && critical.has(byName.get(d).name);
      svg.append(s('path', { class: `edge${onPath ? ' critical' : ''}${r.parent === d ? ' parent' : ''}`, 'marker-end': 'url(#arrow)',
        d: `M ${a.x + W} ${a.y + H / 2} C ${a.x + W + GX / 2} ${a.y + H / 2}, ${b.x - GX / 2} ${b.y + H / 2}, ${b.x} ${b.y + H / 2}` }));
    }
    for (const r of nodes) {
      const p = pos.get(r.resourceName);
      svg.append(s('g', { class: `node ${String(r.state).toLowerCase()}${critical.has(r.name) ? ' critical' : ''}` },
        s('rect', { x: p.x, y: p.y, width: W, height: H, rx: 6 }),
        s('text', { x: p.x + W / 2, y: p.y + H / 2 + 5, 'text-anchor': 'middle' }, r.resourceName)));
    }
    fill(graph, svg);
  }

  return close;
}

/**
 * The chain that decided when the stack was ready: the last resource to become ready, then, step by
 * step, the dependency (waited-for or parent) that became ready last before it.
 */
export function criticalPath(list) {
  const byName = new Map(list.map(r => [r.resourceName, r]));
  const readyAt = r => r && r.readyAt ? Date.parse(r.readyAt) : null;
  let current = list.filter(r => readyAt(r) !== null).sort((a, b) => readyAt(b) - readyAt(a))[0];
  const path = new Set();
  while (current && !path.has(current.name)) {
    path.add(current.name);
    const deps = [...(current.waitsFor || []), ...(current.parent ? [current.parent] : [])].map(n => byName.get(n)).filter(r => readyAt(r) !== null);
    current = deps.sort((a, b) => readyAt(b) - readyAt(a))[0];
  }
  return path;
}
