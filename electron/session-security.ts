import type { Session } from 'electron';
import { rendererCsp } from '../core/server/security-headers.js';

/**
 * Session-wide locks: every permission (camera, notifications, geolocation, …) is refused, since the desk
 * needs none, and every response gets the renderer's CSP (the index.html meta tag covers file:// loads).
 */
export function lockDownSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  const csp = rendererCsp([]);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}
