import type { SeededRandom } from './seeded-random.js';

const POSITIVE = [
  '{s} beats quarterly earnings estimates',
  '{s} raises full-year guidance',
  'Analyst upgrades {s} to buy',
  '{s} wins large multi-year contract',
  '{s} announces share buyback',
  'Regulator clears {s} flagship product',
] as const;

const NEGATIVE = [
  '{s} misses revenue expectations',
  '{s} cuts full-year guidance',
  'Analyst downgrades {s} to sell',
  '{s} faces regulatory probe',
  '{s} CFO resigns unexpectedly',
  '{s} recalls product over safety concerns',
] as const;

/** A plausible headline whose tone matches the sign of `sentiment`. */
export function headlineFor(symbol: string, sentiment: number, random: SeededRandom): string {
  const pool = sentiment >= 0 ? POSITIVE : NEGATIVE;
  const template = pool[random.int(0, pool.length - 1)] ?? pool[0];
  return template.replace('{s}', symbol);
}
