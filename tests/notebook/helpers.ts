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
