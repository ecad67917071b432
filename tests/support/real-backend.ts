/**
 * The real backend in this process, for renderer tests (jsdom) and node tests alike: a Backend on
 * a private notebook (and a copy of the sample library, or an empty one), reached through the
 * in-process transport so arguments and results cross the contract's schemas as they do over IPC.
 *
 * It runs the built index worker (out/index-worker.mjs; `npm test` builds it first), since
 * esbuild cannot bundle from inside jsdom. `calls` counts requests per method, as a user's
 * network panel would.
 *
 * What a test cannot make the disk do (fill up, answer slowly) it makes the transport do:
 * `failNext` and `hold` act on calls before they reach the backend, and `holdEvents` keeps events
 * from the views for a while, as a slow IPC channel would. Unarmed, the wrapper only forwards:
 * the contract suite runs over it (tests/contract/real-backend.test.ts).
 */
import { chmod, cp, mkdir, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ApiError, type AnchoredAnnotation, type MethodName, type NotebookApi, type NotebookEvent } from '../../main/common/contract';
import { createInProcessApi } from '../../main/common/transport/in-process';
import { Backend } from '../../main/node/backend/backend';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const builtWorker = path.join(repoRoot, 'out/index-worker.mjs');

export interface RealBackend {
  readonly backend: Backend;
  /** The contract as the renderer holds it, counting every call. */
  readonly api: NotebookApi;
  readonly calls: MethodName[];
  /** The same calls with their arguments. */
  readonly requests: Array<{ method: MethodName; args: unknown[] }>;
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
  /** The next event the backend sends that `match` accepts (listening starts now). */
  nextEvent(match: (event: NotebookEvent) => boolean, what?: string, ms?: number): Promise<NotebookEvent>;
  /** A note's file as it is on disk, or undefined when there is none. */
  markdown(notePath: string): Promise<string | undefined>;
  /** What another program does: writes the note's file; resolves when the note watcher has reported it. */
  writeNoteOutside(notePath: string, markdown: string): Promise<void>;
  /** Another program deletes the note's file; resolves when the note watcher has reported it. */
  deleteNoteOutside(notePath: string): Promise<void>;
  /** Another program edits a source file; resolves once the library has read it again and re-anchored its quotes. */
  editSource(relPath: string, edit: (text: string) => string): Promise<void>;
  /** Quotes the first occurrence of `exact` in a source, as "Quote to note" does (not counted in `calls`). */
  quote(sourceId: string, exact: string, kind?: 'quote' | 'highlight'): Promise<AnchoredAnnotation>;
  /**
   * The next `times` calls of `method` fail before reaching the backend: a message fails them as the
   * backend's own refusal would (an internal ApiError: a full disk, say); an Error is thrown as it
   * is (a crash the transport must not leak).
   */
  failNext(method: MethodName, failure: string | Error, times?: number): void;
  /** Calls of `method` wait, from now until the returned release is called (a save in flight). */
  hold(method: MethodName): () => void;
  /** Events reach the views only when the returned release is called (a watcher that has not spoken yet). */
  holdEvents(): () => void;
  /** What the Electron shell sends the page over the same channel (a menu command); the backend never sends these. */
  shellEvent(event: Extract<NotebookEvent, { type: 'menu-command' | 'open-link' }>): void;
  /** How many listeners `api.subscribe` holds (a transport that closes must let go of its own). */
  subscribers(): number;
  close(): Promise<void>;
}

export interface RealBackendOptions {
  /** Notes written into the notebook before it opens: path → Markdown. */
  notes?: Record<string, string>;
  /** 'seeds' copies the sample library; 'empty' (the default) indexes nothing. */
  library?: 'seeds' | 'empty';
  /** Files written into the library folder besides: path → content. */
  sources?: Record<string, string | Uint8Array>;
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
  for (const [relPath, content] of Object.entries(options.sources ?? {})) {
    await mkdir(path.dirname(path.join(libraryDir, relPath)), { recursive: true });
    await writeFile(path.join(libraryDir, relPath), content);
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
  return {
    ...instrument(backend, { notebookDir, libraryDir }),
    async close() {
      await backend.close();
      await rm(base, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}

/** The in-process transport over `backend`, counting calls and armed with the hooks above. */
export function instrument(backend: Backend, { notebookDir, libraryDir }: { notebookDir: string; libraryDir: string }): Omit<RealBackend, 'close'> {
  const inner = createInProcessApi(backend);
  const calls: MethodName[] = [];
  const requests: Array<{ method: MethodName; args: unknown[] }> = [];
  const events: NotebookEvent[] = [];
  const failures = new Map<MethodName, Array<string | Error>>();
  const holds = new Map<MethodName, Promise<void>>();
  let eventGate: NotebookEvent[] | null = null;
  const viewListeners = new Set<(event: NotebookEvent) => void>();
  let inFlight = 0;
  const api = new Proxy(inner, {
    get(target, name: string) {
      if (name === 'subscribe') {
        return (listener: (event: NotebookEvent) => void) => {
          viewListeners.add(listener);
          return () => void viewListeners.delete(listener);
        };
      }
      const value = (target as unknown as Record<string, unknown>)[name];
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const method = name as MethodName;
        calls.push(method);
        requests.push({ method, args: structuredClone(args) });
        inFlight++;
        try {
          await holds.get(method);
          const failure = failures.get(method)?.shift();
          if (failure instanceof Error) throw failure;
          if (failure !== undefined) throw new ApiError('internal', failure);
          return await (value as (...a: unknown[]) => Promise<unknown>)(...args);
        } finally {
          inFlight--;
        }
      };
    },
  });
  const deliver = (event: NotebookEvent) => { for (const listener of [...viewListeners]) listener(event); };
  inner.subscribe((event) => { if (eventGate) eventGate.push(event); else deliver(event); });
  backend.subscribe((event) => events.push(event));
  const nextEvent = (match: (event: NotebookEvent) => boolean, what = 'an event', ms = 30_000) => new Promise<NotebookEvent>((resolve, reject) => {
    const timer = setTimeout(() => { stop(); reject(new Error(`timed out waiting for ${what}`)); }, ms);
    const stop = backend.subscribe((event) => { if (match(event)) { clearTimeout(timer); stop(); resolve(event); } });
  });
  const outside = (notePath: string) => nextEvent(
    (e) => e.type === 'notes-changed' && e.external && (e.changed.includes(notePath) || e.removed.includes(notePath)),
    `the note watcher to report ${notePath}`,
  );
  const notePathOnDisk = (notePath: string) => path.join(notebookDir, ...notePath.split('/'));
  return {
    backend, api, calls, requests, events, notebookDir, libraryDir,
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
    nextEvent,
    markdown: (notePath) => readFile(notePathOnDisk(notePath), 'utf8').catch(() => undefined),
    async writeNoteOutside(notePath, markdown) {
      const reported = outside(notePath);
      await mkdir(path.dirname(notePathOnDisk(notePath)), { recursive: true });
      await writeFile(notePathOnDisk(notePath), markdown);
      await reported;
    },
    async deleteNoteOutside(notePath) {
      const reported = outside(notePath);
      await unlink(notePathOnDisk(notePath));
      await reported;
    },
    async editSource(relPath, edit) {
      const file = path.join(libraryDir, ...relPath.split('/'));
      await writeFile(file, edit(await readFile(file, 'utf8')));
      await backend.library.refresh([file]);
    },
    async quote(sourceId, exact, kind = 'quote') {
      const { text } = await backend.getSource(sourceId);
      const start = text.indexOf(exact);
      if (start < 0) throw new Error(`"${exact}" is not in ${sourceId}`);
      return backend.createAnnotation({ kind, sourceId, start, end: start + exact.length });
    },
    failNext(method, failure, times = 1) {
      failures.set(method, [...(failures.get(method) ?? []), ...Array<string | Error>(times).fill(failure)]);
    },
    hold(method) {
      let release!: () => void;
      const held = new Promise<void>((resolve) => { release = resolve; });
      holds.set(method, held);
      return () => { if (holds.get(method) === held) holds.delete(method); release(); };
    },
    shellEvent: (event) => deliver(event),
    subscribers: () => viewListeners.size,
    holdEvents() {
      const queue: NotebookEvent[] = [];
      eventGate = queue;
      return () => {
        if (eventGate === queue) eventGate = null;
        for (const event of queue.splice(0)) deliver(event);
      };
    },
  };
}
