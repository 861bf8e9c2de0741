import { describe, expect, it } from 'vitest';
import { svgLineChart, wantsLogScale } from './svg-chart.js';

/** The y of the marker drawn at `value` in the chart's SVG (markers are the only circles). */
function markerY(svg: string): number {
  const m = /<circle cx="[\d.]+" cy="([\d.]+)"/.exec(svg);
  if (m === null) throw new Error('no marker in the chart');
  return Number(m[1]);
}

describe('svg line chart value axis', () => {
  const line = { name: 'price', color: '#000', points: [[0, 1], [1, 100]] as const };
  const spec = {
    id: 'p', width: 400, height: 132, format: (v: number) => v.toFixed(2),
    series: [line],
    markers: [{ time: 0.5, value: 10, shape: 'dot' as const, color: '#f00', title: 'trade' }],
  };
  // Plot area: top 10, height 132 - 10 - 22 = 100, so the middle is y = 60.
  it('puts the geometric middle of a tenfold-plus range mid-height on a log axis, labelled as such', () => {
    const svg = svgLineChart({ ...spec, log: true });
    expect(markerY(svg)).toBeCloseTo(60, 0);
    expect(svg).toContain('log scale');
    expect(svg).toContain('>10.00<');
  });

  it('keeps a linear axis when not asked, and when a series is an area (zero must show)', () => {
    expect(markerY(svgLineChart(spec))).toBeCloseTo(10 + 100 * (1 - 9 / 99), 0);
    const area = svgLineChart({ ...spec, log: true, series: [{ ...line, area: true }] });
    expect(area).not.toContain('log scale');
  });

  it('asks for a log axis only for positive values spanning the ratio', () => {
    expect(wantsLogScale([1, 12])).toBe(true);
    expect(wantsLogScale([1, 9])).toBe(false);
    expect(wantsLogScale([0, 100])).toBe(false);
    expect(wantsLogScale([])).toBe(false);
  });
});
