import { BrowserWindow, shell } from 'electron';
import { isTrustedUrl } from './trusted-origin.js';

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

/** The desk window: locked preferences, no popups, no navigation away from the desk's own page. */
export function createMainWindow(preloadPath: string, pageUrl: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 900,
    minHeight: 560,
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
  window.once('ready-to-show', () => window.show());
  void window.loadURL(pageUrl);
  return window;
}
