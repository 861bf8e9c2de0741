/** How one simulated instrument behaves on average; the simulator adds regimes, ranges and news on top. */
export interface SimSymbolSpec {
  readonly symbol: string;
  /** Price of the first pre-generated bar. */
  readonly startPrice: number;
  /** Long-run annualised volatility of log returns, e.g. 0.3 for 30 %. */
  readonly annualVol: number;
  /** Typical shares traded per trading day. */
  readonly avgDailyVolume: number;
  /** Long-run annualised drift of log returns; default 0.05. */
  readonly annualDrift?: number;
  /** Price increment; default 0.01. */
  readonly tickSize?: number;
}

/**
 * The offline desk's default market: made-up tickers (so no one mistakes them for real quotes) spanning
 * cheap/expensive, calm/wild and thin/heavy names, so charts and position sizing see varied instruments.
 */
export const DEFAULT_SIM_SYMBOLS: readonly SimSymbolSpec[] = [
  { symbol: 'ACME', startPrice: 42.5, annualVol: 0.28, avgDailyVolume: 2_500_000 },
  { symbol: 'BOLT', startPrice: 187.2, annualVol: 0.45, avgDailyVolume: 1_200_000, annualDrift: 0.12 },
  { symbol: 'CRUX', startPrice: 8.35, annualVol: 0.7, avgDailyVolume: 6_000_000, annualDrift: 0 },
  { symbol: 'DYNA', startPrice: 612, annualVol: 0.22, avgDailyVolume: 400_000, annualDrift: 0.08 },
  { symbol: 'EMBR', startPrice: 23.9, annualVol: 0.38, avgDailyVolume: 3_100_000, annualDrift: -0.02 },
  { symbol: 'FJRD', startPrice: 96.4, annualVol: 0.17, avgDailyVolume: 900_000, annualDrift: 0.04 },
];

/** Checks a symbol set up front, so a bad spec fails with its position and field instead of NaN prices later. */
export function validateSimSymbols(specs: readonly SimSymbolSpec[]): void {
  if (specs.length === 0) throw new RangeError('MarketSimulator needs at least one symbol spec');
  const seen = new Set<string>();
  specs.forEach((spec, index) => {
    const where = `symbol spec #${index} (${JSON.stringify(spec.symbol)})`;
    if (spec.symbol.trim() === '') throw new RangeError(`${where}: symbol must not be empty`);
    if (seen.has(spec.symbol)) throw new RangeError(`${where}: symbol appears twice`);
    seen.add(spec.symbol);
    const positive: [string, number | undefined][] = [
      ['startPrice', spec.startPrice],
      ['annualVol', spec.annualVol],
      ['avgDailyVolume', spec.avgDailyVolume],
      ['tickSize', spec.tickSize],
    ];
    for (const [field, value] of positive) {
      if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
        throw new RangeError(`${where}: ${field} must be a positive finite number, got ${value}`);
      }
    }
    if (spec.annualVol > 3) throw new RangeError(`${where}: annualVol ${spec.annualVol} is above 3 (300 %); use a fraction, e.g. 0.3`);
    if (spec.annualDrift !== undefined && !(Math.abs(spec.annualDrift) <= 1)) {
      throw new RangeError(`${where}: annualDrift must be between -1 and 1, got ${spec.annualDrift}`);
    }
  });
}
