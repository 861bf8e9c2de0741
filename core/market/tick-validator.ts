import { DEFAULT_JUMP_FACTOR, priceRatio, type BarIssue } from './bar-rules.js';
import type { Tick } from './tick.js';

/**
 * Checks one trade print against the last accepted print of the same symbol. Unlike bars, two prints may
 * share a millisecond (several trades cross in one matching cycle), so only a time going backwards is
 * refused. The jump rule is the bar rule's decimal-shift guard applied to the last accepted price.
 *
 * @returns the broken rules; empty when the tick is acceptable.
 */
export function tickIssues(tick: Tick, previous?: Tick, jumpFactor: number = DEFAULT_JUMP_FACTOR): BarIssue[] {
  const issues: BarIssue[] = [];
  const bad = (['price', 'size', 'time'] as const).filter((f) => !Number.isFinite(tick[f]));
  if (bad.length > 0) issues.push({ code: 'non-finite', message: `not a finite number: ${bad.map((f) => `${f} ${String(tick[f])}`).join(', ')}` });
  if (tick.price < 0) issues.push({ code: 'negative-price', message: `negative price ${tick.price}` });
  if (tick.price === 0) issues.push({ code: 'zero-price', message: 'price of 0: nothing trades at 0, so this is a missing value' });
  if (tick.size < 0) issues.push({ code: 'negative-volume', message: `negative size ${tick.size}` });
  if (previous === undefined || issues.length > 0) return issues;
  if (tick.symbol !== previous.symbol) throw new Error(`tickIssues compares prints of one symbol; got ${tick.symbol} after ${previous.symbol}`);
  if (tick.time < previous.time) {
    issues.push({ code: 'out-of-order-time', message: `time ${new Date(tick.time).toISOString()} is before the previous print's ${new Date(previous.time).toISOString()}` });
  }
  const ratio = priceRatio(tick.price, previous.price);
  if (ratio >= jumpFactor) {
    issues.push({
      code: 'price-jump',
      message: `price ${tick.price} is ${ratio.toFixed(2)}x away from the previous print ${previous.price}: likely a decimal-shift or bad print`,
    });
  }
  return issues;
}
