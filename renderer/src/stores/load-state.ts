import type { DeskError, DeskResponse } from '../../../core/contract/index.js';

/** Where a panel's data is: still loading, loaded, or failed with a message the trader can act on. */
export type LoadState = { readonly kind: 'loading' } | { readonly kind: 'ready' } | { readonly kind: 'error'; readonly message: string };

export const LOADING: LoadState = { kind: 'loading' };
export const READY: LoadState = { kind: 'ready' };

/** The message to show for a failed call; 'unavailable' means the engine part is not running yet. */
export function errorState(error: DeskError): LoadState {
  return { kind: 'error', message: error.message };
}

/** The value of a response, or undefined while it has not come or when it failed (the caller shows the error). */
export function valueOf<T>(response: DeskResponse<T> | undefined): T | undefined {
  return response?.ok === true ? response.value : undefined;
}

/** The error message of a failed response; undefined while it has not come or when it succeeded. */
export function errorOf<T>(response: DeskResponse<T> | undefined): string | undefined {
  return response === undefined || response.ok ? undefined : response.error.message;
}
