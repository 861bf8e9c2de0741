import { create } from 'zustand';
import type { DeskApi, DeskResponse } from '../../../core/contract/index.js';
import type { BrokerAccount, BrokerMode, CredentialsStatus } from '../../../core/contract/requests/broker-requests.js';
import { errorState, LOADING, READY, type LoadState } from './load-state.js';

export interface BrokerState {
  /** The desk the header badge started the store with: the settings section talks to the same one. */
  readonly desk: DeskApi | undefined;
  readonly load: LoadState;
  readonly mode: BrokerMode | undefined;
  readonly credentials: CredentialsStatus | undefined;
}

export interface BrokerActions {
  /** Loads the mode and key status and follows `broker.mode`; later calls with the same desk do nothing. */
  start(desk: DeskApi): Promise<void>;
  /** Each resolves with the desk's refusal, or undefined when done. */
  saveKeys(desk: DeskApi, account: BrokerAccount, keyId: string, secretKey: string): Promise<string | undefined>;
  clearKeys(desk: DeskApi, account: BrokerAccount): Promise<string | undefined>;
  setEndpoint(desk: DeskApi, endpoint: BrokerAccount): Promise<string | undefined>;
  arm(desk: DeskApi, confirm: string): Promise<string | undefined>;
  disarm(desk: DeskApi): Promise<string | undefined>;
}

let started: DeskApi | undefined;

/** The broker account as the renderer may see it: endpoint, arming, and whether keys are set. Never a secret. */
export const useBroker = create<BrokerState & BrokerActions>()((set) => {
  const mode = (p: Promise<DeskResponse<BrokerMode>>): Promise<string | undefined> => refusalOr(p, (m) => set({ mode: m }));
  const keys = (p: Promise<DeskResponse<CredentialsStatus>>): Promise<string | undefined> => refusalOr(p, (c) => set({ credentials: c }));
  return {
    desk: undefined,
    load: LOADING,
    mode: undefined,
    credentials: undefined,

    async start(desk) {
      if (started === desk) return;
      started = desk;
      set({ desk });
      desk.on('broker.mode', (m) => set({ mode: m }));
      const [m, c] = await Promise.all([desk.invoke('broker.mode.get', {}), desk.invoke('broker.credentials.get', {})]);
      if (!m.ok) return set({ load: errorState(m.error) });
      if (!c.ok) return set({ load: errorState(c.error) });
      set({ mode: m.value, credentials: c.value, load: READY });
    },
    saveKeys: (desk, account, keyId, secretKey) => keys(desk.invoke('broker.credentials.set', { account, keyId, secretKey })),
    async clearKeys(desk, account) {
      const problem = await keys(desk.invoke('broker.credentials.clear', { account }));
      // Clearing the live keys may have disarmed: read the mode again.
      return problem ?? mode(desk.invoke('broker.mode.get', {}));
    },
    setEndpoint: (desk, endpoint) => mode(desk.invoke('broker.mode.set', { endpoint })),
    arm: (desk, confirm) => mode(desk.invoke('broker.live.arm', { confirm })),
    disarm: (desk) => mode(desk.invoke('broker.live.disarm', {})),
  };
});

/** Hands the desk's answer to `take`; resolves with its refusal, or undefined when taken. */
async function refusalOr<T>(p: Promise<DeskResponse<T>>, take: (value: T) => void): Promise<string | undefined> {
  const r = await p;
  if (!r.ok) return r.error.message;
  take(r.value);
  return undefined;
}
