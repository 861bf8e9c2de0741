import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../storage/testing/temp-dir.js';
import { runPaper } from './paper-command.js';

const defaults = { bars: '120', seed: '3', interval: '1d', cash: '100000', minConfidence: '0.3' };

describe('desk paper', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    tmp = makeTempDir('desk-paper-cli-');
  });
  afterEach(() => tmp.remove());

  it('prints every fill and the P&L figures of the session', async () => {
    const { text, report } = await runPaper(tmp.file('p.db'), { ...defaults, auto: true });
    const fillLines = text.split('\n').filter((l) => /^\d{4}-\d{2}-\d{2} /.test(l));
    expect(fillLines).toHaveLength(report.fills.length);
    expect(report.fills.length).toBeGreaterThan(0);
    const equity = report.summary.equity.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    expect(text).toContain(`end equity ${equity}`);
    expect(text).toMatch(/realised P&L -?[\d,]+\.\d\d, unrealised P&L -?[\d,]+\.\d\d/);
    expect(text).toMatch(/trades \(closing fills\) \d+, win rate (\d+\.\d%|n\/a)/);
  });

  it('refuses unusable flags with the reason', async () => {
    await expect(runPaper(tmp.file('q.db'), { ...defaults, bars: '0' })).rejects.toThrow(/--bars 0 must be a whole number ≥ 1/);
    await expect(runPaper(tmp.file('q.db'), { ...defaults, interval: '2d' })).rejects.toThrow(/--interval 2d/);
    await expect(runPaper(tmp.file('q.db'), { ...defaults, cash: 'lots' })).rejects.toThrow(/--cash lots/);
  });
});
