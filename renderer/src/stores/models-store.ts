import { create } from 'zustand';
import type { DeskApi, MlHealth, MlModels, PredictionEvent, SymbolBreakout } from '../../../core/contract/index.js';
import type { BreakoutMarker } from '../chart/chart-overlays.js';
import { errorState, LOADING, READY, type LoadState } from './load-state.js';

/** Breakout markers kept per symbol for the chart; older ones scroll far off screen anyway. */
export const MARKERS_PER_SYMBOL = 200;

/** The latest breakout probability of a symbol, for the watchlist. */
export interface LatestBreakout {
  readonly probability: number;
  readonly direction: 'UP' | 'DOWN';
  readonly time: number;
}

export interface ModelsState {
  readonly load: LoadState;
  readonly models: MlModels | undefined;
  readonly health: MlHealth | undefined;
  readonly latest: Readonly<Record<string, LatestBreakout>>;
  readonly markers: Readonly<Record<string, readonly BreakoutMarker[]>>;
}

export interface ModelsActions {
  start(desk: DeskApi, symbols: readonly string[]): Promise<void>;
  refresh(desk: DeskApi): Promise<void>;
  applyPrediction(event: PredictionEvent): void;
  applyHealth(health: MlHealth): void;
}

export const useModels = create<ModelsState & ModelsActions>()((set, get) => ({
  load: LOADING,
  models: undefined,
  health: undefined,
  latest: {},
  markers: {},

  async start(desk, symbols) {
    const [models, health, breakouts] = await Promise.all([
      desk.invoke('ml.models', {}),
      desk.invoke('ml.health', {}),
      symbols.length === 0 ? Promise.resolve(undefined) : desk.invoke('ml.batchBreakout', { symbols: [...symbols] }),
    ]);
    set(models.ok ? { models: models.value, load: READY } : { load: errorState(models.error) });
    if (health.ok) set({ health: health.value });
    if (breakouts?.ok === true) {
      // Live predictions that arrived while this loaded are newer: keep them.
      const latest = { ...get().latest };
      const markers = { ...get().markers };
      for (const b of breakouts.value) seed(b, latest, markers);
      set({ latest, markers });
    }
  },

  async refresh(desk) {
    const models = await desk.invoke('ml.models', {});
    set(models.ok ? { models: models.value, load: READY } : { load: errorState(models.error) });
  },

  applyPrediction(event) {
    const { latest, markers } = get();
    const marker: BreakoutMarker = { time: event.time, direction: event.prediction.direction, probability: event.prediction.probability };
    const list = (markers[event.symbol] ?? []).filter((m) => m.time !== event.time);
    set({
      latest: { ...latest, [event.symbol]: { probability: marker.probability, direction: marker.direction, time: marker.time } },
      markers: { ...markers, [event.symbol]: [...list, marker].sort((a, b) => a.time - b.time).slice(-MARKERS_PER_SYMBOL) },
    });
  },

  applyHealth(health) {
    set({ health });
  },
}));

function seed(b: SymbolBreakout, latest: Record<string, LatestBreakout>, markers: Record<string, readonly BreakoutMarker[]>): void {
  if (b.prediction === null || b.time === null || latest[b.symbol] !== undefined) return;
  const entry = { probability: b.prediction.probability, direction: b.prediction.direction, time: b.time };
  latest[b.symbol] = entry;
  markers[b.symbol] = [entry];
}
