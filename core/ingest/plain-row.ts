import { parseIsoDate } from './iso-time.js';

/** Exact powers of ten, as in parse-number.ts: one division by them is correctly rounded. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const readDate = parseIsoDate;

/**
 * Reads the line at `pos` in one pass when it has the plain shape nearly every daily row has:
 * `YYYY-MM-DD` and then exactly `count` plain decimals (optional sign, digits, at most one '.', at most
 * 15 digits), comma-separated, ended by LF, CRLF or the end of the text. `out[0]` gets the time and
 * `out[1..count]` the numbers, with exactly the values the scanner + {@link parseNumber} +
 * {@link parseIsoDate} path gives for such a line.
 *
 * @returns the position after the line, or -1 when the line has any other shape (a blank line, a space,
 *   an exponent, a bad date, a missing or extra cell, ...). The caller then reads that line the general
 *   way, which handles and explains every case; this path only saves the per-cell scanning and calls.
 */
export function readPlainRow(text: string, pos: number, count: number, out: Float64Array): number {
  const length = text.length;
  if (pos + 11 > length || text.charCodeAt(pos + 10) !== 44 /* , */) return -1;
  const time = readDate(text, pos, pos + 10);
  if (Number.isNaN(time)) return -1;
  out[0] = time;
  let i = pos + 11;
  for (let k = 1; k <= count; k++) {
    // charCodeAt past the end is NaN, which matches no case below.
    let c = text.charCodeAt(i);
    let negative = false;
    if (c === 45 /* - */) {
      negative = true;
      c = text.charCodeAt(++i);
    } else if (c === 43 /* + */) {
      c = text.charCodeAt(++i);
    }
    let mantissa = 0;
    let digits = 0;
    let fraction = -1;
    for (;;) {
      if (c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
      } else if (c === 46 /* . */ && fraction < 0) {
        fraction = digits;
      } else {
        break;
      }
      c = text.charCodeAt(++i);
    }
    if (digits === 0 || digits > 15) return -1;
    const decimals = fraction < 0 ? 0 : digits - fraction;
    const value = decimals === 0 ? mantissa : mantissa / (POW10[decimals] as number);
    out[k] = negative ? -value : value;
    if (k < count) {
      if (c !== 44 /* , */) return -1;
      i++;
    } else if (i === length || c === 10 /* \n */) {
      return i === length ? length : i + 1;
    } else if (c === 13 /* \r */ && (i + 1 === length || text.charCodeAt(i + 1) === 10)) {
      return i + 1 === length ? length : i + 2;
    }
  }
  return -1;
}
