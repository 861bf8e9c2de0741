import path from 'node:path';

const SYMBOL = /^[A-Za-z0-9.^=]+$/;

/**
 * The symbol a file name implies: the name without extension, up to the first `-` or `_`, upper-cased.
 * `AAPL.csv` → AAPL, `NVDA-nvda-1999-2014.txt` → NVDA, `EURUSD_1h_2017-04-19_2018-02-07.csv` → EURUSD,
 * `BRK.B.csv` → BRK.B. Undefined when nothing usable is left; the caller then asks for --symbol.
 */
export function symbolFromFileName(file: string): string | undefined {
  const base = path.basename(file, path.extname(file));
  const head = base.split(/[-_]/, 1)[0] ?? '';
  return SYMBOL.test(head) ? head.toUpperCase() : undefined;
}
