import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../features/feature-schema.js';

/** One discrete action of the DQN: a position size and a bracket, both relative (equity share, ATR). */
export interface RiskAction {
  /** Position value as a fraction of equity; 0 = skip the trade. */
  readonly size: number;
  /** Stop distance from entry, in ATR (0 when skipping). */
  readonly stopAtr: number;
  /** Take-profit distance from entry, in ATR (0 when skipping). */
  readonly takeProfitAtr: number;
}

/** The grid the actions are the product of; the skip action comes first. */
export interface ActionGrid {
  readonly sizes: readonly number[];
  readonly stopsAtr: readonly number[];
  readonly takeProfitsAtr: readonly number[];
}

/**
 * Sizes around the desk's baselines (both take ~10 % of equity on an average name): half, a quarter and
 * double, so the model can cut or add risk but not lever up. Stops at 1 ATR (the label spec's), 1.5 and 2.5;
 * targets at 1.5, 2 (the label spec's) and 3 ATR. 1 + 4 × 3 × 3 = 37 actions: small enough that each one is
 * tried a few hundred times in a five-minute training.
 */
export const DEFAULT_ACTION_GRID: ActionGrid = { sizes: [0.025, 0.05, 0.1, 0.2], stopsAtr: [1, 1.5, 2.5], takeProfitsAtr: [1.5, 2, 3] };

/** The size a model action is compared with for `volatilityAdjustment`: the baselines' usual 10 %. */
export const NOMINAL_SIZE = 0.1;

/** All actions: index 0 skips, then size-major, stop, target. */
export function expandActions(grid: ActionGrid): RiskAction[] {
  const out: RiskAction[] = [{ size: 0, stopAtr: 0, takeProfitAtr: 0 }];
  for (const size of grid.sizes) for (const stopAtr of grid.stopsAtr) for (const takeProfitAtr of grid.takeProfitsAtr) out.push({ size, stopAtr, takeProfitAtr });
  return out;
}

/** sha256 of the grid's canonical JSON: a model's output units mean these actions and no others. */
export function actionGridHash(grid: ActionGrid): string {
  return createHash('sha256').update(canonicalJson(grid)).digest('hex');
}
