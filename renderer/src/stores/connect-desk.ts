import type { DeskApi } from '../../../core/contract/index.js';
import { useMarket } from './market-store.js';
import { useModelOps } from './model-ops-store.js';
import { useModels } from './models-store.js';
import { useRisk } from './risk-store.js';
import { useTrading } from './trading-store.js';

/**
 * Subscribes every store to the desk's streams, then loads each store's first snapshot. Streams go first so
 * nothing that happens during the load is missed (the stores merge by id). Returns the unsubscribe.
 */
export function connectDesk(desk: DeskApi): () => void {
  const market = useMarket.getState();
  const models = useModels.getState();
  const trading = useTrading.getState();
  const risk = useRisk.getState();
  const modelOps = useModelOps.getState();
  const offs = [
    desk.on('bar', market.applyBar),
    desk.on('status', market.setStatus),
    desk.on('prediction', models.applyPrediction),
    desk.on('health', models.applyHealth),
    desk.on('proposal', trading.applyProposalEvent),
    desk.on('order', trading.applyOrder),
    desk.on('fill', trading.applyFill),
    desk.on('denied', (denied) => {
      trading.applyDenied(denied);
      // A daily-loss trip turns the kill switch on without the trader; show it at once.
      void risk.refreshKillSwitch(desk);
    }),
    desk.on('portfolio', trading.applyPortfolio),
    desk.on('modelHealth', modelOps.applyHealth),
    desk.on('modelMetrics', (event) => modelOps.applyMetrics(desk, event)),
  ];
  void market.start(desk).then(() => models.start(desk, useMarket.getState().quotes.map((q) => q.symbol)));
  void trading.start(desk);
  void risk.start(desk);
  return () => {
    for (const off of offs) off();
  };
}
