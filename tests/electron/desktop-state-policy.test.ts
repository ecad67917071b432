import { describe, expect, it } from 'vitest';
import { relaunchArgs, resolveLaunchPaths } from '../../main/electron-main/launch-options';
import { MAX_RECENT, parseDesktopState, rememberOpened, windowBoundsFor } from '../../main/electron-main/policies/desktop-state';

const screenArea = { x: 0, y: 0, width: 1920, height: 1080 };

describe('what the desktop app remembers', () => {
  it('keeps recent libraries and notebooks, most recent first, without repeats, at most eight', () => {
    let state = parseDesktopState(null);
    for (let i = 0; i < 10; i++) state = rememberOpened(state, { libraryFolders: [`/lib/${i}`], notebookDir: `/nb/${i % 3}` });
    state = rememberOpened(state, { libraryFolders: ['/lib/4'], notebookDir: '/nb/0' });
    expect(state.libraries[0]).toEqual(['/lib/4']);
    expect(state.libraries).toHaveLength(MAX_RECENT);
    expect(state.libraries.filter((l) => l[0] === '/lib/4')).toHaveLength(1);
    expect(state.notebooks).toEqual(['/nb/0', '/nb/0'.replace('0', '2'), '/nb/1']);
  });

  it('reads a damaged or hostile state file as what it can trust', () => {
    expect(parseDesktopState('garbage')).toEqual({ libraries: [], notebooks: [], window: null });
    expect(parseDesktopState({ libraries: [['/ok'], 'nope', [], [42], ['/a\0b']], notebooks: ['/n', 7], window: { x: 1, y: 2, width: -5, height: 10 } }))
      .toEqual({ libraries: [['/ok']], notebooks: ['/n'], window: null });
  });

  it('puts the window back where it was, if that is still on a screen', () => {
    const saved = { x: 100, y: 80, width: 1200, height: 800, maximized: false };
    expect(windowBoundsFor(saved, [screenArea], { width: 1400, height: 900 })).toEqual(saved);
    // The second monitor it was on is gone: default size, placed by the OS.
    expect(windowBoundsFor({ ...saved, x: 2500 }, [screenArea], { width: 1400, height: 900 })).toEqual({ width: 1400, height: 900, maximized: false });
    // Larger than the screen now (a smaller monitor): shrunk to fit, kept on it.
    expect(windowBoundsFor({ x: -50, y: 0, width: 3000, height: 2000, maximized: true }, [screenArea], { width: 1400, height: 900 })).toEqual({ x: 0, y: 0, width: 1920, height: 1080, maximized: true });
    expect(windowBoundsFor(null, [screenArea], { width: 1400, height: 900 })).toEqual({ width: 1400, height: 900, maximized: false });
  });

  it('opens the library and notebook opened last, unless a flag names others', () => {
    const env = { argv: ['/opt/sb'], cwd: '/home/ada', isPackaged: true, appRoot: '/opt/resources/app.asar', resourcesPath: '/opt/resources', documentsDir: '/home/ada/Documents', userDataDir: '/home/ada/.config/Sourcebook' };
    const remembered = { libraryFolders: ['/home/ada/Papers'], notebookDir: '/home/ada/Notes' };
    expect(resolveLaunchPaths({ ...env, remembered })).toMatchObject({ libraryFolders: ['/home/ada/Papers'], notebookDir: '/home/ada/Notes' });
    expect(resolveLaunchPaths({ ...env, argv: ['/opt/sb', '--library', 'Books'], remembered })).toMatchObject({ libraryFolders: ['/home/ada/Books'], notebookDir: '/home/ada/Notes' });
  });

  it('relaunches with the chosen folder, keeping the other flags and dropping a deep link', () => {
    expect(relaunchArgs(['.', '--library', '/a', '--library=/b', '--notebook', '/n', 'sourcebook://annotation/x'], 'library', ['/c']))
      .toEqual(['.', '--notebook', '/n', '--library=/c']);
    expect(relaunchArgs(['.', '--notebook=/old'], 'notebook', ['/new'])).toEqual(['.', '--notebook=/new']);
  });
});
