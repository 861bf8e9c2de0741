import type { Bar } from '../../market/bar.js';
import type { Price } from '../../market/units.js';
import type { HistoryQuery } from '../../feeds/feed.js';
import { CorrelationMemo, type DailyBarSource } from '../../trading/portfolio/correlation-risk.js';
import type { PortfolioView } from '../../trading/portfolio-view.js';
import { err, ok, type Result } from '../../util/result.js';
import { DEFAULT_LABEL_SPEC } from '../labels/label-spec.js';
import { WilderAtr } from '../labels/wilder-atr.js';
import type { EquityRiskInput, RiskDecision, RiskInput, RiskSizer, RiskState } from './risk-sizer.js';
import { DEFAULT_RISK_STATE_PARAMS, FallbackMarks, riskStateAt, seriesEquity, type RiskStateInput } from './state/risk-state-from.js';

/** What sizes trades now: the model, or the baseline and why no model does. */
export type RiskServingSource =
  | { readonly kind: 'model'; readonly id: string }
  | { readonly kind: 'baseline'; readonly id: string; readonly reason: string };

/** A position review's advice: `RiskAdvice` without the state, which `RiskAdvisor.state` builds when a review proposes. */
export type ReviewAdvice = Omit<RiskAdvice, 'state'>;

/** One sizing answer with the comparison beside it and the state both saw. */
export interface RiskAdvice {
  /** The serving sizer's answer (the baseline's when the model refused this input; `note` says so). */
  readonly serving: RiskDecision;
  /** The comparison baseline's answer to the same input. */
  readonly baseline: RiskDecision;
  readonly state: RiskState;
  readonly atr: number;
  readonly entry: number;
  readonly direction: 1 | -1;
}

export interface RiskAdvisorOptions {
  /** The model when one is loaded, verified and enabled; else the baseline itself. */
  readonly serving: RiskSizer;
  /** The baseline shown beside the serving answer, and the stand-in when the model refuses an input. */
  readonly baseline: RiskSizer;
  /** Why the baseline serves (required when `serving` is not a model). */
  readonly fallbackReason?: string;
  readonly portfolio: PortfolioView;
  readonly mark: (symbol: string) => Price | undefined;
  /**
   * Daily bars of the holdings for `correlationRisk`. Default: the daily bars this advisor was shown (a daily
   * desk's own windows, as the DQN's environment reads them); an intraday desk then has none, and the figure is 0.
   */
  readonly dailyBars?: DailyBarSource;
}

interface Series {
  readonly bars: Bar[];
  readonly atr: WilderAtr;
  /** Bars of another interval than the first one's were shown: a history query must filter bar by bar. */
  mixed: boolean;
  /**
   * The last history query's answer and what it was cut from: the bars are only appended or cut from the front,
   * so the same first bar and length mean the same bars.
   */
  answer?: { readonly lo: number; readonly hi: number; readonly limit: number | undefined; readonly first: Bar | undefined; readonly length: number; readonly out: Bar[] };
}

/** A seen symbol's last bar, its ATR, and what its state is built from. */
interface SeriesInputs {
  readonly last: Bar;
  readonly atr: number;
  readonly stateInput: RiskStateInput;
}

/**
 * The desk's risk sizing at the latest bar close: keeps each symbol's recent bars and ATR from the bars it
 * is shown, builds the RiskState with `riskStateFrom` and asks the serving sizer and the baseline. The
 * proposal desk sizes new trades and re-evaluates open positions through it, and ml.risk answers from it.
 */
export class RiskAdvisor {
  readonly source: RiskServingSource;
  readonly #o: RiskAdvisorOptions;
  readonly #series = new Map<string, Series>();
  // Enough bars for the slowest state window: the trend average, or the correlation's daily returns.
  readonly #keep = Math.max(DEFAULT_RISK_STATE_PARAMS.trendPeriod, DEFAULT_RISK_STATE_PARAMS.correlationLookbackDays + 1);
  readonly #daily: DailyBarSource;
  /** Only over the advisor's own windows: their bars are appended in time order and never rewritten. */
  readonly #memo: CorrelationMemo | undefined;
  /** The book's marks with the reviewed symbol's last close behind them, for the reviews' valuations. */
  readonly #marks: FallbackMarks;

  constructor(o: RiskAdvisorOptions) {
    this.#o = o;
    this.#marks = new FallbackMarks(o.mark);
    this.#daily = o.dailyBars ?? { query: (q) => this.#dailyBars(q) };
    this.#memo = o.dailyBars === undefined ? new CorrelationMemo() : undefined;
    this.source = o.serving.kind === 'model'
      ? { kind: 'model', id: o.serving.id }
      : { kind: 'baseline', id: o.serving.id, reason: o.fallbackReason ?? 'no risk model was given' };
  }

  /** Takes a closed bar; a bar not newer than the symbol's last one is ignored (a replayed warm-up). */
  onBar(bar: Bar): void {
    let s = this.#series.get(bar.symbol);
    if (s === undefined) {
      s = { bars: [], atr: new WilderAtr(DEFAULT_LABEL_SPEC.atrPeriod), mixed: false };
      this.#series.set(bar.symbol, s);
    }
    const last = s.bars[s.bars.length - 1];
    if (last !== undefined && bar.time <= last.time) return;
    if (last !== undefined && bar.interval !== s.bars[0]?.interval) s.mixed = true;
    s.bars.push(bar);
    if (s.bars.length > this.#keep * 2) s.bars.splice(0, s.bars.length - this.#keep);
    s.atr.push(bar.high, bar.low, bar.close);
  }

  /** The symbol's latest ATR (NaN while warming up or unseen). */
  atr(symbol: string): number {
    return this.#series.get(symbol)?.atr.value ?? Number.NaN;
  }

  /**
   * Sizes a trade (or the position to hold) in `symbol` at its last close, or at `entry` when given.
   * @returns both answers, or why there is none (symbol unseen, ATR warming up, bad state, both sizers refused).
   */
  advise(symbol: string, direction: 1 | -1, entry?: number): Result<RiskAdvice, string> {
    const inputs = this.#inputs(symbol);
    if (!inputs.ok) return inputs;
    const { last, atr } = inputs.value;
    const state = this.#state(inputs.value);
    if (!state.ok) return state;
    const input: RiskInput = { state: state.value, direction, entry: entry ?? last.close, atr };
    const { serving, baseline } = this.#o;
    const fromBaseline = baseline.size(input);
    if (!fromBaseline.ok) return err(`${symbol} not sized: ${fromBaseline.error}`);
    const served = serving === baseline ? fromBaseline : serving.size(input);
    return ok({ serving: this.#served(served, fromBaseline.value), baseline: fromBaseline.value, state: state.value, atr, entry: input.entry, direction });
  }

  /**
   * `advise` at the last close for a position review, without the state: when both sizers answer from the
   * equity alone (`sizeOnEquity`) no state is built, so a review that proposes nothing (almost all of them, at
   * every held bar) costs a valuation and a sizing. Same answers and refusals as `advise`; a review that proposes
   * asks `state` for the state right away, before the book, the marks or the bars move.
   */
  reviewAdvice(symbol: string, direction: 1 | -1): Result<ReviewAdvice, string> {
    const { serving, baseline } = this.#o;
    if (baseline.sizeOnEquity === undefined || serving.sizeOnEquity === undefined) {
      const advice = this.advise(symbol, direction);
      if (!advice.ok) return advice;
      const v = advice.value;
      return ok({ serving: v.serving, baseline: v.baseline, atr: v.atr, entry: v.entry, direction });
    }
    const s = this.#series.get(symbol);
    const last = s?.bars[s.bars.length - 1];
    if (s === undefined || last === undefined) return err(`no bars of ${symbol} seen yet`);
    const atr = s.atr.value;
    if (!(atr > 0)) return err(`${symbol} has too few bars for an ATR(${s.atr.period}) yet`);
    // Checked and valued as riskStateFrom does; the series holds only the symbol's bars (keyed by bar.symbol).
    const equity = seriesEquity(this.#o.portfolio, this.#marks, symbol, s.bars, atr);
    if (!equity.ok) return equity;
    const input: EquityRiskInput = { equity: equity.value, direction, entry: last.close, atr };
    const fromBaseline = baseline.sizeOnEquity(input);
    if (!fromBaseline.ok) return err(`${symbol} not sized: ${fromBaseline.error}`);
    const served = serving === baseline ? fromBaseline : serving.sizeOnEquity(input);
    return ok({ serving: this.#served(served, fromBaseline.value), baseline: fromBaseline.value, atr, entry: input.entry, direction });
  }

  /** The RiskState at the symbol's last close, as `advise` builds it (a review that proposes stores it). */
  state(symbol: string): Result<RiskState, string> {
    const inputs = this.#inputs(symbol);
    return inputs.ok ? this.#state(inputs.value) : inputs;
  }

  /**
   * `riskStateFrom` over the symbol's series, which holds only its own bars (keyed by bar.symbol), so the scan
   * for a foreign bar is skipped; the rest (refusals, equity, state) is the same, the marks read right after.
   */
  #state(inputs: SeriesInputs): Result<RiskState, string> {
    const { stateInput, last } = inputs;
    const equity = seriesEquity(stateInput.portfolio, this.#marks, stateInput.symbol, stateInput.bars, stateInput.atr);
    return equity.ok ? ok(riskStateAt(stateInput, { totalValue: equity.value, last, mark: this.#marks.read })) : equity;
  }

  /** The symbol's last bar, ATR and what its state is built from; why not when unseen or warming up. */
  #inputs(symbol: string): Result<SeriesInputs, string> {
    const s = this.#series.get(symbol);
    const last = s?.bars[s.bars.length - 1];
    if (s === undefined || last === undefined) return err(`no bars of ${symbol} seen yet`);
    const atr = s.atr.value;
    if (!(atr > 0)) return err(`${symbol} has too few bars for an ATR(${s.atr.period}) yet`);
    const stateInput: RiskStateInput = {
      portfolio: this.#o.portfolio, mark: this.#o.mark, symbol, bars: s.bars, atr,
      dailyBars: this.#daily, ...(this.#memo === undefined ? {} : { correlationMemo: this.#memo }),
    };
    return ok({ last, atr, stateInput });
  }

  /** The serving answer: the model's, or the baseline's when the model refused this input (with why). */
  #served(served: Result<RiskDecision, string>, baseline: RiskDecision): RiskDecision {
    // A model that cannot answer this input must not block the trade: the baseline answers, and says why.
    return served.ok ? served.value : { ...baseline, note: `${this.#o.serving.id} refused (${served.error}); baseline answers: ${baseline.note}` };
  }

  #dailyBars(q: HistoryQuery): Bar[] {
    const s = this.#series.get(q.symbol);
    if (s === undefined) return [];
    if (s.mixed) {
      const bars = s.bars.filter((b) => b.interval === q.interval && (q.from === undefined || b.time >= q.from) && (q.to === undefined || b.time <= q.to));
      return q.limit === undefined ? bars : bars.slice(-q.limit);
    }
    // One interval and strictly increasing times: the bars the filter would keep are one run, found by bisection
    // (the correlation figure queries every holding for every review).
    if (s.bars[0]?.interval !== q.interval) return [];
    const lo = q.from === undefined ? 0 : firstIndex(s.bars, q.from, false);
    const hi = q.to === undefined ? s.bars.length : firstIndex(s.bars, q.to, true);
    if (hi <= lo) return [];
    // Every holding is queried at every review, and between two bars of a symbol the answer stays the same.
    const kept = s.answer;
    if (kept !== undefined && kept.lo === lo && kept.hi === hi && kept.limit === q.limit && kept.first === s.bars[0] && kept.length === s.bars.length) return kept.out;
    // A whole positive limit keeps the run's last `limit` bars: sliced once from where they start (the same bars as
    // slice(lo, hi).slice(-limit) without the copy of the whole run in between).
    const out = q.limit === undefined ? s.bars.slice(lo, hi) : Number.isInteger(q.limit) && q.limit > 0 ? s.bars.slice(Math.max(lo, hi - q.limit), hi) : s.bars.slice(lo, hi).slice(-q.limit);
    s.answer = { lo, hi, limit: q.limit, first: s.bars[0], length: s.bars.length, out };
    return out;
  }
}

/**
 * Index of the first bar whose time is after `t` (or at or after it, unless `after`), in bars of increasing
 * time; `bars.length` when there is none. A flag, not a predicate: it runs for every holding at every review.
 */
function firstIndex(bars: readonly Bar[], t: number, after: boolean): number {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const time = bars[mid]?.time ?? Number.POSITIVE_INFINITY;
    if (time > t || (!after && time === t)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
