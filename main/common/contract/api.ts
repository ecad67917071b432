/**
 * NotebookApi: the one contract between the renderer and the backend.
 *
 * Every method is described once here, with zod schemas for its arguments and result. The
 * transports (Electron IPC, the loopback HTTP server, in-process calls in tests) are generic
 * over this table, so adding a method here is the only step that exposes it everywhere, and
 * every transport validates arguments with the same schemas.
 */
import { z } from 'zod';
import { LibraryState, SourceBytes, SourceDoc, SourceId, IndexProgress, WatchStatus } from './library';
import { SearchOptions, SearchResults } from './search';
import {
  NotePath, NoteFile, NoteSummary, SaveNoteRequest, SaveNoteResult, NoteTitle, DeletedNote, NoteLinks,
} from './notes';
import {
  AnchoredAnnotation, AnnotationFilter, CreateAnnotationRequest, UpdateAnnotationRequest, ColorDef,
  ReviewItem, QuoteAudit,
} from './annotations';

const method = <A extends z.ZodTuple, R extends z.ZodType>(args: A, result: R) => ({ args, result });

export const notebookMethods = {
  /** Folders, sources, unreadable files and indexing progress. */
  getLibrary: method(z.tuple([]), LibraryState),
  /** One source's canonical text with its outline, blocks and passages. */
  getSource: method(z.tuple([SourceId]), SourceDoc),
  /** A PDF's own bytes (base64), for the reader to draw its pages; text and structure come from getSource. */
  getSourceFile: method(z.tuple([SourceId]), SourceBytes),
  /** Runs a query in the search language (see docs/search.md). */
  search: method(z.tuple([z.string().max(2000), SearchOptions.optional()]), SearchResults),

  listNotes: method(z.tuple([]), z.array(NoteSummary)),
  readNote: method(z.tuple([NotePath]), NoteFile),
  createNote: method(z.tuple([NoteTitle]), NoteFile),
  /** Writes atomically; refuses (status "conflict") when the file changed on disk since `baseVersion`. */
  saveNote: method(z.tuple([SaveNoteRequest]), SaveNoteResult),
  renameNote: method(z.tuple([NotePath, NoteTitle]), NoteSummary),
  /** Moves the note to the notebook's trash; `restoreNote` undoes it. */
  deleteNote: method(z.tuple([NotePath]), DeletedNote),
  restoreNote: method(z.tuple([z.string().min(1).max(200)]), NoteSummary),
  getNoteLinks: method(z.tuple([NotePath]), NoteLinks),

  listAnnotations: method(z.tuple([AnnotationFilter.optional()]), z.array(AnchoredAnnotation)),
  getAnnotation: method(z.tuple([z.string().min(1).max(200)]), AnchoredAnnotation),
  createAnnotation: method(z.tuple([CreateAnnotationRequest]), AnchoredAnnotation),
  updateAnnotation: method(z.tuple([z.string().min(1).max(200), UpdateAnnotationRequest]), AnchoredAnnotation),
  deleteAnnotation: method(z.tuple([z.string().min(1).max(200)]), z.object({ id: z.string() })),
  getColors: method(z.tuple([]), z.array(ColorDef)),
  setColors: method(z.tuple([z.array(ColorDef).min(1).max(32)]), z.array(ColorDef)),

  /** Quotes that could not be re-anchored with confidence after their source changed. */
  listReview: method(z.tuple([]), z.array(ReviewItem)),
  /** Review list "Keep as orphan": the quote stays as cited and leaves the review list until it anchors again. */
  keepAsOrphan: method(z.tuple([z.string().min(1).max(200)]), AnchoredAnnotation),
  /** "Check quotes": every quote in the notebook as intact, moved, drifted or orphaned. */
  checkQuotes: method(z.tuple([]), QuoteAudit),
  /** All annotations as a W3C Web Annotation collection (JSON-LD). */
  exportAnnotations: method(z.tuple([]), z.record(z.string(), z.unknown())),
  /** A note's Markdown for other tools: each quote keeps its sourcebook:// link and gains a text-fragment line. */
  exportNoteMarkdown: method(z.tuple([NotePath]), z.string()),
} as const;

export type NotebookMethods = typeof notebookMethods;
export type MethodName = keyof NotebookMethods;
export const methodNames = Object.keys(notebookMethods) as MethodName[];

export type MethodArgs<K extends MethodName> = z.input<NotebookMethods[K]['args']>;
export type MethodResult<K extends MethodName> = z.output<NotebookMethods[K]['result']>;

export const NotebookEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('library-changed'), changed: z.array(SourceId), removed: z.array(SourceId) }),
  z.object({ type: z.literal('index-progress'), progress: IndexProgress }),
  /** The shell was asked to open a `sourcebook://` link (the OS handed it over); the page reads it with main/common/links. */
  z.object({ type: z.literal('open-link'), url: z.string().max(8192) }),
  /** The library watcher changed how it notices changes (e.g. fell back to re-scanning). */
  z.object({ type: z.literal('watch-status'), status: WatchStatus }),
  /** A note changed on disk by something other than this app. */
  z.object({ type: z.literal('note-changed'), path: NotePath, deleted: z.boolean() }),
  z.object({ type: z.literal('notes-changed') }),
  z.object({ type: z.literal('annotations-changed'), sourceId: SourceId.optional() }),
  z.object({ type: z.literal('review-changed'), count: z.number().int().nonnegative() }),
  /** A menu entry was chosen in the Electron shell; `command` is an id from main/common/commands.ts. */
  z.object({ type: z.literal('menu-command'), command: z.string().max(100) }),
]);
export type NotebookEvent = z.infer<typeof NotebookEvent>;
export type Unsubscribe = () => void;

/** What the renderer holds: one async function per method, plus an event subscription. */
export type NotebookApi = {
  [K in MethodName]: (...args: MethodArgs<K>) => Promise<MethodResult<K>>;
} & {
  subscribe(listener: (event: NotebookEvent) => void): Unsubscribe;
};

/** The error every transport returns for a rejected call; `code` is stable, `message` is for people. */
export class ApiError extends Error {
  constructor(readonly code: ApiErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}
export type ApiErrorCode = 'bad-request' | 'not-found' | 'conflict' | 'forbidden' | 'internal';
export const ApiErrorShape = z.object({ code: z.enum(['bad-request', 'not-found', 'conflict', 'forbidden', 'internal']), message: z.string() });

/** Validates a call's arguments against the contract; throws ApiError('bad-request') with a readable message. */
export function parseArgs<K extends MethodName>(name: K, args: unknown): MethodArgs<K> {
  const spec = notebookMethods[name];
  if (!spec) throw new ApiError('bad-request', `unknown method ${String(name)}`);
  const parsed = spec.args.safeParse(args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` (argument ${issue.path.join('.')})` : '';
    throw new ApiError('bad-request', `${String(name)}: ${issue?.message ?? 'invalid arguments'}${where}`);
  }
  return parsed.data as MethodArgs<K>;
}

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(notebookMethods, name);
}
