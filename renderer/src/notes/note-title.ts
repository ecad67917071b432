/** A note's title as the notes list shows it: its file name without ".md" (the backend's own rule). */
export { titleOfPath as noteTitle } from '../../../main/common/notebook/note-title';
