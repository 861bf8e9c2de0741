import type { GateState } from '../adapters/symbol-gate.js';
import type { MlHealth } from '../contract/schemas.js';
import type { MlModels, PredictionEvent, SentimentDto, SymbolBreakout } from '../contract/ml-schemas.js';
import { FeatureEngine } from '../features/feature-engine.js';
import { F } from '../features/feature-vector.js';
import type { Bar } from '../market/bar.js';
import type { NewsItem } from '../news/news-item.js';
import { closeOffsetMs } from '../market/interval.js';
import type { BreakoutPrediction } from '../ml/breakout-prediction.js';
import type { BreakoutServing } from '../ml/inference/breakout-serving.js';
import { WilderAtr } from '../ml/labels/wilder-atr.js';
import { predictionDto } from './trading-dto.js';

interface Series {
  readonly features: FeatureEngine;
  readonly atr: WilderAtr;
  close: number;
  closeAt: number;
  status: SymbolBreakout['status'];
  /** Why the feed held the latest bar, while `status` is 'held'. */
  held?: string;
  latest?: { readonly time: number; readonly prediction: BreakoutPrediction };
}

const noNewsReason = (symbol: string): string =>
  `no news story about ${symbol} has reached the features yet (simulator, Alpaca news stream or a news import), so the sentiment fields hold their no-news values`;

/**
 * What the ML endpoints answer from: per symbol, the same FeatureEngine + Wilder ATR the paper session
 * computes and the same predictor's `predictEvent`, so `ml.breakout` is exactly the prediction a proposal
 * was made from. Kept beside the session because the session does not expose its series.
 */
export class MlView {
  readonly #series = new Map<string, Series>();
  readonly #predictor: BreakoutServing;
  readonly #symbols: ReadonlySet<string>;
  #predictions = 0;

  constructor(predictor: BreakoutServing, symbols: readonly string[]) {
    this.#predictor = predictor;
    this.#symbols = new Set(symbols);
  }

  get modelId(): string {
    return this.#predictor.source.kind === 'model' ? this.#predictor.source.version : 'baseline';
  }

  /** Latest close of `symbol`, if the desk has seen a bar of it. */
  mark(symbol: string): number | undefined {
    const close = this.#series.get(symbol)?.close;
    return close === undefined || Number.isNaN(close) ? undefined : close;
  }

  /**
   * One closed bar (history or live); returns the prediction when the bar is a breakout event. A closed `hold` (the
   * feed's SymbolGate) still feeds the features but predicts nothing, as the session does for that bar.
   */
  onBar(bar: Bar, hold?: GateState): PredictionEvent | undefined {
    const s = this.#of(bar.symbol);
    const accepted = s.features.onBar(bar);
    if (!accepted.ok) return undefined;
    s.atr.push(bar.high, bar.low, bar.close);
    s.close = bar.close;
    s.closeAt = bar.time + closeOffsetMs(bar.interval);
    const atr = s.atr.value;
    if (!s.features.warm || !(atr > 0)) {
      s.status = 'warming';
      return undefined;
    }
    if (hold !== undefined && !hold.open) {
      s.status = 'held';
      s.held = hold.detail;
      return undefined;
    }
    // The bar goes with the ask, so the session's ask about the same bar is answered (and logged) once.
    const prediction = this.#predictor.predictEvent(s.features.values, bar.close, atr, { symbol: bar.symbol, interval: bar.interval, barTime: bar.time });
    if (prediction === undefined) {
      s.status = 'quiet';
      return undefined;
    }
    s.status = 'breakout';
    s.latest = { time: bar.time, prediction };
    this.#predictions++;
    return { symbol: bar.symbol, time: bar.time, model: this.modelId, prediction: predictionDto(prediction) };
  }

  /** A scored news story for the symbols it names: the same FeatureEngine input the session's features get. */
  onNews(item: NewsItem): void {
    for (const symbol of item.symbols) this.#of(symbol).features.addNews(item);
  }

  breakout(symbol: string): SymbolBreakout {
    const s = this.#series.get(symbol);
    const model = this.modelId;
    if (s === undefined) {
      const reason = this.#symbols.has(symbol) ? `no bar of ${symbol} has arrived yet` : `${symbol} is not traded on this desk's feed`;
      return { symbol, status: this.#symbols.has(symbol) ? 'warming' : 'unknown-symbol', prediction: null, time: null, model, reason };
    }
    const held = s.status === 'held' ? `the feed holds ${symbol}, so its latest bar was not predicted on: ${s.held ?? 'no reason given'}` : null;
    if (s.latest !== undefined) return { symbol, status: s.status, prediction: predictionDto(s.latest.prediction), time: s.latest.time, model, reason: held };
    const reason = held ?? (s.status === 'warming'
      ? `${symbol} has too few bars for its features and ATR yet`
      : `no breakout event on ${symbol} since the desk started`);
    return { symbol, status: s.status, prediction: null, time: null, model, reason };
  }

  sentiment(symbol: string): SentimentDto {
    const s = this.#series.get(symbol);
    if (s === undefined || !s.features.warm) {
      const why = s === undefined ? `no bar of ${symbol} has arrived yet` : `${symbol} has too few bars for its features yet`;
      return { symbol, time: null, overallSentiment: null, newsCount: null, impactScore: null, sentimentSource: 'none', reason: why };
    }
    const v = s.features.values;
    const source = s.features.sentimentSource;
    return {
      symbol,
      time: s.closeAt,
      overallSentiment: v[F.overallSentiment] ?? null,
      newsCount: v[F.newsCount] ?? null,
      impactScore: v[F.impactScore] ?? null,
      sentimentSource: source,
      reason: source === 'none' ? noNewsReason(symbol) : null,
    };
  }

  health(at: number): MlHealth {
    const src = this.#predictor.source;
    return {
      status: src.kind === 'model' ? 'ok' : 'fallback',
      models: src.kind === 'model' ? [{ role: 'breakout', version: src.version, state: 'serving' }] : [],
      fallback: { active: src.kind !== 'model', kind: 'rule-based', reason: src.kind === 'model' ? 'a verified breakout model serves; the baseline stands by' : src.reason },
      at,
    };
  }

  /** The serving models; `risk` is the desk's risk sizing entry (see risk-view.ts). */
  models(at: number, risk: MlModels['risk']): MlModels {
    const src = this.#predictor.source;
    return {
      at,
      breakout: {
        version: this.modelId,
        source: src.kind,
        interval: this.#predictor.interval,
        health: src.kind === 'model' ? 'ok' : 'fallback',
        fallbackReason: src.kind === 'model' ? null : src.reason,
        predictions: this.#predictions,
      },
      sentiment: { source: 'features', note: 'The marketSentiment fields of the breakout features; no separate sentiment model yet.' },
      risk,
    };
  }

  #of(symbol: string): Series {
    let s = this.#series.get(symbol);
    if (s === undefined) {
      s = {
        features: new FeatureEngine({ symbol, interval: this.#predictor.interval }),
        atr: new WilderAtr(this.#predictor.baseline.spec.atrPeriod),
        close: Number.NaN,
        closeAt: Number.NaN,
        status: 'warming',
      };
      this.#series.set(symbol, s);
    }
    return s;
  }
}
