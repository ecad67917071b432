/**
 * An in-memory notebook that behaves like the backend for the notes pane: versions that change
 * with the content, saves refused on a stale base version, a trash, links computed from the
 * Markdown, annotations with drift, and the events a watcher would send.
 */
import type {
  AnchoredAnnotation, NoteFile, NoteLinks, NoteSummary, NotebookApi, NotebookEvent, SaveNoteRequest, SaveNoteResult,
} from '../../main/common/contract';
import { ApiError } from '../../main/common/contract';
import { findQuotes } from '../../main/common/markdown/quote-link';
import { findWikiLinks, NoteLinkResolver } from '../../main/common/markdown/wikilinks';
import { sanitizeTitle } from '../../main/common/notebook/note-title';

/** A content hash standing in for the backend's sha256: equal text, equal version. */
function versionOf(text: string): string {
  let h = 5381;
  for (let i = 0; i < text.length; i++) h = ((h * 33) ^ text.charCodeAt(i)) >>> 0;
  return `v${h.toString(16)}-${text.length}`;
}

type Method = keyof Omit<NotebookApi, 'subscribe'>;

export class FakeNotebook {
  readonly files = new Map<string, { markdown: string; modified: number }>();
  readonly trash = new Map<string, { path: string; markdown: string }>();
  readonly annotations = new Map<string, AnchoredAnnotation>();
  readonly calls: Array<{ method: Method; args: unknown[] }> = [];
  private listeners = new Set<(event: NotebookEvent) => void>();
  private clock = 1_700_000_000_000;
  /** When set, saveNote waits for this before answering (to test saves in flight). */
  saveGate: Promise<void> | null = null;
  /** When > 0, that many saveNote calls fail as if the disk were full. */
  failingSaves = 0;
  /** When > 0, that many updateAnnotation calls fail as if the disk were full. */
  failingAnnotationUpdates = 0;

  constructor(notes: Record<string, string> = {}) {
    for (const [path, markdown] of Object.entries(notes)) this.files.set(path, { markdown, modified: this.tick() });
  }

  readonly api: NotebookApi = new Proxy({} as NotebookApi, {
    get: (_target, name: string) => {
      if (name === 'subscribe') return (listener: (event: NotebookEvent) => void) => {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
      };
      const impl = (this.methods as Record<string, ((...args: never[]) => unknown) | undefined>)[name];
      if (!impl) return async () => { throw new ApiError('internal', `the fake notebook has no ${name}`); };
      return async (...args: unknown[]) => {
        this.calls.push({ method: name as Method, args });
        await Promise.resolve();
        return structuredClone(await (impl as (...a: unknown[]) => unknown)(...args));
      };
    },
  });

  /** What another program does: write the file, and the watcher reports it. */
  externalWrite(path: string, markdown: string): void {
    this.files.set(path, { markdown, modified: this.tick() });
    this.emit({ type: 'notes-changed', changed: [path], removed: [], external: true, annotations: [] });
  }

  externalDelete(path: string): void {
    this.files.delete(path);
    this.emit({ type: 'notes-changed', changed: [], removed: [path], external: true, annotations: [] });
  }

  emit(event: NotebookEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  markdown(path: string): string | undefined {
    return this.files.get(path)?.markdown;
  }

  savesOf(path: string): SaveNoteRequest[] {
    return this.calls.filter((c) => c.method === 'saveNote').map((c) => c.args[0] as SaveNoteRequest).filter((r) => r.path === path);
  }

  private tick(): number {
    this.clock += 1000;
    return this.clock;
  }

  private summary(path: string): NoteSummary {
    const file = this.files.get(path);
    if (!file) throw new ApiError('not-found', `no note ${path}`);
    return { path, title: path.replace(/^.*\//, '').replace(/\.md$/, ''), modified: file.modified, bytes: new TextEncoder().encode(file.markdown).length };
  }

  private file(path: string): NoteFile {
    const file = this.files.get(path);
    if (!file) throw new ApiError('not-found', `no note ${path}`);
    return { ...this.summary(path), markdown: file.markdown, version: versionOf(file.markdown) };
  }

  private readonly methods: Partial<{ [K in Method]: (...args: Parameters<NotebookApi[K]>) => Awaited<ReturnType<NotebookApi[K]>> | Promise<Awaited<ReturnType<NotebookApi[K]>>> }> = {
    listNotes: () => [...this.files.keys()].map((p) => this.summary(p)),
    readNote: (path) => this.file(path),
    createNote: (title) => {
      const name = sanitizeTitle(title);
      let path = `${name}.md`;
      for (let n = 2; this.files.has(path); n++) path = `${name} ${n}.md`;
      this.files.set(path, { markdown: '', modified: this.tick() });
      this.emit({ type: 'notes-changed', changed: [path], removed: [], external: false, annotations: [] });
      return this.file(path);
    },
    saveNote: async (req): Promise<SaveNoteResult> => {
      if (this.saveGate) await this.saveGate;
      if (this.failingSaves > 0) {
        this.failingSaves--;
        throw new ApiError('internal', 'ENOSPC: no space left on device');
      }
      const current = this.files.get(req.path);
      const currentVersion = current ? versionOf(current.markdown) : null;
      if (currentVersion !== req.baseVersion) return { status: 'conflict', disk: current ? this.file(req.path) : null };
      const modified = this.tick();
      const before = new Set(findQuotes(current?.markdown ?? '').map((q) => q.annotationId));
      const after = new Set(findQuotes(req.markdown).map((q) => q.annotationId));
      this.files.set(req.path, { markdown: req.markdown, modified });
      // As the backend does: one event naming the note and the quotes it gained or lost.
      const annotations = [...[...before].filter((id) => !after.has(id)), ...[...after].filter((id) => !before.has(id))];
      this.emit({ type: 'notes-changed', changed: [req.path], removed: [], external: false, annotations });
      return { status: 'saved', version: versionOf(req.markdown), modified };
    },
    renameNote: (path, title) => {
      const file = this.files.get(path);
      if (!file) throw new ApiError('not-found', `no note ${path}`);
      const to = `${title}.md`;
      this.files.delete(path);
      this.files.set(to, file);
      return this.summary(to);
    },
    deleteNote: (path) => {
      const file = this.files.get(path);
      if (!file) throw new ApiError('not-found', `no note ${path}`);
      const trashId = `trash-${this.trash.size + 1}`;
      this.trash.set(trashId, { path, markdown: file.markdown });
      this.files.delete(path);
      return { trashId, path };
    },
    restoreNote: (trashId) => {
      const item = this.trash.get(trashId);
      if (!item) throw new ApiError('not-found', `nothing in the trash as ${trashId}`);
      this.trash.delete(trashId);
      this.files.set(item.path, { markdown: item.markdown, modified: this.tick() });
      return this.summary(item.path);
    },
    getNoteLinks: (path): NoteLinks => {
      this.summary(path);
      const resolver = new NoteLinkResolver([...this.files.keys()].map((p) => ({ path: p })));
      const backlinks = [...this.files.entries()]
        .filter(([p, f]) => p !== path && findWikiLinks(f.markdown).some((l) => resolver.leadsTo(l.target, path)))
        .map(([p]) => this.summary(p));
      const bySource = new Map<string, { sourceId: string; title: string; quotes: number }>();
      for (const q of findQuotes(this.files.get(path)!.markdown)) {
        const a = this.annotations.get(q.annotationId);
        if (!a) continue;
        const entry = bySource.get(a.sourceId) ?? { sourceId: a.sourceId, title: a.sourceTitle, quotes: 0 };
        entry.quotes++;
        bySource.set(a.sourceId, entry);
      }
      return { backlinks, quotedSources: [...bySource.values()] };
    },
    listAnnotations: (filter) => [...this.annotations.values()].filter((a) => !filter?.sourceId || a.sourceId === filter.sourceId),
    getAnnotation: (id) => {
      const a = this.annotations.get(id);
      if (!a) throw new ApiError('not-found', `no annotation ${id}`);
      return a;
    },
    updateAnnotation: (id, req) => {
      const a = this.annotations.get(id);
      if (!a) throw new ApiError('not-found', `no annotation ${id}`);
      if (this.failingAnnotationUpdates > 0) {
        this.failingAnnotationUpdates--;
        throw new ApiError('internal', 'ENOSPC: no space left on device');
      }
      if (req.relocate && a.anchor) {
        const exact = a.currentText ?? a.quote.exact;
        const updated: AnchoredAnnotation = {
          ...a, quote: { ...a.quote, exact }, position: { start: req.relocate.start, end: req.relocate.end },
          anchor: { ...a.anchor, status: 'exact', confidence: 1 }, currentText: undefined,
        };
        delete updated.currentText;
        this.annotations.set(id, updated);
        return updated;
      }
      if (req.keepAsCited) {
        // As the notebook does while the source stays as it is: no drift reported.
        const { currentText: _now, diff: _diff, ...kept } = a;
        this.annotations.set(id, kept);
        return kept;
      }
      return a;
    },
  };
}
