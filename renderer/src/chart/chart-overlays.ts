/** A breakout the model scored, drawn as an arrow on its bar with its probability. */
export interface BreakoutMarker {
  readonly time: number;
  readonly direction: 'UP' | 'DOWN';
  readonly probability: number;
}

/** The selected proposal's exits, drawn as price lines so the trader sees them against the candles. */
export interface BracketLines {
  readonly stopLoss?: number | undefined;
  readonly takeProfit?: number | undefined;
}
