import type { PortfolioSummaryDto } from '../../../core/contract/index.js';
import { fmtMoney, fmtQty, fmtSigned } from '../format.js';
import type { LoadState } from '../stores/load-state.js';
import { EquityCurve } from './equity-curve.js';
import { PanelStateView } from './panel-state.js';

export interface PositionsPanelProps {
  readonly load: LoadState;
  readonly portfolio: PortfolioSummaryDto | undefined;
}

function Figure({ label, value, testId, tone }: { readonly label: string; readonly value: string; readonly testId: string; readonly tone?: number }) {
  const cls = tone === undefined || tone === 0 ? '' : tone > 0 ? 'up' : 'down';
  return (
    <div className="figure">
      <span className="label">{label}</span>
      <span className={cls} data-testid={testId}>
        {value}
      </span>
    </div>
  );
}

/** The paper account: equity, P&L and its curve, then one row per open position marked at the last close. */
export function PositionsPanel({ load, portfolio }: PositionsPanelProps) {
  return (
    <PanelStateView state={load} loading="Loading the account…" empty="" isEmpty={false} testId="portfolio">
      {portfolio !== undefined && (
        <>
          <div className="summary" data-testid="pnl-summary">
            <Figure label="Equity" value={fmtMoney(portfolio.equity)} testId="equity" />
            <Figure label="Cash" value={fmtMoney(portfolio.cash)} testId="cash" />
            <Figure label="Unrealised P&L" value={fmtSigned(portfolio.unrealisedPnl)} testId="unrealised-pnl" tone={portfolio.unrealisedPnl} />
            <Figure label="Realised P&L" value={fmtSigned(portfolio.realisedPnl)} testId="realised-pnl" tone={portfolio.realisedPnl} />
            <Figure label="Commissions" value={fmtMoney(portfolio.commissions)} testId="commissions" />
            {/* The engine sends the drawdown as a fraction of the peak. */}
            <Figure label="Max drawdown" value={`${(portfolio.maxDrawdown * 100).toFixed(2)}%`} testId="max-drawdown" />
            <EquityCurve points={portfolio.equityCurve} />
          </div>
          {portfolio.positions.length === 0 ? (
            <p className="empty" data-testid="positions-empty">No open positions — confirm a proposal; its position shows here once the entry fills.</p>
          ) : (
            <table className="grid" data-testid="positions-table" aria-label="Positions">
              <thead>
                <tr>
                  <th>Symbol</th>
                  <th className="num">Qty</th>
                  <th className="num">Avg price</th>
                  <th className="num">Mark</th>
                  <th className="num">Value</th>
                  <th className="num">Unrealised P&L</th>
                </tr>
              </thead>
              <tbody>
                {portfolio.positions.map((p) => (
                  <tr key={p.symbol} data-testid="position-row" data-symbol={p.symbol}>
                    <td>{p.symbol}</td>
                    <td className="num" data-testid="position-quantity">{fmtQty(p.quantity)}</td>
                    <td className="num">{fmtMoney(p.avgPrice)}</td>
                    <td className="num">{fmtMoney(p.mark)}</td>
                    <td className="num">{fmtMoney(p.marketValue)}</td>
                    <td className={`num ${p.unrealisedPnl > 0 ? 'up' : p.unrealisedPnl < 0 ? 'down' : ''}`} data-testid="position-pnl">
                      {fmtSigned(p.unrealisedPnl)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </PanelStateView>
  );
}
