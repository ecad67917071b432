/**
 * NotebookApi: the one contract between the renderer and the backend.
 *
 * Every method is described once here, with zod schemas for its arguments and result. The
 * transports (Electron IPC, the loopback HTTP server, in-process calls in tests) are generic
 * over this table, so adding a method here is the only step that exposes it everywhere, and
 * every transport validates arguments with the same schemas.
 */
import { z } from 'zod';
import { LibraryState, MAX_PAGE_ITEMS_PAGES, PageItems, SourceBytes, SourceDoc, SourceId, IndexProgress, WatchStatus } from './library';
import { SearchOptions, SearchResults } from './search';
import {
  NotePath, NoteFile, NoteSummary, SaveNoteRequest, SaveNoteResult, NoteTitle, DeletedNote, NoteLinks,
} from './notes';
import { DesktopAnswer, FolderKind, ImportFile, ImportResult, RevealTarget } from './desktop';
import {
  AnchoredAnnotation, AnnotationFilter, CreateAnnotationRequest, UpdateAnnotationRequest, ColorDef,
  ReviewItem, QuoteAudit,
} from './annotations';

const method = <A extends z.ZodTuple, R extends z.ZodType>(args: A, result: R) => ({ args, result });
const AnnotationId = z.string().min(1).max(200);

/**
 * The contract, grouped by the backend service that answers each method. A method's wire name is
 * its own name (names are unique across services), so the grouping is for the backend: it
 * composes one object per service behind the contract, and a new method is a line here, a
 * method on that service and its test.
 */
export const serviceMethods = {
  library: {
    /** Folders, sources, unreadable files and indexing progress. */
    getLibrary: method(z.tuple([]), LibraryState),
    /** One source's canonical text with its outline, blocks and passages. */
    getSource: method(z.tuple([SourceId]), SourceDoc),
    /** A PDF's own bytes, for the reader to draw its pages; text and structure come from getSource. */
    getSourceFile: method(z.tuple([SourceId]), SourceBytes),
    /** A PDF's page map for `count` pages from page `from` (1-based), for drawing quotes over the words. */
    getPageItems: method(z.tuple([SourceId, z.number().int().min(1), z.number().int().min(1).max(MAX_PAGE_ITEMS_PAGES)]), PageItems),
    /** Runs a query in the search language (see docs/search.md); sees every change already answered. */
    search: method(z.tuple([z.string().max(2000), SearchOptions.optional()]), SearchResults),
  },
  notes: {
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
    /** A note's Markdown for other tools: each quote keeps its sourcebook:// link and gains a text-fragment line. */
    exportNoteMarkdown: method(z.tuple([NotePath]), z.string()),
  },
  annotations: {
    listAnnotations: method(z.tuple([AnnotationFilter.optional()]), z.array(AnchoredAnnotation)),
    getAnnotation: method(z.tuple([AnnotationId]), AnchoredAnnotation),
    createAnnotation: method(z.tuple([CreateAnnotationRequest]), AnchoredAnnotation),
    updateAnnotation: method(z.tuple([AnnotationId, UpdateAnnotationRequest]), AnchoredAnnotation),
    deleteAnnotation: method(z.tuple([AnnotationId]), z.object({ id: z.string() })),
    getColors: method(z.tuple([]), z.array(ColorDef)),
    setColors: method(z.tuple([z.array(ColorDef).min(1).max(32)]), z.array(ColorDef)),
    /** All annotations as a W3C Web Annotation collection (JSON-LD). */
    exportAnnotations: method(z.tuple([]), z.record(z.string(), z.unknown())),
  },
  review: {
    /** Quotes that could not be re-anchored with confidence after their source changed. */
    listReview: method(z.tuple([]), z.array(ReviewItem)),
    /** Review list "Keep as orphan": the quote stays as cited and leaves the review list until it anchors again. */
    keepAsOrphan: method(z.tuple([AnnotationId]), AnchoredAnnotation),
    /** "Check quotes": every quote in the notebook as intact, moved, drifted or orphaned. */
    checkQuotes: method(z.tuple([]), QuoteAudit),
  },
  desktop: {
    /** Shows a source or a note in the OS file manager (the desktop app; browser mode answers that it cannot). */
    revealInFileManager: method(z.tuple([RevealTarget]), DesktopAnswer),
    /** "Open library…" / "Open notebook…": the native folder dialog, then the app reopens on the choice (desktop only). */
    chooseFolder: method(z.tuple([FolderKind]), DesktopAnswer),
    /** Files dropped onto the window: copied into the first library folder, never over an existing file. */
    importSources: method(z.tuple([z.array(ImportFile).min(1).max(500)]), ImportResult),
  },
} as const;

type ServiceMethods = typeof serviceMethods;
export type ServiceName = keyof ServiceMethods;
export const serviceNames = Object.keys(serviceMethods) as ServiceName[];

/** Every method, flat: what the transports and the renderer see. */
export const notebookMethods = {
  ...serviceMethods.library, ...serviceMethods.notes, ...serviceMethods.annotations, ...serviceMethods.review, ...serviceMethods.desktop,
} as const;

export type NotebookMethods = typeof notebookMethods;
export type MethodName = keyof NotebookMethods;
export const methodNames = Object.keys(notebookMethods) as MethodName[];

export type MethodArgs<K extends MethodName> = z.input<NotebookMethods[K]['args']>;
export type MethodResult<K extends MethodName> = z.output<NotebookMethods[K]['result']>;

/** The methods one service answers, typed by the contract: what a backend service implements. */
export type ServiceApi<S extends ServiceName> = {
  [K in keyof ServiceMethods[S] & MethodName]: (...args: MethodArgs<K>) => Promise<MethodResult<K>>;
};
/** One implementation per service: what the backend composes behind the contract. */
export type Services = { [S in ServiceName]: ServiceApi<S> };

/** The service of every method. */
export const serviceOf = Object.fromEntries(
  serviceNames.flatMap((service) => Object.keys(serviceMethods[service]).map((name) => [name, service])),
) as Record<MethodName, ServiceName>;

/**
 * What the backend reports. Every event names what changed (source ids, note paths, annotation
 * ids), so a view refreshes only that; one change made through the API is one event.
 */
export const NotebookEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('library-changed'), changed: z.array(SourceId), removed: z.array(SourceId) }),
  z.object({ type: z.literal('index-progress'), progress: IndexProgress }),
  /** The shell was asked to open a `sourcebook://` link (the OS handed it over); the page reads it with main/common/links. */
  z.object({ type: z.literal('open-link'), url: z.string().max(8192) }),
  /** The library watcher changed how it notices changes (e.g. fell back to re-scanning). */
  z.object({ type: z.literal('watch-status'), status: WatchStatus }),
  /**
   * Notes written, created, renamed (old path removed, new path changed) or deleted. `external`:
   * by another program (the open note may need reloading). `annotations`: annotations whose
   * "quoted by" changed with these notes (a quote added to or removed from one of them).
   * `labels`: annotations whose quote labels were rewritten in these notes to follow their source
   * (its title changed, or the quote was placed anew), so an open note takes the new labels.
   */
  z.object({
    type: z.literal('notes-changed'),
    changed: z.array(NotePath), removed: z.array(NotePath), external: z.boolean(), annotations: z.array(AnnotationId),
    labels: z.array(AnnotationId).optional(),
  }),
  /**
   * Annotations created, changed (colour, comment, place, or re-anchored in a changed source) or
   * deleted, and the sources they are on; `review`: the review list's new size, when it changed too.
   */
  z.object({
    type: z.literal('annotations-changed'),
    changed: z.array(AnnotationId), removed: z.array(AnnotationId), sources: z.array(SourceId),
    review: z.number().int().nonnegative().optional(),
  }),
  /** The named highlight colours, as saved. */
  z.object({ type: z.literal('colors-changed'), colors: z.array(ColorDef) }),
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
