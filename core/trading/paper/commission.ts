import type { CommissionConfig } from './paper-broker-config.js';

/**
 * Commission of one fill, given what the order had filled before it: the order's total after the fill minus its
 * total before, so the per-order minimum is charged once however many bars the order is split across.
 */
export function fillCommission(
  config: CommissionConfig,
  filledBefore: number,
  fillQuantity: number,
  fillPrice: number,
): number {
  const perShare = orderPerShare(config, filledBefore + fillQuantity) - orderPerShare(config, filledBefore);
  return perShare + (config.bps / 10_000) * fillQuantity * fillPrice;
}

function orderPerShare(config: CommissionConfig, filled: number): number {
  return filled > 0 ? Math.max(config.minimumPerOrder, config.perShare * filled) : 0;
}
