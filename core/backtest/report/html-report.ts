import type { BacktestReport } from './report-schema.js';
import { escapeHtml as esc, svgLineChart, wantsLogScale, type ChartMarker } from './svg-chart.js';

type Metrics = BacktestReport['metrics']['portfolio'];
type Risk = BacktestReport['risk'];

/** The sections every report has, in order; optional ones appear when their data was measured. */
export const REPORT_SECTIONS = ['summary', 'equity', 'drawdown', 'metrics', 'ml-vs-baseline', 'success-metrics', 'per-symbol', 'trades', 'walk-forward', 'stress', 'monte-carlo', 'risk'] as const;

const pct = (x: number | null | undefined, digits = 2): string => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(digits)}%`);
const fix = (x: number | null | undefined, digits = 2): string => (x === null || x === undefined ? '—' : x.toFixed(digits));
const money = (x: number): string => x.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 0 });
const date = (t: number): string => new Date(t).toISOString().slice(0, 10);
// Past a year, days stop being readable (a 57-year drawdown printed as 20878 d).
const days = (ms: number): string => (ms >= 365.25 * 86_400_000 ? `${(ms / (365.25 * 86_400_000)).toFixed(1)} y` : `${Math.round(ms / 86_400_000)} d`);
const est = (e: { value: number | null; low: number | null; high: number | null }, f: (x: number | null) => string): string =>
  // A figure measured once per run has no interval: say so rather than print empty bounds.
  e.low === null && e.high === null ? `${f(e.value)} <span class="muted">(one figure per run)</span>` : `${f(e.value)} <span class="muted">[${f(e.low)}, ${f(e.high)}]</span>`;

const METRIC_ROWS: readonly (readonly [string, (m: Metrics) => string])[] = [
  ['Total return', (m) => pct(m.totalReturn)],
  ['Annualised return', (m) => pct(m.annualisedReturn)],
  ['Volatility (ann.)', (m) => pct(m.volatility)],
  ['Sharpe', (m) => fix(m.sharpe)],
  ['Sortino', (m) => fix(m.sortino)],
  ['Max drawdown', (m) => pct(m.maxDrawdown)],
  ['Max drawdown duration', (m) => days(m.maxDrawdownDurationMs)],
  ['Trades', (m) => String(m.trades)],
  ['Win rate', (m) => pct(m.winRate, 1)],
  ['Profit factor', (m) => fix(m.profitFactor)],
  ['Exposure', (m) => pct(m.exposure, 1)],
  ['Turnover (per year)', (m) => fix(m.turnover)],
  ['Breakout success rate', (m) => pct(m.breakoutSuccessRate, 1)],
  ['Net P&L', (m) => money(m.netPnl)],
  ['Commissions', (m) => money(m.commissions)],
];

const table = (head: readonly string[], rows: readonly (readonly string[])[], cls = ''): string =>
  `<table class="${cls}"><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;

const section = (id: string, title: string, body: string): string => `<section id="${id}"><h2>${esc(title)}</h2>${body}</section>`;

function metricsTable(columns: readonly (readonly [string, Metrics])[]): string {
  return table(['Metric', ...columns.map(([name]) => esc(name))], METRIC_ROWS.map(([label, f]) => [label, ...columns.map(([, m]) => f(m))]), 'metrics');
}

function riskRows(r: Risk): string[][] {
  const rules = Object.entries(r.refusalsByRule).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${esc(k)} ${v}`).join(', ');
  return [
    ['Signals', String(r.signals)],
    ['Proposals confirmed / expired / rejected / pending', `${r.proposals.confirmed} / ${r.proposals.expired} / ${r.proposals.rejected} / ${r.proposals.pending}`],
    ['Sized by the risk model (zero size)', `${r.sized} (${r.sizedToZero})`],
    ['Kill-switch trips (by the daily loss limit)', `${r.killSwitchTrips} (${r.lossLimitTrips})`],
    ['First trip', r.firstTrip === undefined ? 'none' : `${date(r.firstTrip.time)} ${esc(r.firstTrip.scope)}: ${esc(r.firstTrip.reason)}`],
    ['Global kill switch on at the end', r.killSwitchOnAtEnd ? '<span class="bad">yes: no new entries after the trip</span>' : 'no'],
    ['Orders refused by pre-trade rules', `${r.refusals}${rules === '' ? '' : ` (${rules})`}`],
  ];
}

function priceCharts(report: BacktestReport): string {
  const bySymbol = new Map<string, BacktestReport['trades']>();
  for (const t of report.trades) bySymbol.set(t.symbol, [...(bySymbol.get(t.symbol) ?? []), t]);
  return report.run.symbols.map((symbol) => {
    const trades = bySymbol.get(symbol) ?? [];
    const markers: ChartMarker[] = [];
    for (const t of trades) {
      markers.push({ time: t.entryTime, value: t.entryPrice, shape: t.direction === 'long' ? 'up' : 'down', color: '#2563eb', title: `${symbol} ${t.direction} ${t.quantity} @ ${t.entryPrice.toFixed(2)} on ${date(t.entryTime)}` });
      if (t.exitTime !== undefined && t.exitPrice !== undefined) {
        markers.push({ time: t.exitTime, value: t.exitPrice, shape: 'dot', color: t.pnl >= 0 ? '#16a34a' : '#dc2626', title: `${symbol} exit (${t.exit}) @ ${t.exitPrice.toFixed(2)} on ${date(t.exitTime)}, P&L ${money(t.pnl)}` });
      }
    }
    const points = report.prices[symbol] ?? [];
    const chart = svgLineChart({
      id: `price-${symbol}`, width: 960, height: 200, series: [{ name: symbol, points, color: '#475569' }], markers, format: (v) => v.toFixed(2),
      log: wantsLogScale(points.map((p) => p[1])),
    });
    return `<div class="price"><h3>${esc(symbol)} <span class="muted">${trades.length} trades</span></h3>${chart}</div>`;
  }).join('');
}

function stressSections(report: BacktestReport): string {
  const s = report.stress;
  if (s === undefined) return section('stress', 'Stress tests', '<p class="muted">Not run (add --stress).</p>') + section('monte-carlo', 'Monte Carlo of the trade sequence', '<p class="muted">Not run (add --stress).</p>');
  const rows = s.scenarios.map((x) => [
    esc(x.label), x.kind, `<span class="nowrap">${date(x.from)}</span> → <span class="nowrap">${date(x.to)}</span>`,
    x.skipped === undefined ? (x.symbols.length <= 4 ? esc(x.symbols.join(', ')) : `${x.symbols.length}`) : `<span class="bad">skipped: ${esc(x.skipped)}</span>`,
    pct(x.metrics?.totalReturn), pct(x.metrics?.maxDrawdown), x.metrics === undefined ? '—' : String(x.metrics.trades),
    x.versusPlain === undefined ? '—' : `${pct(x.versusPlain.totalReturn)} / ${pct(x.versusPlain.maxDrawdown)}`,
    x.risk === undefined ? '—' : `${x.risk.killSwitchTrips} (${x.risk.lossLimitTrips})`,
    x.risk === undefined ? '—' : `${x.risk.refusals}${Object.keys(x.risk.refusalsByRule).length === 0 ? '' : ` <span class="muted">${Object.entries(x.risk.refusalsByRule).map(([k, v]) => `${esc(k)} ${v}`).join(', ')}</span>`}`,
  ]);
  const absent = s.scenarios.filter((x) => x.kind === 'historical' && x.absent.length > 0).map((x) =>
    `<li><b>${esc(x.label)}</b>: ${x.absent.length} absent — ${x.absent.map((a) => `${esc(a.symbol)} (${esc(a.reason)})`).join('; ')}</li>`).join('');
  const stress = table(['Scenario', 'Kind', 'Period', 'Symbols', 'Return', 'Max DD', 'Trades', 'vs plain (return / DD)', 'Kill-switch trips (loss limit)', 'Refusals'], rows, 'stress') +
    (absent === '' ? '' : `<details><summary>Symbols that could not take part</summary><ul>${absent}</ul></details>`);
  const mcTable = (mc: NonNullable<BacktestReport['stress']>['monteCarlo'], what: string): string => {
    const rows = mc.maxDrawdown.percentiles.map((p, i) => [`${Math.round(p.q * 100)}th`, pct(p.value), pct(mc.totalReturn.percentiles[i]?.value)]);
    return `<h3>${what}</h3><p>${mc.runs} ${mc.method} draws of ${mc.trades} closed trades (seed ${mc.seed}); mean max drawdown ${pct(mc.maxDrawdown.mean)}.</p>` +
      `<div class="cards">${table(['Percentile', 'Max drawdown', 'Total return'], rows, `mc mc-${mc.method}`)}` +
      `${table(['Drawdown at least', 'Probability'], mc.drawdownAtLeast.map((d) => [pct(d.threshold, 0), pct(d.probability, 1)]), 'mc-tail')}</div>`;
  };
  const mcBody = `<p>Observed max drawdown of the closed-trade sequence: ${pct(s.monteCarlo.observedMaxDrawdown)} (trades are treated as independent, so crashes that close many positions at once make the real tail worse).</p>` +
    mcTable(s.monteCarlo, 'Same trades, random order') + mcTable(s.monteCarloBootstrap, 'Trades drawn with replacement');
  return section('stress', 'Stress tests', stress) + section('monte-carlo', 'Monte Carlo of the trade sequence', mcBody);
}

const STYLE = `body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:0 auto;max-width:1000px;padding:16px;color:#0f172a}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;border-bottom:1px solid #cbd5e1;padding-bottom:4px;margin-top:28px}h3{font-size:14px;margin:10px 0 2px}
table{border-collapse:collapse;margin:8px 0;font-variant-numeric:tabular-nums}td,th{border-bottom:1px solid #e2e8f0;padding:3px 10px;text-align:right}
td:first-child,th:first-child{text-align:left}.muted{color:#64748b}.bad{color:#b91c1c}.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{border:1px solid #cbd5e1;border-radius:6px;padding:8px 12px;min-width:120px}.card b{display:block;font-size:18px}
svg.chart{width:100%;height:auto;background:#f8fafc;border:1px solid #e2e8f0}.grid{stroke:#e2e8f0}.axis{font-size:10px;fill:#64748b}.legend{font-size:11px}
.scroll{max-height:420px;overflow:auto}.nowrap{white-space:nowrap}`;

/**
 * Symbols whose stored bars stop well before the run's end: after that the portfolio holds what it held at their
 * last close, so a flat tail of the equity curve is the data ending, not the strategy resting.
 */
function dataEndNote(report: BacktestReport): string {
  const end = report.run.end;
  const early = report.run.symbols
    .map((s) => ({ s, last: report.prices[s]?.at(-1)?.[0] }))
    .filter((x): x is { s: string; last: number } => x.last !== undefined && end - x.last > 30 * 86_400_000);
  if (early.length === 0) return '';
  const byDay = new Map<string, string[]>();
  for (const x of early) byDay.set(date(x.last), [...(byDay.get(date(x.last)) ?? []), x.s]);
  // Grouped by last day: most files of a data set end together, and 30 names with one date read as noise.
  const groups = [...byDay].sort(([a], [b]) => a.localeCompare(b))
    .map(([d, syms]) => (syms.length > 4 ? `${syms.length} symbols on ${d}` : `${syms.join(', ')} on ${d}`)).join('; ');
  return `<p id="data-end-note"><b>Data ends early.</b> The stored bars of ${early.length} of ${report.run.symbols.length} symbols end before the run does (${date(end)}): ${esc(groups)}. After that only the others trade, so a flat stretch at the end of the curves is the data ending, not the strategy.</p>`;
}

/** How daily-loss trips were handled, in words; nothing for older reports that did not record it. */
function resetNote(policy: 'never' | 'next-day' | undefined): string {
  if (policy === undefined) return '';
  return policy === 'next-day'
    ? ' A daily-loss trip of the kill switch was reset before the next trading day (declared policy <code>--kill-switch-reset next-day</code>).'
    : ' A trip of the kill switch stays on for the rest of the run, as on the desk until a person resets it (<code>--kill-switch-reset never</code>).';
}

/**
 * The report as one self-contained HTML page: inline CSS and SVG charts, the report JSON embedded for tools,
 * nothing fetched when it is opened.
 */
export function renderHtmlReport(report: BacktestReport): string {
  const r = report.run;
  const m = report.metrics.portfolio;
  const c = report.comparison;
  const cards = ([['Total return', pct(m.totalReturn)], ['Annualised', pct(m.annualisedReturn)], ['Sharpe', fix(m.sharpe)], ['Max drawdown', pct(m.maxDrawdown)], ['Trades', String(m.trades)], ['Win rate', pct(m.winRate, 1)], ['Breakout success', pct(m.breakoutSuccessRate, 1)]] as const)
    .map(([k, v]) => `<div class="card"><span class="muted">${k}</span><b>${v}</b></div>`).join('');
  const trip = report.risk.firstTrip;
  // A switch left on ends trading for the rest of the run: a reader must know before reading any figure.
  const warning = report.risk.killSwitchOnAtEnd && trip !== undefined
    ? `<p class="bad" id="kill-switch-warning"><b>The kill switch tripped on ${date(trip.time)} (${esc(trip.reason)}) and stayed on to the end: no position was opened after that day (${report.risk.refusalsByRule['kill-switch'] ?? 0} entries refused), so the figures after it measure exits only.</b></p>`
    : '';
  const summary = `${warning}${dataEndNote(report)}<p>${r.symbols.length} symbols (${esc(r.symbols.join(', '))}), ${esc(r.interval)} bars ${date(r.start)} → ${date(r.end)}; strategy ${esc(r.strategy)}, served by ${esc(r.servedBy)}; starting cash ${money(r.startingCash)}.
${r.modelTraining === undefined ? '' : ` <b>The model was trained on bars from ${esc(r.modelTraining.from)} to ${esc(r.modelTraining.to)}: whatever of this run falls in that span is in-sample for it.</b>`}
 ${r.bars.toLocaleString('en-US')} bars through the engine in ${(r.wallMs / 1000).toFixed(1)} s${r.barsPerSecond === null ? '' : ` (${Math.round(r.barsPerSecond).toLocaleString('en-US')} bars/s)`}; seed ${r.seed}.${resetNote(r.killSwitchReset)}</p><div class="cards">${cards}</div>`;
  const equitySeries = [{ name: 'backtest equity', points: report.equity.map((p) => [p.time, p.equity] as const), color: '#2563eb' }];
  if (report.walkForward !== undefined) equitySeries.push({ name: 'walk-forward equity', points: report.walkForward.equity.map((p) => [p.time, p.equity] as const), color: '#9333ea' });
  const equity = svgLineChart({ id: 'equity-chart', width: 960, height: 280, series: equitySeries, format: money });
  const drawdown = svgLineChart({ id: 'drawdown-chart', width: 960, height: 160, series: [{ name: 'drawdown', points: report.equity.map((p) => [p.time, -p.drawdown] as const), color: '#dc2626', area: true }], format: (v) => pct(v, 1) });
  const columns: [string, Metrics][] = c === undefined ? [['Portfolio', m]] : [[`ML (${c.mlModel})`, c.ml], ['Baseline (rule)', c.baseline]];
  const comparison = c === undefined ? '<p class="muted">Not measured (the run had no model to compare, or --no-baseline).</p>' :
    table(['Figure (95% bootstrap CI)', 'ML', 'Baseline', 'Difference'], [
      ['Breakout success rate', est(c.breakoutSuccessRate.ml, pct), est(c.breakoutSuccessRate.baseline, pct), est(c.breakoutSuccessRate.difference, pct)],
      ['Sharpe', est(c.sharpe.ml, fix), est(c.sharpe.baseline, fix), est(c.sharpe.difference, fix)],
      ['Volatility (ann.)', pct(c.volatility.ml), pct(c.volatility.baseline), `reduction ${est(c.volatility.reduction, pct)}`],
    ], 'comparison');
  const success = c === undefined ? '<p class="muted">Needs the ML against baseline comparison.</p>' :
    table(['Ticket success metric', 'Target', 'Measured (95% CI)', 'Met'], c.successMetrics.map((row) => [esc(row.metric), esc(row.target),
      est(row.measured, row.unit === '%' ? (x) => pct(x, 1) : fix), row.met === null ? 'undetermined' : row.met ? 'yes' : '<span class="bad">no</span>']), 'success');
  const perSymbol = table(['Symbol', 'Return', 'Sharpe', 'Max DD', 'Trades', 'Win rate', 'Breakout success', 'Net P&L'],
    Object.entries(report.metrics.bySymbol).sort((a, b) => b[1].netPnl - a[1].netPnl).map(([s, x]) => [esc(s), pct(x.totalReturn), fix(x.sharpe), pct(x.maxDrawdown), String(x.trades), pct(x.winRate, 1), pct(x.breakoutSuccessRate, 1), money(x.netPnl)]), 'per-symbol');
  const tradeRows = report.trades.slice(-300).reverse().map((t) => [esc(t.symbol), t.direction, String(t.quantity), date(t.entryTime), t.entryPrice.toFixed(2), t.exitTime === undefined ? 'open' : date(t.exitTime), t.exitPrice === undefined ? '—' : t.exitPrice.toFixed(2), esc(t.exit), money(t.pnl)]);
  const trades = `<p class="muted">Entries ▲ (blue), exits ● (green: profit, red: loss); hover a marker for the trade. Prices that grew tenfold or more are drawn on a log scale, so early trades stay readable.${report.tradesOmitted > 0 ? ` ${report.tradesOmitted} older trades left out of this file.` : ''}</p>${priceCharts(report)}
<details><summary>Latest ${tradeRows.length} trades</summary><div class="scroll">${table(['Symbol', 'Side', 'Qty', 'Entry', 'Price', 'Exit', 'Price', 'How', 'P&L'], tradeRows, 'trades')}</div></details>`;
  const wf = report.walkForward;
  const walk = wf === undefined ? '<p class="muted">Not run (add --walk-forward).</p>' :
    `<p>${wf.folds.length} folds, models retrained per fold with the shipped training code; ${(wf.wallMs / 1000).toFixed(1)} s in all.</p>` + metricsTable([['Walk-forward (chained)', wf.metrics]]) +
    table(['Fold', 'Train', 'Test', 'Samples', 'Train time', 'Return', 'Sharpe', 'Max DD', 'Trades'], wf.folds.map((f) => [String(f.index), `${date(f.trainStart)} → ${date(f.trainEnd)}`, `${date(f.testStart)} → ${date(f.testEnd)}`, String(f.trainSamples), `${(f.trainMs / 1000).toFixed(1)} s`, pct(f.metrics.totalReturn), fix(f.metrics.sharpe), pct(f.metrics.maxDrawdown), String(f.metrics.trades)]), 'folds');
  const json = JSON.stringify(report).replace(/</g, '\\u003c');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Backtest report — ${esc(r.symbols.length === 1 ? r.symbols[0] ?? '' : `${r.symbols.length} symbols`)} ${date(r.start)} → ${date(r.end)}</title><style>${STYLE}</style></head><body>
<h1>Backtest report</h1><p class="muted">Generated ${new Date(report.generatedAt).toISOString()}${report.command === undefined ? '' : ` by <code>${esc(report.command)}</code>`}</p>
${section('summary', 'Summary', summary)}
${section('equity', 'Equity', equity)}
${section('drawdown', 'Drawdown from the running peak', drawdown)}
${section('metrics', 'Metrics', metricsTable(columns))}
${section('ml-vs-baseline', 'ML against the rule-based baseline (same bars)', comparison)}
${section('success-metrics', "The ticket's success metrics", success)}
${section('per-symbol', 'Per symbol', perSymbol)}
${section('trades', 'Trades on the price charts', trades)}
${section('walk-forward', 'Walk-forward', walk)}
${stressSections(report)}
${section('risk', 'Kill switch, loss limits and risk model in the main run', table(['', ''], riskRows(report.risk), 'risk'))}
<script type="application/json" id="report-data">${json}</script>
</body></html>
`;
}
