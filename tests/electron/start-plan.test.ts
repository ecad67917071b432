import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  exitCodeFor, isCi, locateElectronBinary, nextStartStep, NO_BINARY_NOTICE, NO_PACKAGE_NOTICE,
} from '../../main/node/launcher/start-plan';
import type { StartState } from '../../main/node/launcher/start-plan';

const BINARY = '/repo/node_modules/electron/dist/electron';
const base: StartState = { args: [], env: {}, electronBinary: null, electronPackage: true, downloadTried: false };

describe('what npm start does', () => {
  it('opens the desktop app on the project when Electron’s binary is there, passing the arguments on', () => {
    expect(nextStartStep({ ...base, electronBinary: BINARY, args: ['--library', 'seeds'] })).toEqual({
      kind: 'electron',
      binary: BINARY,
      args: ['.', '--library', 'seeds'],
    });
  });

  it('tries Electron’s own downloader once when the binary is missing', () => {
    expect(nextStartStep(base)).toEqual({ kind: 'download' });
  });

  it('opens the app after a successful download', () => {
    expect(nextStartStep({ ...base, downloadTried: true, electronBinary: BINARY })).toMatchObject({ kind: 'electron' });
  });

  it('says so in one line and starts browser mode when the download failed', () => {
    const step = nextStartStep({ ...base, downloadTried: true, args: ['--notebook', '/tmp/nb'] });
    expect(step).toEqual({ kind: 'browser', args: ['--notebook', '/tmp/nb'], notice: NO_BINARY_NOTICE });
    expect(NO_BINARY_NOTICE).not.toContain('\n');
    expect(NO_BINARY_NOTICE).toMatch(/browser mode/);
  });

  it('goes to browser mode without a download when Electron is not installed at all', () => {
    expect(nextStartStep({ ...base, electronPackage: false })).toEqual({ kind: 'browser', args: [], notice: NO_PACKAGE_NOTICE });
  });

  it.each([
    ['--browser is given, even with a binary', { ...base, electronBinary: BINARY, args: ['--browser', '--library', 'x'] }],
    ['CI=true', { ...base, env: { CI: 'true' } }],
    ['CI=1 with a binary', { ...base, env: { CI: '1' }, electronBinary: BINARY }],
  ])('goes straight to browser mode, silently, when %s', (_label, state) => {
    const step = nextStartStep(state);
    expect(step.kind).toBe('browser');
    if (step.kind === 'browser') {
      expect(step.notice).toBeNull();
      expect(step.args).not.toContain('--browser');
    }
  });
});

describe('CI detection', () => {
  it.each([
    [{ CI: 'true' }, true],
    [{ CI: 'TRUE' }, true],
    [{ CI: '1' }, true],
    [{ CI: 'woodpecker' }, true],
    [{ CI: 'false' }, false],
    [{ CI: '0' }, false],
    [{ CI: '' }, false],
    [{}, false],
  ])('%j → %s', (env, expected) => {
    expect(isCi(env)).toBe(expected);
  });
});

describe('finding Electron’s binary', () => {
  const dir = '/repo/node_modules/electron';
  const filesWith = (contents: Record<string, string>, env: Record<string, string> = {}) => ({
    electronDir: dir,
    env,
    readFile: (file: string) => contents[file] ?? null,
    isFile: (file: string) => file in contents,
  });

  it('follows path.txt into dist/', () => {
    const files = filesWith({ [path.join(dir, 'path.txt')]: 'electron', [path.join(dir, 'dist', 'electron')]: '' });
    expect(locateElectronBinary(files)).toBe(path.join(dir, 'dist', 'electron'));
  });

  it('reports nothing when path.txt is missing (the postinstall never ran)', () => {
    expect(locateElectronBinary(filesWith({}))).toBeNull();
  });

  it('reports nothing when path.txt names a binary that is not there', () => {
    expect(locateElectronBinary(filesWith({ [path.join(dir, 'path.txt')]: 'electron' }))).toBeNull();
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH', () => {
    const files = filesWith({ '/opt/electron/electron': '' }, { ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron' });
    expect(locateElectronBinary(files)).toBe(path.join('/opt/electron', 'electron'));
  });
});

describe('the exit code', () => {
  const signals = { SIGINT: 2, SIGTERM: 15 };
  it.each([
    [0, null, 0],
    [3, null, 3],
    [null, 'SIGINT', 130],
    [null, 'SIGTERM', 143],
    [null, 'SIGWEIRD', 1],
  ])('code %s / signal %s → %i', (code, signal, expected) => {
    expect(exitCodeFor(code, signal, signals)).toBe(expected);
  });
});
