import type { RecoveryReport } from '../../../trading/orders/order-manager.js';
import type { AlpacaBroker } from './alpaca-broker.js';

export interface ResumeReconciler {
  /** Recoveries finished, and the last one's report. */
  readonly runs: number;
  readonly last: RecoveryReport | undefined;
  /** The last recovery's failure (REST down), if it failed; the next stream session tries again. */
  readonly lastError: string | undefined;
  /** Resolves when no recovery is running or queued. */
  settled(): Promise<void>;
  stop(): void;
}

/** What one reconciliation came to: the recovery's report, and why a step failed (each step runs either way). */
export interface ReconciliationOutcome {
  readonly report: RecoveryReport | undefined;
  readonly catchUpError: string | undefined;
  readonly recoverError: string | undefined;
}

/**
 * One reconciliation, at start and after every gap: the fill catch-up, then `recover`, over one read of the orders
 * list (`AlpacaBroker.reconciling`). A failed catch-up does not stop the recovery, which still brings the quantities
 * in (as one fill per order). Never rejects: failures come back as text for the desk's status line.
 */
export async function reconcileOnce(
  broker: Pick<AlpacaBroker, 'catchUpFills' | 'reconciling'>,
  recover: () => Promise<RecoveryReport>,
): Promise<ReconciliationOutcome> {
  return broker.reconciling(async () => {
    let catchUpError: string | undefined;
    try {
      await broker.catchUpFills();
    } catch (cause) {
      catchUpError = message(cause);
    }
    try {
      return { report: await recover(), catchUpError, recoverError: undefined };
    } catch (cause) {
      return { report: undefined, catchUpError, recoverError: message(cause) };
    }
  });
}

/**
 * Each time the broker's stream starts a session (at start, i.e. a restart, and after every gap), one
 * {@link reconcileOnce}: first the fill catch-up (one journal row per missed execution), then `recover` (the desk's
 * `OrderManager.recover`: statuses, anything the catch-up could not attribute, positions), both over one read of the
 * orders list (read again if the desk traded in between: `AlpacaBroker.reconciling`). Runs never overlap: a session
 * that starts during a run queues one more run, so the journal is reconciled against a REST view taken after the
 * newest gap.
 */
export function reconcileOnResume(
  broker: Pick<AlpacaBroker, 'onResync' | 'catchUpFills' | 'reconciling'>,
  recover: () => Promise<RecoveryReport>,
): ResumeReconciler {
  let running: Promise<void> | undefined;
  let queued = false;
  const state = { runs: 0, last: undefined as RecoveryReport | undefined, lastError: undefined as string | undefined };
  const run = (): void => {
    if (running !== undefined) {
      queued = true;
      return;
    }
    running = (async () => {
      do {
        queued = false;
        const outcome = await reconcileOnce(broker, recover);
        if (outcome.recoverError === undefined) {
          state.last = outcome.report;
          state.lastError = outcome.catchUpError === undefined ? undefined : `fill catch-up failed: ${outcome.catchUpError}`;
        } else {
          state.lastError = outcome.recoverError;
        }
        state.runs++;
      } while (queued);
    })().finally(() => (running = undefined));
  };
  const unsubscribe = broker.onResync(run);
  return {
    get runs() {
      return state.runs;
    },
    get last() {
      return state.last;
    },
    get lastError() {
      return state.lastError;
    },
    async settled() {
      while (running !== undefined) await running;
    },
    stop: unsubscribe,
  };
}

function message(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
