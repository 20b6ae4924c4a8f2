// Console lines with ANSI colours, as DOM nodes: text always goes in as text, never as markup.
import { h } from './dom.js';

// CSI sequences: colours (SGR, ending in m) are rendered; the rest (cursor moves, erasing) dropped.
const CSI = /\x1b\[([0-9;?]*)([A-Za-z])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Za-z0-9]/g;
const PALETTE_256_BASE = ['#000', '#c23', '#2a2', '#b80', '#36c', '#a3a', '#299', '#ccc', '#666', '#e55', '#5d5', '#dd4', '#68e', '#d6d', '#5cc', '#fff'];

/** Appends `text` to `parent` as spans styled by its SGR codes. */
export function renderAnsi(parent, text) {
  let state = {}, last = 0, match;
  CSI.lastIndex = 0;
  while ((match = CSI.exec(text)) !== null) {
    if (match.index > last) parent.append(span(text.slice(last, match.index), state));
    if (match[2] === 'm') state = apply(state, (match[1] || '0').split(';').map(n => parseInt(n || '0', 10)));
    last = CSI.lastIndex;
  }
  if (last < text.length) parent.append(span(text.slice(last), state));
  return parent;
}

/** The text without escape sequences (for searching). */
export function stripAnsi(text) { return text.replace(CSI, ''); }

function span(text, state) {
  if (!state.fg && !state.bg && !state.bold && !state.dim && !state.italic && !state.underline) return document.createTextNode(text);
  const classes = [];
  if (state.bold) classes.push('ansi-bold');
  if (state.dim) classes.push('ansi-dim');
  if (state.italic) classes.push('ansi-italic');
  if (state.underline) classes.push('ansi-underline');
  if (typeof state.fg === 'number') classes.push(`ansi-fg${state.fg}`);
  if (typeof state.bg === 'number') classes.push(`ansi-bg${state.bg}`);
  const el = h('span', { class: classes.join(' ') }, text);
  // Colours beyond the 16 named ones go through the CSSOM, which the CSP allows (no style attribute in markup).
  if (typeof state.fg === 'string') el.style.color = state.fg;
  if (typeof state.bg === 'string') el.style.backgroundColor = state.bg;
  return el;
}

function apply(previous, codes) {
  const st = { ...previous };
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c === 0) { for (const k of Object.keys(st)) delete st[k]; }
    else if (c === 1) st.bold = true;
    else if (c === 2) st.dim = true;
    else if (c === 3) st.italic = true;
    else if (c === 4) st.underline = true;
    else if (c === 22) { st.bold = false; st.dim = false; }
    else if (c === 23) st.italic = false;
    else if (c === 24) st.underline = false;
    else if (c >= 30 && c <= 37) st.fg = c - 30;
    else if (c >= 90 && c <= 97) st.fg = c - 90 + 8;
    else if (c === 39) delete st.fg;
    else if (c >= 40 && c <= 47) st.bg = c - 40;
    else if (c >= 100 && c <= 107) st.bg = c - 100 + 8;
    else if (c === 49) delete st.bg;
    else if ((c === 38 || c === 48) && codes[i + 1] === 5) {
      const colour = color256(codes[i + 2]); i += 2;
      if (c === 38) st.fg = colour; else st.bg = colour;
    } else if ((c === 38 || c === 48) && codes[i + 1] === 2) {
      const [r, g, b] = codes.slice(i + 2, i + 5).map(v => Math.max(0, Math.min(255, v || 0))); i += 4;
      const colour = `rgb(${r}, ${g}, ${b})`;
      if (c === 38) st.fg = colour; else st.bg = colour;
    }
  }
  return st;
}

function color256(n) {
  if (!(n >= 0 && n <= 255)) return undefined;
  if (n < 16) return PALETTE_256_BASE[n];
  if (n >= 232) { const v = 8 + (n - 232) * 10; return `rgb(${v}, ${v}, ${v})`; }
  const i = n - 16, steps = [0, 95, 135, 175, 215, 255];
  return `rgb(${steps[Math.floor(i / 36)]}, ${steps[Math.floor(i / 6) % 6]}, ${steps[i % 6]})`;
}
