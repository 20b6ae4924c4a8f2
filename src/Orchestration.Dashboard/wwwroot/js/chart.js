// A line chart in inline SVG: one line per series, time on x, value on y, a legend.
import { s, h } from './dom.js';

const W = 760, H = 260, PAD = { left: 64, right: 12, top: 12, bottom: 28 };

/** series: [{label, points: [{t: ms, v: number}]}] */
export function lineChart(series, unit) {
  const all = series.flatMap(x => x.points);
  if (all.length === 0) return h('p', { class: 'muted' }, 'No points in this range.');
  const t0 = Math.min(...all.map(p => p.t)), t1 = Math.max(...all.map(p => p.t), t0 + 1);
  let v0 = Math.min(0, ...all.map(p => p.v)), v1 = Math.max(...all.map(p => p.v));
  if (v1 === v0) v1 = v0 + 1;
  const x = t => PAD.left + ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const y = v => H - PAD.bottom - ((v - v0) / (v1 - v0)) * (H - PAD.top - PAD.bottom);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img' });
  for (let i = 0; i <= 4; i++) {
    const v = v0 + ((v1 - v0) * i) / 4;
    svg.append(s('line', { class: 'gridline', x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v) }),
      s('text', { class: 'tick', x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, format(v)));
  }
  svg.append(s('text', { class: 'tick', x: PAD.left, y: H - 8 }, new Date(t0).toLocaleTimeString(undefined, { hour12: false })),
    s('text', { class: 'tick', x: W - PAD.right, y: H - 8, 'text-anchor': 'end' }, new Date(t1).toLocaleTimeString(undefined, { hour12: false })),
    unit ? s('text', { class: 'tick', x: 4, y: PAD.top + 4 }, unit) : '');
  series.forEach((serie, i) => {
    const pts = serie.points.map(p => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
    svg.append(s('polyline', { class: `series s${i % 8}`, points: pts }));
    if (serie.points.length === 1) svg.append(s('circle', { class: `series s${i % 8}`, cx: x(serie.points[0].t), cy: y(serie.points[0].v), r: 3 }));
  });
  const legend = h('div', { class: 'chart-legend' }, series.map((serie, i) => h('span', null, h('span', { class: `swatch s${i % 8}` }), serie.label || '(no dimensions)')));
  return h('div', { class: 'chart-box' }, svg, legend);
}

/** Bars of a histogram's buckets (the latest point). */
export function bucketChart(histogram) {
  const counts = histogram.bucketCounts.map(Number);
  const max = Math.max(1, ...counts);
  const bw = (W - PAD.left - PAD.right) / Math.max(1, counts.length);
  const svg = s('svg', { viewBox: `0 0 ${W} 160`, class: 'chart buckets', role: 'img' });
  counts.forEach((c, i) => {
    const height = (c / max) * 120;
    const upper = i < histogram.bounds.length ? `≤ ${format(histogram.bounds[i])}` : `> ${format(histogram.bounds[histogram.bounds.length - 1] ?? 0)}`;
    svg.append(s('rect', { class: 'bucket', x: PAD.left + i * bw + 1, y: 130 - height, width: Math.max(1, bw - 2), height }, s('title', null, `${upper}: ${c}`)));
    if (counts.length <= 16 || i % 2 === 0) svg.append(s('text', { class: 'tick', x: PAD.left + i * bw + bw / 2, y: 148, 'text-anchor': 'middle' }, upper));
  });
  return svg;
}

export function format(v) {
  const a = Math.abs(v);
  if (a >= 1e9) return (v / 1e9).toFixed(1) + 'G';
  if (a >= 1e6) return (v / 1e6).toFixed(1) + 'M';
  if (a >= 1e4) return (v / 1e3).toFixed(1) + 'k';
  if (a > 0 && a < 0.01) return v.toExponential(1);
  return String(Math.round(v * 100) / 100);
}
