import { createHash } from 'node:crypto';

const DAY_MS = 86_400_000;

/**
 * Whether a symbol-day goes to the challenger: sha256 of `<symbol>:<UTC day>` mapped to [0, 1) below `share`.
 * Deterministic (a replay routes the same bars the same way) and stable within a day, so one symbol's
 * signals of a day are all judged by one model.
 */
export function routesToChallenger(symbol: string, barTime: number, share: number): boolean {
  if (!(share > 0)) return false;
  const day = Math.floor(barTime / DAY_MS);
  const h = createHash('sha256').update(`${symbol}:${day}`).digest();
  return h.readUInt32BE(0) / 2 ** 32 < share;
}
