import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMainWindow } from '../../electron/main-window.js';
import {
  DEFAULT_HEIGHT,
  DEFAULT_WIDTH,
  DEFAULT_WINDOW_STATE,
  loadWindowState,
  MIN_HEIGHT,
  MIN_WIDTH,
  saveWindowState,
  trackWindowState,
  WINDOW_STATE_FILE,
} from '../../electron/window-state.js';
import { BrowserWindow } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

const SCREEN = [{ x: 0, y: 0, width: 1920, height: 1040 }];
const PAGE = 'file:///opt/desk/renderer/index.html';
let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'desk-window-state-'));
  file = path.join(dir, 'user-data', WINDOW_STATE_FILE);
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writeState(content: string): void {
  saveWindowState(file, { x: 0, y: 0, width: 1000, height: 700 }, false);
  writeFileSync(file, content);
}

/** One run of the app: open the window from the saved state, let the test move it, close it. */
function run(workAreas: typeof SCREEN, act: (window: BrowserWindow) => void): { window: BrowserWindow; reset?: string } {
  const { state, reset } = loadWindowState(file, workAreas);
  const window = createMainWindow('/opt/desk/preload/preload.cjs', PAGE, state) as unknown as BrowserWindow;
  trackWindowState(window, file, (message) => {
    throw new Error(message);
  });
  window.emit('ready-to-show');
  act(window);
  window.close();
  return reset === undefined ? { window } : { window, reset };
}

describe('window state across runs (fake BrowserWindow)', () => {
  it('opens at the default size, centred, on a first run', () => {
    const { window, reset } = run(SCREEN, () => undefined);
    expect(reset).toBeUndefined();
    expect(window.options).toMatchObject({ width: DEFAULT_WIDTH, height: DEFAULT_HEIGHT, minWidth: MIN_WIDTH, minHeight: MIN_HEIGHT });
    expect(window.options).not.toHaveProperty('x');
    expect(window.maximized).toBe(false);
    expect(window.shown).toBe(true);
  });

  it('reopens where the trader left it, and maximised if it was', () => {
    run(SCREEN, (w) => {
      w.setBounds({ x: 210, y: 120, width: 1100, height: 760 });
      w.maximize();
    });
    const second = run(SCREEN, () => undefined);
    expect(second.reset).toBeUndefined();
    expect(second.window.options).toMatchObject({ x: 210, y: 120, width: 1100, height: 760 });
    expect(second.window.maximized).toBe(true);
  });

  it('resets a window left on a monitor that is no longer attached', () => {
    run([...SCREEN, { x: 1920, y: 0, width: 1920, height: 1040 }], (w) => w.setBounds({ x: 2500, y: 100, width: 1000, height: 700 }));
    const second = run(SCREEN, () => undefined);
    expect(second.reset).toContain('off every display');
    expect(second.window.options).toMatchObject({ width: DEFAULT_WIDTH, height: DEFAULT_HEIGHT });
    expect(second.window.options).not.toHaveProperty('x');
  });

  it('keeps a window that is partly off-screen but whose title bar can still be grabbed', () => {
    saveWindowState(file, { x: 1700, y: 900, width: 1000, height: 700 }, false);
    expect(loadWindowState(file, SCREEN)).toEqual({ state: { bounds: { x: 1700, y: 900, width: 1000, height: 700 }, width: 1000, height: 700, maximized: false } });
    saveWindowState(file, { x: 1900, y: 100, width: 1000, height: 700 }, false);
    expect(loadWindowState(file, SCREEN).reset).toContain('off every display');
  });

  it('raises a saved size below the minimum to the minimum', () => {
    saveWindowState(file, { x: 10, y: 10, width: 300, height: 200 }, false);
    expect(loadWindowState(file, SCREEN).state).toMatchObject({ width: MIN_WIDTH, height: MIN_HEIGHT, bounds: { width: MIN_WIDTH, height: MIN_HEIGHT } });
  });

  it.each([
    ['not JSON', '{"version": 1,', 'is not JSON'],
    ['a wrong version', JSON.stringify({ version: 2, bounds: { x: 0, y: 0, width: 1000, height: 700 }, maximized: false }), 'version'],
    ['a negative width', JSON.stringify({ version: 1, bounds: { x: 0, y: 0, width: -5, height: 700 }, maximized: false }), 'bounds.width'],
    ['a fractional x', JSON.stringify({ version: 1, bounds: { x: 0.5, y: 0, width: 1000, height: 700 }, maximized: false }), 'bounds.x'],
    ['a string flag', JSON.stringify({ version: 1, bounds: { x: 0, y: 0, width: 1000, height: 700 }, maximized: 'yes' }), 'maximized'],
    ['an extra key', JSON.stringify({ version: 1, bounds: { x: 0, y: 0, width: 1000, height: 700 }, maximized: false, zoom: 2 }), 'zoom'],
    ['an array', '[]', '(root)'],
  ])('falls back to the default and names the problem for a file with %s', (_label, content, expected) => {
    writeState(content);
    const loaded = loadWindowState(file, SCREEN);
    expect(loaded.state).toEqual(DEFAULT_WINDOW_STATE);
    expect(loaded.reset).toContain(expected);
  });

  it('reports a state file it cannot read instead of throwing', () => {
    const asDirectory = path.join(dir, 'a-directory');
    saveWindowState(path.join(asDirectory, 'x.json'), { x: 0, y: 0, width: 1000, height: 700 }, false);
    const loaded = loadWindowState(asDirectory, SCREEN);
    expect(loaded.state).toEqual(DEFAULT_WINDOW_STATE);
    expect(loaded.reset).toContain('could not read');
  });

  it('writes whole files only: no temporary file is left beside the state', () => {
    saveWindowState(file, { x: 1.4, y: 2.6, width: 1000.2, height: 700 }, true);
    expect(readdirSync(path.dirname(file))).toEqual([WINDOW_STATE_FILE]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, bounds: { x: 1, y: 3, width: 1000, height: 700 }, maximized: true });
  });

  it('reports a failed save through onError rather than blocking the close', () => {
    // A non-empty directory where the file should go makes the rename fail, even for root.
    saveWindowState(path.join(file, 'occupied.json'), { x: 0, y: 0, width: 1000, height: 700 }, false);
    const errors: string[] = [];
    const window = new BrowserWindow({});
    trackWindowState(window, file, (message) => errors.push(message));
    expect(() => window.close()).not.toThrow();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('could not save the window state');
  });
});
