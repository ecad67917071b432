import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  // pdf.js's CMaps and standard fonts (out/renderer/pdfjs/), read by the reader's pdf.js, never run.
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
  '.ttf': 'font/ttf',
};

/** A URL path → a file inside `root`, or null: no traversal, no encoded tricks, known types only. */
export function staticFileFor(root: string, urlPath: string): { file: string; type: string } | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const rel = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  if (rel.split('/').some((seg) => seg === '..' || seg === '.' || seg.startsWith('.'))) return null;
  const file = path.resolve(root, rel);
  if (!file.startsWith(path.resolve(root) + path.sep)) return null;
  const type = MIME[path.extname(file).toLowerCase()];
  return type ? { file, type } : null;
}

/** Reads the file `staticFileFor` picks, unless a symlink on the way leads out of `root`. */
export async function readStatic(root: string, urlPath: string): Promise<{ body: Buffer; type: string } | null> {
  const found = staticFileFor(root, urlPath);
  if (!found) return null;
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(found.file)]);
    if (!realFile.startsWith(realRoot + path.sep)) return null;
    return { body: await readFile(realFile), type: found.type };
  } catch {
    return null;
  }
}
