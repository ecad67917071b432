import type { DesktopAnswer, FolderKind, ImportFile, ImportResult, RevealTarget } from '../../common/contract';
import { ApiError } from '../../common/contract';
import { resolveInside } from '../fs';
import { importSources } from '../library/import-sources';
import type { Library } from '../library/library';

/**
 * The desktop part of the contract as the backend alone can answer it. Revealing a file and
 * choosing folders need the OS shell, which only the Electron main process has: it replaces
 * those two (main/electron-main/desktop-api.ts); everywhere else (browser mode, the CLI's
 * server) they say plainly that they are not available and where the file is.
 */
export class DesktopService {
  constructor(private readonly library: Library, private readonly notebookRoot: string) {}

  /** Where a source or a note is on disk (absolute), checked to lie inside its folder. */
  async pathOf(target: RevealTarget): Promise<string> {
    if (target.kind === 'note') return resolveInside(this.notebookRoot, target.path);
    const file = this.library.sourceFile(target.id);
    if (!file) throw new ApiError('not-found', `no source "${target.id}" in the library`);
    return resolveInside(this.library.folders[file.folder]!, file.relPath);
  }

  async revealInFileManager(target: RevealTarget): Promise<DesktopAnswer> {
    const where = target.kind === 'note' ? `"${target.path}" in the notebook folder` : `"${this.library.sourceFile(target.id)?.relPath ?? target.id}" in the library folder`;
    return { done: false, message: `Reveal in file manager is available in the desktop app only; the file is ${where}.` };
  }

  async chooseFolder(kind: FolderKind): Promise<DesktopAnswer> {
    return { done: false, message: `Open ${kind}… is available in the desktop app only; here, start \`sourcebook serve --${kind} FOLDER\`.` };
  }

  importSources(files: ImportFile[]): Promise<ImportResult> {
    const root = this.library.folders[0];
    if (!root) throw new ApiError('bad-request', 'the library has no folder to add sources to');
    return importSources(root, files);
  }
}
