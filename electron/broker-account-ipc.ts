import { BROKER_REQUEST_NAMES } from '../core/contract/names/broker-names.js';
import type { DeskHandlers } from '../core/contract/desk-api.js';
import { dispatch } from '../core/contract/dispatch.js';
import type { StreamMessage } from '../core/contract/streams.js';
import { createBrokerAccountHandlers } from '../core/desk/broker-account-handlers.js';
import type { CredentialVault } from '../core/desk/credential-vault.js';
import { LiveArming } from '../core/desk/live-arming.js';
import type { Clock } from '../core/time/clock.js';
import { liveArmedOf } from './engine-arming.js';
import type { EngineClient } from './engine-process.js';

const ACCOUNT_NAMES: ReadonlySet<string> = new Set<string>(BROKER_REQUEST_NAMES);

/**
 * The desktop answers the broker-account requests in the main process, where the keychain vault and the
 * session's live arming live: the keys are typed in the renderer, checked by the IPC binding and sealed here. No
 * request or result on the engine's channel carries them; the engine gets them only as the dedicated
 * `credentials` message (`engine-credentials.ts`), which its Alpaca feed and news stream read from.
 * Every other request goes to the engine unchanged. Mode changes are pushed on the `broker.mode` stream to the
 * same listeners as the engine's streams, and whether live orders may go out now is relayed to the engine
 * (`relayArming`) at every change, since the engine's live order route asks it before each order.
 */
export function withBrokerAccount(
  engine: EngineClient, vault: CredentialVault, clock: Clock, relayArming: (armed: boolean) => void = () => undefined,
): { readonly client: EngineClient; readonly arming: LiveArming } {
  const listeners: ((message: StreamMessage) => void)[] = [];
  const arming = new LiveArming(clock);
  const handlers = createBrokerAccountHandlers({
    vault, arming,
    onMode: (mode) => {
      relayArming(liveArmedOf(arming));
      for (const l of listeners) l({ stream: 'broker.mode', payload: mode });
    },
  });
  const client: EngineClient = {
    invoke(name, params) {
      // dispatch validates again and covers only the account names; the cast lends it a full handler table.
      return ACCOUNT_NAMES.has(name) ? dispatch(handlers as DeskHandlers, name, params) : engine.invoke(name, params);
    },
    onStream(listener) {
      listeners.push(listener);
      engine.onStream(listener);
    },
    stop: () => engine.stop(),
  };
  return { client, arming };
}
