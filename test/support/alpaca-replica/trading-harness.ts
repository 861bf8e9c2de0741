import { AlpacaBroker, type AlpacaBrokerOptions } from '../../../core/adapters/alpaca/trading/alpaca-broker.js';
import { reconcileOnResume, type ResumeReconciler } from '../../../core/adapters/alpaca/trading/reconcile-on-resume.js';
import { openDatabase, type Db } from '../../../core/storage/open-database.js';
import { makeTempDir } from '../../../core/storage/testing/temp-dir.js';
import type { Clock } from '../../../core/time/clock.js';
import { SystemClock } from '../../../core/time/system-clock.js';
import { OrderManager } from '../../../core/trading/orders/order-manager.js';
import { makeRequest } from '../../../core/trading/orders/testing/order-fixtures.js';
import { allowAll, FixedMarket, flatPortfolio } from '../../../core/trading/orders/testing/scripted-gate.js';
import type { OrderRequest } from '../../../core/trading/order.js';
import { seededUniform } from '../../../core/util/seeded-random.js';
import { REPLICA_KEYS } from './alpaca-replica.js';
import { startReplica, type RunningReplica } from './replica-server.js';
import { TradingPart, type TradingPartOptions } from './trading-part.js';

/** One desk process: its broker adapter, order manager and the reconciler, over one SQLite file. */
export interface TradingDeskUnderTest {
  readonly db: Db;
  readonly broker: AlpacaBroker;
  readonly manager: OrderManager;
  readonly reconciler: ResumeReconciler;
  /** Last prices the order checks see (a bracket's market entry is checked against one). */
  readonly market: FixedMarket;
  /** Stops the stream and closes the database, as a process exit would. */
  close(): void;
}

/** The replica's trading part on a loopback port, a temp dir for the journal, and desks started against them. */
export interface TradingHarness {
  readonly trading: TradingPart;
  readonly server: RunningReplica;
  /** The journal file every desk of this harness opens: a restart is a new desk on the same file. */
  readonly dbFile: string;
  startDesk(options?: Partial<AlpacaBrokerOptions> & { readonly clock?: Clock; readonly startStream?: boolean }): TradingDeskUnderTest;
  close(): Promise<void>;
}

export async function startTradingHarness(options: Partial<TradingPartOptions> = {}): Promise<TradingHarness> {
  const trading = new TradingPart({ ...REPLICA_KEYS, ...options });
  const server = await startReplica([trading]);
  const temp = makeTempDir('alpaca-trading-');
  const dbFile = temp.file('desk.db');
  const desks: TradingDeskUnderTest[] = [];
  return {
    trading,
    server,
    dbFile,
    startDesk(deskOptions = {}) {
      const clock = deskOptions.clock ?? new SystemClock();
      const db = openDatabase(dbFile);
      const broker = new AlpacaBroker({
        endpoints: { tradingBase: server.httpBase },
        credentials: () => REPLICA_KEYS,
        clock,
        random: seededUniform(11),
        retryBaseMs: 20,
        ...deskOptions,
      });
      let n = 0;
      const market = new FixedMarket();
      const manager = new OrderManager({
        db, broker, gate: allowAll(), clock, market, portfolio: () => flatPortfolio,
        idFactory: () => `desk-${++n}`,
      });
      broker.resolveIdsFrom(() => manager.openOrders().map((o) => o.clientOrderId));
      const reconciler = reconcileOnResume(broker, () => manager.recover());
      if (deskOptions.startStream !== false) broker.start();
      const desk: TradingDeskUnderTest = {
        db, broker, manager, reconciler, market,
        close() {
          reconciler.stop();
          broker.stop();
          manager.close();
          if (db.open) db.close();
        },
      };
      desks.push(desk);
      return desk;
    },
    async close() {
      for (const desk of desks) desk.close();
      await server.close();
      temp.remove();
    },
  };
}

/** Signed positions from a journal's fills: the ledger the desk's portfolio is derived from. */
export function ledgerPositions(fills: readonly { readonly symbol: string; readonly side: 'buy' | 'sell'; readonly quantity: number }[]): Map<string, number> {
  const positions = new Map<string, number>();
  for (const f of fills) positions.set(f.symbol, (positions.get(f.symbol) ?? 0) + (f.side === 'buy' ? f.quantity : -f.quantity));
  return new Map([...positions].filter(([, q]) => Math.abs(q) > 1e-9));
}

/** A manual day market buy of 10 AAPL, the order these tests send unless they say otherwise. */
export function aaplBuy(clientOrderId: string, overrides: Partial<OrderRequest> = {}): OrderRequest {
  return makeRequest({ clientOrderId, symbol: 'AAPL', timeInForce: 'day', ...overrides });
}

/** A fetch whose lookups by client order id never answer: the desk cannot learn whether its order exists. */
export const blindLookupFetch = (url: string, init: Parameters<typeof fetch>[1]): Promise<Response> =>
  url.includes('by_client_order_id') ? Promise.reject(new Error('lookup lost')) : fetch(url, init);
