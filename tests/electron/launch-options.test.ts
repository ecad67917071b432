import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexWorkerPath, LaunchOptionsError, resolveLaunchPaths } from '../../main/electron-main/launch-options';
import type { LaunchEnvironment } from '../../main/electron-main/launch-options';

const dev: LaunchEnvironment = {
  argv: ['/repo/node_modules/electron/dist/electron', '.'],
  cwd: '/repo',
  isPackaged: false,
  appRoot: '/repo',
  resourcesPath: '/repo/node_modules/electron/dist/resources',
  documentsDir: '/home/ada/Documents',
  userDataDir: '/home/ada/.config/Sourcebook',
};
const packaged: LaunchEnvironment = {
  ...dev,
  argv: ['/opt/Sourcebook/sourcebook'],
  cwd: '/home/ada',
  isPackaged: true,
  appRoot: '/opt/Sourcebook/resources/app.asar',
  resourcesPath: '/opt/Sourcebook/resources',
};

describe('launch paths', () => {
  it('open the sample library beside package.json in development', () => {
    expect(resolveLaunchPaths(dev)).toEqual({
      libraryFolders: [path.resolve('/repo/seeds')],
      notebookDir: path.join('/home/ada/Documents', 'Sourcebook Notebook'),
      cacheDir: path.join('/home/ada/.config/Sourcebook', 'library-cache'),
    });
  });

  it('open the bundled sample library from the resources folder when packaged', () => {
    expect(resolveLaunchPaths(packaged).libraryFolders).toEqual([path.join('/opt/Sourcebook/resources', 'seeds')]);
  });

  it('take --library (repeatable, both spellings) and --notebook, relative to the working folder', () => {
    const paths = resolveLaunchPaths({
      ...packaged,
      argv: [...packaged.argv, '--library', 'Papers', '--library=/data/books', '--notebook', '../shared/Notebook'],
    });
    expect(paths.libraryFolders).toEqual([path.resolve('/home/ada/Papers'), path.resolve('/data/books')]);
    expect(paths.notebookDir).toBe(path.resolve('/home/shared/Notebook'));
  });

  it('ignore the app folder and Chromium switches Electron passes along', () => {
    const paths = resolveLaunchPaths({ ...dev, argv: [...dev.argv, '--no-sandbox', '--enable-logging', '--library', 'seeds'] });
    expect(paths.libraryFolders).toEqual([path.resolve('/repo/seeds')]);
  });

  it('refuse an empty folder with a message that names the option', () => {
    expect(() => resolveLaunchPaths({ ...dev, argv: [...dev.argv, '--notebook='] })).toThrow(LaunchOptionsError);
    expect(() => resolveLaunchPaths({ ...dev, argv: [...dev.argv, '--notebook=  '] })).toThrow(/--notebook/);
    expect(() => resolveLaunchPaths({ ...dev, argv: [...dev.argv, '--library'] })).toThrow(/--library/);
  });
});

describe('the index worker path', () => {
  it('is read from app.asar.unpacked when packaged, since workers cannot start inside an archive', () => {
    expect(indexWorkerPath('/opt/Sourcebook/resources/app.asar')).toBe(path.join('/opt/Sourcebook/resources/app.asar.unpacked', 'out', 'index-worker.mjs'));
  });

  it('is the build output in development', () => {
    expect(indexWorkerPath('/repo')).toBe(path.join('/repo', 'out', 'index-worker.mjs'));
  });

  it('leaves a folder merely named like the archive alone', () => {
    expect(indexWorkerPath('/home/ada/app.asar-notes/repo')).toBe(path.join('/home/ada/app.asar-notes/repo', 'out', 'index-worker.mjs'));
  });
});
