import type { TrainingSample } from './training-sample.js';

/** Tallies of a set of labelled samples. `events` counts final samples only (pending events are not samples). */
export interface DatasetCounts {
  readonly events: number;
  readonly successes: number;
  readonly stops: number;
  readonly timeouts: number;
  readonly up: number;
  readonly upSuccesses: number;
  readonly down: number;
  readonly downSuccesses: number;
}

/** Counts outcomes by exit reason and direction. */
export function datasetCounts(samples: readonly TrainingSample[]): DatasetCounts {
  let successes = 0;
  let stops = 0;
  let timeouts = 0;
  let up = 0;
  let upSuccesses = 0;
  for (const s of samples) {
    const won = s.outcome.label === 1;
    if (won) successes++;
    else if (s.outcome.exitReason === 'stop') stops++;
    else timeouts++;
    if (s.direction === 'up') {
      up++;
      if (won) upSuccesses++;
    }
  }
  return { events: samples.length, successes, stops, timeouts, up, upSuccesses, down: samples.length - up, downSuccesses: successes - upSuccesses };
}

/** successes / events, NaN when there are none (a rate of nothing is not 0%). */
export function successRate(c: Pick<DatasetCounts, 'events' | 'successes'>): number {
  return c.events === 0 ? Number.NaN : c.successes / c.events;
}
