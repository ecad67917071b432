import { z } from 'zod';
import { SourceId } from './library';
import { NotePath } from './notes';

/** A file the user can ask to see in the OS file manager. */
export const RevealTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('source'), id: SourceId }).strict(),
  z.object({ kind: z.literal('note'), path: NotePath }).strict(),
]);
export type RevealTarget = z.infer<typeof RevealTarget>;

export const FolderKind = z.enum(['library', 'notebook']);
export type FolderKind = z.infer<typeof FolderKind>;

/** What a desktop action did, in words for the status line (browser mode explains what it cannot do). */
export const DesktopAnswer = z.object({ done: z.boolean(), message: z.string() });
export type DesktopAnswer = z.infer<typeof DesktopAnswer>;

/** A dropped file: its path relative to what was dropped (`Papers/a.md` for a dropped folder) and its bytes, base64. */
export const ImportFile = z.object({
  path: z.string().min(1).max(1024),
  // 64 MB of source (MAX_SOURCE_BYTES) in base64.
  data: z.string().max(90_000_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64'),
}).strict();
export type ImportFile = z.infer<typeof ImportFile>;

export const ImportResult = z.object({
  /** Library paths written (a name already taken gets " (2)", never an overwrite). */
  added: z.array(z.string()),
  refused: z.array(z.object({ path: z.string(), reason: z.string() })),
});
export type ImportResult = z.infer<typeof ImportResult>;
