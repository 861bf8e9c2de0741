import type { Estimate } from '../evaluation/bootstrap.js';
import { scoreMetrics, type ScoreMetrics } from '../evaluation/score-metrics.js';
import type { TestSetName } from './evaluation-plan.js';
import { SCORERS, type PooledTest, type ScorerName } from './fold-predictions.js';

/** The ticket's claims, as measured. */
export interface ClaimCheck {
  readonly claim: string;
  readonly target: number;
  readonly measured: number;
  /** What the measurement is compared with (e.g. always predicting failure), for context. */
  readonly reference: number;
  readonly referenceName: string;
  readonly met: boolean;
  readonly how: string;
}

export interface TestSetReport {
  readonly events: number;
  readonly successes: number;
  readonly scorers: Record<ScorerName, ScoreMetrics>;
}

/** Everything `report.json` holds, and `report.md` renders. Deterministic for a seed: no timings, no clock. */
export interface BreakoutReport {
  readonly version: string;
  readonly seed: number;
  readonly labelSpecHash: string;
  readonly dataset: { readonly events: number; readonly successes: number; readonly symbols: readonly string[]; readonly from: string; readonly to: string };
  readonly split: {
    readonly mode: string;
    readonly heldOutSymbols: readonly string[];
    readonly folds: readonly { readonly name: string; readonly train: number; readonly purged: number; readonly tests: Record<string, number> }[];
    readonly shipped: string;
  };
  readonly testSets: Partial<Record<TestSetName, TestSetReport>>;
  readonly claims: readonly ClaimCheck[];
}

/** Share of events the claim's operating point takes: the top fifth by ensemble probability. */
export const OPERATING_SHARE = 0.2;
export const THRESHOLDS = [0.3, 0.35, 0.4, 0.5] as const;

/** Signal counts compared across scorers: the baseline's (every event), half, a fifth, a tenth. */
export const matchedCounts = (n: number): number[] => [...new Set([n, Math.round(n / 2), Math.round(n * OPERATING_SHARE), Math.round(n / 10)])];

/** Metrics of every scorer on one pooled test set (seeded bootstrap, 1,000 resamples unless told). */
export function testSetReport(test: PooledTest, seed: number, resamples?: number): TestSetReport {
  const n = test.labels.length;
  let successes = 0;
  for (const l of test.labels) successes += l;
  const scorers = {} as Record<ScorerName, ScoreMetrics>;
  for (const s of SCORERS) {
    // The baseline cannot rank its events (one estimate for all): it is only ever taken whole.
    scorers[s] = scoreMetrics(test.scores[s], test.labels, {
      seed, matchedCounts: s === 'baseline' ? [n] : matchedCounts(n), thresholds: s === 'baseline' ? [] : THRESHOLDS,
      ...(resamples === undefined ? {} : { resamples }),
    });
  }
  return { events: n, successes, scorers };
}

/**
 * The ticket's two claims on one test set. "80% accuracy": the share of events whose calibrated call
 * (p ≥ 0.5 → success) matches the outcome. "25% better breakout success rate than the rule-based logic": the
 * success rate of the breakouts the model takes at its pre-declared operating point (the top 20% by
 * probability) over the baseline's (every event, i.e. the base rate), which must be ≥ 1.25.
 */
export function checkClaims(set: string, r: TestSetReport): ClaimCheck[] {
  const e = r.scorers.ensemble;
  const baseRate = r.events === 0 ? Number.NaN : r.successes / r.events;
  const k = Math.round(r.events * OPERATING_SHARE);
  const taken = e.taken.find((t) => t.rule === `top-${k}`);
  const precision = taken?.precision.value ?? Number.NaN;
  const accuracy = e.accuracy ?? Number.NaN;
  return [
    {
      claim: `80% prediction accuracy (${set})`, target: 0.8, measured: accuracy, reference: 1 - baseRate, referenceName: 'always predicting failure',
      met: accuracy >= 0.8, how: 'share of test events whose call (calibrated p >= 0.5 means success) equals the outcome',
    },
    {
      claim: `25% better breakout success rate than the rule-based baseline (${set})`, target: 1.25, measured: precision / baseRate, reference: baseRate,
      referenceName: 'baseline success rate (it takes every event)',
      met: precision / baseRate >= 1.25,
      how: `success rate of the top ${k} of ${r.events} events by ensemble probability (${(100 * OPERATING_SHARE).toFixed(0)}%) divided by the baseline's; CI of that success rate ${fmtCi(taken?.precision)}`,
    },
  ];
}

const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '-');
const num = (x: number | undefined): string => (x !== undefined && Number.isFinite(x) ? x.toFixed(3) : '-');
/** A point estimate with its 95% CI, e.g. `0.561 [0.532, 0.590]`. */
export const fmtCi = (e: Estimate | undefined): string => (e === undefined ? '-' : `${num(e.value)} [${num(e.low)}, ${num(e.high)}]`);

/** The report as Markdown: what `desk train` prints and `report.md` holds. */
export function reportMarkdown(r: BreakoutReport): string {
  const lines: string[] = [
    `# Breakout model ${r.version}`, '',
    `Seed ${r.seed}; label spec ${r.labelSpecHash.slice(0, 12)}; ${r.dataset.events} events (${pct(r.dataset.successes / r.dataset.events)} success) ` +
      `on ${r.dataset.symbols.length} symbols, ${r.dataset.from} to ${r.dataset.to}.`, '',
    `Split: ${r.split.mode}; held-out symbols (never trained on): ${r.split.heldOutSymbols.join(', ')}.`,
    ...r.split.folds.map((f) => `- ${f.name}: ${f.train} training events (${f.purged} purged: outcome reached into the test period); test ${Object.entries(f.tests).map(([k, v]) => `${k} ${v}`).join(', ')}`),
    `Shipped weights: ${r.split.shipped}.`, '',
    '## Ticket claims', '',
    ...r.claims.map((c) => `- **${c.met ? 'MET' : 'NOT MET'}** — ${c.claim}: measured ${c.target === 0.8 ? pct(c.measured) : `${c.measured.toFixed(2)}x`} ` +
      `(target ${c.target === 0.8 ? pct(c.target) : `${c.target}x`}; ${c.referenceName}: ${pct(c.reference)}). ${c.how}.`),
  ];
  for (const [name, t] of Object.entries(r.testSets)) {
    lines.push('', `## Test set: ${name} — ${t.events} events, ${pct(t.successes / t.events)} success`, '',
      '| scorer | AUC [95% CI] | Brier [95% CI] | ECE [95% CI] | accuracy |', '|---|---|---|---|---|');
    for (const s of SCORERS) {
      const m = t.scorers[s];
      lines.push(`| ${s} | ${fmtCi(m.auc)} | ${fmtCi(m.brier)} | ${fmtCi(m.ece)} | ${pct(m.accuracy ?? Number.NaN)} |`);
    }
    const rules = t.scorers.ensemble.taken.map((x) => x.rule);
    lines.push('', 'Success rate of taken signals (signals) [95% CI]:', '', `| scorer | ${rules.join(' | ')} |`, `|---|${rules.map(() => '---').join('|')}|`);
    for (const s of SCORERS) {
      const cells = rules.map((rule) => {
        const x = t.scorers[s].taken.find((y) => y.rule === rule);
        return x === undefined ? 'n/a' : `${pct(x.precision.value)} (${x.signals}) [${pct(x.precision.low)}, ${pct(x.precision.high)}]`;
      });
      lines.push(`| ${s} | ${cells.join(' | ')} |`);
    }
  }
  lines.push('', 'Members (nn, svm) are scored by their own Platt-calibrated probabilities. The baseline gives every event its training base rate, ' +
    'so its AUC is 0.5 and it is only taken whole (n/a: it cannot rank). CIs: 1,000 seeded iid bootstrap resamples (percentile); ' +
    'overlapping breakouts are not independent, so they are somewhat narrow. ECE: 10 equal-width bins.', '');
  return lines.join('\n');
}
