/**
 * Small runs of the torture benchmarks (npm run torture) as tests: two backend processes on one
 * notebook, and a backend killed at random moments. The full runs (≥ 1,000 rounds and kills)
 * are benchmarks; these keep the invariants from regressing in `npm test`. Last, a lock held by
 * another live process: the wait is bounded and ends in a conflict.
 */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openNotebook } from '../../main/node/notebook';
import { FakeSources, readSeed, spanOf, tempDir } from './helpers';
import { runKillTorture } from '../bench/torture/kills';
import { runRaceTorture } from '../bench/torture/race';

describe('two backend processes on one notebook', () => {
  it('never lose an acknowledged save or rename, nor revert an annotation edit or a link rewrite', async () => {
    const report = await runRaceTorture(48, 7);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ rounds: 48, lost: 0, reverted: 0 });
    // One of two same-version saves is refused each round: the conflict is shown, not swallowed.
    expect(report.conflictsShown).toBeGreaterThanOrEqual(12);
  }, 60_000);
});

describe('a backend killed at random moments', () => {
  it('leaves every file whole, every acknowledged operation on disk and no temp file behind', async () => {
    const report = await runKillTorture(10, 7);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ kills: 10, lost: 0, corrupted: 0, unexpectedErrors: 0, tempFilesAfterStart: 0 });
    expect(report.saves).toBeGreaterThan(0);
  }, 60_000);
});

describe('a write another process holds the lock for', () => {
  it('waits a bounded time, then is a conflict the user can retry, for notes and annotations alike', async () => {
    const root = await tempDir('sb-held-lock-');
    const seed = await readSeed('confession');
    const sources = new FakeSources();
    sources.set('src', seed, 'Amazon AI');
    const notebook = await openNotebook(root, sources, { watch: false, lockWaitMs: 300 });
    const note = await notebook.createNote('Held');
    const a = await notebook.createAnnotation({ kind: 'highlight', sourceId: 'src', ...spanOf(seed, 'Alexa') });
    // Lock files as a live process (our parent) holding them would leave them.
    const hold = async (key: string) => fsp.writeFile(path.join(root, '.sourcebook', 'locks', `${createHash('sha256').update(key).digest('hex').slice(0, 40)}.lock`), `${process.ppid} 1 ${Date.now()}\n`);
    await hold('held.md');
    await hold('annotations');
    await expect(notebook.saveNote({ path: note.path, markdown: 'x', baseVersion: note.version })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/another window/) });
    await expect(notebook.updateAnnotation(a.id, { comment: 'x' })).rejects.toMatchObject({ code: 'conflict' });
    expect(await fsp.readFile(path.join(root, note.path), 'utf8')).toBe('');
    await notebook.close();
    await fsp.rm(root, { recursive: true, force: true });
  });
});
