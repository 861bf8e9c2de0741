import type { PreTradeRule } from './rule.js';
import { PASS, deny } from './rule.js';

/** Global kill switch: nothing that adds risk while it is on; reduce-only exits still go out. */
export const killSwitchRule: PreTradeRule = {
  id: 'kill-switch',
  skipsReducing: true,
  check: ({ state }) =>
    state.globalKillSwitch() ? deny('kill-switch', 'the global kill switch is on: only reduce-only orders are accepted until a trader turns it off') : PASS,
};

/** Per-model kill switch, keyed on the model whose signal caused the order. */
export const modelKillSwitchRule: PreTradeRule = {
  id: 'model-kill-switch',
  skipsReducing: true,
  check({ request, state }) {
    const modelId = request.origin.modelId;
    if (modelId === undefined || !state.modelKillSwitch(modelId)) return PASS;
    return deny('model-kill-switch', `the kill switch of model ${modelId} is on: its orders are refused until a trader turns it off`);
  },
};
