/** The sample library in `seeds/`, read as the backend reads it (the real parser; no second reading of the text here). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceDoc } from '../../main/common/contract';
import { parseSource } from '../../main/node/library/parse';

export const SEEDS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../seeds');

/** A seed article as the backend serves it, for units that take a SourceDoc (the locator, the switcher's index). */
export async function seedDoc(file: string, id = file): Promise<SourceDoc> {
  const parsed = await parseSource(file, readFileSync(path.join(SEEDS, file)));
  if (!parsed.ok) throw new Error(`${file}: ${parsed.message}`);
  return { id, path: file, folder: 0, passageCount: parsed.source.passages.length, ...parsed.source };
}
