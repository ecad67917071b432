/**
 * Source texts as they were when quoted, content-addressed (`<sha256>.txt`) so each version is
 * stored once however many annotations were made on it. "As quoted" can always be shown, and
 * the review list shows a lost quote in its old context.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../fs';
import { contentHash } from '../content-hash';

export class SnapshotStore {
  /**
   * Snapshots on disk or being written, by hash: re-anchoring 1,000 quotes on one text places
   * them all at once, and checks the disk (and writes the text) once.
   */
  private readonly stored = new Map<string, Promise<string>>();

  constructor(private readonly dir: string) {}

  /** Stores `text` unless a snapshot of it exists; returns its hash. */
  put(text: string, hash = contentHash(text)): Promise<string> {
    let stored = this.stored.get(hash);
    if (!stored) {
      const file = this.fileOf(hash);
      stored = (async () => {
        if (!(await fsp.stat(file).catch(() => null))) {
          await fsp.mkdir(this.dir, { recursive: true });
          await writeFileAtomic(file, text);
        }
        return hash;
      })();
      this.stored.set(hash, stored);
      // A write that failed is tried again next time.
      stored.catch(() => { if (this.stored.get(hash) === stored) this.stored.delete(hash); });
    }
    return stored;
  }

  /** The text whose hash is `hash`, or null if no snapshot of it was kept. */
  async get(hash: string): Promise<string | null> {
    if (!/^[0-9a-f]{64}$/.test(hash)) return null;
    return fsp.readFile(this.fileOf(hash), 'utf8').catch(() => null);
  }

  private fileOf(hash: string): string {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error(`not a sha256 hash: ${hash}`);
    return path.join(this.dir, `${hash}.txt`);
  }
}
