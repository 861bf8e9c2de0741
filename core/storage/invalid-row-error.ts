/**
 * A row the database refused (a CHECK or NOT NULL constraint) or could not decode. Names the row so the
 * caller can point the user at it; when thrown from an upsert, nothing from that batch was stored.
 */
export class InvalidRowError extends Error {
  override readonly name = 'InvalidRowError';

  constructor(
    /** Which table the row belongs to. */
    readonly table: string,
    /** Position of the row in the batch passed to upsert, or -1 for a row read back from the file. */
    readonly index: number,
    /** The row's key in words, e.g. `AAPL 1d 2024-01-02T00:00:00.000Z`. */
    readonly key: string,
    readonly reason: string,
  ) {
    super(`${table} row ${index >= 0 ? `${index + 1} ` : ''}(${key}) rejected: ${reason}`);
  }
}

/** A readable key for error messages: the time as ISO when it is a valid epoch, raw otherwise. */
export function describeKey(symbol: string, interval: string, time: number, extra?: string): string {
  const when = Number.isSafeInteger(time) && Math.abs(time) <= 8.64e15 ? new Date(time).toISOString() : String(time);
  return [symbol, interval, when, extra].filter((part) => part !== undefined).join(' ');
}
