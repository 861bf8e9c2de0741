import { useEffect } from 'react';
import type { DeskApi } from '../../core/contract/index.js';
import { PriceChart } from './components/price-chart.js';
import { StatusBar } from './components/status-bar.js';
import { Watchlist } from './components/watchlist.js';
import { useMarket } from './stores/market-store.js';

/** The desk's main screen: watchlist on the left, chart of the selected symbol on the right. */
export function App({ desk }: { readonly desk: DeskApi }) {
  const { load, status, quotes, selected, bars, liveBars, start, select, applyBar, setStatus } = useMarket();

  useEffect(() => {
    const offBar = desk.on('bar', applyBar);
    const offStatus = desk.on('status', setStatus);
    void start(desk);
    return () => {
      offBar();
      offStatus();
    };
  }, [desk, start, applyBar, setStatus]);

  return (
    <div className="app">
      <header className="top">
        <h1>Breakout Desk</h1>
        <span className="subtitle">{status === undefined ? '' : `${status.feed.name} · ${status.feed.symbols.length} symbols`}</span>
      </header>
      <main className="body">
        <aside className="side">
          {load.kind === 'loading' && <p className="empty">Loading the watchlist…</p>}
          {load.kind === 'error' && (
            <p className="error" role="alert">
              {load.message} Check that the desk is running, then reload.
            </p>
          )}
          {load.kind === 'ready' && <Watchlist quotes={quotes} selected={selected} onSelect={(s) => void select(desk, s)} />}
        </aside>
        <section className="main">
          <div className="chart-title">{selected ?? ''}</div>
          <PriceChart symbol={selected} bars={bars} />
        </section>
      </main>
      <StatusBar status={status} liveBars={liveBars} />
    </div>
  );
}
