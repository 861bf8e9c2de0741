import fc from 'fast-check';
import type { RiskLimits } from '../risk-limits.js';

/** The symbols random runs trade; D sometimes has no price. */
export const SYMBOLS = ['A', 'B', 'C', 'D'] as const;

/** Random but valid limit settings, tight enough that every rule refuses something. */
export const limitsArb: fc.Arbitrary<RiskLimits> = fc
  .record({
    maxOrderQuantity: fc.integer({ min: 1, max: 200 }),
    maxOrderNotional: fc.integer({ min: 100, max: 40_000 }),
    maxPositionQuantity: fc.integer({ min: 1, max: 400 }),
    maxGrossExposure: fc.constantFrom(0.5, 1, 2, 4),
    margin: fc.constantFrom(1, 2, 4),
    maxOpenPositions: fc.integer({ min: 1, max: 5 }),
    priceCollarPct: fc.constantFrom(1, 2, 5, 10),
    maxOrdersPerMinute: fc.integer({ min: 1, max: 6 }),
    duplicateWindowSeconds: fc.integer({ min: 0, max: 10 }),
    dailyLossLimitPct: fc.constantFrom(1, 2, 5),
    stopOutCooldownMinutes: fc.integer({ min: 0, max: 60 }),
    symbolAllowlist: fc.subarray([...SYMBOLS]),
    accountType: fc.constantFrom('cash' as const, 'margin' as const),
  })
  .map(({ margin, ...l }) => ({ ...l, marginMultiplier: l.accountType === 'cash' ? 1 : margin }));

/** A random account, market and gate state. */
export const worldArb = fc.record({
  limits: limitsArb,
  cash: fc.oneof({ arbitrary: fc.integer({ min: 5_000, max: 80_000 }), weight: 4 }, { arbitrary: fc.integer({ min: -20_000, max: 5_000 }), weight: 1 }),
  prices: fc.record({ A: fc.integer({ min: 1, max: 200 }), B: fc.integer({ min: 1, max: 200 }), C: fc.integer({ min: 1, max: 200 }), D: fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }) }),
  held: fc.array(fc.record({ symbol: fc.constantFrom(...SYMBOLS), quantity: fc.integer({ min: -100, max: 100 }), avgPrice: fc.integer({ min: 1, max: 200 }) }), { maxLength: 3 }),
  open: fc.array(fc.record({ symbol: fc.constantFrom('A', 'B', 'C'), side: fc.constantFrom('buy' as const, 'sell' as const), quantity: fc.integer({ min: 1, max: 100 }), filled: fc.integer({ min: 0, max: 20 }), limit: fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }), reduceOnly: fc.boolean(), proposal: fc.option(fc.constantFrom('p1', 'p2'), { nil: undefined }) }), { maxLength: 3 }),
  globalKill: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
  killM1: fc.integer({ min: 0, max: 9 }).map((n) => n < 3),
  lossPct: fc.constantFrom(0, 0, 0, 0, 0, 0.5, 1.5, 3, 6),
  stopOut: fc.option(fc.record({ symbol: fc.constantFrom(...SYMBOLS), minutesAgo: fc.integer({ min: 0, max: 90 }) }), { nil: undefined }),
  priorDayTrades: fc.integer({ min: 0, max: 4 }),
  boughtToday: fc.option(fc.constantFrom(...SYMBOLS), { nil: undefined }),
});

/** A random order, sometimes a repeat, a reused id or a reduce-only one. */
export const requestArb = fc.record({
  symbol: fc.constantFrom(...SYMBOLS),
  side: fc.constantFrom('buy' as const, 'sell' as const),
  type: fc.constantFrom('market' as const, 'limit' as const, 'stop' as const, 'stop_limit' as const),
  quantity: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 50 }), weight: 3 }, { arbitrary: fc.integer({ min: 1, max: 500 }), weight: 1 }),
  offsetPct: fc.oneof({ arbitrary: fc.integer({ min: -3, max: 3 }), weight: 3 }, { arbitrary: fc.integer({ min: -12, max: 12 }), weight: 1 }),
  reduceOnly: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
  proposal: fc.option(fc.constantFrom('p1', 'p2', 'p3'), { nil: undefined }),
  model: fc.option(fc.constantFrom('m1', 'm2'), { nil: undefined }),
  reuseId: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
  repeatPrevious: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
  gapMs: fc.integer({ min: 0, max: 20_000 }),
});

