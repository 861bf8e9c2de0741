import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDataDir } from './shared-data.js';

/** One tulipindicators test case: indicator name, options, input arrays, then expected output arrays. */
export interface TulipCase {
  readonly name: string;
  readonly options: readonly number[];
  /** Every `{…}` array of the case in file order: the inputs first, then the outputs. */
  readonly arrays: readonly (readonly number[])[];
}

/**
 * Parses a tulip test file (`indicator-oracle/tulip/*.txt`): a line `name opt1 opt2…` starts a case, `#`
 * lines are comments, each `{a,b,…}` line is one array (values like `.125` and `12.` included; a token
 * that is not a number, e.g. a blank or `nan`, becomes NaN).
 * @throws Error naming the line of an array that comes before any case line.
 */
export function readTulipCases(file: string): TulipCase[] {
  const path = join(sharedDataDir(), 'indicator-oracle', 'tulip', file);
  const cases: { name: string; options: number[]; arrays: number[][] }[] = [];
  readFileSync(path, 'utf8').split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (line.startsWith('{')) {
      const current = cases[cases.length - 1];
      const values = line.replace(/[{}]/g, '').split(',').map((t) => (t.trim() === '' ? Number.NaN : Number(t)));
      if (current === undefined) throw new Error(`${path}:${i + 1}: an array before any case line`);
      current.arrays.push(values);
      return;
    }
    const [name = '', ...options] = line.split(/\s+/);
    cases.push({ name, options: options.map(Number), arrays: [] });
  });
  return cases;
}

/** The first case named `name`. @throws Error when the file has none. */
export function tulipCase(cases: readonly TulipCase[], name: string): TulipCase {
  const found = cases.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no '${name}' case in the tulip file`);
  return found;
}

/** A StockCharts worked-example CSV (`indicator-oracle/ta-stockcharts/cs-*.csv`) as named numeric columns. */
export function readStockCharts(file: string): Record<string, number[]> {
  const path = join(sharedDataDir(), 'indicator-oracle', 'ta-stockcharts', file);
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const out: Record<string, number[]> = {};
  header.forEach((h) => (out[h] = []));
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    header.forEach((h, c) => {
      const cell = (cells[c] ?? '').trim();
      (out[h] as number[]).push(cell === '' ? Number.NaN : Number(cell));
    });
  }
  return out;
}
