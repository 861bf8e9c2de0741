/** A linear map from a data domain onto a pixel range; a flat domain maps to the range's middle. */
export interface LinearScale {
  (value: number): number;
  readonly domain: readonly [number, number];
}

export function linearScale(domain: readonly [number, number], range: readonly [number, number]): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  const scale = (value: number): number => (span === 0 ? (r0 + r1) / 2 : r0 + ((value - d0) / span) * (r1 - r0));
  return Object.assign(scale, { domain: [d0, d1] as const });
}

/**
 * Round tick values covering [min, max] with about `count` steps of 1, 2 or 5 × 10^k, so an axis reads
 * 0.1, 0.2, … rather than 0.137, 0.274.
 */
export function niceTicks(min: number, max: number, count = 4): number[] {
  if (!(Number.isFinite(min) && Number.isFinite(max)) || count < 1) return [];
  if (max === min) return [min];
  const lo = Math.min(min, max);
  const hi = Math.max(min, max);
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const ratio = raw / power;
  // d3's rule: the multiple of 1, 2, 5 or 10 nearest (geometrically) to the raw step.
  const step = power * (ratio >= Math.sqrt(50) ? 10 : ratio >= Math.sqrt(10) ? 5 : ratio >= Math.sqrt(2) ? 2 : 1);
  const ticks: number[] = [];
  // Rounded to the step's own decimals, so 0.30000000000000004 never reaches a label.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toFixed(decimals)));
  return ticks;
}

/**
 * Decimals that tell values `step` apart on an axis (0.5 → 1, 0.02 → 2, 5 → 0), at most 6; 1 for a step that is
 * not a positive number. A 0.04% drawdown axis must not read -0.0% at every tick.
 */
export function decimalsFor(step: number): number {
  if (!(step > 0 && Number.isFinite(step))) return 1;
  return Math.min(6, Math.max(0, -Math.floor(Math.log10(step) + 1e-9)));
}

/** The domain of the finite values, padded so a single value or a flat line is not drawn on an edge. */
export function extent(values: readonly (number | null)[], pad = 0.05): [number, number] | undefined {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (finite.length === 0) return undefined;
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const span = max - min || Math.abs(max) || 1;
  return [min - span * pad, max + span * pad];
}

/**
 * An SVG path through the points; a null value breaks the line (a gap where a window had no resolved
 * prediction), rather than drawing a slope through missing data.
 */
export function linePath(points: readonly { readonly x: number; readonly y: number | null }[]): string {
  let path = '';
  let pen = false;
  for (const p of points) {
    if (p.y === null || !Number.isFinite(p.y)) {
      pen = false;
      continue;
    }
    path += `${pen ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`;
    pen = true;
  }
  return path;
}

/** A number for a plot label: up to three significant decimals, '—' when missing. */
export function fmtFigure(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toFixed(digits);
}
