import { beforeAll, describe, expect, it } from 'vitest';
import { MarketSimulator } from '../../core/feeds/simulator/market-simulator.js';
import type { SimEpisode } from '../../core/feeds/simulator/sim-episode.js';
import { DEFAULT_LABEL_SPEC } from '../../core/ml/labels/label-spec.js';
import { labelSeries, type LabelledEvent } from '../../core/ml/labels/series-labeler.js';
import { ManualClock } from '../../core/time/manual-clock.js';

interface Tally {
  episodes: number;
  matched: number;
  successes: number;
}

const rate = (t: Tally): number => t.successes / t.matched;

describe('labels against the simulator ground truth', () => {
  // 3,000 daily bars per symbol (~12 years) gives a few hundred decided episodes.
  const sim = new MarketSimulator({ seed: 2024, interval: '1d', clock: new ManualClock(Date.UTC(2024, 0, 2)), historyBars: 3000 });
  const tally: Record<SimEpisode['outcome'], Tally> = { 'follow-through': { episodes: 0, matched: 0, successes: 0 }, failed: { episodes: 0, matched: 0, successes: 0 } };
  let directionAgrees = 0;
  beforeAll(async () => {
    for (const symbol of sim.symbols()) {
      const bars = await sim.history({ symbol, interval: '1d' });
      const events = new Map<number, LabelledEvent>(labelSeries(bars, DEFAULT_LABEL_SPEC).events.map((e) => [e.time, e]));
      for (const episode of sim.episodes(symbol)) {
        const t = tally[episode.outcome];
        t.episodes++;
        const e = events.get(episode.breakout);
        if (e?.outcome === undefined) continue;
        t.matched++;
        if (e.outcome.label === 1) t.successes++;
        if (e.direction === episode.direction) directionAgrees++;
      }
    }
    console.info(`[simulator] episodes/matched/success: follow-through ${JSON.stringify(tally['follow-through'])}, failed ${JSON.stringify(tally.failed)}`);
  });

  it('finds most simulated breakouts as events, in the simulated direction', () => {
    const episodes = tally['follow-through'].episodes + tally.failed.episodes;
    const matched = tally['follow-through'].matched + tally.failed.matched;
    expect(episodes).toBeGreaterThan(100);
    expect(matched / episodes).toBeGreaterThan(0.5);
    expect(directionAgrees).toBe(matched);
  });

  it('labels followed-through breakouts a success far more often than failed ones', () => {
    expect(tally['follow-through'].matched).toBeGreaterThan(30);
    expect(tally.failed.matched).toBeGreaterThan(30);
    expect(rate(tally['follow-through'])).toBeGreaterThan(2 * rate(tally.failed));
    expect(rate(tally['follow-through']) - rate(tally.failed)).toBeGreaterThan(0.25);
  });
});
