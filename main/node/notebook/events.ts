import type { NotebookEvent, Unsubscribe } from '../../common/contract';

/** The notebook's share of NotebookEvent: what it reports about notes, annotations (with the review list's size) and colours. */
export type NotebookBackendEvent = Extract<NotebookEvent, { type: 'notes-changed' | 'annotations-changed' | 'colors-changed' }>;

/** A small synchronous emitter; a listener that throws does not stop the others. */
export class NotebookEvents {
  private readonly listeners = new Set<(event: NotebookBackendEvent) => void>();

  subscribe(listener: (event: NotebookBackendEvent) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: NotebookBackendEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (err) {
        console.error('notebook event listener failed:', err);
      }
    }
  }
}
