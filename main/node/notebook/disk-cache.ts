/**
 * Another window or backend may change any of Sourcebook's files at any time, so nothing read
 * from `.sourcebook/` is trusted from memory alone: a cached value is kept only while the file
 * is provably the one it was read from. Every write there is an atomic rename (a new inode), so
 * `statKey` changes with each version; the one blind spot is a change within the file system's
 * timestamp granularity after our read, so a file modified less than RACY_MS before it was read
 * is read again next time (git's "racy clean" rule).
 */
import type { Stats } from 'node:fs';
import { promises as fsp } from 'node:fs';
import { readRegularFile, statKey } from '../fs';

/** Wider than the coarsest timestamps in use (FAT: 2 s). */
export const RACY_MS = 2_100;

/** What a read saw: the key, and when the read started. */
export interface Seen {
  key: string;
  readAt: number;
}

export function seenNow(stats: Stats, readAt: number): Seen {
  return { key: statKey(stats), readAt };
}

/** True when `stats` is still the version `seen` describes, without reading it. */
export function stillSeen(stats: Stats, seen: Seen | undefined): boolean {
  return seen !== undefined && statKey(stats) === seen.key && seen.readAt - stats.mtimeMs > RACY_MS;
}

/** A small file parsed once per version (colours, the review list). */
export class FileCache<T> {
  private value: T | null = null;
  private seen: Seen | undefined;
  private reading: Promise<T | null> | undefined;

  constructor(private readonly file: string, private readonly parse: (text: string) => T | null) {}

  /** The parsed file as on disk now (null: missing or not parseable). */
  get(): Promise<T | null> {
    this.reading ??= this.read().finally(() => { this.reading = undefined; });
    return this.reading;
  }

  /** Reads the file now, whatever is cached (before a read-modify-write, under its lock). */
  async fresh(): Promise<T | null> {
    this.seen = undefined;
    return this.read();
  }

  /** Records a value this process just wrote. */
  async wrote(value: T): Promise<void> {
    const stats = await fsp.stat(this.file).catch(() => null);
    this.value = value;
    // A racy key (just written) is re-read next time anyway; that is the price of certainty.
    this.seen = stats ? seenNow(stats, Date.now()) : undefined;
  }

  private async read(): Promise<T | null> {
    const stats = await fsp.stat(this.file).catch(() => null);
    if (!stats) {
      this.value = null;
      this.seen = undefined;
      return null;
    }
    if (stillSeen(stats, this.seen)) return this.value;
    const readAt = Date.now();
    const read = await readRegularFile(this.file, 50_000_000).catch(() => null);
    this.value = read ? this.parse(read.bytes.toString('utf8')) : null;
    this.seen = read ? seenNow(read.stats, readAt) : undefined;
    return this.value;
  }
}
