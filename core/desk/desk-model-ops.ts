import type { Interval } from '../market/interval.js';
import type { BreakoutServing } from '../ml/inference/breakout-serving.js';
import { currentModelDir } from '../ml/inference/model-source.js';
import { SHIPPED_BREAKOUT_MODELS } from '../ml/inference/shipped-models.js';
import { ModelOps, type ModelOpsOptions } from '../ml/ops/model-ops.js';
import type { Db } from '../storage/open-database.js';
import type { Clock } from '../time/clock.js';
import { ClockThrottle } from './clock-throttle.js';
import { liveDto, overviewDto } from './model-ops-dto.js';
import { SharedServing } from './shared-serving.js';
import type { StreamHub } from './stream-hub.js';

/**
 * Fewest desk-clock ms between two pushes of what resolutions moved (a metrics snapshot row, `modelMetrics`,
 * `modelHealth`): each reads every resolved prediction of every version, and a fast replay resolves some on
 * nearly every bar. The latest figures always go out, at most this late. Registry changes are pushed at once.
 */
export const FIGURES_PUSH_MS = 1_000;

/** The interval the registry's breakout models are trained on and served for. */
export const MODEL_OPS_INTERVAL: Interval = '1d';

export interface DeskModelOpsOptions {
  readonly db: Db;
  readonly hub: StreamHub;
  /** Market time (the session's clock): stamps predictions and bounds which bars can resolve an outcome. */
  readonly marketClock: Clock;
  /** The desk's clock: stamps the overview a client reads. */
  readonly deskClock: Clock;
  readonly interval: Interval;
  /** Where the installed model lives; registered and deployed at the first start of a database. */
  readonly modelsDir?: string;
  /** What answers history bars (warm-up), and everything when the desk does not route through the registry. */
  readonly history: BreakoutServing;
  /** A predictor a test injected: it serves instead of the registry, which the dashboard says. */
  readonly injected?: boolean;
  /** Passed to ModelOps (tests: health policy, rollback gate, loader). */
  readonly ops?: Partial<Omit<ModelOpsOptions, 'db' | 'clock' | 'interval'>>;
}

/**
 * Model operations inside one desk: the registry and serving router on the desk database, the serving the
 * session and the ML view share, outcome resolution after each bar, and the `modelHealth` / `modelMetrics`
 * streams. A desk on daily bars routes every breakout through the registry; one on another interval (the
 * simulator's minutes) keeps the rule-based baseline, since no model is trained for it, and says so.
 */
export class DeskModelOps {
  readonly ops: ModelOps;
  /** What the session and the ML view ask. */
  readonly serving: BreakoutServing;
  /** Why the registry does not serve this desk, or undefined when it does. */
  readonly servingNote: string | undefined;
  readonly #o: DeskModelOpsOptions;
  readonly #shared: SharedServing | undefined;
  readonly #off: () => void;
  #closed = false;
  #errors = 0;
  readonly #figuresPush: ClockThrottle;

  constructor(o: DeskModelOpsOptions) {
    this.#o = o;
    this.ops = ModelOps.open({ ...o.ops, db: o.db, clock: o.marketClock, interval: o.interval });
    this.servingNote = o.injected === true
      ? 'this desk was started with a fixed predictor (tests), so the registry does not serve it'
      : o.interval !== MODEL_OPS_INTERVAL
        ? `the registry's models serve ${MODEL_OPS_INTERVAL} bars and this desk trades ${o.interval} bars, so the rule-based baseline serves`
        : undefined;
    // Installed only where it would serve: loading a model a minute-bar desk cannot use only slows its start.
    if (this.servingNote === undefined) installShippedModel(this.ops, o.modelsDir ?? SHIPPED_BREAKOUT_MODELS);
    this.#shared = this.servingNote === undefined ? new SharedServing(this.ops.router, o.history) : undefined;
    this.serving = this.#shared ?? o.history;
    this.#off = this.ops.onChange(() => this.#emitHealth());
    this.#figuresPush = new ClockThrottle(o.deskClock, FIGURES_PUSH_MS, () => this.#safely(() => this.#push()));
  }

  /** Around the history warm-up: history bars are answered without the registry (nothing logged). */
  set warming(on: boolean) {
    if (this.#shared !== undefined) this.#shared.warming = on;
  }

  /** The registry as the dashboard reads it. */
  overview(): ReturnType<typeof overviewDto> {
    return overviewDto(this.ops, this.#o.deskClock.now(), this.servingNote);
  }

  /**
   * After the session took a bar: outcomes whose horizon has passed are resolved (then losing runs and the
   * rollback gate); when any resolved, a metrics snapshot is stored and the live figures pushed, at most every
   * FIGURES_PUSH_MS of desk time.
   */
  afterBar(): void {
    this.#safely(() => {
      if (this.ops.resolve().resolved > 0) this.#figuresPush.request();
    });
  }

  /** Resolution passes that failed (shown to tests; the next pass retries what they missed). */
  get errors(): number {
    return this.#errors;
  }

  #push(): void {
    const figures = this.ops.recordSnapshot();
    const at = this.#o.marketClock.now();
    const s = this.ops.registry.serving;
    for (const v of [s.champion, s.challenger, ...s.shadows]) {
      const live = v === undefined ? undefined : figures.get(v.version);
      if (v === undefined || live === undefined) continue;
      this.#o.hub.emit('modelMetrics', { at, model: this.ops.registry.model, version: v.version, live: liveDto(live) });
    }
    // Resolutions move the live figures in the overview even when no registry state changed.
    this.#emitHealth();
  }

  #safely(work: () => void): void {
    if (this.#closed) return;
    try {
      work();
    } catch {
      // Tracking must never stop trading: a failed pass is counted, and the next bar's pass catches up.
      this.#errors++;
    }
  }

  close(): void {
    this.#closed = true;
    this.#figuresPush.cancel();
    this.#off();
  }

  #emitHealth(): void {
    if (!this.#closed) this.#o.hub.emit('modelHealth', this.overview());
  }
}

/**
 * A database that never registered a model gets the installed one, registered and deployed as champion by
 * the desk itself (audited as 'system'), so a fresh desk serves what it shipped with. A refused install is
 * stored with its reason and the baseline answers. Later starts leave the registry as the trader left it.
 */
function installShippedModel(ops: ModelOps, modelsDir: string): void {
  if (ops.registry.view().versions.length > 0) return;
  const dir = currentModelDir(modelsDir);
  if (!dir.ok) return;
  const registered = ops.registry.register(dir.value, 'system');
  if (registered.ok) ops.registry.deployChampion(registered.value.version, 'system', 'the installed model, deployed at the first start of this desk database');
}
