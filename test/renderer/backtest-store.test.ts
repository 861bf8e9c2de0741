import { beforeEach, describe, expect, it } from 'vitest';
import type { DeskApi, DeskResponse } from '../../core/contract/index.js';
import { useBacktest, type BacktestJob, type BacktestReport } from '../../renderer/src/stores/backtest-store.js';

const job = (runId: string, state: BacktestJob['state']): BacktestJob => ({ runId, state, barsDone: 10, barsTotal: 10, time: 1 });
// Only its identity is asserted: the store passes the report through.
const report = { marker: 'report of bt-2' } as unknown as BacktestReport;

/**
 * A desk whose run is so short that its progress events, 'done' included, reach the page before the reply to
 * `backtest.run` does (the reply names the run, so until then the page cannot tell the events are its own).
 */
function fastDesk(): DeskApi & { calls: string[] } {
  let listener: ((j: BacktestJob) => void) | undefined;
  const calls: string[] = [];
  const replies: Record<string, () => DeskResponse<unknown>> = {
    'backtest.run': () => {
      listener?.(job('bt-2', 'running'));
      listener?.(job('bt-2', 'done'));
      return { ok: true, value: job('bt-2', 'running') };
    },
    'backtest.result': () => ({ ok: true, value: { job: job('bt-2', 'done'), report } }),
    'feed.get': () => ({ ok: true, value: { stored: [] } }),
  };
  return {
    calls,
    invoke: ((name: string) => {
      calls.push(name);
      return Promise.resolve(replies[name]?.() ?? { ok: false, error: { code: 'unavailable', message: `${name} is not stubbed` } });
    }) as DeskApi['invoke'],
    on: ((_name: string, l: (j: BacktestJob) => void) => {
      listener = l;
      return () => undefined;
    }) as DeskApi['on'],
  };
}

beforeEach(() => {
  useBacktest.setState({ series: undefined, job: job('bt-1', 'done'), report: undefined, error: undefined });
});

describe('backtest store', () => {
  it("shows a second run as done with its report even when its 'done' came before the reply that named it", async () => {
    const desk = fastDesk();
    useBacktest.getState().start(desk);
    await useBacktest.getState().run(desk, { symbols: ['AAA'], strategy: 'sma-crossover' });
    const s = useBacktest.getState();
    expect(s.job).toEqual(job('bt-2', 'done'));
    expect(s.report).toBe(report);
    expect(desk.calls).toContain('backtest.result');
  });
});
