import { describe, expect, it } from 'vitest';
import { intrabarExtremes } from './intrabar-extremes.js';
import { SeededRandom } from './seeded-random.js';

describe('intrabarExtremes', () => {
  it('never puts the high below the body or the low above it', () => {
    const random = new SeededRandom(1);
    for (let i = 0; i < 2000; i++) {
      const body = random.between(-0.05, 0.05);
      const { up, down } = intrabarExtremes(body, random.between(0, 0.03), random.uniformOpen(), random.uniformOpen());
      expect(up).toBeGreaterThanOrEqual(Math.max(0, body));
      expect(down).toBeLessThanOrEqual(Math.min(0, body));
    }
  });

  it('matches the Brownian bridge: a flat bar has a mean high of σ·√(π/8)', () => {
    const random = new SeededRandom(2);
    let sum = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) sum += intrabarExtremes(0, 1, random.uniformOpen(), random.uniformOpen()).up;
    expect(sum / n).toBeCloseTo(Math.sqrt(Math.PI / 8), 1);
  });
});
