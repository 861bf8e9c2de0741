import type { EpochMs } from '../market/units.js';

/** Cancels a scheduled callback; calling it twice is harmless. */
export type Cancel = () => void;

/**
 * The only source of time in core/. Backtests use a manual clock, the desk a system clock, so the same
 * engine code runs in both without reading the wall clock itself.
 */
export interface Clock {
  now(): EpochMs;
  /** Run `callback` once, `delayMs` after now (on this clock's timeline). */
  schedule(delayMs: number, callback: () => void): Cancel;
}
