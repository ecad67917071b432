import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const seedPaths = {
  article: fileURLToPath(new URL('../../seeds/000_fc16814f2607de2a.txt', import.meta.url)),
  confession: fileURLToPath(new URL('../../seeds/003_c38cac0ff9cc0db6.txt', import.meta.url)),
};

export async function readSeed(name: keyof typeof seedPaths): Promise<string> {
  return fsp.readFile(seedPaths[name], 'utf8');
}

/** A fresh temp folder (real path, so comparisons with resolved paths hold). */
export async function tempDir(prefix: string): Promise<string> {
  return fsp.realpath(await fsp.mkdtemp(path.join(os.tmpdir(), prefix)));
}

/** Resolves when `predicate` holds, polling; rejects after `ms`. */
export async function waitFor(predicate: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A paragraph of the seed text: the `n`th block separated by blank lines that contains `words`. */
export function paragraphWith(text: string, words: string): string {
  const found = text.split(/\n\s*\n/).find((p) => p.includes(words));
  if (!found) throw new Error(`no paragraph with "${words}"`);
  return found.trim();
}

import { createHash } from 'node:crypto';

/** The content hash as the W3C selectors and snapshots define it, computed here independently. */
const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
import type { SourceAccess } from '../../main/node/notebook';

/** The library's side of the notebook, in memory: source id → text, editable by tests. */
export class FakeSources implements SourceAccess {
  readonly texts = new Map<string, { text: string; title: string }>();

  set(id: string, text: string, title = id): void {
    this.texts.set(id, { text, title });
  }

  async getText(id: string) {
    const s = this.texts.get(id);
    return s ? { ...s, contentHash: sha256Hex(s.text) } : null;
  }

  async findByHash(hash: string) {
    for (const [id, s] of this.texts) if (sha256Hex(s.text) === hash) return id;
    return null;
  }
}

/** Offsets of `exact` in `text` (the first occurrence); throws if absent. */
export function spanOf(text: string, exact: string): { start: number; end: number } {
  const start = text.indexOf(exact);
  if (start < 0) throw new Error(`"${exact}" is not in the text`);
  return { start, end: start + exact.length };
}
