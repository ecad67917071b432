import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, isMethodName, parseArgs, type NotebookApi } from '../common/contract';
import { RENDERER_CSP } from '../common/security/csp';
import { API_PREFIX, EVENTS_PATH, httpStatusFor, TOKEN_COOKIE } from '../common/transport/http-protocol';
import { checkRequest } from './request-policy';
import { readStatic } from './static-files';

export interface LoopbackServerOptions {
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token for tests; a fresh random one per launch otherwise. */
  token?: string;
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
      res.writeHead(verdict.status, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
      res.end(`Forbidden: ${verdict.reason}\n`);
      return;
    }
    const cookie = verdict.setCookie ? { 'set-cookie': `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/` } : {};
    const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;

    if (pathname === EVENTS_PATH && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/event-stream', connection: 'keep-alive', ...SECURITY_HEADERS, ...cookie });
      res.write(': connected\n\n');
      const unsubscribe = api.subscribe((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
      const heartbeat = setInterval(() => res.write(': ping\n\n'), 15_000);
      const stop = () => { clearInterval(heartbeat); unsubscribe(); closeEvents.delete(stop); res.end(); };
      closeEvents.add(stop);
      req.on('close', stop);
      return;
    }
    if (pathname.startsWith(API_PREFIX)) {
      void handleApi(api, pathname.slice(API_PREFIX.length), req, res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', ...SECURITY_HEADERS }).end();
      return;
    }
    void readStatic(options.rendererDir, pathname).then((found) => {
      if (!found) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }).end('Not found\n');
        return;
      }
      res.writeHead(200, { 'content-type': found.type, ...SECURITY_HEADERS, ...cookie });
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

async function handleApi(api: NotebookApi, name: string, req: http.IncomingMessage, res: http.ServerResponse) {
  const reply = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...SECURITY_HEADERS });
    res.end(JSON.stringify(body));
  };
  const fail = (error: unknown) => {
    const e = error instanceof ApiError ? error : new ApiError('internal', (error as Error)?.message ?? String(error));
    reply(httpStatusFor[e.code], { error: { code: e.code, message: e.message } });
  };
  try {
    if (req.method !== 'POST') throw new ApiError('bad-request', 'API calls are POST requests');
    if (!isMethodName(name)) throw new ApiError('not-found', `no API method "${name}"`);
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) throw new ApiError('bad-request', 'send JSON');
    const raw = await readBody(req);
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
    reply(200, { result: await method.apply(api, parsed) });
  } catch (error) {
    fail(error);
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) { reject(new ApiError('bad-request', 'request too large')); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
