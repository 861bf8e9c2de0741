const STORAGE_KEY = 'desk.token';

/**
 * The token arrives once in the URL fragment (`#token=...`), which browsers never send to the server, so
 * it stays out of logs. It is kept in sessionStorage (this tab only) and removed from the address bar so
 * it is not bookmarked or shared by accident.
 */
export function takeToken(location: Location, storage: Storage, history: History): string | undefined {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (match?.[1] !== undefined) {
    storage.setItem(STORAGE_KEY, match[1]);
    history.replaceState(null, '', location.pathname + location.search);
    return match[1];
  }
  return storage.getItem(STORAGE_KEY) ?? undefined;
}
