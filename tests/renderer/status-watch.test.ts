import { allByRole } from '../support/roles';
import { describe, expect, it } from 'vitest';
import { StatusLine } from '../../renderer/src/app/status-line';

describe('the status line and the library watcher', () => {
  it('says when changes are picked up by re-scanning, and says nothing while the OS reports them', () => {
    const status = new StatusLine(() => {});
    document.body.append(status.element);
    const note = () => status.element.querySelector<HTMLElement>('[role="note"]')!;
    status.setWatch({ mode: 'native', message: 'changes are picked up as they happen' });
    expect(note().hidden).toBe(true);
    status.setWatch({ mode: 'rescan', message: 'the system limit on file watches is reached (ENOSPC…): the library is re-scanned every 10 s instead' });
    expect(note().hidden).toBe(false);
    expect(note().textContent).toMatch(/picked up slowly: the system limit on file watches.*re-scanned every 10 s/);
    status.setWatch(undefined);
    expect(note().hidden).toBe(true);
  });

  it('names the reason of a link or a pipe in the problems list', () => {
    const status = new StatusLine(() => {});
    status.setProblems([
      { path: 'leak.txt', folder: 0, reason: 'symlink', message: 'a symbolic link; links are not followed, so nothing outside the library folder is read' },
      { path: 'pipe.md', folder: 0, reason: 'special-file', message: 'a named pipe (FIFO), not a regular file' },
    ]);
    const items = allByRole(status.element, 'listitem').map((li) => li.textContent);
    expect(items).toEqual([
      'leak.txt — not followed: a symbolic link; links are not followed, so nothing outside the library folder is read',
      'pipe.md — not a file: a named pipe (FIFO), not a regular file',
    ]);
  });
});
