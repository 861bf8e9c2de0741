import type { LiveArming } from '../core/desk/live-arming.js';

/** Why the desktop engine refuses a live order route or order while the app has not armed this session. */
export const NOT_ARMED_REFUSAL = 'live trading is not armed for this session: arm it in Settings → Broker (live endpoint, '
  + 'then type the arming phrase) before routing orders to the live account, or route them to the paper account';

/** Whether `arming` lets orders go to the live account now: armed, on the live endpoint. */
export function liveArmedOf(arming: Pick<LiveArming, 'mode'>): boolean {
  const mode = arming.mode();
  return mode.armed && mode.endpoint === 'live';
}

/**
 * Engine side of the desktop app's live arming: the main process holds `LiveArming` (the trader arms there, next to
 * the keychain) and relays each change over the engine's MessagePort. Held in memory only: a new engine process
 * starts disarmed, and nothing is ever written, so arming never outlives the session that made it.
 */
export class RelayedArming {
  #armed = false;

  /** The main process's latest word. */
  update(armed: boolean): void {
    this.#armed = armed;
  }

  /** Asked by the live order route before every order. */
  readonly liveArmed = (): boolean => this.#armed;

  /** Asked before a live order route starts: undefined while armed, else why not. */
  readonly refusal = (): string | undefined => (this.#armed ? undefined : NOT_ARMED_REFUSAL);
}
