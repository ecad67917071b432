/**
 * The app shell: three resizable panes (library and results · reader · notes), the status line,
 * the command palette and the keyboard shortcuts, wired to one NotebookApi.
 */
import type { NotebookApi, NotebookEvent, SearchHit } from '../../../main/common/contract';
import { BEFORE_CLOSE_COMMAND, commands, isCommandId, type CommandId } from '../../../main/common/commands';
import { formatAccelerator, isMacPlatform, matchesChord, parseAccelerator } from './accelerator';
import { h, errorText } from './dom';
import type { MountNotes, NotesController } from './notes-port';
import { splitter } from './splitter';
import { chooseFolder, registerDropImport, reveal, type DesktopDeps } from './desktop-actions';
import { openDeepLink } from './open-link';
import { isModalOpen } from './modal';
import { Notices } from './notices';
import { StatusLine } from './status-line';
import { LibraryPanel } from '../library/library-panel';
import { Reader } from '../reader/reader';
import { openingPdf, warmUpPdfWhenIdle } from '../reader/pdf/pdfjs';
import { QuickSwitcher } from '../switcher/quick-switcher';
import { SwitchIndex, type SwitchItem, type SwitchSource } from '../switcher/switch-index';
import { resolveSourceLink } from '../../../main/common/markdown/wikilinks';

const LINKABLE = new Set<SwitchItem['kind']>(['note', 'source']);
import { CommandPalette } from '../palette/palette';
import { ReviewTools } from '../review';

const LAYOUT_KEY = 'sourcebook.layout';
const POSITION_KEY = 'sourcebook.reader';
const MIN_PANE = 180;
const MIN_READER = 280;
const SPLITTER = 6;

export class App {
  readonly library: LibraryPanel;
  readonly reader: Reader;
  readonly switchIndex = new SwitchIndex();
  private readonly switcher: QuickSwitcher;
  private sources: SwitchSource[] = [];
  readonly notes: NotesController;
  /** The one notification channel, shared by every view. */
  readonly notices = new Notices(document);
  readonly status = new StatusLine((m) => this.notices.show(m));
  readonly palette: CommandPalette;
  readonly review: ReviewTools;
  private readonly shell: HTMLElement;
  private readonly notesPane: HTMLElement;
  private readonly isMac = isMacPlatform();
  private widths = { left: 320, right: 420 };
  private readonly chords = commands.map((c) => ({ id: c.id, chord: parseAccelerator(c.shortcut) }));
  private readonly unsubscribe: () => void;
  private sourceCount = 0;
  private knownSources = new Set<string>();

  constructor(root: HTMLElement, private readonly api: NotebookApi, mountNotes: MountNotes) {
    const shortcut = (id: CommandId) => formatAccelerator(commands.find((c) => c.id === id)!.shortcut, this.isMac);
    this.library = new LibraryPanel({
      api,
      openHit: (hit) => void this.openHit(hit),
      openSource: (s) => {
        if (s.format === 'pdf') openingPdf(this.api, s.id);
        void this.reader.open(s.id, { at: 0 });
      },
      prefetch: (id) => this.reader.prefetch(id),
      searchShortcut: shortcut('focus-search'),
    });
    this.reader = new Reader({
      api,
      openNote: (path, annotationId) => void this.notes.openNote(path, annotationId).catch((e) => this.notices.show(errorText(e), { kind: 'error' })),
      insertQuote: (q) => this.notes.insertQuote(q),
      notify: (m, kind) => this.notices.show(m, { kind: kind ?? 'info' }),
      quoteShortcut: shortcut('quote-selection'),
      searchFor: (query) => this.library.searchFor(query),
      openReview: () => void this.review.openReview(),
    });
    this.palette = new CommandPalette(commands, (a) => formatAccelerator(a, this.isMac), (id) => this.run(id));

    this.notesPane = h('section', { class: 'pane pane-notes', 'aria-label': 'Notes' });
    const libraryPane = h('aside', { class: 'pane pane-library', 'aria-label': 'Library' }, this.library.element);
    const readerPane = h('main', { class: 'pane pane-reader' }, this.reader.element);
    this.loadLayout();
    this.shell = h('div', { class: 'shell' },
      libraryPane,
      splitter({ label: 'Resize the library pane', get: () => this.widths.left, set: (px) => this.setWidth('left', px), min: MIN_PANE, max: () => this.maxWidth('left'), direction: 1 }),
      readerPane,
      splitter({ label: 'Resize the notes pane', get: () => this.widths.right, set: (px) => this.setWidth('right', px), min: MIN_PANE, max: () => this.maxWidth('right'), direction: -1 }),
      this.notesPane,
    );
    this.applyLayout();
    root.append(this.shell, this.status.element, this.notices.el);

    this.notes = mountNotes(this.notesPane, {
      api,
      openAnnotation: (id) => void this.reader.openAnnotation(id),
      notices: this.notices,
      openReview: () => void this.review.openReview(),
      suggestLinks: (q) => this.switchIndex.find(q, 12, LINKABLE).map((i) => i.title),
      openLinkedSource: async (target) => {
        const source = resolveSourceLink(this.sources, target);
        if (source) await this.reader.open(source.id, { at: 0 });
        return Boolean(source);
      },
    });
    this.switcher = new QuickSwitcher(this.switchIndex, (item) => this.openSwitchItem(item));
    this.review = new ReviewTools({
      api,
      notify: (m, kind) => this.notices.show(m, { kind: kind ?? 'info' }),
      openAnnotation: (id) => void this.reader.openAnnotation(id),
      openNote: (path, annotationId) => void this.notes.openNote(path, annotationId).catch((e) => this.notices.show(errorText(e), { kind: 'error' })),
      currentNote: () => this.notes.currentNote(),
      flushNotes: () => this.notes.flush(),
    });
    this.status.element.appendChild(this.review.badge);

    const onKey = (e: KeyboardEvent) => this.onKey(e);
    const flush = () => {
      void this.notes.flush();
      this.saveReaderPosition();
    };
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('beforeunload', flush);
    window.addEventListener('pagehide', flush);
    const onResize = () => this.applyLayout();
    window.addEventListener('resize', onResize);
    const unsubscribe = api.subscribe((e) => this.onEvent(e));
    this.unsubscribe = () => {
      unsubscribe();
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('beforeunload', flush);
      window.removeEventListener('pagehide', flush);
      window.removeEventListener('resize', onResize);
      this.reader.dispose();
    };
    void this.loadLibrary().then(() => this.restoreReaderPosition());
    this.stopDrop = registerDropImport(window, this.desktop);
  }

  private readonly stopDrop: () => void;

  private get desktop(): DesktopDeps {
    return { api: this.api, notify: (m, kind) => this.notices.show(m, { kind }) };
  }

  dispose(): void {
    this.stopDrop();
    this.unsubscribe();
    this.notes.dispose();
    this.library.dispose();
  }

  /** Runs a command by id: from the palette, a shortcut or the Electron menu. */
  run(id: CommandId): void {
    switch (id) {
      case 'command-palette': return this.palette.open();
      case 'quick-switcher': return this.switcher.open();
      case 'focus-search': return this.library.focusSearch();
      case 'focus-library': return this.library.focus();
      case 'focus-reader': return this.reader.focus();
      case 'focus-notes': return this.focusNotes();
      case 'quote-selection': return void this.reader.quoteSelection();
      case 'highlight-selection': return void this.reader.highlightSelection();
      case 'comment-selection': return this.reader.commentSelection();
      case 'edit-colors': return this.reader.editColors();
      case 'new-note': return void this.newNote();
      case 'show-problems': return this.status.showProblems();
      case 'reader-top': return this.reader.scrollToTop();
      case 'review-quotes': return void this.review.openReview();
      case 'check-quotes': return void this.review.checkQuotes();
      case 'export-annotations': return void this.review.exportAnnotations();
      case 'export-note-markdown': return void this.review.exportNote();
      case 'open-library': return void chooseFolder(this.desktop, 'library');
      case 'open-notebook': return void chooseFolder(this.desktop, 'notebook');
      case 'reveal-source': {
        const source = this.reader.currentSource;
        return void reveal(this.desktop, source ? { kind: 'source', id: source.id } : null);
      }
      case 'reveal-note': {
        const note = this.notes.currentNote();
        return void reveal(this.desktop, note ? { kind: 'note', path: note } : null);
      }
    }
  }

  async openHit(hit: SearchHit): Promise<void> {
    if (hit.kind === 'note') return this.notes.openNote(hit.path).catch((e) => this.notices.show(errorText(e), { kind: 'error' }));
    if (hit.kind === 'quote' && hit.annotationId) return this.reader.openAnnotation(hit.annotationId);
    if (!hit.sourceId) return;
    // Only a PDF's hits carry a page: its pages need pdf.js and the file, fetched beside its text.
    if (hit.page !== undefined) openingPdf(this.api, hit.sourceId, hit.page);
    await this.reader.open(hit.sourceId, { at: hit.start, passage: { start: hit.start, end: hit.end }, terms: hit.terms });
  }

  private async newNote(): Promise<void> {
    try {
      await this.notes.newNote();
      this.focusNotes();
    } catch (e) {
      this.notices.show(`Could not create a note: ${errorText(e)}`, { kind: 'error' });
    }
  }

  private focusNotes(): void {
    const editor = this.notesPane.querySelector<HTMLElement>('[contenteditable="true"]') ?? this.notesPane.querySelector<HTMLElement>('button, input');
    editor?.focus();
  }

  private onKey(e: KeyboardEvent): void {
    if (isModalOpen()) return;
    for (const { id, chord } of this.chords) {
      if (matchesChord(e, chord, this.isMac)) {
        e.preventDefault();
        e.stopPropagation();
        this.run(id);
        return;
      }
    }
  }

  private onEvent(e: NotebookEvent): void {
    switch (e.type) {
      case 'index-progress':
        this.status.setProgress(e.progress, this.sourceCount);
        if (e.progress.phase === 'ready') {
          void this.loadLibrary();
          this.library.refresh(); // results shown as partial while indexing are complete now
        }
        break;
      case 'open-link':
        void this.openLink(e.url);
        break;
      case 'watch-status':
        this.status.setWatch(e.status);
        break;
      case 'library-changed':
        void this.loadLibrary();
        for (const id of e.changed) void this.reader.reloadSource(id);
        for (const id of e.removed) this.reader.sourceRemoved(id);
        this.library.refresh();
        break;
      case 'annotations-changed':
        if (e.sources.includes(this.reader.currentSource?.id ?? '')) void this.reader.reloadAnnotations();
        if (e.review !== undefined) {
          const grew = e.review > this.review.count;
          this.review.reviewChanged(e.review);
          if (grew) this.notices.show(e.review === 1 ? 'A quote needs review: its source changed.' : `${e.review} quotes need review: their sources changed.`);
        }
        break;
      case 'colors-changed':
        void this.reader.reloadAnnotations();
        break;
      case 'notes-changed':
        this.library.refresh(); // results may show the notes' text
        void this.refreshSwitcher();
        if (e.annotations.length) void this.reader.reloadAnnotations(); // "quoted by" lists follow the notes
        break;
      case 'menu-command':
        // The Electron shell asks for a save before it closes the window (main/electron-main/close-guard.ts).
        if (e.command === BEFORE_CLOSE_COMMAND) void this.notes.flush();
        else if (isCommandId(e.command)) this.run(e.command);
        break;
      default:
        break;
    }
  }

  /** The quick switcher's index: every note and source, and the sources' headings and chapters. */
  private async refreshSwitcher(): Promise<void> {
    // Without the notes list (a failed request) the sources can still be switched to.
    const notes = await Promise.resolve().then(() => this.api.listNotes()).catch(() => []);
    this.switchIndex.setAll(notes, this.sources);
  }

  private openSwitchItem(item: SwitchItem): void {
    if (item.kind === 'note') void this.notes.openNote(item.path).then(() => this.focusNotes(), (e) => this.notices.show(errorText(e), { kind: 'error' }));
    else void this.reader.open(item.sourceId, { at: item.kind === 'heading' ? item.at : 0 }).then(() => this.reader.focus());
  }

  /** Opens a `sourcebook://` link (a deep link from the OS, or browser mode's /open?link=…). */
  openLink(url: string): Promise<void> {
    return openDeepLink(url, {
      openAnnotation: (id) => this.reader.openAnnotation(id),
      openSource: (id, at, target) => this.reader.open(id, { at, ...(target ? { target, flash: true } : {}) }),
      getSource: (id) => this.api.getSource(id),
      notify: (m, kind) => this.notices.show(m, { kind: kind ?? 'info' }),
    });
  }

  private async loadLibrary(): Promise<void> {
    try {
      const lib = await this.api.getLibrary();
      this.sourceCount = lib.sources.length;
      this.knownSources = new Set(lib.sources.map((s) => s.id));
      this.sources = lib.sources;
      void this.refreshSwitcher();
      this.library.setSources(lib.sources);
      if (lib.sources.some((s) => s.format === 'pdf')) warmUpPdfWhenIdle();
      this.status.setProgress(lib.progress, lib.sources.length);
      this.status.setProblems(lib.problems);
      this.status.setWatch(lib.watch);
    } catch (e) {
      this.notices.show(`Could not load the library: ${errorText(e)}`, { kind: 'error' });
    }
  }

  // ——— where the reader was ———

  private saveReaderPosition(): void {
    try {
      const position = this.reader.position;
      if (position) localStorage.setItem(POSITION_KEY, JSON.stringify(position));
    } catch { /* storage unavailable: the reader starts empty next time */ }
  }

  /** Reopens the source that was open when the app was last closed, unless something was opened since. */
  private restoreReaderPosition(): void {
    if (this.reader.used) return;
    try {
      const saved = JSON.parse(localStorage.getItem(POSITION_KEY) ?? 'null') as { sourceId?: unknown; at?: unknown } | null;
      if (typeof saved?.sourceId !== 'string' || !this.knownSources.has(saved.sourceId)) return;
      void this.reader.open(saved.sourceId, { at: typeof saved.at === 'number' ? saved.at : 0 });
    } catch { /* a damaged entry only costs the restore */ }
  }

  // ——— layout ———

  private loadLayout(): void {
    try {
      const saved = JSON.parse(localStorage.getItem(LAYOUT_KEY) ?? 'null') as { left?: unknown; right?: unknown } | null;
      if (typeof saved?.left === 'number') this.widths.left = saved.left;
      if (typeof saved?.right === 'number') this.widths.right = saved.right;
    } catch {
      // A damaged layout entry only costs the default widths.
    }
  }

  private maxWidth(side: 'left' | 'right'): number {
    const other = side === 'left' ? this.widths.right : this.widths.left;
    return Math.max(MIN_PANE, (window.innerWidth || 1200) - other - MIN_READER);
  }

  private setWidth(side: 'left' | 'right', px: number): void {
    this.widths[side] = px;
    this.applyLayout();
    try { localStorage.setItem(LAYOUT_KEY, JSON.stringify(this.widths)); } catch { /* private mode: not remembered */ }
  }

  /**
   * Shows the panes at their chosen widths where the window has room; in a narrow window (800×600)
   * the side panes give way, in proportion, so the reader keeps its minimum and nothing scrolls
   * sideways. The chosen widths are kept for a wider window.
   */
  private applyLayout(): void {
    const { left, right } = this.widths;
    const room = (window.innerWidth || 1200) - 2 * SPLITTER - MIN_READER;
    const scale = left + right > room ? Math.max(0, room) / (left + right) : 1;
    const fit = (px: number) => Math.max(120, Math.floor(px * scale));
    this.shell?.style.setProperty('--left', `${fit(left)}px`);
    this.shell?.style.setProperty('--right', `${fit(right)}px`);
  }
}
