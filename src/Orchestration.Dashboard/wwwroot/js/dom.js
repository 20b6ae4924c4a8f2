// Building DOM without HTML strings: every text goes through textContent, so nothing a process
// prints or sends can become markup.

/** h('td', {class: 'x', onclick: f}, 'text', child) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The same for SVG elements (charts, the dependency graph). */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else if (k === 'class' && el instanceof HTMLElement) el.className = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

function append(el, children) {
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el) { el.replaceChildren(); return el; }

export function time(value) {
  if (!value) return '';
  const d = new Date(value);
  return d.toLocaleTimeString(undefined, { hour12: false }) + '.' + String(d.getMilliseconds()).padStart(3, '0');
}

export function duration(ms) {
  if (ms === undefined || ms === null || isNaN(ms)) return '';
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** A key/value table (attributes, environment). */
export function kvTable(pairs) {
  if (!pairs || pairs.length === 0) return h('p', { class: 'muted' }, 'none');
  return h('table', { class: 'kv' }, h('tbody', null,
    pairs.map(p => h('tr', null, h('th', null, p.key ?? p[0]), h('td', null, p.value ?? p[1])))));
}

/** Runs f at most once per `ms`, the last call winning (filters typed into inputs). */
export function debounce(f, ms = 250) {
  let timer;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => f(...args), ms); };
}

export function badge(text, kind) { return h('span', { class: `badge ${kind || String(text).toLowerCase()}` }, text); }

/** Replaces the children (null and false are skipped, arrays flattened: unlike Element.append). */
export function fill(el, ...children) { el.replaceChildren(); append(el, children); return el; }
