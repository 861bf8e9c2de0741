import type { Bar } from '../../market/bar.js';
import type { Interval } from '../../market/interval.js';
import { epochMs, price, quantity, type EpochMs } from '../../market/units.js';
import type { NewsItem } from '../../news/news-item.js';
import { intrabarExtremes } from './intrabar-extremes.js';
import { headlineFor } from './news-headlines.js';
import { SeededRandom, streamSeed } from './seeded-random.js';
import { RESOLUTION_BARS, type SimEpisode } from './sim-episode.js';
import type { SimSymbolSpec } from './sim-symbol-spec.js';
import { TickGrid } from './tick-grid.js';
import { VolatilityState } from './volatility-state.js';

/** Where on the calendar the next bar sits. */
export interface BarSlot {
  readonly time: EpochMs;
  /** 0 for the bar that opens a session: only those bars gap away from the previous close. */
  readonly indexInSession: number;
}

/** One generated bar and what came with it. */
export interface PathStep {
  readonly bar: Bar;
  readonly news: NewsItem | undefined;
  /** An episode whose outcome this bar decided. */
  readonly resolved: SimEpisode | undefined;
}

const RANGE_START_PER_BAR = 1 / 22;
const NEWS_PER_DAY = 1 / 28;
const FOLLOW_THROUGH_PROBABILITY = 0.55;

interface RangePlan {
  readonly start: EpochMs;
  readonly center: number;
  readonly halfWidth: number;
  readonly length: number;
  readonly direction: 1 | -1;
  readonly followThrough: boolean;
  age: number;
  high: number;
  low: number;
  end: EpochMs;
}

type Mode =
  | { readonly kind: 'free' }
  | { readonly kind: 'range'; readonly plan: RangePlan }
  | { readonly kind: 'after'; readonly plan: RangePlan; readonly breakout: EpochMs; barsSince: number; readonly failAt: number };

interface Draft {
  open: number;
  close: number;
  wick: number;
  volumeMult: number;
  news: NewsItem | undefined;
  resolved: SimEpisode | undefined;
  /** Wick limits (log), so range bars stay inside their band. */
  ceiling: number;
  floor: number;
}

/**
 * One symbol's price process, bar by bar: GARCH(1,1) variance on top of switching calm/normal/wild regimes,
 * Student-t shocks, a slowly wandering trend, consolidation ranges that end in breakouts (some follow
 * through, some fail), overnight gaps and news jumps. Everything is drawn from one seeded stream per
 * symbol, so the same seed gives bit-identical bars.
 */
export class PricePath {
  private readonly random: SeededRandom;
  private readonly grid: TickGrid;
  private readonly volatility: VolatilityState;
  /** Long-run standard deviation of one bar's log return. */
  private readonly sigmaLong: number;
  private readonly driftPerBar: number;
  private readonly barsPerSession: number;
  private readonly logStart: number;
  private logClose: number;
  private lastClose: number;
  private trend = 0;
  private cooldown = 5;
  private mode: Mode = { kind: 'free' };
  private index = 0;

  constructor(
    private readonly spec: SimSymbolSpec,
    private readonly interval: Interval,
    barsPerSession: number,
    seed: number,
  ) {
    this.random = new SeededRandom(streamSeed(seed, spec.symbol));
    this.grid = new TickGrid(spec.tickSize ?? 0.01);
    this.barsPerSession = barsPerSession;
    const barsPerYear = 252 * barsPerSession;
    this.sigmaLong = spec.annualVol / Math.sqrt(barsPerYear);
    this.driftPerBar = (spec.annualDrift ?? 0.05) / barsPerYear;
    this.volatility = new VolatilityState(this.sigmaLong);
    this.lastClose = this.grid.round(spec.startPrice);
    this.logClose = Math.log(this.lastClose);
    this.logStart = this.logClose;
  }

  /** Generates the next bar, at `slot`. Slots must be passed in increasing time order. */
  next(slot: BarSlot): PathStep {
    this.index++;
    this.volatility.maybeSwitch(this.random);
    const sigma = this.volatility.sigma;
    this.trend = 0.985 * this.trend + 0.018 * this.sigmaLong * this.random.normal();
    const previous = this.logClose;
    const draft = this.draftFor(slot, sigma);
    const bar = this.toBar(slot, draft, sigma);
    this.settleEpisode(bar, draft);
    const expected = this.driftPerBar + this.trend;
    const gap = draft.open - previous;
    this.volatility.update(Math.log(bar.close) - Math.log(bar.open) - expected + 0.3 * gap);
    this.lastClose = bar.close;
    this.logClose = Math.log(bar.close);
    return { bar, news: draft.news, resolved: draft.resolved };
  }

  /** Share of a daily bar's volatility that comes after the open; the rest is the overnight gap. */
  private get intradayShare(): number {
    return this.barsPerSession === 1 ? 0.94 : 1;
  }

  private gapShock(slot: BarSlot, sigma: number): number {
    if (slot.indexInSession !== 0) return 0;
    const scale = this.barsPerSession === 1 ? 0.35 * sigma : 0.4 * sigma * Math.sqrt(this.barsPerSession);
    return scale * this.random.fatTailed();
  }

  private draftFor(slot: BarSlot, sigma: number): Draft {
    const mode = this.mode;
    if (mode.kind === 'free') {
      if (this.cooldown > 0) this.cooldown--;
      else if (this.random.chance(RANGE_START_PER_BAR)) return this.rangeBar(this.startRange(slot, sigma), slot, sigma);
      return this.freeBar(slot, sigma);
    }
    if (mode.kind === 'range') {
      return mode.plan.age < mode.plan.length ? this.rangeBar(mode.plan, slot, sigma) : this.breakoutBar(mode.plan, slot, sigma);
    }
    mode.barsSince++;
    return this.afterBar(mode, slot, sigma);
  }

  private blank(open: number, close: number, wick: number): Draft {
    return { open, close, wick, volumeMult: 1, news: undefined, resolved: undefined, ceiling: Infinity, floor: -Infinity };
  }

  private freeBar(slot: BarSlot, sigma: number): Draft {
    let gap = this.gapShock(slot, sigma);
    let intradayJump = 0;
    let news: NewsItem | undefined;
    if (this.random.chance(NEWS_PER_DAY / this.barsPerSession)) {
      const made = this.makeNews(slot, this.random.sign() * this.random.between(0.25, 1), this.random.between(0.2, 1));
      news = made.item;
      // Markets sometimes sell the good news: the move agrees with the headline on average, not always.
      const agrees = this.random.chance(0.85) ? 1 : -0.5;
      const jump = made.item.sentiment * made.item.impact * this.random.between(2, 4.5) * this.jumpUnit() * agrees;
      if (made.beforeOpen) gap += jump;
      else intradayJump = jump;
    }
    const pull = this.anchorPull();
    const open = this.logClose + gap;
    const intraday = this.intradayShare * sigma;
    // The trend is scaled by the current volatility: a fixed drift in a calm spell would draw a staircase.
    const trend = this.trend * (sigma / this.sigmaLong);
    const close = open + this.driftPerBar + trend + pull + intraday * this.random.fatTailed() + intradayJump;
    const draft = this.blank(open, close, intraday);
    if (news !== undefined) {
      draft.news = news;
      draft.volumeMult = 1.5 + 4 * news.impact;
    }
    return draft;
  }

  /**
   * A price that wandered more than e^0.8 ≈ 2.2× from its start is pulled back, so long runs stay chartable
   * (a $8 stock must not end at 2 cents, where one tick is a 50 % move).
   */
  private anchorPull(): number {
    const distance = this.logClose - this.logStart;
    return -Math.sign(distance) * Math.min(1.5, Math.max(0, Math.abs(distance) - 0.8)) * this.sigmaLong;
  }

  /** News jumps are sized in daily volatility: an intraday bar's own sigma is far too small a unit. */
  private jumpUnit(): number {
    return this.barsPerSession === 1 ? this.sigmaLong : 0.5 * this.sigmaLong * Math.sqrt(this.barsPerSession);
  }

  private makeNews(slot: BarSlot, sentiment: number, impact: number): { item: NewsItem; beforeOpen: boolean } {
    const beforeOpen = slot.indexInSession === 0 && this.random.chance(0.6);
    const offset = beforeOpen ? 0 : Math.floor(this.random.between(0.05, 0.8) * this.barMs());
    const item: NewsItem = {
      id: `sim:${this.spec.symbol}:${this.index}`,
      time: epochMs(slot.time + offset),
      symbols: [this.spec.symbol],
      headline: headlineFor(this.spec.symbol, sentiment, this.random),
      sentiment: Math.round(sentiment * 100) / 100,
      impact: Math.round(impact * 100) / 100,
      source: 'simulator',
    };
    return { item, beforeOpen };
  }

  private barMs(): number {
    return this.barsPerSession === 1 ? 6.5 * 3_600_000 : (6.5 * 3_600_000) / this.barsPerSession;
  }

  private startRange(slot: BarSlot, sigma: number): RangePlan {
    const width = Math.max(sigma, 0.7 * this.sigmaLong);
    const plan: RangePlan = {
      start: slot.time,
      center: this.logClose + this.random.between(-0.3, 0.3) * width,
      halfWidth: this.random.between(1.8, 3.4) * width,
      length: this.random.int(14, 45),
      // Breakouts lean with the prevailing trend, as they do in real markets.
      direction: this.random.chance(0.5 + Math.max(-0.45, Math.min(0.45, ((this.trend + this.anchorPull()) / this.sigmaLong) * 1.5))) ? 1 : -1,
      followThrough: this.random.chance(FOLLOW_THROUGH_PROBABILITY),
      age: 0,
      high: -Infinity,
      low: Infinity,
      end: slot.time,
    };
    this.mode = { kind: 'range', plan };
    return plan;
  }

  private rangeBar(plan: RangePlan, slot: BarSlot, sigma: number): Draft {
    const progress = plan.age / plan.length;
    const vm = 0.9 - 0.35 * progress;
    const lo = plan.center - 0.85 * plan.halfWidth;
    const hi = plan.center + 0.85 * plan.halfWidth;
    const open = reflect(this.logClose + 0.7 * vm * this.gapShock(slot, sigma), lo, hi);
    const wick = vm * this.intradayShare * sigma;
    const close = reflect(open - 0.25 * (open - plan.center) + wick * this.random.fatTailed(), lo, hi);
    const draft = this.blank(open, close, wick);
    draft.volumeMult = 0.8 - 0.4 * progress;
    draft.ceiling = plan.center + plan.halfWidth;
    draft.floor = plan.center - plan.halfWidth;
    plan.age++;
    plan.end = slot.time;
    return draft;
  }

  private breakoutBar(plan: RangePlan, slot: BarSlot, sigma: number): Draft {
    const dir = plan.direction;
    const edge = Math.log(dir > 0 ? plan.high : plan.low);
    const gap = slot.indexInSession === 0 ? dir * Math.abs(this.gapShock(slot, sigma)) * 0.5 : 0;
    const open = this.logClose + gap;
    const push = this.random.between(0.6, 1.6) * Math.max(sigma, this.sigmaLong);
    const close = dir > 0 ? Math.max(edge + push, open + 0.3 * push) : Math.min(edge - push, open - 0.3 * push);
    const draft = this.blank(open, close, 1.2 * this.intradayShare * sigma);
    draft.volumeMult = this.random.between(2, 3.5);
    if (this.random.chance(0.35)) {
      draft.news = this.makeNews(slot, dir * this.random.between(0.4, 1), this.random.between(0.5, 1)).item;
    }
    this.mode = {
      kind: 'after',
      plan,
      breakout: slot.time,
      barsSince: 0,
      failAt: plan.followThrough ? Infinity : this.random.int(1, RESOLUTION_BARS - 1),
    };
    return draft;
  }

  private afterBar(mode: Extract<Mode, { kind: 'after' }>, slot: BarSlot, sigma: number): Draft {
    const { plan, barsSince, failAt } = mode;
    const dir = plan.direction;
    const edge = Math.log(dir > 0 ? plan.high : plan.low);
    const outside = edge + dir * 0.15 * this.sigmaLong;
    const keepOutside = (x: number): number => (dir * (x - outside) >= 0 ? x : outside + 0.5 * (outside - x));
    const wick = 1.1 * this.intradayShare * sigma;
    const gap = 0.8 * this.gapShock(slot, sigma);
    if (barsSince < failAt) {
      const open = keepOutside(this.logClose + gap);
      const drift = (plan.followThrough ? dir * this.random.between(0.2, 0.5) * this.sigmaLong : -dir * 0.2 * sigma) + this.anchorPull();
      const close = keepOutside(open + drift + wick * this.random.fatTailed());
      const draft = this.blank(open, close, wick);
      draft.volumeMult = plan.followThrough ? 2.2 - 0.2 * barsSince : 1.8;
      return draft;
    }
    const width = Math.log(plan.high) - Math.log(plan.low);
    const inside = edge - dir * this.random.between(0.3, 0.7) * width;
    const draft = this.blank(this.logClose + gap, inside, wick);
    draft.volumeMult = this.random.between(1.8, 3);
    return draft;
  }

  /** Records range extremes and decides episodes, in price space after rounding, so labels match the bars. */
  private settleEpisode(bar: Bar, draft: Draft): void {
    const mode = this.mode;
    if (mode.kind === 'range') {
      mode.plan.high = Math.max(mode.plan.high, bar.high);
      mode.plan.low = Math.min(mode.plan.low, bar.low);
      return;
    }
    if (mode.kind !== 'after') return;
    const { plan, barsSince, failAt } = mode;
    const done = plan.followThrough ? barsSince === RESOLUTION_BARS : barsSince === failAt;
    if (!done) return;
    draft.resolved = {
      symbol: this.spec.symbol,
      start: plan.start,
      end: plan.end,
      breakout: mode.breakout,
      resolved: bar.time,
      direction: plan.direction > 0 ? 'up' : 'down',
      outcome: plan.followThrough ? 'follow-through' : 'failed',
      rangeHigh: price(plan.high),
      rangeLow: price(plan.low),
    };
    this.mode = { kind: 'free' };
    this.trend = (plan.followThrough ? 0.2 : -0.2) * plan.direction * this.sigmaLong;
    this.cooldown = this.random.int(6, 18);
  }

  private toBar(slot: BarSlot, draft: Draft, sigma: number): Bar {
    const mode = this.mode;
    // Only a session's first bar may gap; elsewhere the open is the previous close to the tick.
    const open = slot.indexInSession === 0 ? this.grid.round(Math.exp(draft.open)) : this.lastClose;
    let close = this.grid.round(Math.exp(draft.close));
    // Rounding to the tick must not undo what the episode label promises about closes vs the range.
    if (mode.kind === 'after') {
      const { plan, barsSince, failAt } = mode;
      const up = plan.direction > 0;
      if (barsSince < failAt) close = up ? Math.max(close, this.grid.round(plan.high + this.grid.tick)) : Math.min(close, this.grid.round(plan.low - this.grid.tick));
      else close = Math.min(Math.max(close, plan.low), plan.high);
    }
    const b = Math.log(close) - Math.log(open);
    const w = Math.max(draft.wick, 1e-9);
    const { up, down } = intrabarExtremes(b, w, this.random.uniformOpen(), this.random.uniformOpen());
    const bodyHigh = Math.max(open, close);
    const bodyLow = Math.min(open, close);
    const high = Math.max(bodyHigh, Math.min(this.grid.ceil(open * Math.exp(up)), Math.exp(draft.ceiling)));
    const low = Math.min(bodyLow, Math.max(this.grid.floor(open * Math.exp(down)), Math.exp(draft.floor)));
    const volume = this.volumeFor(slot, draft, sigma, Math.abs(b));
    return {
      symbol: this.spec.symbol,
      interval: this.interval,
      time: slot.time,
      open: price(open),
      high: price(this.grid.round(high)),
      low: price(this.grid.round(low)),
      close: price(close),
      volume: quantity(volume),
    };
  }

  private volumeFor(slot: BarSlot, draft: Draft, sigma: number, absReturn: number): number {
    const n = this.barsPerSession;
    const x = n > 1 ? slot.indexInSession / (n - 1) : 0.5;
    // Intraday volume is U-shaped: busy at the open and the close, quiet at lunch.
    const shape = n > 1 ? (1 + 1.5 * (2 * x - 1) ** 2) / 1.5 : 1;
    const activity = (sigma / this.sigmaLong) ** 0.7 * (0.75 + 0.25 * Math.min(4, absReturn / Math.max(sigma, 1e-12)));
    const noise = Math.exp(0.25 * this.random.normal() - 0.03);
    const raw = (this.spec.avgDailyVolume / n) * shape * activity * noise * draft.volumeMult;
    return Math.max(1, Math.round(raw));
  }
}

/** Folds `x` back into [lo, hi] like a ball off the walls, so a range holds price without pinning it. */
function reflect(x: number, lo: number, hi: number): number {
  if (x > hi) x = hi - (x - hi);
  if (x < lo) x = lo + (lo - x);
  return Math.min(hi, Math.max(lo, x));
}
