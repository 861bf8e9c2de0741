import { create } from 'zustand';
import type {
  DeniedDto,
  DeskApi,
  DeskErrorRule,
  FillDto,
  OrderDto,
  PortfolioSummaryDto,
  ProposalDto,
  ProposalEventDto,
} from '../../../core/contract/index.js';
import { errorState, LOADING, READY, type LoadState } from './load-state.js';

/** Recent orders and decided proposals the panels keep; older ones are in the journal, not on screen. */
export const RECENT_ROWS = 100;

/** What went wrong with the trader's last action on a proposal, shown on its row. */
export interface ProposalProblem {
  readonly message: string;
  /** Set when a pre-trade rule refused the order. */
  readonly rule?: DeskErrorRule;
}

export interface TradingState {
  readonly proposalsLoad: LoadState;
  readonly pending: readonly ProposalDto[];
  readonly decided: readonly ProposalDto[];
  readonly selectedProposalId: string | undefined;
  readonly problems: Readonly<Record<string, ProposalProblem>>;
  /** Proposal ids with a request in flight, so a double press does not send twice. */
  readonly busy: Readonly<Record<string, true>>;
  readonly ordersLoad: LoadState;
  readonly orders: readonly OrderDto[];
  readonly denials: readonly DeniedDto[];
  readonly fills: readonly FillDto[];
  readonly portfolioLoad: LoadState;
  readonly portfolio: PortfolioSummaryDto | undefined;
}

export interface TradingActions {
  start(desk: DeskApi): Promise<void>;
  selectProposal(id: string | undefined): void;
  confirm(desk: DeskApi, id: string): Promise<void>;
  edit(desk: DeskApi, id: string, change: { quantity?: number; stopLoss?: number; takeProfit?: number }): Promise<ProposalProblem | undefined>;
  reject(desk: DeskApi, id: string, reason: string): Promise<ProposalProblem | undefined>;
  applyProposalEvent(event: ProposalEventDto): void;
  applyOrder(order: OrderDto): void;
  applyFill(fill: FillDto): void;
  applyDenied(denied: DeniedDto): void;
  applyPortfolio(portfolio: PortfolioSummaryDto): void;
}

export const useTrading = create<TradingState & TradingActions>()((set, get) => {
  /** Puts an updated proposal where its status says it belongs. */
  const place = (p: ProposalDto): void => {
    const { pending, decided } = get();
    const others = pending.filter((x) => x.id !== p.id);
    if (p.status === 'pending') {
      const at = pending.findIndex((x) => x.id === p.id);
      set({ pending: at === -1 ? [...pending, p] : pending.map((x) => (x.id === p.id ? p : x)) });
    } else {
      set({ pending: others, decided: [p, ...decided.filter((x) => x.id !== p.id)].slice(0, RECENT_ROWS) });
    }
  };
  const setProblem = (id: string, problem: ProposalProblem | undefined): void => {
    const rest = Object.fromEntries(Object.entries(get().problems).filter(([key]) => key !== id));
    set({ problems: problem === undefined ? rest : { ...rest, [id]: problem } });
  };
  const setBusy = (id: string, on: boolean): void => {
    const rest = Object.fromEntries(Object.entries(get().busy).filter(([key]) => key !== id)) as Record<string, true>;
    set({ busy: on ? { ...rest, [id]: true } : rest });
  };

  return {
    proposalsLoad: LOADING,
    pending: [],
    decided: [],
    selectedProposalId: undefined,
    problems: {},
    busy: {},
    ordersLoad: LOADING,
    orders: [],
    denials: [],
    fills: [],
    portfolioLoad: LOADING,
    portfolio: undefined,

    async start(desk) {
      const [proposals, orders, portfolio] = await Promise.all([
        desk.invoke('proposals.list', {}),
        desk.invoke('orders.list', {}),
        desk.invoke('portfolio.summary', {}),
      ]);
      if (proposals.ok) set({ pending: proposals.value.pending, decided: proposals.value.recent, proposalsLoad: READY });
      else set({ proposalsLoad: errorState(proposals.error) });
      if (orders.ok) set({ orders: mergeOrders(orders.value.open, orders.value.recent), ordersLoad: READY });
      else set({ ordersLoad: errorState(orders.error) });
      if (portfolio.ok) set({ portfolio: portfolio.value, portfolioLoad: READY });
      else set({ portfolioLoad: errorState(portfolio.error) });
    },

    selectProposal(id) {
      set({ selectedProposalId: id });
    },

    async confirm(desk, id) {
      if (get().busy[id] === true) return;
      setBusy(id, true);
      setProblem(id, undefined);
      const response = await desk.invoke('proposals.confirm', { proposalId: id });
      setBusy(id, false);
      if (response.ok) place(response.value);
      else setProblem(id, response.error.rule === undefined ? { message: response.error.message } : { message: response.error.message, rule: response.error.rule });
    },

    async edit(desk, id, change) {
      const response = await desk.invoke('proposals.edit', { proposalId: id, ...change });
      if (response.ok) {
        place(response.value);
        setProblem(id, undefined);
        return undefined;
      }
      return response.error.rule === undefined ? { message: response.error.message } : { message: response.error.message, rule: response.error.rule };
    },

    async reject(desk, id, reason) {
      const response = await desk.invoke('proposals.reject', { proposalId: id, reason });
      if (response.ok) {
        place(response.value);
        setProblem(id, undefined);
        return undefined;
      }
      return { message: response.error.message };
    },

    applyProposalEvent(event) {
      place(event.proposal);
      // A refusal that reached us as an event (automation, or another window) is shown like our own.
      if (event.kind === 'confirm-refused' && event.reason !== null) setProblem(event.proposal.id, get().problems[event.proposal.id] ?? { message: event.reason });
    },

    applyOrder(order) {
      set({ orders: mergeOrders([order], get().orders) });
    },

    applyFill(fill) {
      set({ fills: [fill, ...get().fills].slice(0, RECENT_ROWS) });
    },

    applyDenied(denied) {
      set({ denials: [denied, ...get().denials].slice(0, RECENT_ROWS) });
    },

    applyPortfolio(portfolio) {
      set({ portfolio, portfolioLoad: READY });
    },
  };
});

/** Newest first, one row per client order id (the first list wins: it is the fresher one). */
function mergeOrders(fresh: readonly OrderDto[], older: readonly OrderDto[]): readonly OrderDto[] {
  const seen = new Set<string>();
  const out: OrderDto[] = [];
  for (const o of [...fresh, ...older]) {
    if (seen.has(o.clientOrderId)) continue;
    seen.add(o.clientOrderId);
    out.push(o);
  }
  return out.sort((a, b) => b.updatedAt - a.updatedAt).slice(0, RECENT_ROWS);
}

const WORKING_STATUSES: ReadonlySet<OrderDto['status']> = new Set(['new', 'accepted', 'partially_filled']);

/** Prices of the working stop-loss and take-profit orders of a symbol (an open bracket), for the chart. */
export function workingExits(orders: readonly OrderDto[], symbol: string | undefined): { stopLoss?: number | undefined; takeProfit?: number | undefined } {
  let stopLoss: number | undefined;
  let takeProfit: number | undefined;
  for (const o of orders) {
    if (o.symbol !== symbol || !WORKING_STATUSES.has(o.status)) continue;
    if (o.leg === 'stop_loss') stopLoss ??= o.stopPrice ?? undefined;
    if (o.leg === 'take_profit') takeProfit ??= o.limitPrice ?? undefined;
  }
  return { stopLoss, takeProfit };
}
