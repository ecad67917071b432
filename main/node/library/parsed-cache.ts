/**
 * Worker side of "parse once": a PDF or EPUB is parsed when it is indexed and its full parse
 * (canonical text, page and chapter maps) kept on disk beside the index, keyed by the file's
 * size and modification time. Opening the source later reads that back instead of parsing again;
 * cheap formats are simply parsed again (in the worker, never in the app's main process).
 */
import { readFile, stat } from 'node:fs/promises';
import { writeFileAtomic } from '../fs';
import { readSource, type ParseOutcome } from './parse';

export interface KeptFile { absPath: string; relPath: string; parsedCache?: string }

const COSTLY = new Set(['pdf', 'epub']);
const keyOf = async (absPath: string) => {
  const info = await stat(absPath).catch(() => null);
  return info ? `${info.size}:${info.mtimeMs}` : null;
};

/** Parses the file and keeps the parse of a costly format for readKept. */
export async function parseAndKeep(file: KeptFile): Promise<ParseOutcome> {
  const key = await keyOf(file.absPath);
  const outcome = await readSource(file.absPath, file.relPath);
  if (file.parsedCache && key && outcome.ok && COSTLY.has(outcome.source.format)) {
    // The key on the first line lets a reader check freshness without parsing the rest.
    await writeFileAtomic(file.parsedCache, `${key}\n${JSON.stringify(outcome)}`).catch(() => {});
  }
  return outcome;
}

/** The file's full ParseOutcome as JSON: the kept parse if it is of this version of the file, else a fresh one. */
export async function readKept(file: KeptFile): Promise<string> {
  if (file.parsedCache) {
    const [key, kept] = await Promise.all([keyOf(file.absPath), readFile(file.parsedCache, 'utf8').catch(() => null)]);
    const nl = kept?.indexOf('\n') ?? -1;
    if (kept && key && nl > 0 && kept.slice(0, nl) === key) return kept.slice(nl + 1);
  }
  return JSON.stringify(await parseAndKeep(file));
}
