import type { Annotation, NotebookApi, NotebookEvent, Unsubscribe } from '../../common/contract';
import { openNotebook } from '../notebook';

type NotebookMethods =
  | 'listNotes' | 'readNote' | 'createNote' | 'saveNote' | 'renameNote' | 'deleteNote' | 'restoreNote' | 'getNoteLinks'
  | 'listAnnotations' | 'getAnnotation' | 'createAnnotation' | 'updateAnnotation' | 'deleteAnnotation'
  | 'getColors' | 'setColors' | 'listReview' | 'keepAsOrphan' | 'checkQuotes' | 'exportAnnotations' | 'exportNoteMarkdown';

/** What the backend needs from the notebook (main/node/notebook implements it). */
export interface NotebookService extends Pick<NotebookApi, NotebookMethods> {
  readonly root: string;
  /** Every annotation as stored, not anchored: cheap, for indexing quotes at start-up. */
  storedAnnotations(): Promise<Annotation[]>;
  /** Re-anchors every annotation on a source whose text changed (or that disappeared). */
  reanchorSource(sourceId: string): Promise<void>;
  subscribe(listener: (event: NotebookEvent) => void): Unsubscribe;
  close(): Promise<void>;
}

/** How the notebook reaches the library's sources. */
export interface SourceAccess {
  getText(sourceId: string): Promise<{ text: string; contentHash: string; title: string } | null>;
  findByHash(hash: string): Promise<string | null>;
}

export function openNotebookService(root: string, sources: SourceAccess, options: { watch?: boolean } = {}): Promise<NotebookService> {
  return openNotebook(root, sources, options);
}
