/** What the adapter counted since it was built: the evidence that bad input was seen, not swallowed. */
export interface FeedCounters {
  /** Frames or elements that failed validation (never used, never stored). */
  malformed: number;
  /** Elements of a message type this adapter does not know (skipped on purpose). */
  unknownTypes: number;
  /** Bars or trades that repeated one already taken. */
  duplicates: number;
  /** Bars or trades older than one already taken (dropped; REST is the authority for that time). */
  outOfOrder: number;
  /** Data for a symbol no longer subscribed (the server may send some after an unsubscribe). */
  unsubscribedData: number;
  /** Live gaps found by a bar arriving more than one interval after the last one. */
  gapsDetected: number;
  /** Backfill requests completed, bars they stored, and requests that failed (retried later). */
  backfills: number;
  backfilledBars: number;
  backfillFailures: number;
  /** Updated bars (`u`) that overwrote a stored bar, and bars refreshed after a trade correction or cancel. */
  updatedBars: number;
  correctedBars: number;
  barsStored: number;
  /** Writes the database refused (nothing of them stored; the bars are fetched again by a backfill). */
  storeFailures: number;
  barsEmitted: number;
  ticks: number;
  quotes: number;
  dailyBars: number;
  statuses: number;
  /** Server error messages received, by any policy. */
  serverErrors: number;
}

export function zeroCounters(): FeedCounters {
  return {
    malformed: 0, unknownTypes: 0, duplicates: 0, outOfOrder: 0, unsubscribedData: 0, gapsDetected: 0, backfills: 0,
    backfilledBars: 0, backfillFailures: 0, updatedBars: 0, correctedBars: 0, barsStored: 0, storeFailures: 0, barsEmitted: 0, ticks: 0,
    quotes: 0, dailyBars: 0, statuses: 0, serverErrors: 0,
  };
}
