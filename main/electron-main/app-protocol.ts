import { promises as fs } from 'node:fs';
import path from 'node:path';
import { RENDERER_CSP } from '../common/security/csp';
import { isInside, resolveAppRequest } from './policies/protocol-path';

/** The part of a fetch `Request` the handler reads (Electron's `protocol.handle` passes a real one). */
export interface AppRequestLike {
  readonly url: string;
  readonly method: string;
}

/** Headers every `app://` response carries, errors included. */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': RENDERER_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  };
}

/**
 * The `app://` protocol handler: serves the built renderer from `rendererRoot` under the path
 * policy, with the renderer CSP as a response header. Symbolic links are followed only if their
 * target is still inside `rendererRoot`. Electron-free (it returns a standard `Response`), so it is
 * tested against real folders; main.ts passes it to `protocol.handle('app', …)`.
 */
export function createAppProtocolHandler(rendererRoot: string): (request: AppRequestLike) => Promise<Response> {
  const root = path.resolve(rendererRoot);
  return async (request) => {
    const resolved = resolveAppRequest(request.url, root, request.method);
    if (!resolved.ok) return textResponse(resolved.status, resolved.reason);
    try {
      const realRoot = await fs.realpath(root);
      const realFile = await fs.realpath(resolved.filePath);
      if (!isInside(realRoot, realFile)) return textResponse(403, 'path escapes the renderer folder');
      const stat = await fs.stat(realFile);
      if (!stat.isFile()) return textResponse(404, 'not found');
      const body = request.method.toUpperCase() === 'HEAD' ? null : await fs.readFile(realFile);
      return new Response(body, {
        status: 200,
        headers: { ...securityHeaders(), 'Content-Type': resolved.mimeType, 'Content-Length': String(stat.size) },
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return textResponse(404, 'not found');
      // Do not leak file-system details to the page; the main process log has them.
      console.error('[app protocol]', request.url, error);
      return textResponse(500, 'could not read the file');
    }
  };
}

function textResponse(status: number, message: string): Response {
  return new Response(message, { status, headers: { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' } });
}
