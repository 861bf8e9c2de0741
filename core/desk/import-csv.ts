import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ImportReport } from '../contract/feed-schemas.js';
import { ingestFile, type BarSink } from '../ingest/ingest-path.js';

/** Rejected rows listed in a report; the count covers them all. */
export const MAX_LISTED_REJECTIONS = 20;

/**
 * Imports one CSV the trader picked in the UI, through the same reader, validator and one-transaction
 * rule as `desk ingest`: the text goes to a private temp file under the file's own name, so the symbol
 * comes from the name exactly as it does on the command line, and the file reader is reused unchanged.
 */
export function importCsvText(store: BarSink, fileName: string, text: string): ImportReport {
  // Only the last path part: a name like "../x.csv" must never write outside the temp folder.
  const base = path.basename(fileName.replaceAll('\\', '/'));
  const dir = mkdtempSync(path.join(tmpdir(), 'desk-import-'));
  try {
    const file = path.join(dir, base === '' || base === '.' || base === '..' ? 'upload.csv' : base);
    writeFileSync(file, text, 'utf8');
    const report = ingestFile(file, store);
    if (!report.ok) {
      // The temp path means nothing to the trader; the name they picked does.
      const message = report.message.replaceAll(file, fileName).replaceAll(dir, '');
      return { ok: false, fileName, message, ...(report.line === undefined ? {} : { line: report.line }) };
    }
    return {
      ok: true,
      fileName,
      symbol: report.symbol,
      interval: report.interval,
      rows: report.rows,
      stored: report.stored,
      rejected: report.rejected.length,
      rejections: report.rejected.slice(0, MAX_LISTED_REJECTIONS).map((r) => ({
        line: r.line,
        reasons: r.reasons.map((x) => ({ code: x.code, message: x.message, ...(x.column === undefined ? {} : { column: x.column }) })),
      })),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
