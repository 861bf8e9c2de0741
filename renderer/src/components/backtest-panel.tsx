import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { DeskApi } from '../../../core/contract/index.js';
import { useBacktest, type BacktestReport, type BacktestRunParams } from '../stores/backtest-store.js';
import { BacktestChart, type BacktestMark } from './backtest-chart.js';
import { decimalsFor } from '../chart/plot-scale.js';

type Metrics = BacktestReport['metrics']['portfolio'];

const pct = (x: number | null, digits = 2) => (x === null ? '—' : `${(x * 100).toFixed(digits)}%`);
const fix = (x: number | null) => (x === null ? '—' : x.toFixed(2));
const money = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The metrics the view shows, in the report's order; the key is the field of the result. */
export const BACKTEST_METRICS: readonly (readonly [keyof Metrics, string, (m: Metrics) => string])[] = [
  ['totalReturn', 'Total return', (m) => pct(m.totalReturn)],
  ['annualisedReturn', 'Annualised', (m) => pct(m.annualisedReturn)],
  ['volatility', 'Volatility', (m) => pct(m.volatility)],
  ['sharpe', 'Sharpe', (m) => fix(m.sharpe)],
  ['sortino', 'Sortino', (m) => fix(m.sortino)],
  ['maxDrawdown', 'Max drawdown', (m) => pct(m.maxDrawdown)],
  ['trades', 'Trades', (m) => String(m.trades)],
  ['winRate', 'Win rate', (m) => pct(m.winRate, 1)],
  ['profitFactor', 'Profit factor', (m) => fix(m.profitFactor)],
  ['exposure', 'Exposure', (m) => pct(m.exposure, 1)],
  ['breakoutSuccessRate', 'Breakout success', (m) => pct(m.breakoutSuccessRate, 1)],
  ['netPnl', 'Net P&L', (m) => money.format(m.netPnl)],
];

function Results({ report }: { readonly report: BacktestReport }) {
  const [symbol, setSymbol] = useState(report.run.symbols[0] ?? '');
  const m = report.metrics.portfolio;
  const marks = useMemo<BacktestMark[]>(() => report.trades.filter((t) => t.symbol === symbol).flatMap((t) => {
    const entry: BacktestMark = { time: t.entryTime, value: t.entryPrice, kind: 'entry', title: `${t.direction} ${t.quantity} @ ${t.entryPrice.toFixed(2)} on ${day(t.entryTime)}` };
    if (t.exitTime === undefined || t.exitPrice === undefined) return [entry];
    return [entry, { time: t.exitTime, value: t.exitPrice, kind: t.pnl >= 0 ? 'win' : 'loss', title: `exit (${t.exit}) @ ${t.exitPrice.toFixed(2)} on ${day(t.exitTime)}, P&L ${money.format(t.pnl)}` }];
  }), [report, symbol]);
  return (
    <div data-testid="bt-results" style={{ display: 'grid', gap: 8 }}>
      <p className="muted" data-testid="bt-summary">
        {report.run.symbols.join(', ')} · {day(report.run.start)} → {day(report.run.end)} · served by {report.run.servedBy} · {money.format(report.run.bars)} bars in {(report.run.wallMs / 1000).toFixed(1)} s
      </p>
      <table className="bt-metrics" data-testid="bt-metrics" style={{ borderCollapse: 'collapse' }}>
        <tbody>
          <tr>{BACKTEST_METRICS.map(([key, label]) => <th key={key} style={{ padding: '2px 8px', fontWeight: 400, color: 'var(--muted)', textAlign: 'right' }}>{label}</th>)}</tr>
          <tr>
            {BACKTEST_METRICS.map(([key, , show]) => (
              <td key={key} data-testid={`bt-metric-${key}`} data-value={String(m[key])} style={{ padding: '2px 8px', textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>{show(m)}</td>
            ))}
          </tr>
        </tbody>
      </table>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, minmax(0, 1fr))', gap: 10 }}>
        <figure style={{ margin: 0 }}>
          <figcaption className="muted">Equity</figcaption>
          <BacktestChart testId="bt-equity" label="Backtest equity" height={150} format={(v) => money.format(v)} lines={[{ name: 'equity', color: '#4f8ff7', points: report.equity.map((p) => [p.time, p.equity]) }]} />
        </figure>
        <figure style={{ margin: 0 }}>
          <figcaption className="muted">Drawdown from the running peak</figcaption>
          <BacktestChart testId="bt-drawdown" label="Backtest drawdown" height={150} format={(v, step) => pct(v, decimalsFor(step * 100))} lines={[{ name: 'drawdown', color: '#ef5350', area: true, points: report.equity.map((p) => [p.time, -p.drawdown]) }]} />
        </figure>
        <figure style={{ margin: 0 }}>
          <figcaption className="muted">
            Trades on{' '}
            <select value={symbol} onChange={(e) => setSymbol(e.target.value)} data-testid="bt-price-symbol">
              {report.run.symbols.map((s) => <option key={s} value={s}>{s}</option>)}
            </select>{' '}
            ({marks.filter((x) => x.kind === 'entry').length} trades; blue entry, green/red exit)
          </figcaption>
          <BacktestChart testId="bt-price" label={`${symbol} price with trades`} height={150} format={(v, step) => v.toFixed(Math.max(2, decimalsFor(step)))} marks={marks} lines={[{ name: symbol, color: '#9da7b3', points: report.prices[symbol] ?? [] }]} />
        </figure>
      </div>
    </div>
  );
}

/**
 * The Backtest tab: pick stored series, a period and a strategy, run it through the desk engine
 * (`backtest.run`, progress on `backtest.progress`, cancellable) and read the report's plots and metrics.
 */
export function BacktestPanel({ desk }: { readonly desk: DeskApi }) {
  const bt = useBacktest();
  // The store's actions are stable: follow the desk's progress stream while the tab is open.
  useEffect(() => useBacktest.getState().start(desk), [desk]);
  const daily = useMemo(() => (bt.series ?? []).filter((s) => s.interval === '1d'), [bt.series]);
  const [picked, setPicked] = useState<readonly string[]>([]);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [strategy, setStrategy] = useState<BacktestRunParams['strategy']>('model');
  const chosen = daily.filter((s) => picked.includes(s.symbol));
  // The period offered is the chosen series' common stored range.
  const first = chosen.length === 0 ? undefined : day(Math.max(...chosen.map((s) => s.first)));
  const last = chosen.length === 0 ? undefined : day(Math.min(...chosen.map((s) => s.last)));
  const running = bt.job?.state === 'running';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void bt.run(desk, { symbols: [...picked], strategy, ...(from === '' ? {} : { from }), ...(to === '' ? {} : { to }) });
  };
  if (bt.series === undefined) return <p className="empty" data-testid="bt-loading">{bt.error ?? 'Reading the stored series…'}</p>;
  if (daily.length === 0) return <p className="empty" data-testid="bt-empty">No stored daily series to backtest: import a CSV in Settings → Feed, or run desk ingest.</p>;
  return (
    <div style={{ display: 'grid', gap: 8, padding: 8 }} data-testid="bt-panel">
      <form onSubmit={submit} style={{ display: 'flex', flexWrap: 'wrap', gap: 10, alignItems: 'center' }}>
        <fieldset style={{ display: 'flex', flexWrap: 'wrap', gap: 6, maxWidth: 520, border: 'none', padding: 0, margin: 0 }}>
          <legend className="muted">Symbols</legend>
          {daily.map((s) => (
            <label key={s.symbol} style={{ whiteSpace: 'nowrap' }}>
              <input type="checkbox" data-testid={`bt-symbol-${s.symbol}`} checked={picked.includes(s.symbol)}
                onChange={(e) => setPicked(e.target.checked ? [...picked, s.symbol] : picked.filter((x) => x !== s.symbol))} /> {s.symbol}
            </label>
          ))}
        </fieldset>
        <label className="muted">From <input type="date" data-testid="bt-from" value={from} min={first} max={last} placeholder={first} onChange={(e) => setFrom(e.target.value)} /></label>
        <label className="muted">To <input type="date" data-testid="bt-to" value={to} min={first} max={last} placeholder={last} onChange={(e) => setTo(e.target.value)} /></label>
        <label className="muted">
          Strategy{' '}
          <select data-testid="bt-strategy" value={strategy} onChange={(e) => setStrategy(e.target.value as BacktestRunParams['strategy'])}>
            <option value="model">Breakout model</option>
            <option value="baseline">Breakout baseline (rule)</option>
            <option value="sma-crossover">SMA 10/30 crossover</option>
          </select>
        </label>
        <button type="submit" data-testid="bt-run" disabled={running || picked.length === 0}>Run backtest</button>
        <button type="button" data-testid="bt-cancel" disabled={!running} onClick={() => void bt.cancel(desk)}>Cancel</button>
        {chosen.length > 0 && <span className="muted">stored {first} → {last}</span>}
      </form>
      {bt.job !== undefined && (
        <div data-testid="bt-job" data-state={bt.job.state} data-run-id={bt.job.runId} className="muted">
          <progress data-testid="bt-progress" max={Math.max(1, bt.job.barsTotal)} value={bt.job.barsDone} style={{ width: 240, verticalAlign: 'middle' }} />{' '}
          {bt.job.state} · {money.format(bt.job.barsDone)} / {money.format(bt.job.barsTotal)} bars{bt.job.time > 0 ? ` · at ${day(bt.job.time)}` : ''}
          {bt.job.error !== undefined && <span className="error" role="alert"> {bt.job.error}</span>}
        </div>
      )}
      {bt.error !== undefined && <p className="error" role="alert" data-testid="bt-error">{bt.error}</p>}
      {bt.report !== undefined && <Results report={bt.report} />}
    </div>
  );
}
