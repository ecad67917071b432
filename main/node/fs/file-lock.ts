/**
 * Per-key write locks that hold within a process and across processes (two windows, two
 * backends, a CLI run beside the app on one notebook).
 *
 * In a process: a promise chain per key, shared by every PathLocks on the same folder, so two
 * notebooks opened on one folder in one process also take turns. Across processes: a lock file
 * `<dir>/<hash of key>.lock` created with O_EXCL, holding `pid start-time`; removed on release.
 * A lock whose owner is dead (its pid no longer exists) or that is older than any bounded
 * operation can take is stale and broken: it is renamed aside first (only one breaker wins the
 * rename), then checked to still be the stale one. Waiting is bounded: after `timeoutMs` the
 * caller gets a LockTimeoutError rather than a request that never returns.
 */
import { createHash, randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';

export class LockTimeoutError extends Error {
  readonly code = 'ELOCKED';
  constructor(readonly key: string, ms: number) {
    super(`still in use by another window or process after ${Math.round(ms / 1000)} s`);
    this.name = 'LockTimeoutError';
  }
}

export interface PathLockOptions {
  /** Give up waiting after this long (default 10 s). */
  timeoutMs?: number;
  /** A lock file older than this is stale whoever wrote it (default 60 s; every locked operation is bounded well below). */
  staleMs?: number;
  /** Only the in-process half (tests use it to show what the lock file protects). */
  inProcessOnly?: boolean;
}

const chains = new Map<string, Promise<void>>();
const OWN_TAG = `${process.pid} ${Date.now()}-${randomBytes(4).toString('hex')}`;

export class PathLocks {
  private readonly timeoutMs: number;
  private readonly staleMs: number;

  constructor(readonly dir: string, private readonly options: PathLockOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.staleMs = options.staleMs ?? 60_000;
  }

  /**
   * Runs `task` holding the locks of every key (taken in sorted order, so two callers locking
   * the same pair never wait on each other), and releases them however it ends.
   */
  async with<T>(keys: string[], task: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const releases: (() => Promise<void>)[] = [];
    try {
      for (const key of sorted) releases.push(await this.acquire(key));
      return await task();
    } finally {
      for (const release of releases.reverse()) await release();
    }
  }

  private async acquire(key: string): Promise<() => Promise<void>> {
    const file = path.join(this.dir, `${createHash('sha256').update(key).digest('hex').slice(0, 40)}.lock`);
    const deadline = Date.now() + this.timeoutMs;
    // In process: wait for the previous holder of this key, then hand the chain to our release.
    const previous = chains.get(file) ?? Promise.resolve();
    let releaseChain!: () => void;
    const mine = new Promise<void>((resolve) => { releaseChain = resolve; });
    const chained = previous.then(() => mine);
    chains.set(file, chained);
    const done = () => {
      releaseChain();
      if (chains.get(file) === chained) chains.delete(file);
    };
    try {
      await waitUntil(previous, deadline, () => new LockTimeoutError(key, this.timeoutMs));
      if (!this.options.inProcessOnly) await this.acquireFile(file, key, deadline);
    } catch (err) {
      // Our turn still comes; pass it on at once so later waiters are not stuck behind us.
      void previous.then(done);
      throw err;
    }
    return async () => {
      if (!this.options.inProcessOnly) await fsp.unlink(file).catch(() => undefined);
      done();
    };
  }

  private async acquireFile(file: string, key: string, deadline: number): Promise<void> {
    let delay = 1;
    for (;;) {
      try {
        const handle = await fsp.open(file, 'wx');
        try {
          await handle.writeFile(`${OWN_TAG} ${Date.now()}\n`);
        } finally {
          await handle.close();
        }
        return;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') {
          await fsp.mkdir(this.dir, { recursive: true });
          continue;
        }
        if (code !== 'EEXIST') throw err;
      }
      if (await this.breakIfStale(file)) continue;
      if (Date.now() >= deadline) throw new LockTimeoutError(key, this.timeoutMs);
      await sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 2, 25);
    }
  }

  /** Removes the lock file if its owner is gone; true if it did (or the file vanished meanwhile). */
  private async breakIfStale(file: string): Promise<boolean> {
    const [content, stats] = await Promise.all([
      fsp.readFile(file, 'utf8').catch(() => null),
      fsp.stat(file).catch(() => null),
    ]);
    if (content === null || !stats) return true; // released meanwhile: try again at once
    if (!isStale(content, stats.mtimeMs, this.staleMs)) return false;
    const aside = `${file}.${randomBytes(6).toString('hex')}.stale`;
    try {
      await fsp.rename(file, aside);
    } catch {
      return true; // another breaker won
    }
    const moved = await fsp.readFile(aside, 'utf8').catch(() => null);
    if (moved !== content) {
      // We moved a fresh lock taken after our check: put it back unless someone holds the name now.
      await fsp.link(aside, file).catch(() => undefined);
    }
    await fsp.unlink(aside).catch(() => undefined);
    return true;
  }
}

function isStale(content: string, mtimeMs: number, staleMs: number): boolean {
  const pid = Number(content.trim().split(' ')[0]);
  // Just created, not written yet: the owner is between open and write.
  if (!content.trim()) return Date.now() - mtimeMs > 2_000;
  if (Date.now() - mtimeMs > staleMs) return true;
  if (!Number.isInteger(pid) || pid <= 0) return true;
  // Our own pid but not our start tag: a previous process that had our pid died holding it.
  // (Our own live locks never reach here: the in-process chain lets one holder per key at a time.)
  if (pid === process.pid) return true;
  return !isAlive(pid);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitUntil(work: Promise<void>, deadline: number, onTimeout: () => Error): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([work, new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(onTimeout()), Math.max(0, deadline - Date.now()));
    })]);
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
