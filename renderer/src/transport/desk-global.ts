import type { DeskApi } from '../../../core/contract/index.js';

declare global {
  interface Window {
    /** Provided by the Electron preload, or by the web transport in a browser. */
    desk?: DeskApi;
  }
}

/** The desk, or undefined when neither the preload nor the web transport provided one. */
export function deskOrUndefined(): DeskApi | undefined {
  return window.desk;
}
