/**
 * The renderer's Content-Security-Policy, the same in Electron and in browser mode.
 * Nothing remote, nothing inline, no eval: source HTML is never rendered as HTML, so the
 * renderer needs only its own script, its own stylesheet and calls to its own origin.
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/**
 * The same policy as the page's own `<meta>` copy (renderer/index.html): `frame-ancestors` only
 * works in a header, and browsers log a warning for it in a meta tag, so the copy leaves it out.
 */
export const RENDERER_META_CSP = RENDERER_CSP.split('; ').filter((d) => !d.startsWith('frame-ancestors')).join('; ');
