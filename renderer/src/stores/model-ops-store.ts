import { create } from 'zustand';
import type { DeskApi, DeskResponse } from '../../../core/contract/index.js';
import type {
  AbComparisonDto,
  DriftDto,
  FeatureImportanceDto,
  MetricsSeriesDto,
  ModelMetricsEvent,
  ModelOpsOverview,
  ModelSummaryDto,
  ReliabilityDto,
} from '../../../core/contract/model-ops-schemas.js';
import { errorState, LOADING, READY, type LoadState } from './load-state.js';

/** Plots are re-read at most this often while resolutions stream in (ms of wall time). */
export const DETAIL_REFRESH_MS = 2_000;

/** What the dashboard's buttons ask for; each is confirmed with a reason before it is sent. */
export type ModelAction =
  | { readonly kind: 'deploy'; readonly model: string; readonly version: string; readonly mode: 'champion' | 'challenger' | 'shadow'; readonly trafficShare?: number }
  | { readonly kind: 'promote'; readonly model: string; readonly version: string }
  | { readonly kind: 'rollback'; readonly model: string }
  | { readonly kind: 'disable'; readonly model: string }
  | { readonly kind: 'enable'; readonly model: string }
  | { readonly kind: 'disableAll'; readonly disabled: boolean }
  | { readonly kind: 'closeBreaker'; readonly model: string; readonly version: string };

/** The plots of the selected model and version, each loaded on its own so one failure hides only its plot. */
export interface ModelDetails {
  readonly metrics: DeskResponse<MetricsSeriesDto> | undefined;
  readonly reliability: DeskResponse<ReliabilityDto> | undefined;
  readonly importance: DeskResponse<FeatureImportanceDto> | undefined;
  readonly drift: DeskResponse<DriftDto> | undefined;
  readonly ab: DeskResponse<AbComparisonDto> | undefined;
}

const NO_DETAILS: ModelDetails = { metrics: undefined, reliability: undefined, importance: undefined, drift: undefined, ab: undefined };

export interface ModelOpsState {
  readonly load: LoadState;
  readonly overview: ModelOpsOverview | undefined;
  readonly model: string | undefined;
  readonly version: string | undefined;
  readonly details: ModelDetails;
  readonly detailsAt: number;
  /** The last refused registration, kept on screen until the next attempt: what was refused and why. */
  readonly refusal: { readonly dir: string; readonly message: string } | undefined;
  readonly busy: boolean;
}

export interface ModelOpsActions {
  start(desk: DeskApi): Promise<void>;
  select(desk: DeskApi, model: string, version?: string): Promise<void>;
  refreshDetails(desk: DeskApi): Promise<void>;
  /** Sends a confirmed action; resolves with the error message for the dialog, or undefined when done. */
  act(desk: DeskApi, action: ModelAction, reason: string): Promise<string | undefined>;
  register(desk: DeskApi, model: string, dir: string, reason: string): Promise<string | undefined>;
  applyHealth(overview: ModelOpsOverview): void;
  applyMetrics(desk: DeskApi, event: ModelMetricsEvent, now?: number): void;
}

export const useModelOps = create<ModelOpsState & ModelOpsActions>()((set, get) => ({
  load: LOADING,
  overview: undefined,
  model: undefined,
  version: undefined,
  details: NO_DETAILS,
  detailsAt: Number.NEGATIVE_INFINITY,
  refusal: undefined,
  busy: false,

  async start(desk) {
    const r = await desk.invoke('models.list', {});
    if (!r.ok) {
      set({ load: errorState(r.error) });
      return;
    }
    set({ load: READY, overview: r.value, ...pick(r.value, get().model, get().version) });
    await get().refreshDetails(desk);
  },

  async select(desk, model, version) {
    const overview = get().overview;
    set({ ...(overview === undefined ? { model, version } : pick(overview, model, version)), details: NO_DETAILS });
    await get().refreshDetails(desk);
  },

  async refreshDetails(desk) {
    const { model, version } = get();
    if (model === undefined) return;
    set({ detailsAt: Date.now() });
    const none = Promise.resolve(undefined);
    const [metrics, ab, reliability, importance, drift] = await Promise.all([
      desk.invoke('models.metrics', { model }),
      desk.invoke('models.abTest', { model }),
      version === undefined ? none : desk.invoke('models.reliability', { model, version }),
      version === undefined ? none : desk.invoke('models.importance', { model, version }),
      version === undefined ? none : desk.invoke('models.drift', { model, version }),
    ]);
    // A selection changed while these were in flight: its own refresh brings its plots.
    if (get().model !== model || get().version !== version) return;
    set({ details: { metrics, ab, reliability, importance, drift } });
  },

  async act(desk, action, reason) {
    if (get().busy) return 'Another model action is still being sent.';
    set({ busy: true });
    try {
      const r = await send(desk, action, reason);
      if (!r.ok) return r.error.message;
      set({ overview: r.value, ...pick(r.value, get().model, get().version) });
      void get().refreshDetails(desk);
      return undefined;
    } finally {
      set({ busy: false });
    }
  },

  async register(desk, model, dir, reason) {
    if (get().busy) return 'Another model action is still being sent.';
    set({ busy: true, refusal: undefined });
    try {
      const r = await desk.invoke('models.register', { model, dir, reason });
      if (!r.ok) {
        set({ refusal: { dir, message: r.error.message } });
        return r.error.message;
      }
      set({ overview: r.value, ...pick(r.value, get().model, get().version) });
      return undefined;
    } finally {
      set({ busy: false });
    }
  },

  applyHealth(overview) {
    set({ overview, load: READY, ...pick(overview, get().model, get().version) });
  },

  applyMetrics(desk, event, now = Date.now()) {
    const overview = get().overview;
    if (overview !== undefined) {
      set({
        overview: {
          ...overview,
          models: overview.models.map((m) => (m.model !== event.model ? m : {
            ...m,
            versions: m.versions.map((v) => (v.version === event.version ? { ...v, live: event.live } : v)),
          })),
        },
      });
    }
    // The plots follow the figures, throttled: a replay can resolve dozens of predictions a second.
    if (event.model === get().model && now - get().detailsAt >= DETAIL_REFRESH_MS) void get().refreshDetails(desk);
  },
}));

/** The model and version to show: the wanted ones while they exist, else the first model and its champion. */
export function pick(overview: ModelOpsOverview, model: string | undefined, version: string | undefined): { model: string | undefined; version: string | undefined } {
  const m: ModelSummaryDto | undefined = overview.models.find((x) => x.model === model) ?? overview.models[0];
  if (m === undefined) return { model: undefined, version: undefined };
  const keep = m.model === model && m.versions.some((v) => v.version === version);
  const fallback = m.champion ?? m.versions.find((v) => v.status !== 'refused')?.version ?? m.versions[0]?.version;
  return { model: m.model, version: keep ? version : fallback };
}

function send(desk: DeskApi, action: ModelAction, reason: string): Promise<DeskResponse<ModelOpsOverview>> {
  switch (action.kind) {
    case 'deploy':
      return desk.invoke('models.deploy', {
        model: action.model, version: action.version, mode: action.mode, reason,
        ...(action.trafficShare === undefined ? {} : { trafficShare: action.trafficShare }),
      });
    case 'promote': return desk.invoke('models.promote', { model: action.model, version: action.version, reason });
    case 'rollback': return desk.invoke('models.rollback', { model: action.model, reason });
    case 'disable': return desk.invoke('models.disable', { model: action.model, reason });
    case 'enable': return desk.invoke('models.enable', { model: action.model, reason });
    case 'disableAll': return desk.invoke('models.disableAll', { disabled: action.disabled, reason });
    case 'closeBreaker': return desk.invoke('models.breaker.close', { model: action.model, version: action.version, reason });
  }
}
