import { describe, expect, it } from 'vitest';
import type { RecoveryReport } from '../../../trading/orders/order-manager.js';
import { reconcileOnce, reconcileOnResume } from './reconcile-on-resume.js';

const REPORT: RecoveryReport = { resent: [], rejected: [], cancelled: [], reconciled: ['o1'], deferred: [], positionMismatches: [] };

/** A broker whose catch-up fails while `catchUpFails` holds, and which records the steps each reconciliation wraps. */
function fakeBroker() {
  const steps: string[] = [];
  let resync: (() => void) | undefined;
  const broker = {
    catchUpFails: false,
    onResync(listener: () => void): () => void {
      resync = listener;
      return () => (resync = undefined);
    },
    catchUpFills(): Promise<number> {
      steps.push('catch-up');
      return broker.catchUpFails ? Promise.reject(new Error('activities: 500')) : Promise.resolve(0);
    },
    async reconciling<T>(work: () => Promise<T>): Promise<T> {
      steps.push('begin');
      try {
        return await work();
      } finally {
        steps.push('end');
      }
    },
  };
  return { broker, steps, resync: () => resync?.() };
}

describe('reconcileOnce', () => {
  it('runs the catch-up, then the recovery, inside one reconciling scope, and reports each failure as text', async () => {
    const { broker, steps } = fakeBroker();
    broker.catchUpFails = true;
    const outcome = await reconcileOnce(broker, () => {
      steps.push('recover');
      return Promise.reject(new Error('GET /v2/orders: 503'));
    });
    expect(steps).toEqual(['begin', 'catch-up', 'recover', 'end']);
    expect(outcome).toEqual({ report: undefined, catchUpError: 'activities: 500', recoverError: 'GET /v2/orders: 503' });
  });

  it('hands back the recovery report when the recovery works, also after a failed catch-up', async () => {
    const { broker } = fakeBroker();
    broker.catchUpFails = true;
    expect(await reconcileOnce(broker, () => Promise.resolve(REPORT))).toEqual({ report: REPORT, catchUpError: 'activities: 500', recoverError: undefined });
  });
});

describe('reconcileOnResume', () => {
  it('keeps the last report and why the last run failed, and a resync during a run queues exactly one more', async () => {
    const { broker, resync } = fakeBroker();
    let fail = false;
    let calls = 0;
    const reconciler = reconcileOnResume(broker, () => {
      calls++;
      return fail ? Promise.reject(new Error('no answer')) : Promise.resolve(REPORT);
    });

    broker.catchUpFails = true;
    resync();
    resync();
    resync();
    await reconciler.settled();
    expect([reconciler.runs, calls]).toEqual([2, 2]);
    expect(reconciler.last).toBe(REPORT);
    expect(reconciler.lastError).toBe('fill catch-up failed: activities: 500');

    fail = true;
    resync();
    await reconciler.settled();
    expect(reconciler.runs).toBe(3);
    expect(reconciler.last).toBe(REPORT);
    expect(reconciler.lastError).toBe('no answer');

    fail = false;
    broker.catchUpFails = false;
    resync();
    await reconciler.settled();
    expect(reconciler.lastError).toBeUndefined();

    reconciler.stop();
    resync();
    await reconciler.settled();
    expect(reconciler.runs).toBe(4);
  });
});
