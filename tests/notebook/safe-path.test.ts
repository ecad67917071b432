import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRelativePath, PathEscapeError, resolveInside } from '../../main/node/fs';

let root: string;
let outside: string;
beforeAll(async () => {
  const base = await fsp.realpath(await fsp.mkdtemp(path.join(os.tmpdir(), 'sb-paths-')));
  root = path.join(base, 'notebook');
  outside = path.join(base, 'secrets');
  await fsp.mkdir(path.join(root, 'Projects'), { recursive: true });
  await fsp.mkdir(outside);
  await fsp.writeFile(path.join(outside, 'passwords.md'), 'hunter2');
  await fsp.symlink(outside, path.join(root, 'escape'));
  await fsp.symlink(path.join(outside, 'passwords.md'), path.join(root, 'link.md'));
  await fsp.symlink(path.join(outside, 'missing.md'), path.join(root, 'dangling.md'));
  await fsp.symlink(path.join(root, 'Projects'), path.join(root, 'inner-link'));
});
afterAll(async () => {
  await fsp.rm(path.dirname(root), { recursive: true, force: true });
});

const hostile: [input: string, reason: string][] = [
  ['', 'empty'],
  ['../secrets/passwords.md', 'dot-segment'],
  ['Projects/../../secrets/passwords.md', 'dot-segment'],
  ['./Note.md', 'dot-segment'],
  ['..', 'dot-segment'],
  ['/etc/passwd', 'absolute'],
  ['//server/share/Note.md', 'absolute'],
  ['C:/Windows/win.ini', 'drive-letter'],
  ['c:Note.md', 'drive-letter'],
  ['Projects/D:/Note.md', 'drive-letter'],
  ['..\\secrets\\passwords.md', 'backslash'],
  ['Projects\\Note.md', 'backslash'],
  ['Note.md\0.txt', 'nul'],
  ['Note\n.md', 'control-character'],
  ['Projects//Note.md', 'empty-segment'],
  ['Projects/', 'empty-segment'],
  ['a'.repeat(5000), 'too-long'],
];

describe('checkRelativePath refuses hostile paths', () => {
  it.each(hostile)('refuses %j (%s)', (input, reason) => {
    expect(() => checkRelativePath(input)).toThrow(PathEscapeError);
    try {
      checkRelativePath(input);
    } catch (err) {
      expect((err as PathEscapeError).reason).toBe(reason);
    }
  });

  it.each(['Note.md', 'Projects/Idea.md', 'Café ☕ notes.md', 'a..b.md', '.hidden.md', 'Projects/Sub folder/Deep.md'])(
    'accepts the ordinary path %j', (input) => {
      expect(checkRelativePath(input)).toEqual(input.split('/'));
    });
});

describe('resolveInside', () => {
  it('resolves ordinary paths inside the root, existing or not', async () => {
    expect(await resolveInside(root, 'Projects/Idea.md')).toBe(path.join(root, 'Projects', 'Idea.md'));
    expect(await resolveInside(root, 'New folder/New.md')).toBe(path.join(root, 'New folder', 'New.md'));
    expect(await resolveInside(root, 'inner-link/Idea.md')).toBe(path.join(root, 'inner-link', 'Idea.md'));
  });

  it('takes a name that only begins with two dots for a name, not a step out of the folder', async () => {
    expect(await resolveInside(root, '..notes.md')).toBe(path.join(root, '..notes.md'));
    expect(await resolveInside(root, 'Projects/..old/Idea.md')).toBe(path.join(root, 'Projects', '..old', 'Idea.md'));
  });

  it.each([
    ['escape/passwords.md', 'a folder symlink leading out'],
    ['escape/new.md', 'a new file behind a folder symlink leading out'],
    ['link.md', 'a file symlink leading out'],
    ['dangling.md', 'a dangling symlink'],
  ])('refuses %j (%s)', async (input) => {
    await expect(resolveInside(root, input)).rejects.toMatchObject({ name: 'PathEscapeError', reason: 'outside-root' });
  });

  it('refuses what the string policy refuses before touching the disk', async () => {
    for (const [input] of hostile) await expect(resolveInside(root, input)).rejects.toBeInstanceOf(PathEscapeError);
  });
});
