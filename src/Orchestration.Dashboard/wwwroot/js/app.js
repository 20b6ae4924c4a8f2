// The router: #/page/arg?filters. Each page module exports mount(main, route) and returns its cleanup.
import { h, clear } from './dom.js';
import { setStatus } from './api.js';

const pages = {
  resources: () => import('./pages/resources.js'),
  timeline: () => import('./pages/timeline.js'),
  console: () => import('./pages/console.js'),
  logs: () => import('./pages/logs.js'),
  traces: () => import('./pages/traces.js'),
  metrics: () => import('./pages/metrics.js'),
};

let unmount = null;
let generation = 0;

function parse() {
  const [path, search] = (location.hash.replace(/^#\/?/, '') || 'resources').split('?');
  const [page, ...rest] = path.split('/');
  return { page: pages[page] ? page : 'resources', arg: rest.map(decodeURIComponent).join('/') || null, params: new URLSearchParams(search || '') };
}

async function route() {
  const current = ++generation;
  const r = parse();
  if (unmount) { try { unmount(); } catch { /* the page is gone anyway */ } unmount = null; }
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.page === r.page);
  const main = clear(document.getElementById('main'));
  setStatus('');
  try {
    const module = await pages[r.page]();
    if (current !== generation) return;
    unmount = module.mount(main, r) || null;
  } catch (e) {
    main.append(h('p', { class: 'error' }, `This page failed: ${e.message}`));
  }
}

window.addEventListener('hashchange', route);
route();
