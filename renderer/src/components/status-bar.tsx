import type { DeskStatus } from '../../../core/contract/index.js';

/** What runs and where, so the trader always knows whether prices are live, simulated or stale. */
export function StatusBar({ status, liveBars }: { readonly status: DeskStatus | undefined; readonly liveBars: number }) {
  if (status === undefined) return <footer className="status">Connecting to the desk…</footer>;
  const { feed, db } = status;
  return (
    <footer className="status" data-testid="status-bar">
      <span className={`dot ${feed.state}`} aria-hidden="true" />
      <span>
        Feed: {feed.name} ({feed.name === 'simulator' ? `seed ${feed.seed}, ` : ''}{feed.interval}) — {feed.state}
        {feed.reason === null ? '' : `: ${feed.reason}`}
      </span>
      <span data-testid="live-bars">live bars: {liveBars}</span>
      <span title={db.file}>DB: {db.file}</span>
      <a className="attribution" href="https://www.tradingview.com/" target="_blank" rel="noreferrer noopener">
        Charts by TradingView
      </a>
    </footer>
  );
}
