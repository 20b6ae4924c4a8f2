// Talking to the dashboard: JSON queries, commands, live streams and the telemetry change signal.

export async function getJson(path) {
  const response = await fetch(path, { credentials: 'same-origin' });
  if (response.status === 401) { showLoggedOut(); throw new Error('not logged in'); }
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

/** A command (start, stop, restart): the custom header is the dashboard's CSRF check. */
export async function post(path) {
  const response = await fetch(path, { method: 'POST', credentials: 'same-origin', headers: { 'X-Dashboard-Request': '1' } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || `${path}: ${response.status}`);
  return body;
}

/** Server-Sent Events: `onBatch` gets each event's array of items. Returns a function that closes the stream. */
export function stream(path, eventName, onBatch) {
  const source = new EventSource(path);
  source.addEventListener(eventName, e => onBatch(JSON.parse(e.data)));
  source.onerror = () => setStatus('reconnecting…');
  source.onopen = () => setStatus('');
  return () => source.close();
}

/**
 * Calls `onChange` now and whenever telemetry arrived since the last call, checking once a second
 * while the tab is visible: an idle dashboard costs one tiny request a second.
 */
export function onTelemetryChange(onChange) {
  let last = -1, busy = false;
  const tick = async () => {
    if (busy || document.visibilityState !== 'visible') return;
    busy = true;
    try {
      const { version } = await getJson('/api/telemetry/version');
      if (version !== last) { last = version; await onChange(); }
    } catch (e) { setStatus(e.message); } finally { busy = false; }
  };
  tick();
  const timer = setInterval(tick, 1000);
  return () => clearInterval(timer);
}

/** Query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const text = q.toString();
  return text ? '?' + text : '';
}

export function setStatus(text) {
  const el = document.getElementById('status');
  if (el) el.textContent = text;
}

function showLoggedOut() {
  setStatus('Not logged in: open the login link the AppHost printed.');
}
