import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { DeskApi } from '../../core/contract/index.js';
import { BottomPanel } from './components/bottom-panel.js';
import { BrokerModeBadge } from './components/broker-settings-mode-badge.js';
import { KillSwitch } from './components/kill-switch.js';
import { PriceChart } from './components/price-chart.js';
import { StatusBar } from './components/status-bar.js';
import { Watchlist } from './components/watchlist.js';
import { connectDesk } from './stores/connect-desk.js';
import { useMarket } from './stores/market-store.js';
import { useModels } from './stores/models-store.js';
import { useRisk } from './stores/risk-store.js';
import { useTrading, workingExits } from './stores/trading-store.js';

const NO_MARKERS: readonly never[] = [];

/** The desk's main screen: kill switch in the header, watchlist left, chart and trading panels right. */
export function App({ desk }: { readonly desk: DeskApi }) {
  const { load, status, quotes, selected, bars, liveBars, select } = useMarket();
  const breakouts = useModels((s) => s.latest);
  const markers = useModels((s) => (selected === undefined ? NO_MARKERS : (s.markers[selected] ?? NO_MARKERS)));
  const proposal = useTrading((s) => s.pending.find((p) => p.id === s.selectedProposalId && p.symbol === selected));
  const working = useTrading(useShallow((s) => workingExits(s.orders, selected)));
  const killSwitch = useRisk((s) => s.killSwitch);
  const killSwitchError = useRisk((s) => s.killSwitchError);
  const setKillSwitch = useRisk((s) => s.setKillSwitch);

  useEffect(() => connectDesk(desk), [desk]);

  // The selected proposal's exits while it waits; once confirmed, the working stop and target orders'.
  const bracket = proposal === undefined ? working : { stopLoss: proposal.stopLoss ?? undefined, takeProfit: proposal.takeProfit ?? undefined };
  return (
    <div className="app">
      <header className="top">
        <h1>Breakout Desk</h1>
        <span className="subtitle">{status === undefined ? '' : `${status.feed.name} · ${status.feed.symbols.length} ${status.feed.symbols.length === 1 ? 'symbol' : 'symbols'}`}</span>
        <span className="spacer" />
        <BrokerModeBadge desk={desk} />
        <KillSwitch state={killSwitch} loadError={killSwitchError} onSet={(on, reason) => setKillSwitch(desk, on, reason)} />
      </header>
      <main className="body">
        <aside className="side">
          {load.kind === 'loading' && <p className="empty">Loading the watchlist…</p>}
          {load.kind === 'error' && (
            <p className="error" role="alert">
              {load.message} Check that the desk is running, then reload.
            </p>
          )}
          {load.kind === 'ready' && <Watchlist quotes={quotes} selected={selected} breakouts={breakouts} onSelect={(s) => void select(desk, s)} />}
        </aside>
        <section className="main">
          <div className="chart-title">
            {selected ?? ''}
            {proposal !== undefined && <span className="muted"> · showing the selected proposal's stop and target</span>}
            {proposal === undefined && working.stopLoss !== undefined && <span className="muted"> · showing the working stop and target</span>}
          </div>
          <PriceChart symbol={selected} bars={bars} markers={markers} bracket={bracket} />
          <BottomPanel desk={desk} />
        </section>
      </main>
      <StatusBar status={status} liveBars={liveBars} />
    </div>
  );
}
