import { EventEmitter } from 'node:events';

/**
 * A hand-written stand-in for the `electron` module, for `vi.mock('electron', () => import('./fake-electron.js'))`.
 * It implements only what electron/** calls, and records every call so tests can assert on the shell's
 * security settings without Electron's binary. Everything here is observable state, not behaviour.
 */

export interface FakeRectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What `event.preventDefault()` sets, for will-navigate / will-redirect / before-quit. */
export class FakeEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  destroyed = false;

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** Fires a navigation event the way Electron does and says whether the shell blocked it. */
  navigate(event: 'will-navigate' | 'will-redirect', url: string): boolean {
    const e = new FakeEvent();
    this.emit(event, e, url);
    return e.defaultPrevented;
  }
}

export interface FakeWindowOptions {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  webPreferences?: Record<string, unknown>;
  [key: string]: unknown;
}

export class BrowserWindow extends EventEmitter {
  static readonly all: BrowserWindow[] = [];
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.all.filter((w) => !w.closed);
  }

  readonly webContents = new FakeWebContents();
  readonly loadedUrls: string[] = [];
  bounds: FakeRectangle;
  maximized = false;
  shown = false;
  closed = false;

  constructor(readonly options: FakeWindowOptions) {
    super();
    // Electron centres a window given no x/y; any point will do for the fake.
    this.bounds = { x: options.x ?? 100, y: options.y ?? 100, width: options.width ?? 800, height: options.height ?? 600 };
    BrowserWindow.all.push(this);
  }

  loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
    return Promise.resolve();
  }
  show(): void {
    this.shown = true;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
  setBounds(bounds: FakeRectangle): void {
    this.bounds = { ...bounds };
  }
  getNormalBounds(): FakeRectangle {
    return { ...this.bounds };
  }
  /** The trader closes the window: 'close' (state is saved here), then 'closed'. */
  close(): void {
    this.emit('close', new FakeEvent());
    this.closed = true;
    this.emit('closed');
  }
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  userData = '/nonexistent/fake-user-data';
  quitCalls = 0;
  exitCodes: number[] = [];
  getPath(name: string): string {
    if (name !== 'userData') throw new Error(`fake app.getPath does not know ${name}`);
    return this.userData;
  }
  requestSingleInstanceLock(): boolean {
    return true;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  quit(): void {
    this.quitCalls += 1;
  }
  exit(code: number): void {
    this.exitCodes.push(code);
  }
}
export const app = new FakeApp();

type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
type PermissionCheckHandler = (contents: unknown, permission: string, origin: string, details: unknown) => boolean;
type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]>; cancel?: boolean }) => void,
) => void;

export class FakeSession {
  permissionRequestHandler: PermissionRequestHandler | undefined;
  permissionCheckHandler: PermissionCheckHandler | undefined;
  headersListener: HeadersListener | undefined;
  readonly webRequest = {
    onHeadersReceived: (listener: HeadersListener): void => {
      this.headersListener = listener;
    },
  };
  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler): void {
    this.permissionCheckHandler = handler;
  }
}
export const session = { defaultSession: new FakeSession() };

type IpcHandler = (event: unknown, ...args: unknown[]) => unknown;
export const ipcMain = {
  handlers: new Map<string, IpcHandler>(),
  handle(channel: string, handler: IpcHandler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  },
};

export const contextBridge = {
  exposed: [] as { key: string; api: unknown }[],
  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed.push({ key, api });
  },
};

export const ipcRenderer = Object.assign(new EventEmitter(), {
  invoked: [] as { channel: string; args: unknown[] }[],
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    ipcRenderer.invoked.push({ channel, args });
    return Promise.resolve({ ok: true, value: { channel, args } });
  },
});

/**
 * The engine's utility process. It answers 'ready' as soon as the main process listens, and each
 * 'invoke' with an ok result echoing the call, so tests can see exactly what reached the engine.
 */
export class FakeUtilityProcess extends EventEmitter {
  readonly posted: unknown[] = [];
  killed = false;
  constructor(
    readonly modulePath: string,
    readonly args: readonly string[],
    firstMessage: unknown,
  ) {
    super();
    setImmediate(() => this.emit('message', firstMessage));
  }
  postMessage(message: unknown): void {
    this.posted.push(message);
    const m = message as { type: string; id?: number; name?: string; params?: unknown };
    if (m.type === 'invoke') {
      setImmediate(() => this.emit('message', { type: 'result', id: m.id, response: { ok: true, value: { name: m.name, params: m.params } } }));
    } else if (m.type === 'stop') {
      setImmediate(() => this.emit('message', { type: 'stopped' }));
    }
  }
  kill(): boolean {
    this.killed = true;
    return true;
  }
}
export const utilityProcess = {
  forked: [] as FakeUtilityProcess[],
  /** What the next engine says first: 'ready', or set a 'fatal' to test a failed start. */
  firstMessage: { type: 'ready', info: {} } as unknown,
  fork(modulePath: string, args: readonly string[]): FakeUtilityProcess {
    const child = new FakeUtilityProcess(modulePath, args, this.firstMessage);
    this.forked.push(child);
    return child;
  },
};

export const dialog = {
  errors: [] as { title: string; content: string }[],
  showErrorBox(title: string, content: string): void {
    this.errors.push({ title, content });
  },
};

export const Menu = {
  applied: [] as unknown[],
  buildFromTemplate(template: unknown[]): { template: unknown[] } {
    return { template };
  },
  setApplicationMenu(menu: unknown): void {
    this.applied.push(menu);
  },
};

export const shell = {
  opened: [] as string[],
  openExternal(url: string): Promise<void> {
    this.opened.push(url);
    return Promise.resolve();
  },
};

export const screen = {
  workAreas: [{ x: 0, y: 0, width: 1920, height: 1040 }] as FakeRectangle[],
  getAllDisplays(): { workArea: FakeRectangle }[] {
    return this.workAreas.map((workArea) => ({ workArea }));
  },
};

const SEAL_PREFIX = Buffer.from('fake-sealed:');

/**
 * safeStorage: "seals" by XOR-ing every byte behind a prefix. Not secure, but the sealed bytes never contain the
 * text, so a test can prove no secret reaches disk; `available` and `backend` switch the refusals on.
 */
export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret',
  isEncryptionAvailable(): boolean {
    return this.available;
  },
  getSelectedStorageBackend(): string {
    return this.backend;
  },
  encryptString(plainText: string): Buffer {
    if (!this.available) throw new Error('Encryption is not available.');
    return Buffer.concat([SEAL_PREFIX, Buffer.from(plainText, 'utf8').map((b) => b ^ 0x5a)]);
  },
  decryptString(encrypted: Buffer): string {
    if (!encrypted.subarray(0, SEAL_PREFIX.length).equals(SEAL_PREFIX)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(encrypted.subarray(SEAL_PREFIX.length).map((b) => b ^ 0x5a)).toString('utf8');
  },
};
