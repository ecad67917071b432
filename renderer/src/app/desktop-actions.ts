/**
 * The desktop conventions as the page drives them, over the contract (so browser mode answers in
 * words what it cannot do): revealing the open source or note in the file manager, choosing
 * another library or notebook, and files or folders dropped onto the window becoming sources.
 */
import type { FolderKind, ImportFile, NotebookApi } from '../../../main/common/contract';
import { errorText } from './dom';

export interface DesktopDeps {
  api: Pick<NotebookApi, 'revealInFileManager' | 'chooseFolder' | 'importSources'>;
  notify(message: string, kind: 'info' | 'error'): void;
}

export async function reveal(deps: DesktopDeps, target: { kind: 'source'; id: string } | { kind: 'note'; path: string } | null): Promise<void> {
  if (!target) {
    deps.notify('Open a source or a note first.', 'info');
    return;
  }
  try {
    const answer = await deps.api.revealInFileManager(target);
    deps.notify(answer.message, 'info');
  } catch (e) {
    deps.notify(`Could not show it in the file manager: ${errorText(e)}`, 'error');
  }
}

export async function chooseFolder(deps: DesktopDeps, kind: FolderKind): Promise<void> {
  try {
    deps.notify((await deps.api.chooseFolder(kind)).message, 'info');
  } catch (e) {
    deps.notify(`Could not open a ${kind}: ${errorText(e)}`, 'error');
  }
}

/** Bytes per call: a few files at a time keeps every request far below the server's body limit. */
const BATCH_BYTES = 16 * 1024 * 1024;
const MAX_FILES = 500;

/** Makes the window a drop target for files and folders; returns the cleanup. */
export function registerDropImport(target: Window, deps: DesktopDeps): () => void {
  const onDragOver = (e: DragEvent) => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  };
  const onDrop = (e: DragEvent) => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    void importDropped(e.dataTransfer, deps);
  };
  target.addEventListener('dragover', onDragOver);
  target.addEventListener('drop', onDrop);
  return () => {
    target.removeEventListener('dragover', onDragOver);
    target.removeEventListener('drop', onDrop);
  };
}

async function importDropped(data: DataTransfer, deps: DesktopDeps): Promise<void> {
  const files = await droppedFiles(data);
  if (!files.length) return;
  const added: string[] = [];
  const refused: Array<{ path: string; reason: string }> = [];
  let batch: ImportFile[] = [];
  let bytes = 0;
  const send = async () => {
    if (!batch.length) return;
    try {
      const result = await deps.api.importSources(batch);
      added.push(...result.added);
      refused.push(...result.refused);
    } catch (e) {
      refused.push(...batch.map((f) => ({ path: f.path, reason: errorText(e) })));
    }
    batch = [];
    bytes = 0;
  };
  for (const { path, file } of files.slice(0, MAX_FILES)) {
    if (bytes + file.size > BATCH_BYTES) await send();
    batch.push({ path, data: await base64(file) });
    bytes += file.size;
  }
  await send();
  const parts = [added.length ? `Added ${added.length} source${added.length === 1 ? '' : 's'} to the library` : 'No source was added'];
  if (refused.length) parts.push(`${refused.length} not added (${refused.slice(0, 3).map((r) => `${r.path}: ${r.reason}`).join('; ')}${refused.length > 3 ? '; …' : ''})`);
  deps.notify(`${parts.join('; ')}.`, refused.length && !added.length ? 'error' : 'info');
}

/** Dropped files with their paths relative to what was dropped (folders are walked). */
async function droppedFiles(data: DataTransfer): Promise<Array<{ path: string; file: File }>> {
  const out: Array<{ path: string; file: File }> = [];
  const entries = [...data.items].map((item) => item.webkitGetAsEntry?.() ?? null);
  if (entries.every((e) => e === null)) return [...data.files].map((file) => ({ path: file.name, file }));
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    if (out.length >= MAX_FILES) return;
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
      out.push({ path: prefix + entry.name, file });
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
        if (!batch.length) break;
        for (const child of batch) await walk(child, `${prefix}${entry.name}/`);
      }
    }
  };
  for (const entry of entries) if (entry) await walk(entry, '');
  return out;
}

async function base64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
