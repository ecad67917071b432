import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, isMethodName, parseArgs, type NotebookApi } from '../common/contract';
import { RENDERER_CSP } from '../common/security/csp';
import { toPublicError } from '../common/transport/error-envelope';
import { API_PREFIX, BINARY_RESULT_HEADER, binaryResult, EVENTS_PATH, httpStatusFor, OPEN_PATH } from '../common/transport/http-protocol';
import { checkRequest } from './request-policy';
import { readStatic } from './static-files';

export interface LoopbackServerOptions {
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token for tests; a fresh random one per launch otherwise. */
  token?: string;
  /** The largest request body accepted (default 64 MB); larger ones get a 413. */
  maxBodyBytes?: number;
}

export interface LoopbackServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Notes can be long, but not this long: a body over it is refused before it is buffered. */
const MAX_BODY = 64 * 1024 * 1024;

const SECURITY_HEADERS = {
  'content-security-policy': RENDERER_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

/**
 * Browser mode: the NotebookApi and the renderer on 127.0.0.1 only, behind a per-launch token.
 * The HTTP layer is generic over the contract table: every method is POST /api/<name>.
 */
export async function startLoopbackServer(api: NotebookApi, options: LoopbackServerOptions): Promise<LoopbackServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const sockets = new Set<import('node:net').Socket>();
  const closeEvents = new Set<() => void>();
  let port = 0;

  const server = http.createServer((req, res) => {
    const verdict = checkRequest({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers }, { token, port });
    if (!verdict.allow) {
      // The API answers in its own envelope, so the page shows the real reason (not an empty library).
      if (verdict.kind === 'api') void drain(req).then(() => replyJson(res, verdict.status, { error: { code: verdict.status === 403 ? 'forbidden' : 'bad-request', message: verdict.reason } }));
      else res.writeHead(verdict.status, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }).end(`${verdict.reason}\n`);
      return;
    }
    const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;

    if (pathname === EVENTS_PATH && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/event-stream', connection: 'keep-alive', ...SECURITY_HEADERS });
      res.write(': connected\n\n');
      const unsubscribe = api.subscribe((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
      const heartbeat = setInterval(() => res.write(': ping\n\n'), 15_000);
      const stop = () => { clearInterval(heartbeat); unsubscribe(); closeEvents.delete(stop); res.end(); };
      closeEvents.add(stop);
      req.on('close', stop);
      return;
    }
    if (pathname.startsWith(API_PREFIX)) {
      void handleApi(api, pathname.slice(API_PREFIX.length), req, res, options.maxBodyBytes ?? MAX_BODY);
      return;
    }
    // A deep link (`/open?link=sourcebook://…`) is the app's page; the page reads the link itself.
    void readStatic(options.rendererDir, pathname === OPEN_PATH ? '/' : pathname).then((found) => {
      if (!found) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }).end('Not found\n');
        return;
      }
      res.writeHead(200, { 'content-type': found.type, ...SECURITY_HEADERS });
      res.end(req.method === 'HEAD' ? undefined : found.body);
    });
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () => new Promise<void>((resolve) => {
      for (const stop of [...closeEvents]) stop();
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    }),
  };
}

async function handleApi(api: NotebookApi, name: string, req: http.IncomingMessage, res: http.ServerResponse, maxBody: number) {
  try {
    if (req.method !== 'POST') throw new ApiError('bad-request', 'API calls are POST requests');
    if (!isMethodName(name)) throw new ApiError('not-found', `no API method "${name.slice(0, 100)}"`);
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) throw new ApiError('bad-request', 'send JSON');
    const raw = await readBody(req, maxBody);
    if (raw === null) {
      replyJson(res, 413, { error: { code: 'bad-request', message: `the request is larger than ${formatBytes(maxBody)}` } });
      return;
    }
    let args: unknown;
    try {
      args = raw.length ? JSON.parse(raw) : [];
    } catch {
      throw new ApiError('bad-request', 'the request body is not valid JSON');
    }
    const parsed = parseArgs(name, args) as unknown[];
    const method = api[name] as (...a: unknown[]) => Promise<unknown>;
    // Results come from the typed backend; like the IPC bridge, only what comes in is parsed (a
    // book's SourceDoc would cost tens of milliseconds to re-validate on every open).
    const result = await method.apply(api, parsed);
    const binary = binaryResult(result);
    if (binary) replyBytes(res, binary.bytes, binary.rest);
    else replyJson(res, 200, { result });
  } catch (error) {
    const e = toPublicError(name, error);
    await drain(req);
    replyJson(res, httpStatusFor[e.code], { error: e });
  }
}

function replyJson(res: http.ServerResponse, status: number, body: unknown) {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...SECURITY_HEADERS });
  res.end(JSON.stringify(body));
}

function replyBytes(res: http.ServerResponse, bytes: Uint8Array, rest: Record<string, unknown>) {
  if (res.headersSent) return;
  res.writeHead(200, {
    'content-type': 'application/octet-stream', 'content-length': bytes.byteLength,
    [BINARY_RESULT_HEADER]: encodeURIComponent(JSON.stringify(rest)), ...SECURITY_HEADERS,
  });
  res.end(bytes);
}

/**
 * The body as text, or null when it exceeds MAX_BODY. An oversized body is read to its end and
 * dropped (never buffered), so the client gets its 413 instead of a reset connection.
 */
function readBody(req: http.IncomingMessage, maxBody: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBody) chunks.length = 0;
      else chunks.push(c);
    });
    req.on('end', () => resolve(size > maxBody ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const formatBytes = (n: number) => (n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MB` : `${Math.round(n / 1024)} KB`);

/** Reads whatever is left of a request we answer early, so the answer is not lost to a reset. */
function drain(req: http.IncomingMessage): Promise<void> {
  if (req.readableEnded || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    req.on('end', resolve).on('error', () => resolve()).on('close', () => resolve());
    req.resume();
  });
}
