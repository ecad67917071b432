import type { DesktopAnswer, FolderKind, NotebookApi, RevealTarget } from '../common/contract';

export interface DesktopShell {
  /** The source's or note's absolute path, checked to lie in its folder (Backend.desktop.pathOf). */
  pathOf(target: RevealTarget): Promise<string>;
  showItemInFolder(absPath: string): void;
  /** The native folder dialog; null when cancelled. */
  chooseDirectory(kind: FolderKind): Promise<string | null>;
  /** Remembers the choice and reopens the app on it (after the window has saved). */
  reopenWith(kind: FolderKind, folder: string): void;
}

/**
 * The contract's desktop methods as the Electron shell answers them: the backend cannot reveal a
 * file or show a dialog, the main process can. Every other method is the backend's.
 */
export function withDesktopShell(api: NotebookApi, shell: DesktopShell): NotebookApi {
  return {
    ...api,
    async revealInFileManager(target: RevealTarget): Promise<DesktopAnswer> {
      const file = await shell.pathOf(target);
      shell.showItemInFolder(file);
      return { done: true, message: `Shown in the file manager: ${target.kind === 'note' ? target.path : target.id}` };
    },
    async chooseFolder(kind: FolderKind): Promise<DesktopAnswer> {
      const folder = await shell.chooseDirectory(kind);
      if (!folder) return { done: false, message: `No ${kind} folder chosen.` };
      shell.reopenWith(kind, folder);
      return { done: true, message: `Opening the ${kind} ${folder}…` };
    },
  };
}
