/** Exact powers of ten: every one up to 1e22 is a double, so dividing by it rounds correctly. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

const SLOW_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^([+-]?)(?:inf|infinity|nan)$/i;

/**
 * The number in `text[start, end)`, or NaN when the cell is not a number. NaN/Infinity literals (as
 * pandas writes them) are returned as such so the bar validator can name them; use
 * {@link isNonFiniteLiteral} to tell them apart from junk.
 *
 * The fast path reads plain decimals ("123.4567") straight from the char codes without slicing: with at
 * most 15 digits the mantissa is an exact integer and one division by an exact power of ten is correctly
 * rounded (Clinger's fast path), so the result is bit-identical to `Number()`. Everything else (exponents,
 * spaces, long mantissas) goes through `Number()` after a strict syntax check, because `Number()` alone
 * accepts '', ' ', '0x1F' and '1_000' in ways a price column must not.
 */
export function parseNumber(text: string, start: number, end: number): number {
  let i = start;
  let negative = false;
  const first = text.charCodeAt(i);
  if (first === 45 /* - */) {
    negative = true;
    i++;
  } else if (first === 43 /* + */) {
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
    } else if (c === 46 /* . */ && fraction < 0) {
      fraction = digits;
    } else {
      return parseSlow(text.slice(start, end));
    }
  }
  if (digits === 0 || digits > 15) return parseSlow(text.slice(start, end));
  const decimals = fraction < 0 ? 0 : digits - fraction;
  const value = decimals === 0 ? mantissa : mantissa / (POW10[decimals] as number);
  return negative ? -value : value;
}

function parseSlow(cell: string): number {
  const trimmed = cell.trim();
  if (SLOW_NUMBER.test(trimmed)) return Number(trimmed);
  const literal = NON_FINITE.exec(trimmed);
  if (literal === null || /nan$/i.test(trimmed)) return Number.NaN;
  return literal[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
}

/** True when the cell spells NaN or ±Infinity (a value, if a non-finite one) rather than being junk. */
export function isNonFiniteLiteral(cell: string): boolean {
  return NON_FINITE.test(cell.trim());
}
