/** One line of a chart: [time ms, value] pairs in time order. */
export interface ChartSeries {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
  readonly color: string;
  /** Fill the area between the line and the chart's zero (drawdown). */
  readonly area?: boolean;
}

/** A point marked on the chart (a trade's entry or exit); `title` shows on hover. */
export interface ChartMarker {
  readonly time: number;
  readonly value: number;
  readonly shape: 'up' | 'down' | 'dot';
  readonly color: string;
  readonly title: string;
}

export interface ChartSpec {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  readonly series: readonly ChartSeries[];
  readonly markers?: readonly ChartMarker[];
  readonly format: (value: number) => string;
  /** Draw the value axis downwards (drawdown shown below zero). */
  readonly invert?: boolean;
  /**
   * A logarithmic value axis, used only when every value is positive and no series is an area: over decades a
   * price grows 100-fold, and on a linear axis its early years (and their trades) flatten onto the bottom line.
   */
  readonly log?: boolean;
}

/** Whether a log axis reads better: all values positive and spanning at least `ratio` from low to high. */
export function wantsLogScale(values: Iterable<number>, ratio = 10): boolean {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return lo > 0 && hi / lo >= ratio;
}

/** Escapes text for HTML and SVG content and attribute values. */
export const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const PAD = { left: 64, right: 12, top: 10, bottom: 22 };
const r2 = (x: number): string => (Math.round(x * 10) / 10).toString();

/** Year ticks for long spans, month ticks for short ones. */
function timeTicks(t0: number, t1: number): { t: number; label: string }[] {
  const years = (t1 - t0) / (365.25 * 86_400_000);
  const start = new Date(t0);
  const ticks: { t: number; label: string }[] = [];
  if (years > 1.5) {
    const step = Math.max(1, Math.ceil(years / 10));
    for (let y = start.getUTCFullYear() + 1; ; y += step) {
      const t = Date.UTC(y, 0, 1);
      if (t > t1) break;
      ticks.push({ t, label: String(y) });
    }
  } else {
    const months = Math.max(1, Math.ceil((years * 12) / 8));
    for (let m = start.getUTCMonth() + 1, y = start.getUTCFullYear(); ; m += months) {
      const t = Date.UTC(y, m, 1);
      if (t > t1) break;
      ticks.push({ t, label: new Date(t).toISOString().slice(0, 7) });
    }
  }
  return ticks;
}

/**
 * A static SVG line chart: no script, no fonts to fetch, so the report opens offline and prints. Values are
 * scaled to the series' joint range; markers are drawn over the lines.
 */
export function svgLineChart(spec: ChartSpec): string {
  const all = spec.series.flatMap((s) => s.points);
  const marks = spec.markers ?? [];
  if (all.length === 0) return `<svg id="${escapeHtml(spec.id)}" class="chart" viewBox="0 0 ${spec.width} 40" role="img"><text x="8" y="24" class="muted">no data</text></svg>`;
  const log = spec.log === true && !spec.series.some((s) => s.area === true) && wantsLogScale([...all.map((p) => p[1]), ...marks.map((m) => m.value)], 1);
  // Scaling happens in f-space (log or identity); axis labels map back with g.
  const f = log ? Math.log : (v: number): number => v;
  const g = log ? Math.exp : (v: number): number => v;
  let t0 = Infinity, t1 = -Infinity, v0 = Infinity, v1 = -Infinity;
  for (const [t, v] of all) {
    t0 = Math.min(t0, t); t1 = Math.max(t1, t); v0 = Math.min(v0, f(v)); v1 = Math.max(v1, f(v));
  }
  for (const m of marks) { v0 = Math.min(v0, f(m.value)); v1 = Math.max(v1, f(m.value)); }
  if (spec.series.some((s) => s.area === true)) { v0 = Math.min(v0, 0); v1 = Math.max(v1, 0); }
  if (v1 === v0) { v1 += 1; v0 -= 1; }
  if (t1 === t0) t1 = t0 + 1;
  const w = spec.width - PAD.left - PAD.right;
  const h = spec.height - PAD.top - PAD.bottom;
  const x = (t: number): number => PAD.left + ((t - t0) / (t1 - t0)) * w;
  const yf = (u: number): number => (spec.invert === true ? PAD.top + ((u - v0) / (v1 - v0)) * h : PAD.top + ((v1 - u) / (v1 - v0)) * h);
  const y = (v: number): number => yf(f(v));
  const parts: string[] = [];
  for (let k = 0; k <= 4; k++) {
    const u = v0 + ((v1 - v0) * k) / 4;
    parts.push(`<line x1="${PAD.left}" x2="${spec.width - PAD.right}" y1="${r2(yf(u))}" y2="${r2(yf(u))}" class="grid"/><text x="${PAD.left - 6}" y="${r2(yf(u) + 4)}" text-anchor="end" class="axis">${escapeHtml(spec.format(g(u)))}</text>`);
  }
  // Bottom-left corner, left of the first time tick: the only place a rising line never crosses.
  if (log) parts.push(`<text x="4" y="${spec.height - 6}" class="axis">log scale</text>`);
  for (const tick of timeTicks(t0, t1)) parts.push(`<text x="${r2(x(tick.t))}" y="${spec.height - 6}" text-anchor="middle" class="axis">${tick.label}</text>`);
  for (const s of spec.series) {
    const d = s.points.map(([t, v], i) => `${i === 0 ? 'M' : 'L'}${r2(x(t))},${r2(y(v))}`).join('');
    if (s.area === true && s.points.length > 0) {
      const first = s.points[0] as readonly [number, number];
      const last = s.points[s.points.length - 1] as readonly [number, number];
      parts.push(`<path d="${d}L${r2(x(last[0]))},${r2(y(0))}L${r2(x(first[0]))},${r2(y(0))}Z" fill="${s.color}" fill-opacity="0.25" stroke="none"/>`);
    }
    parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.3"><title>${escapeHtml(s.name)}</title></path>`);
  }
  for (const m of marks) {
    const cx = x(m.time);
    const cy = y(m.value);
    const shape = m.shape === 'dot' ? `<circle cx="${r2(cx)}" cy="${r2(cy)}" r="3"` :
      m.shape === 'up' ? `<path d="M${r2(cx)},${r2(cy - 5)}l4,7h-8z"` : `<path d="M${r2(cx)},${r2(cy + 5)}l4,-7h-8z"`;
    parts.push(`${shape} fill="${m.color}" class="marker"><title>${escapeHtml(m.title)}</title>${m.shape === 'dot' ? '</circle>' : '</path>'}`);
  }
  const legend = spec.series.length > 1 ? spec.series.map((s, i) => `<text x="${PAD.left + 8 + i * 140}" y="${PAD.top + 12}" fill="${s.color}" class="legend">${escapeHtml(s.name)}</text>`).join('') : '';
  return `<svg id="${escapeHtml(spec.id)}" class="chart${log ? ' log' : ''}" viewBox="0 0 ${spec.width} ${spec.height}" role="img">${parts.join('')}${legend}</svg>`;
}
