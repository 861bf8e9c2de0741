import { CREDENTIAL_ENV } from '../../../core/desk/credential-vault.js';
import { BarTruth, isoTime, type TruthBar } from './bar-truth.js';
import type { FaultPlan } from './fault-plan.js';
import { MarketDataStreamPart } from './market-data-stream.js';
import { startReplica, type ReplicaPart, type RunningReplica } from './replica-server.js';
import { RestBarsPart } from './rest-bars-part.js';

export const REPLICA_KEYS = { keyId: 'PKREPLICA', secretKey: 'replica-secret' } as const;

/** The environment an `EnvCredentialVault` reads the replica's keys from as the paper account's. */
export const REPLICA_PAPER_ENV = { [CREDENTIAL_ENV.paper.keyId]: REPLICA_KEYS.keyId, [CREDENTIAL_ENV.paper.secretKey]: REPLICA_KEYS.secretKey };

export interface AlpacaReplicaOptions {
  readonly faults?: FaultPlan;
  readonly connectionLimit?: number;
  readonly symbolLimit?: number;
  readonly authTimeoutMs?: number;
  /** More parts on the same server (the trading REST and `trade_updates` parts, when they exist). */
  readonly extraParts?: readonly ReplicaPart[];
}

/** The market-data replica: one truth, the stream and REST history over it, on one loopback port. */
export interface AlpacaReplica {
  readonly server: RunningReplica;
  readonly truth: BarTruth;
  readonly stream: MarketDataStreamPart;
  readonly rest: RestBarsPart;
  /** `{ streamBase, dataBase, tradingBase }` pointing at the replica, for `AlpacaEndpoints`. */
  readonly endpoints: { readonly streamBase: string; readonly dataBase: string; readonly tradingBase: string };
  /**
   * A closed minute bar: added to the truth, then published on the stream unless `swallow` (the stream loses it,
   * REST still has it — a gap). Returns how many sessions got it.
   */
  publishBar(bar: TruthBar, options?: { readonly swallow?: boolean }): number;
  close(): Promise<void>;
}

export async function startAlpacaReplica(options: AlpacaReplicaOptions = {}): Promise<AlpacaReplica> {
  const truth = new BarTruth();
  const stream = new MarketDataStreamPart({
    ...REPLICA_KEYS,
    ...(options.connectionLimit === undefined ? {} : { connectionLimit: options.connectionLimit }),
    ...(options.symbolLimit === undefined ? {} : { symbolLimit: options.symbolLimit }),
    ...(options.authTimeoutMs === undefined ? {} : { authTimeoutMs: options.authTimeoutMs }),
    ...(options.faults?.sessions === undefined ? {} : { sessionFaults: options.faults.sessions }),
    ...(options.faults?.data === undefined ? {} : { dataFaults: options.faults.data }),
  });
  const rest = new RestBarsPart({ ...REPLICA_KEYS, truth, ...(options.faults?.rest === undefined ? {} : { faults: options.faults.rest }) });
  const server = await startReplica([stream, rest, ...(options.extraParts ?? [])]);
  return {
    server,
    truth,
    stream,
    rest,
    endpoints: { streamBase: server.wsBase, dataBase: server.httpBase, tradingBase: server.httpBase },
    publishBar(bar, publishOptions) {
      truth.put(bar);
      if (publishOptions?.swallow === true) return 0;
      return stream.publish([barMessage('b', bar)]);
    },
    close: () => server.close(),
  };
}

/** A stream bar message (`b`, `u` or `d`) from a truth bar. */
export function barMessage(type: 'b' | 'u' | 'd', bar: TruthBar): Record<string, unknown> {
  return { T: type, S: bar.S, o: bar.o, h: bar.h, l: bar.l, c: bar.c, v: bar.v, t: isoTime(bar.t), n: 1, vw: bar.c };
}
