/**
 * Event words that usually move a stock whatever their tone: results, guidance, deals, ratings, regulators,
 * courts, management changes. The desk's own list, like the sentiment lexicon.
 */
const EVENT_WORDS: ReadonlySet<string> = new Set([
  'earnings', 'results', 'revenue', 'revenues', 'profit', 'loss', 'guidance', 'outlook', 'forecast', 'eps',
  'merger', 'acquisition', 'acquire', 'acquires', 'acquired', 'takeover', 'buyout', 'bid', 'deal',
  'upgrade', 'upgrades', 'upgraded', 'downgrade', 'downgrades', 'downgraded', 'target',
  'fda', 'approval', 'approved', 'recall', 'probe', 'investigation', 'lawsuit', 'sec', 'fine', 'fined', 'settlement',
  'bankruptcy', 'default', 'dividend', 'buyback', 'split', 'offering', 'ceo', 'cfo', 'resigns', 'halt', 'halted',
  'warning', 'layoffs', 'strike', 'contract', 'patent',
]);

/**
 * How much a headline is expected to move the price, 0 (noise) .. 1 (market-moving): half from how strong its
 * tone is, a third from whether it names a price-moving event, and a little for being about few symbols
 * (a story tagged with twenty tickers is rarely about any one of them).
 */
export function headlineImpact(text: string, score: number, symbolCount: number): number {
  const words = text.toLowerCase().match(/[a-z]+/g) ?? [];
  const event = words.some((w) => EVENT_WORDS.has(w)) ? 1 : 0;
  const focus = symbolCount <= 1 ? 1 : symbolCount <= 3 ? 0.5 : 0;
  const impact = 0.5 * Math.min(1, Math.abs(score)) + (1 / 3) * event + (1 / 6) * focus;
  return Math.round(Math.min(1, Math.max(0, impact)) * 1000) / 1000;
}
