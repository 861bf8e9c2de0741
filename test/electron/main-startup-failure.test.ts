import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { app, BrowserWindow, dialog, utilityProcess } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

const dir = mkdtempSync(path.join(os.tmpdir(), 'desk-shell-fail-'));
const savedDb = process.env['DESK_DB'];

afterAll(() => {
  if (savedDb === undefined) delete process.env['DESK_DB'];
  else process.env['DESK_DB'] = savedDb;
  rmSync(dir, { recursive: true, force: true });
});

describe('main.ts when the engine cannot start (fake electron module)', () => {
  it('shows the engine\'s reason in an error box, exits with 1 and opens no window', async () => {
    process.env['DESK_DB'] = path.join(dir, 'desk.db');
    app.userData = path.join(dir, 'user-data');
    const reason = 'The database was written by a newer Breakout Desk (schema 9); this build knows up to 3.';
    utilityProcess.firstMessage = { type: 'fatal', message: reason };
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await import('../../electron/main.js');
    await vi.waitFor(() => expect(app.exitCodes).toEqual([1]));
    logged.mockRestore();
    expect(dialog.errors).toEqual([{ title: 'Breakout Desk could not start', content: reason }]);
    expect(BrowserWindow.all).toEqual([]);
  });
});
