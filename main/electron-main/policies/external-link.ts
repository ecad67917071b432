import { parseUrl } from './app-origin';

const EXTERNAL_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
const MAX_EXTERNAL_URL_LENGTH = 2048;
const MAILTO_FIELDS = new Set(['to', 'cc', 'bcc', 'subject', 'body']);
// Control characters and whitespace: a URL that needs them is not a link a person clicked.
const CONTROL_OR_SPACE = /[\u0000-\u0020\u007f-\u009f\u2028\u2029]/u;

/**
 * The external-link policy: returns the normalised URL to hand to the OS browser, or `null` when
 * the link must not leave the app. Only `http:`, `https:` (with a host and without credentials:
 * `https://trusted.example@evil.example/` is refused) and `mailto:` pass; `javascript:`, `file:`,
 * `data:`, our own `app:` and every other custom scheme (which the OS would hand to some other
 * program) are refused.
 */
export function toSafeExternalUrl(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length > MAX_EXTERNAL_URL_LENGTH) return null;
  if (CONTROL_OR_SPACE.test(raw)) return null;
  const url = parseUrl(raw);
  if (!url || !EXTERNAL_PROTOCOLS.has(url.protocol)) return null;
  if (url.username !== '' || url.password !== '') return null;
  if (url.protocol === 'mailto:') {
    // Mail programs honour more than a message: `attach=`/`attachment=` (Thunderbird, Evolution)
    // would send a file of the user's. Only the fields of a message pass.
    for (const key of url.searchParams.keys()) if (!MAILTO_FIELDS.has(key.toLowerCase())) return null;
    return url.pathname.length > 0 ? url.href : null;
  }
  if (url.hostname === '') return null;
  return url.href;
}
