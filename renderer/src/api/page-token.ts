/**
 * The loopback token in browser mode. It arrives once, in the address `sourcebook serve` printed
 * (`/?token=…`); the page takes it out of the address bar at once (history, bookmarks and
 * screenshots never show it) and keeps it for this tab in sessionStorage, which belongs to this
 * origin *including its port*: no other local program or page can read it, and the browser never
 * sends it anywhere by itself (unlike a cookie, which every loopback port would receive).
 * A tab opened later (a deep link from an exported note) asks an open Sourcebook tab of the same
 * origin for it over a BroadcastChannel, which is same-origin too.
 */
const STORAGE_KEY = 'sourcebook-token';
const CHANNEL = 'sourcebook-token';
const ASK_TIMEOUT_MS = 700;

export interface PageLocation {
  href: string;
}

export interface TokenEnvironment {
  location: PageLocation;
  replaceUrl(url: string): void;
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  channel: (() => BroadcastChannel) | null;
}

function browserEnvironment(): TokenEnvironment {
  let storage: Storage | null = null;
  try { storage = window.sessionStorage; } catch { /* storage disabled: memory only */ }
  return {
    location: window.location,
    replaceUrl: (url) => window.history.replaceState(window.history.state, '', url),
    storage,
    channel: typeof BroadcastChannel === 'function' ? () => new BroadcastChannel(CHANNEL) : null,
  };
}

/** Resolves with this tab's token, or null when the tab has none and no other tab could give one. */
export function pageToken(env: TokenEnvironment = browserEnvironment()): Promise<string | null> {
  const url = new URL(env.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl !== null) {
    url.searchParams.delete('token');
    env.replaceUrl(url.pathname + url.search + url.hash);
  }
  let token = fromUrl || safeGet(env.storage);
  if (token) {
    safeSet(env.storage, token);
    share(env, token);
    return Promise.resolve(token);
  }
  return askAnotherTab(env).then((answer) => {
    token = answer;
    if (token) { safeSet(env.storage, token); share(env, token); }
    return token;
  });
}

/** Answers other tabs of this origin that ask for the token. */
function share(env: TokenEnvironment, token: string) {
  const channel = env.channel?.();
  if (!channel) return;
  channel.onmessage = (e: MessageEvent) => {
    if ((e.data as { ask?: unknown } | null)?.ask === true) channel.postMessage({ token });
  };
}

function askAnotherTab(env: TokenEnvironment): Promise<string | null> {
  const channel = env.channel?.();
  if (!channel) return Promise.resolve(null);
  return new Promise((resolve) => {
    const done = (token: string | null) => { clearTimeout(timer); channel.close(); resolve(token); };
    const timer = setTimeout(() => done(null), ASK_TIMEOUT_MS);
    channel.onmessage = (e: MessageEvent) => {
      const token = (e.data as { token?: unknown } | null)?.token;
      if (typeof token === 'string' && token) done(token);
    };
    channel.postMessage({ ask: true });
  });
}

function safeGet(storage: TokenEnvironment['storage']): string | null {
  try { return storage?.getItem(STORAGE_KEY) ?? null; } catch { return null; }
}

function safeSet(storage: TokenEnvironment['storage'], token: string) {
  try { storage?.setItem(STORAGE_KEY, token); } catch { /* memory only */ }
}
