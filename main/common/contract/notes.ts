import { z } from 'zod';

/** A note's path relative to the notebook folder, POSIX slashes, ending in `.md`. Validated again in the backend against escapes. */
export const NotePath = z.string().min(4).max(1024).regex(/\.md$/i, 'a note path ends in .md');
export type NotePath = z.infer<typeof NotePath>;

export const NoteSummary = z.object({
  path: NotePath,
  title: z.string(),
  modified: z.number(),
  bytes: z.number().int().nonnegative(),
});
export type NoteSummary = z.infer<typeof NoteSummary>;

export const NoteFile = NoteSummary.extend({
  markdown: z.string(),
  /** Opaque token of the file's content on disk; a save must name the version it edits. */
  version: z.string(),
});
export type NoteFile = z.infer<typeof NoteFile>;

export const SaveNoteRequest = z.object({
  path: NotePath,
  markdown: z.string().max(50_000_000),
  /** The version the editor started from; null for a note that must not exist yet. */
  baseVersion: z.string().nullable(),
}).strict();
export type SaveNoteRequest = z.infer<typeof SaveNoteRequest>;

export const SaveNoteResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('saved'), version: z.string(), modified: z.number() }),
  /** The file changed on disk since `baseVersion`: nothing was written. */
  z.object({ status: z.literal('conflict'), disk: NoteFile.nullable() }),
]);
export type SaveNoteResult = z.infer<typeof SaveNoteResult>;

export const NoteTitle = z.string().trim().min(1).max(200);

export const DeletedNote = z.object({ trashId: z.string(), path: NotePath });
export type DeletedNote = z.infer<typeof DeletedNote>;

export const NoteLinks = z.object({
  /** Notes whose `[[wikilinks]]` point at this note. */
  backlinks: z.array(NoteSummary),
  /** Sources this note quotes, with how many quotes each. */
  quotedSources: z.array(z.object({ sourceId: z.string(), title: z.string(), quotes: z.number().int() })),
});
export type NoteLinks = z.infer<typeof NoteLinks>;
