import { create } from 'zustand';
import type { DeskApi, ParamsInput, ResultOf, StoredSeries, StreamPayload } from '../../../core/contract/index.js';

export type BacktestJob = StreamPayload<'backtest.progress'>;
export type BacktestReport = NonNullable<ResultOf<'backtest.result'>['report']>;
export type BacktestRunParams = ParamsInput<'backtest.run'>;

export interface BacktestState {
  /** Stored series a backtest can run on (from `feed.get`); undefined until loaded. */
  readonly series: readonly StoredSeries[] | undefined;
  readonly job: BacktestJob | undefined;
  readonly report: BacktestReport | undefined;
  /** Why loading, starting or fetching failed, for the trader. */
  readonly error: string | undefined;
}

export interface BacktestActions {
  /** Loads the stored series and follows `backtest.progress`; returns the unsubscribe. */
  start(desk: DeskApi): () => void;
  run(desk: DeskApi, params: BacktestRunParams): Promise<void>;
  cancel(desk: DeskApi): Promise<void>;
  applyProgress(desk: DeskApi, job: BacktestJob): void;
}

export const useBacktest = create<BacktestState & BacktestActions>()((set, get) => ({
  series: undefined,
  job: undefined,
  report: undefined,
  error: undefined,

  start(desk) {
    void desk.invoke('feed.get', {}).then((r) => set(r.ok ? { series: r.value.stored } : { error: r.error.message }));
    return desk.on('backtest.progress', (job) => get().applyProgress(desk, job));
  },

  async run(desk, params) {
    set({ error: undefined, report: undefined });
    const r = await desk.invoke('backtest.run', params);
    if (!r.ok) {
      set({ error: r.error.message });
      return;
    }
    // A progress event may have overtaken the reply: keep whichever is further along.
    const runId = r.value.runId;
    if (get().job?.runId === runId) return;
    set({ job: r.value });
    // Events of this run that came before its id was known were dropped as another run's, its 'done' among them
    // when the run is short: catch up once from the desk.
    const now = await desk.invoke('backtest.result', { runId });
    if (!now.ok || get().job?.runId !== runId || now.value.job.state === 'running') return;
    set({ job: now.value.job, report: now.value.report ?? undefined });
  },

  async cancel(desk) {
    const job = get().job;
    if (job === undefined || job.state !== 'running') return;
    const r = await desk.invoke('backtest.cancel', { runId: job.runId });
    if (!r.ok) set({ error: r.error.message });
  },

  applyProgress(desk, job) {
    const current = get().job;
    // Only the run this page started (or is following) moves the view.
    if (current !== undefined && current.runId !== job.runId) return;
    set({ job });
    if (job.state !== 'done') return;
    void desk.invoke('backtest.result', { runId: job.runId }).then((r) => {
      if (get().job?.runId !== job.runId) return;
      set(r.ok ? { report: r.value.report ?? undefined } : { error: r.error.message });
    });
  },
}));
