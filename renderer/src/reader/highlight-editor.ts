/**
 * The popover over an existing highlight: recolour it, comment on it, delete it, or open a note
 * that quotes it. Failures are said in the status line; the highlight stays as it was.
 */
import type { AnchoredAnnotation, ColorDef, NotebookApi } from '../../../main/common/contract';
import { errorText } from '../app/dom';
import { annotationEditor } from './annotation-panels';
import type { Popover } from './popover';

export interface HighlightEditorDeps {
  api: NotebookApi;
  popover: Popover;
  colors: readonly ColorDef[];
  notify(message: string, kind?: 'info' | 'error'): void;
  /** Shows the annotation as it now is. */
  show(a: AnchoredAnnotation): void;
  /** Stops showing the annotation (it was deleted). */
  forget(annotationId: string): void;
  openNote(path: string, annotationId: string): void;
}

export function openHighlightEditor(a: AnchoredAnnotation, at: DOMRect, deps: HighlightEditorDeps): void {
  const panel = annotationEditor(a, deps.colors, {
    update: async (patch) => {
      try {
        deps.show(await deps.api.updateAnnotation(a.id, patch));
      } catch (err) {
        deps.notify(`Could not update the highlight: ${errorText(err)}`, 'error');
      }
    },
    remove: async () => {
      try {
        await deps.api.deleteAnnotation(a.id);
        deps.popover.close(false);
        deps.forget(a.id);
      } catch (err) {
        deps.notify(`Could not delete: ${errorText(err)}`, 'error');
      }
    },
    openNote: (path) => { deps.popover.close(false); deps.openNote(path, a.id); },
  });
  deps.popover.open(panel, at, { focus: true });
}
