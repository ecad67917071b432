/** main.ts with an unusable command line: the user sees why, and the app exits instead of hanging. */
import { afterAll, expect, it, vi } from 'vitest';
import * as electron from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));
vi.mock('../../main/node/backend/backend', () => ({
  Backend: { open: async () => { throw new Error('the backend must not be opened'); } },
}));

const argv = process.argv;
afterAll(() => {
  process.argv = argv;
});

it('explains a bad --notebook in an error box and exits with code 1, without opening a window', async () => {
  process.argv = [argv[0]!, '.', '--notebook=  '];
  const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
  await import('../../main/electron-main/main');
  electron.app.becomeReady();
  await vi.waitFor(() => expect(electron.app.exitCode).toBe(1));
  expect(electron.dialog.errors).toEqual([['Sourcebook could not start', expect.stringContaining('--notebook')]]);
  expect(electron.FakeBrowserWindow.created).toHaveLength(0);
  logged.mockRestore();
});
