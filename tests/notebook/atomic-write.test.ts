import { execFile } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAtomicTempFile, writeFileAtomic } from '../../main/node/fs';

const seedText = await fsp.readFile(fileURLToPath(new URL('../../seeds/003_c38cac0ff9cc0db6.txt', import.meta.url)), 'utf8');
const here = path.dirname(fileURLToPath(import.meta.url));

let dir: string;
beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'sb-atomic-'));
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('replaces a file with the new text', async () => {
    const file = path.join(dir, 'Note.md');
    await fsp.writeFile(file, 'old');
    await writeFileAtomic(file, seedText);
    expect(await fsp.readFile(file, 'utf8')).toBe(seedText);
    expect(await fsp.readdir(dir)).toEqual(['Note.md']);
  });

  it('leaves the old note intact and no temp file when the write fails halfway', async () => {
    const file = path.join(dir, 'Note.md');
    await fsp.writeFile(file, 'the note as it was');
    const failingWrite = writeFileAtomic(file, seedText, {
      io: {
        write: async (handle, data) => {
          await handle.write(data, 0, data.length >> 1);
          throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        },
      },
    });
    await expect(failingWrite).rejects.toThrow(/ENOSPC/);
    expect(await fsp.readFile(file, 'utf8')).toBe('the note as it was');
    expect(await fsp.readdir(dir)).toEqual(['Note.md']);
  });

  it('leaves the old note intact when the process is killed in the middle of a save', async () => {
    const file = path.join(dir, 'Note.md');
    await fsp.writeFile(file, 'the note as it was');
    const big = seedText.repeat(200);
    const child = promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures', 'die-mid-write.ts'), file, String(big.length)]);
    await expect(child).rejects.toMatchObject({ signal: 'SIGKILL' });

    expect(await fsp.readFile(file, 'utf8')).toBe('the note as it was');
    // The half-written temp file stays behind, but as a hidden temp file nobody mistakes for a note.
    const leftovers = (await fsp.readdir(dir)).filter((name) => name !== 'Note.md');
    expect(leftovers).toHaveLength(1);
    expect(isAtomicTempFile(leftovers[0]!)).toBe(true);
    expect((await fsp.stat(path.join(dir, leftovers[0]!))).size).toBeLessThan(Buffer.byteLength(big));
  });

  it('refuses to replace an existing file when asked for an exclusive create', async () => {
    const file = path.join(dir, 'Note.md');
    await fsp.writeFile(file, 'mine');
    await expect(writeFileAtomic(file, 'theirs', { exclusive: true })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await fsp.readFile(file, 'utf8')).toBe('mine');
    expect(await fsp.readdir(dir)).toEqual(['Note.md']);
  });

  it('still refuses to replace a file on file systems without hard links', async () => {
    const noLinks = { link: async () => { throw Object.assign(new Error('EPERM: operation not permitted'), { code: 'EPERM' }); } };
    const file = path.join(dir, 'Note.md');
    await writeFileAtomic(file, 'first', { exclusive: true, io: noLinks });
    await expect(writeFileAtomic(file, 'second', { exclusive: true, io: noLinks })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await fsp.readFile(file, 'utf8')).toBe('first');
    expect(await fsp.readdir(dir)).toEqual(['Note.md']);
  });

  it('aborts without touching the target when the last-moment check fails', async () => {
    const file = path.join(dir, 'Note.md');
    await fsp.writeFile(file, 'changed by someone else');
    await expect(writeFileAtomic(file, 'ours', { beforeCommit: () => { throw new Error('changed meanwhile'); } })).rejects.toThrow('changed meanwhile');
    expect(await fsp.readFile(file, 'utf8')).toBe('changed by someone else');
    expect(await fsp.readdir(dir)).toEqual(['Note.md']);
  });
});
