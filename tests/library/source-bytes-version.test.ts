/**
 * A PDF's bytes go to the reader with the content hash of the version the library read: bytes of
 * a newer version, not yet re-read, must not travel under the old version's hash and page map.
 */
import { copyFile, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SourceSummary } from '../../main/common/contract';
import { LibraryCatalog } from '../../main/node/library/library-catalog';
import { SourceReader } from '../../main/node/library/source-reader';

const PAPER = path.resolve(__dirname, '../../../shared/corpora/pdf-edge');

let dir: string;
let file: string;
let reader: SourceReader;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sb-bytes-'));
  file = path.join(dir, 'paper.pdf');
  const pdf = (await readdir(PAPER)).find((name) => name.endsWith('.pdf'))!;
  await copyFile(path.join(PAPER, pdf), file);
  const info = await stat(file);
  const catalog = new LibraryCatalog();
  catalog.files.set('paper.pdf', { id: 'paper.pdf', absPath: file, relPath: 'paper.pdf', folder: 0, size: info.size, mtimeMs: info.mtimeMs });
  catalog.sources.set('paper.pdf', { id: 'paper.pdf', format: 'pdf', contentHash: 'hash-of-the-version-read' } as SourceSummary);
  reader = new SourceReader(catalog, { readSource: async () => { throw new Error('not parsed here'); } }, () => { throw new Error('unused'); });
});
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

describe('a PDF\'s bytes for the reader', () => {
  it('come with the hash of the version the library read', async () => {
    const bytes = await reader.getSourceFile('paper.pdf');
    expect(bytes.contentHash).toBe('hash-of-the-version-read');
    expect(bytes.bytes.length).toBe((await stat(file)).size);
  });

  it('are refused with a clear message while a newer version on disk is not yet read', async () => {
    await writeFile(file, '%PDF-1.4 a newer version of the paper, not yet re-read\n');
    await expect(reader.getSourceFile('paper.pdf')).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('changed on disk') });
  });
});
