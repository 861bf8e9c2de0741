/**
 * The one page the desk's window may show: the built renderer file, or the dev server's URL when
 * electron-vite runs in dev mode. Comparing whole URLs (minus query and fragment) also pins file://,
 * whose "origin" would otherwise admit any file on disk.
 */
export function isTrustedUrl(url: string, trusted: string): boolean {
  try {
    const a = new URL(url);
    const b = new URL(trusted);
    if (a.protocol === 'file:') return b.protocol === 'file:' && a.pathname === b.pathname;
    return a.origin === b.origin;
  } catch {
    return false;
  }
}
