import type { DeniedDto, OrderDto } from '../../../core/contract/index.js';
import { fmtMoney, fmtQty, fmtTime } from '../format.js';
import type { LoadState } from '../stores/load-state.js';
import { PanelStateView } from './panel-state.js';

export interface OrdersTableProps {
  readonly load: LoadState;
  readonly orders: readonly OrderDto[];
  readonly denials: readonly DeniedDto[];
  readonly onCancel: (clientOrderId: string) => void;
}

const WORKING = new Set(['new', 'accepted', 'partially_filled']);

/** Orders newest first; a refused order names the pre-trade rule that refused it. */
export function OrdersTable({ load, orders, denials, onCancel }: OrdersTableProps) {
  const deniedBy = new Map(denials.map((d) => [d.clientOrderId, d]));
  return (
    <PanelStateView state={load} loading="Loading orders…" empty="No orders yet — confirm a proposal to send one." isEmpty={orders.length === 0 && denials.length === 0} testId="orders">
      <table className="grid" data-testid="orders-table" aria-label="Orders">
        <thead>
          <tr>
            <th>Updated</th>
            <th>Symbol</th>
            <th>Side</th>
            <th>Leg</th>
            <th>Type</th>
            <th className="num">Qty</th>
            <th className="num">Filled</th>
            <th className="num">Price</th>
            <th>Status</th>
            <th>Reason</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {orders.map((o) => {
            const denied = deniedBy.get(o.clientOrderId);
            return (
              <tr key={o.clientOrderId} data-testid="order-row" data-status={o.status} data-leg={o.leg} data-symbol={o.symbol}>
                <td>{fmtTime(o.updatedAt)}</td>
                <td>{o.symbol}</td>
                <td className={o.side === 'buy' ? 'up' : 'down'}>{o.side}</td>
                <td>{o.leg.replace('_', ' ')}</td>
                <td>{o.type}</td>
                <td className="num">{fmtQty(o.quantity)}</td>
                <td className="num">{fmtQty(o.filledQuantity)}</td>
                <td className="num">{fmtMoney(o.avgFillPrice ?? o.limitPrice ?? o.stopPrice)}</td>
                <td data-testid="order-status">{o.status.replace('_', ' ')}</td>
                <td className={denied === undefined ? 'muted' : 'refusal'}>
                  {denied === undefined ? (o.reason ?? '') : <><code>{denied.ruleId}</code> {denied.reason}</>}
                </td>
                <td>
                  {WORKING.has(o.status) && (
                    <button type="button" onClick={() => onCancel(o.clientOrderId)}>
                      Cancel
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
          {denials
            .filter((d) => !orders.some((o) => o.clientOrderId === d.clientOrderId))
            .map((d) => (
              <tr key={`denied-${d.clientOrderId}-${d.time}`} data-testid="denied-row" data-rule={d.ruleId}>
                <td>{fmtTime(d.time)}</td>
                <td colSpan={7} className="muted">{d.clientOrderId}</td>
                <td>refused</td>
                <td className="refusal" colSpan={2}>
                  <code>{d.ruleId}</code> {d.reason}
                </td>
              </tr>
            ))}
        </tbody>
      </table>
    </PanelStateView>
  );
}
