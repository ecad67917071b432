/** What the app needs from the notes pane (renderer/src/notes, owned by the notes side). */
import type { mountNotes } from '../notes';

export type { NotesController } from '../notes';
export type MountNotes = typeof mountNotes;
