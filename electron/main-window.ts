import { BrowserWindow, shell } from 'electron';
import { isTrustedUrl } from './trusted-origin.js';
import { MIN_HEIGHT, MIN_WIDTH, type WindowState } from './window-state.js';

/** Electron's security checklist, as one object that tests can assert on. */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  webviewTag: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  spellcheck: false,
} as const;

/**
 * The desk window: locked preferences, no popups, no navigation away from the desk's own page. Opens at
 * the remembered `state` (already fitted to the displays by loadWindowState).
 */
export function createMainWindow(preloadPath: string, pageUrl: string, state: WindowState): BrowserWindow {
  const window = new BrowserWindow({
    ...(state.bounds ?? { width: state.width, height: state.height }),
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    backgroundColor: '#0b0e12',
    title: 'Breakout Desk',
    show: false,
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: preloadPath },
  });
  const contents = window.webContents;
  contents.setWindowOpenHandler(({ url }) => {
    // Links the trader clicks (docs, a broker's site) open in the real browser, never inside the desk.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url, pageUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isTrustedUrl(url, pageUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  window.once('ready-to-show', () => {
    if (state.maximized) window.maximize();
    window.show();
  });
  void window.loadURL(pageUrl);
  return window;
}
