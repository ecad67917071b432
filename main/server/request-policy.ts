import { TOKEN_COOKIE, TOKEN_HEADER } from '../common/transport/http-protocol';

export interface RequestFacts {
  method: string;
  /** Path and query as received, e.g. "/api/search" or "/?token=…". */
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

export type RequestVerdict =
  | { allow: true; setCookie: boolean }
  | { allow: false; status: 400 | 403 | 421; reason: string };

const header = (h: RequestFacts['headers'], name: string) => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

function cookieToken(cookie: string | undefined): string | null {
  for (const part of (cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === TOKEN_COOKIE) return v.join('=');
  }
  return null;
}

/** Length-independent comparison, so the token cannot be guessed a character at a time. */
function sameToken(a: string | null | undefined, b: string): boolean {
  if (typeof a !== 'string' || a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Decides whether the loopback server answers a request. Only this machine's loopback names
 * on our port (no DNS rebinding), only our own origin (no cross-site calls from a page the
 * user happens to visit), and only with this launch's token: from the printed URL's `?token=`
 * (which then becomes a cookie), the cookie, or the header.
 */
export function checkRequest(req: RequestFacts, expected: { token: string; port: number }): RequestVerdict {
  const host = header(req.headers, 'host');
  const allowedHosts = [`127.0.0.1:${expected.port}`, `localhost:${expected.port}`, `[::1]:${expected.port}`];
  if (!host || !allowedHosts.includes(host.toLowerCase())) return { allow: false, status: 421, reason: 'unexpected Host' };

  const origin = header(req.headers, 'origin');
  if (origin !== undefined && !allowedHosts.map((h) => `http://${h}`).includes(origin.toLowerCase())) {
    return { allow: false, status: 403, reason: 'cross-origin request' };
  }
  const site = header(req.headers, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return { allow: false, status: 403, reason: 'cross-site request' };

  let url: URL;
  try {
    url = new URL(req.url, 'http://127.0.0.1');
  } catch {
    return { allow: false, status: 400, reason: 'malformed URL' };
  }
  if (sameToken(header(req.headers, TOKEN_HEADER), expected.token) || sameToken(cookieToken(header(req.headers, 'cookie')), expected.token)) {
    return { allow: true, setCookie: false };
  }
  // The printed URL carries the token once; it is accepted only for a page load, never for the API.
  if (req.method === 'GET' && url.pathname === '/' && sameToken(url.searchParams.get('token'), expected.token)) {
    return { allow: true, setCookie: true };
  }
  return { allow: false, status: 403, reason: 'missing or wrong token (open the URL Sourcebook printed)' };
}
