import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** A rectangle in screen coordinates (Electron's `Rectangle`, restated so this file needs no Electron). */
export interface Bounds {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Where the desk window was and whether it was maximised when the trader last closed it. */
export interface WindowState {
  /** Absent on a first run or after a reset: the OS then centres the window. */
  readonly bounds?: Bounds;
  readonly width: number;
  readonly height: number;
  readonly maximized: boolean;
}

/** File name of the saved state inside Electron's userData folder. */
export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_WIDTH = 1280;
export const DEFAULT_HEIGHT = 800;
export const MIN_WIDTH = 900;
export const MIN_HEIGHT = 560;
/** Enough of the window to grab its title bar: less than this on every display counts as off-screen. */
const MIN_VISIBLE_PX = 64;
/** Saved sizes beyond this are a corrupt file, not a monitor. */
const MAX_SIDE_PX = 32_768;

export const DEFAULT_WINDOW_STATE: WindowState = { width: DEFAULT_WIDTH, height: DEFAULT_HEIGHT, maximized: false };

const coordinate = z.number().int().min(-MAX_SIDE_PX).max(MAX_SIDE_PX);
const side = z.number().int().min(1).max(MAX_SIDE_PX);
const savedStateSchema = z.strictObject({
  version: z.literal(1),
  bounds: z.strictObject({ x: coordinate, y: coordinate, width: side, height: side }),
  maximized: z.boolean(),
});

/** The result of loading: the state to open with, and why the saved one was not used (if it was not). */
export interface LoadedWindowState {
  readonly state: WindowState;
  readonly reset?: string;
}

/**
 * Reads the saved state and fits it to the displays attached now. A missing file is a first run; an
 * unreadable or invalid file, or bounds that are no longer on any display (a monitor unplugged since),
 * fall back to the default size, centred, with the reason, so a bad file can never hide the window.
 */
export function loadWindowState(file: string, workAreas: readonly Bounds[]): LoadedWindowState {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (isNotFound(error)) return { state: DEFAULT_WINDOW_STATE };
    return { state: DEFAULT_WINDOW_STATE, reset: `could not read ${file}: ${errorMessage(error)}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { state: DEFAULT_WINDOW_STATE, reset: `${file} is not JSON: ${errorMessage(error)}` };
  }
  const parsed = savedStateSchema.safeParse(json);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return { state: DEFAULT_WINDOW_STATE, reset: `${file} is not a window state: ${detail}` };
  }
  return fitToDisplays({ ...parsed.data.bounds, maximized: parsed.data.maximized }, workAreas);
}

/** Keeps saved bounds only if enough of them shows on some display; sizes never go below the minimum. */
export function fitToDisplays(saved: Bounds & { readonly maximized: boolean }, workAreas: readonly Bounds[]): LoadedWindowState {
  const width = Math.max(MIN_WIDTH, saved.width);
  const height = Math.max(MIN_HEIGHT, saved.height);
  const bounds = { x: saved.x, y: saved.y, width, height };
  if (!workAreas.some((area) => visible(bounds, area))) {
    return {
      state: { width: DEFAULT_WIDTH, height: DEFAULT_HEIGHT, maximized: saved.maximized },
      reset: `saved window position ${saved.x},${saved.y} is off every display`,
    };
  }
  return { state: { bounds, width, height, maximized: saved.maximized } };
}

function visible(bounds: Bounds, area: Bounds): boolean {
  const overlapX = Math.min(bounds.x + bounds.width, area.x + area.width) - Math.max(bounds.x, area.x);
  const overlapY = Math.min(bounds.y + bounds.height, area.y + area.height) - Math.max(bounds.y, area.y);
  return overlapX >= MIN_VISIBLE_PX && overlapY >= MIN_VISIBLE_PX;
}

/**
 * Writes the state through a temporary file and a rename, so a crash mid-write leaves the previous
 * file rather than half a JSON document.
 */
export function saveWindowState(file: string, bounds: Bounds, maximized: boolean): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  const rounded = { x: Math.round(bounds.x), y: Math.round(bounds.y), width: Math.round(bounds.width), height: Math.round(bounds.height) };
  writeFileSync(temp, `${JSON.stringify({ version: 1, bounds: rounded, maximized }, null, 2)}\n`);
  renameSync(temp, file);
}

/** The part of a BrowserWindow the tracker needs. */
export interface TrackedWindow {
  getNormalBounds(): Bounds;
  isMaximized(): boolean;
  once(event: 'close', listener: () => void): unknown;
}

/**
 * Saves the window's normal (un-maximised) bounds and maximised flag when it closes. Saving fails softly
 * (reported through `onError`): losing the window position must never block quitting.
 */
export function trackWindowState(window: TrackedWindow, file: string, onError: (message: string) => void): void {
  window.once('close', () => {
    try {
      saveWindowState(file, window.getNormalBounds(), window.isMaximized());
    } catch (error) {
      onError(`could not save the window state to ${file}: ${errorMessage(error)}`);
    }
  });
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
