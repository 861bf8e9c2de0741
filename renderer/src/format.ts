const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const qty = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });

/** Prices and money with two decimals; '—' for a missing value so a column never shows "null". */
export function fmtMoney(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : money.format(value);
}

export function fmtQty(value: number): string {
  return qty.format(value);
}

/** A 0..1 share as a whole percent. */
export function fmtPct(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${Math.round(value * 100)}%`;
}

export function fmtSigned(value: number): string {
  return `${value > 0 ? '+' : ''}${money.format(value)}`;
}

export function fmtTime(ms: number): string {
  return new Date(ms).toISOString().slice(5, 16).replace('T', ' ');
}
