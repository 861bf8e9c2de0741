import type { Result } from '../../util/result.js';
import { actionDecision } from './dqn/action-decision.js';
import { argmax, qScratch, qValues, type QNetWeights, type QScratch } from './dqn/q-forward.js';
import { expandActions, type ActionGrid, type RiskAction } from './env/risk-actions.js';
import { encodeRiskInput, RISK_INPUT_COUNT } from './env/risk-observation.js';
import type { RiskDecision, RiskInput, RiskSizer } from './risk-sizer.js';

const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;

/**
 * The trained Deep-Q-Network as a `RiskSizer`: encodes the input (`encodeRiskInput`), takes the Q-values with
 * the typed-array forward pass and answers with the greedy action's size and bracket. One decision is a few
 * thousand multiply-adds and allocates only its result. Not safe to share across threads (scratch buffers).
 */
export class DqnRiskSizer implements RiskSizer {
  readonly id: string;
  readonly kind = 'model' as const;
  readonly actions: readonly RiskAction[];
  private readonly x = new Float64Array(RISK_INPUT_COUNT);
  private readonly q: Float64Array;
  private readonly scratch: QScratch;

  /** @throws RangeError when the network's input or output width does not match the encoding or the grid. */
  constructor(version: string, private readonly weights: QNetWeights, grid: ActionGrid) {
    this.id = `risk:${version}`;
    this.actions = expandActions(grid);
    const first = weights.layers[0];
    const last = weights.layers[weights.layers.length - 1];
    if (first?.inputs !== RISK_INPUT_COUNT) throw new RangeError(`risk network takes ${first?.inputs ?? 0} inputs, the encoding has ${RISK_INPUT_COUNT}`);
    if (last?.units !== this.actions.length) throw new RangeError(`risk network has ${last?.units ?? 0} outputs, the action grid ${this.actions.length}`);
    this.q = new Float64Array(this.actions.length);
    this.scratch = qScratch(weights);
  }

  /** The Q-value of every action for `input` (a copy), for reports and the UI. */
  qValues(input: RiskInput): Float64Array {
    encodeRiskInput(input, this.x);
    return qValues(this.weights, this.x, this.q, this.scratch).slice();
  }

  size(input: RiskInput): Result<RiskDecision, string> {
    encodeRiskInput(input, this.x);
    const q = qValues(this.weights, this.x, this.q, this.scratch);
    const a = argmax(q, this.actions.length);
    const action = this.actions[a] ?? { size: 0, stopAtr: 0, takeProfitAtr: 0 };
    const note = action.size === 0
      ? `DQN action ${a}: skip (Q ${fmt(q[a])} beats every sized action)`
      : `DQN action ${a}: ${pct(action.size)} of equity, stop ${action.stopAtr} ATR, target ${action.takeProfitAtr} ATR (Q ${fmt(q[a])}, skip ${fmt(q[0])})`;
    return actionDecision(action, input, this.id, note);
  }
}

const fmt = (v: number | undefined): string => (v ?? Number.NaN).toFixed(3);
