import { create } from 'zustand';
import type { DeskApi, DeskFeed, FeedConfig, ImportReport } from '../../../core/contract/index.js';
import type { LoadState } from './load-state.js';
import { useMarket } from './market-store.js';
import { useModels } from './models-store.js';

export interface FeedState {
  readonly load: LoadState;
  readonly feed: DeskFeed | undefined;
  /** True while the desk restarts on another feed. */
  readonly switching: boolean;
  readonly importing: boolean;
  readonly lastImport: ImportReport | undefined;
}

export interface FeedActions {
  start(desk: DeskApi): Promise<void>;
  /** Resolves with the desk's refusal, or undefined once the new feed runs and the watchlist shows it. */
  switchFeed(desk: DeskApi, config: FeedConfig): Promise<string | undefined>;
  /** Resolves with a transport-level refusal (too large, invalid), or undefined when a report came back. */
  importCsv(desk: DeskApi, fileName: string, text: string): Promise<string | undefined>;
}

export const useFeed = create<FeedState & FeedActions>()((set) => ({
  load: { kind: 'loading' },
  feed: undefined,
  switching: false,
  importing: false,
  lastImport: undefined,

  async start(desk) {
    const feed = await desk.invoke('feed.get', {});
    set(feed.ok ? { feed: feed.value, load: { kind: 'ready' } } : { load: { kind: 'error', message: feed.error.message } });
  },

  async switchFeed(desk, config) {
    set({ switching: true });
    try {
      const result = await desk.invoke('feed.set', { feed: config });
      if (!result.ok) return result.error.message;
      set({ feed: result.value });
      // Another feed trades other symbols: the watchlist, chart and model column start over on them.
      await useMarket.getState().restart(desk);
      await useModels.getState().start(desk, useMarket.getState().quotes.map((q) => q.symbol));
      return undefined;
    } finally {
      set({ switching: false });
    }
  },

  async importCsv(desk, fileName, text) {
    set({ importing: true, lastImport: undefined });
    try {
      const result = await desk.invoke('data.importCsv', { fileName, text });
      if (!result.ok) return result.error.message;
      set({ lastImport: result.value });
      // The stored series changed: the replay picker should offer the new one.
      const feed = await desk.invoke('feed.get', {});
      if (feed.ok) set({ feed: feed.value });
      return undefined;
    } finally {
      set({ importing: false });
    }
  },
}));
