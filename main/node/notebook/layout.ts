/**
 * Where things live in a notebook folder. Everything the user owns (their notes, their
 * folders) is plain Markdown at the top; everything Sourcebook keeps is under `.sourcebook/`.
 */
import path from 'node:path';

export const DATA_DIR = '.sourcebook';

export interface NotebookLayout {
  root: string;
  data: string;
  annotations: string;
  snapshots: string;
  trash: string;
  colors: string;
  review: string;
  /** Lock files of writes in progress (file-lock.ts); empty when nobody writes. */
  locks: string;
  /** Renames in progress, so a crash between link and unlink is finished at the next start. */
  journal: string;
}

export function notebookLayout(root: string): NotebookLayout {
  const data = path.join(root, DATA_DIR);
  return {
    root,
    data,
    annotations: path.join(data, 'annotations'),
    snapshots: path.join(data, 'snapshots'),
    trash: path.join(data, 'trash'),
    colors: path.join(data, 'colors.json'),
    review: path.join(data, 'review.json'),
    locks: path.join(data, 'locks'),
    journal: path.join(data, 'journal'),
  };
}

/** Folders a note listing never enters: ours, version control, other apps' settings. */
export function isHiddenName(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}
