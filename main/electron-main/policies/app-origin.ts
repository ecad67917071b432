/**
 * The renderer's one origin. The UI is served from `app://sourcebook/…` (a privileged, standard
 * scheme registered by main.ts), never from `file://`, so same-origin rules, the CSP's 'self' and
 * the IPC sender check all have a single, unforgeable origin to compare against.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'sourcebook';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** What the window loads at start. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Parses a URL without throwing; `null` for anything that is not a valid absolute URL. */
export function parseUrl(raw: unknown): URL | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 8192) return null;
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/**
 * True when `raw` is a URL on our own origin: scheme `app`, host `sourcebook`, no credentials,
 * no port. Host comparison is case-insensitive because Chromium lower-cases hosts of standard
 * schemes while Node's URL parser keeps the case of non-special schemes.
 */
export function isAppUrl(raw: unknown): boolean {
  const url = parseUrl(raw);
  return (
    url !== null &&
    url.protocol === `${APP_SCHEME}:` &&
    url.hostname.toLowerCase() === APP_HOST &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  );
}
