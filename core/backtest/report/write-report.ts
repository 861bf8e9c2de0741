import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderHtmlReport } from './html-report.js';
import type { BacktestReport } from './report-schema.js';

/** Writes report.json and report.html into `dir` (created if missing); returns both paths. */
export function writeBacktestReport(dir: string, report: BacktestReport): { readonly json: string; readonly html: string } {
  mkdirSync(dir, { recursive: true });
  const json = path.join(dir, 'report.json');
  const html = path.join(dir, 'report.html');
  writeFileSync(json, `${JSON.stringify(report, null, 1)}\n`);
  writeFileSync(html, renderHtmlReport(report));
  return { json, html };
}
