/**
 * The real backend in this process, for renderer tests (jsdom) and node tests alike: a Backend on
 * a private notebook (and a copy of the sample library, or an empty one), reached through the
 * in-process transport so arguments and results cross the contract's schemas as they do over IPC.
 *
 * It runs the built index worker (out/index-worker.mjs; `npm test` builds it first), since
 * esbuild cannot bundle from inside jsdom. `calls` counts requests per method, as a user's
 * network panel would.
 */
import { chmod, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { MethodName, NotebookApi, NotebookEvent } from '../../main/common/contract';
import { createInProcessApi } from '../../main/common/transport/in-process';
import { Backend } from '../../main/node/backend/backend';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const builtWorker = path.join(repoRoot, 'out/index-worker.mjs');

export interface RealBackend {
  readonly backend: Backend;
  /** The contract as the renderer holds it, counting every call. */
  readonly api: NotebookApi;
  readonly calls: MethodName[];
  readonly events: NotebookEvent[];
  readonly notebookDir: string;
  readonly libraryDir: string;
  /** How many calls of `method` were made since `since` (an index into `calls`). */
  count(method: MethodName, since?: number): number;
  /**
   * Resolves when no call is in flight and none started during two turns of the event loop: the
   * views have done all they were going to do about what they last heard.
   */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface RealBackendOptions {
  /** Notes written into the notebook before it opens: path → Markdown. */
  notes?: Record<string, string>;
  /** 'seeds' copies the sample library; 'empty' (the default) indexes nothing. */
  library?: 'seeds' | 'empty';
  watch?: boolean;
}

export async function openRealBackend(options: RealBackendOptions = {}): Promise<RealBackend> {
  if (!existsSync(builtWorker)) throw new Error('out/index-worker.mjs is missing: run `npx tsx scripts/build.ts` (npm test does)');
  const base = await mkdtemp(path.join(os.tmpdir(), 'sb-real-backend-'));
  const libraryDir = path.join(base, 'library');
  const notebookDir = path.join(base, 'notebook');
  if (options.library === 'seeds') {
    await cp(path.join(repoRoot, 'seeds'), libraryDir, { recursive: true });
    await chmod(libraryDir, 0o755);
  } else {
    await mkdir(libraryDir, { recursive: true });
  }
  for (const [notePath, markdown] of Object.entries(options.notes ?? {})) {
    await mkdir(path.dirname(path.join(notebookDir, notePath)), { recursive: true });
    await writeFile(path.join(notebookDir, notePath), markdown);
  }
  const backend = await Backend.open({
    libraryFolders: [libraryDir], notebookDir, cacheDir: path.join(base, 'cache'),
    workerUrl: pathToFileURL(builtWorker), watch: options.watch ?? false,
  });
  await backend.library.ready;
  const inner = createInProcessApi(backend);
  const calls: MethodName[] = [];
  const events: NotebookEvent[] = [];
  let inFlight = 0;
  const api = new Proxy(inner, {
    get(target, name: string) {
      const value = (target as unknown as Record<string, unknown>)[name];
      if (name === 'subscribe' || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(name as MethodName);
        inFlight++;
        const settle = () => { inFlight--; };
        const result = (value as (...a: unknown[]) => Promise<unknown>)(...args);
        result.then(settle, settle);
        return result;
      };
    },
  });
  backend.subscribe((event) => events.push(event));
  return {
    backend, api, calls, events, notebookDir, libraryDir,
    count: (method, since = 0) => calls.slice(since).filter((m) => m === method).length,
    async idle() {
      const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
      for (;;) {
        const seen = calls.length;
        await turn();
        await turn();
        if (inFlight === 0 && calls.length === seen) return;
      }
    },
    async close() {
      await backend.close();
      await rm(base, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}
