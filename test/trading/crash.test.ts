import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';
import { crashAndCheck } from './support/crash-runner.js';

describe('order journal under SIGKILL', () => {
  it('loses no order and sends none twice across 50 kills of a paper session, and the journal agrees with its fills', async () => {
    const tmp = makeTempDir('desk-crash-');
    try {
      const verdict = await crashAndCheck(tmp.dir, 20_240_102, 50, 400, 25);
      console.info(`crash test: ${verdict.kills} kills, ${verdict.ordersChecked} orders and ${verdict.fillsChecked} fills checked`);
      expect(verdict.kills).toBeGreaterThanOrEqual(45);
      expect(verdict.ordersChecked).toBeGreaterThan(200);
      expect(verdict.lost).toEqual([]);
      expect(verdict.duplicatedAtBroker).toEqual([]);
      expect(verdict.unjournalledAtBroker).toEqual([]);
      expect(verdict.ordersDisagreeingWithFills).toEqual([]);
      expect(verdict.overClosedBrackets).toEqual([]);
      expect(verdict.integrity).toBe('ok');
    } finally {
      tmp.remove();
    }
  }, 90_000);
});
