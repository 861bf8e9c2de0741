import { useState } from 'react';
import type { DeskApi } from '../../../core/contract/index.js';
import { useFeed } from '../stores/feed-store.js';
import { useMarket } from '../stores/market-store.js';
import { useModels } from '../stores/models-store.js';
import { useRisk } from '../stores/risk-store.js';
import { useTrading } from '../stores/trading-store.js';
import { BacktestPanel } from './backtest-panel.js';
import { ModelsPanel } from './models-panel.js';
import { OrdersTable } from './orders-table.js';
import { PanelTabs } from './panel-tabs.js';
import { PositionsPanel } from './positions-panel.js';
import { ProposalsQueue } from './proposals-queue.js';
import { RecentDecisions } from './recent-decisions.js';
import { SettingsPanel } from './settings-panel.js';

type Tab = 'proposals' | 'orders' | 'positions' | 'models' | 'settings' | 'backtest';

/** Proposals, orders, positions & P&L, models and settings under the chart. */
export function BottomPanel({ desk }: { readonly desk: DeskApi }) {
  const [tab, setTab] = useState<Tab>('proposals');
  const trading = useTrading();
  const models = useModels();
  const risk = useRisk();
  const feed = useFeed();
  const selectSymbol = useMarket((s) => s.select);
  const positions = trading.portfolio?.positions.length ?? 0;
  const tabs = [
    { key: 'proposals', label: `Proposals (${trading.pending.length})` },
    { key: 'orders', label: `Orders (${trading.orders.length})` },
    { key: 'positions', label: `Positions & P&L (${positions})` },
    { key: 'models', label: 'Models' },
    { key: 'backtest', label: 'Backtest' },
    { key: 'settings', label: 'Settings' },
  ] as const;
  return (
    <section className="bottom" aria-label="Trading">
      <PanelTabs
        tabs={tabs}
        active={tab}
        onChange={(next) => {
          setTab(next);
          // The prediction count and fallback state move on every bar: show them as of opening the tab.
          if (next === 'models') void models.refresh(desk);
          // Stored series change with every import, here or from the command line: read them on opening.
          if (next === 'settings') void feed.start(desk);
        }}
      />
      <div className="tab-body" role="tabpanel" data-testid={`panel-${tab}`}>
        {tab === 'proposals' && (
          <>
            <ProposalsQueue
              load={trading.proposalsLoad}
              pending={trading.pending}
              selectedId={trading.selectedProposalId}
              problems={trading.problems}
              busy={trading.busy}
              onSelect={(p) => {
                trading.selectProposal(p.id);
                if (useMarket.getState().selected !== p.symbol) void selectSymbol(desk, p.symbol);
              }}
              onConfirm={(id) => void trading.confirm(desk, id)}
              onEdit={async (id, change) => (await trading.edit(desk, id, change))?.message}
              onReject={async (id, reason) => (await trading.reject(desk, id, reason))?.message}
            />
            <RecentDecisions decided={trading.decided} />
          </>
        )}
        {tab === 'orders' && (
          <OrdersTable
            load={trading.ordersLoad}
            orders={trading.orders}
            denials={trading.denials}
            onCancel={(id) => void desk.invoke('orders.cancel', { clientOrderId: id })}
          />
        )}
        {tab === 'positions' && <PositionsPanel load={trading.portfolioLoad} portfolio={trading.portfolio} />}
        {tab === 'models' && <ModelsPanel desk={desk} load={models.load} models={models.models} health={models.health} />}
        {tab === 'backtest' && <BacktestPanel desk={desk} />}
        {tab === 'settings' && (
          <SettingsPanel
            limitsLoad={risk.limitsLoad}
            limits={risk.limits}
            automationLoad={risk.automationLoad}
            automation={risk.automation}
            onSaveLimits={(patch, reason) => risk.updateLimits(desk, patch, reason)}
            onSaveAutomation={(policy) => risk.setAutomation(desk, policy)}
            feedLoad={feed.load}
            feed={feed.feed}
            switching={feed.switching}
            importing={feed.importing}
            lastImport={feed.lastImport}
            onSwitchFeed={(config) => feed.switchFeed(desk, config)}
            onImportCsv={(fileName, text) => feed.importCsv(desk, fileName, text)}
          />
        )}
      </div>
    </section>
  );
}
