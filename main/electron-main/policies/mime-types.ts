/** Content types for the files the renderer build produces (and a few it may grow into). */
const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

/** Unknown types are served as opaque bytes, which (with `nosniff`) the renderer will not run. */
export const FALLBACK_MIME_TYPE = 'application/octet-stream';

/** The Content-Type for a file name, chosen by its extension (case-insensitive). */
export function mimeTypeFor(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  if (dot < 0) return FALLBACK_MIME_TYPE;
  return MIME_BY_EXTENSION[fileName.slice(dot).toLowerCase()] ?? FALLBACK_MIME_TYPE;
}
