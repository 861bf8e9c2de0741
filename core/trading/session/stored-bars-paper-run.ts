import type { HistoryQuery } from '../../feeds/feed.js';
import { mergeByTime } from '../../feeds/replay/merge-by-time.js';
import type { Bar } from '../../market/bar.js';
import type { Interval } from '../../market/interval.js';
import type { EpochMs } from '../../market/units.js';
import type { Db } from '../../storage/open-database.js';
import { ManualClock } from '../../time/manual-clock.js';
import { err, ok, type Result } from '../../util/result.js';
import type { AutomationPolicy } from '../proposals/automation.js';
import { servingModelId } from '../proposals/breakout-signal.js';
import { PaperSession, type PaperSessionOptions, type PaperSessionReport } from './paper-session.js';
import { VOL_TARGET_ID } from '../../ml/risk/baselines/vol-target-sizer.js';

export interface StoredBarsPaperRunOptions {
  /** Where the session's journal, proposals and ledger go (may be the same database as the bars). */
  readonly db: Db;
  /** Stored bars (a BarStore). */
  readonly bars: { query(query: HistoryQuery): Bar[] };
  readonly symbols: readonly string[];
  readonly interval: Interval;
  /** Bars before this time only warm the features up; from it on the session trades. */
  readonly from: EpochMs;
  readonly to?: EpochMs;
  /** Warm-up bars read before `from`, per symbol; default 120. */
  readonly warmUpBars?: number;
  readonly startingCash?: number;
  /** Wins over `automation`: one rule for the serving model, for this run only. */
  readonly auto?: boolean;
  /** This run's policy when `auto` is not set (the desk's stored one); omitted: the one stored in `db`. */
  readonly automation?: AutomationPolicy;
  readonly minConfidence?: number;
  readonly maxPositionWeight?: number;
  readonly decide?: PaperSessionOptions['decide'];
  /** What answers for breakout events; default the baseline alone. */
  readonly predictor?: PaperSessionOptions['predictor'];
  /** What sizes proposals and re-evaluates positions; default the vol-target baseline alone. */
  readonly risk?: PaperSessionOptions['risk'];
}

/**
 * A paper session replayed over stored bars, symbols merged in time order, as fast as possible: the same
 * session as on the simulator, with history as the feed. Its clock follows the bars' closes.
 */
export async function runStoredBarsPaperSession(o: StoredBarsPaperRunOptions): Promise<Result<PaperSessionReport, string>> {
  const warm = o.warmUpBars ?? 120;
  const history: Bar[][] = [];
  const live: Bar[][] = [];
  for (const symbol of o.symbols) {
    history.push(o.bars.query({ symbol, interval: o.interval, to: (o.from - 1) as EpochMs, limit: warm }));
    live.push(o.bars.query({ symbol, interval: o.interval, from: o.from, ...(o.to === undefined ? {} : { to: o.to }) }));
  }
  const warmBars = mergeByTime(history);
  const liveBars = mergeByTime(live);
  const first = warmBars[0] ?? liveBars[0];
  if (first === undefined) return err(`no stored ${o.interval} bars for ${o.symbols.join(', ')} up to the range asked`);
  const servingModel = servingModelId(o.predictor?.source ?? { kind: 'baseline', reason: '' });
  const rule = { enabled: true, minConfidence: o.minConfidence ?? 0.3, maxPositionWeight: o.maxPositionWeight ?? 0.2 };
  const opened = PaperSession.open({
    db: o.db, clock: new ManualClock(first.time), interval: o.interval, startingCash: o.startingCash ?? 100_000,
    // --auto covers the risk sizer's adjustments of the positions it opens, too.
    ...(o.auto === true ? { automation: { byModel: { [servingModel]: rule, [o.risk?.serving.id ?? VOL_TARGET_ID]: rule } } } : o.automation === undefined ? {} : { automation: o.automation }),
    ...(o.decide === undefined ? {} : { decide: o.decide }),
    ...(o.predictor === undefined ? {} : { predictor: o.predictor }),
    ...(o.risk === undefined ? {} : { risk: o.risk }),
  });
  if (!opened.ok) return opened;
  const session = opened.value;
  try {
    for (const bar of warmBars) session.warmUp(bar);
    for (const bar of liveBars) await session.onBar(bar);
    return ok(session.report());
  } finally {
    session.close();
  }
}
