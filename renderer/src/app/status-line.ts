/**
 * The status line: indexing progress and the files that could not be read, each with its reason.
 * Messages go to the app's one notification channel (./notices.ts).
 */
import type { FileProblem, IndexProgress, WatchStatus } from '../../../main/common/contract';
import { h, clear } from './dom';

const REASONS: Record<FileProblem['reason'], string> = {
  binary: 'not a text file',
  'invalid-utf8': 'not valid UTF-8 text',
  'too-large': 'too large',
  unreadable: 'cannot be read',
  empty: 'empty',
  'parse-error': 'could not be parsed',
  encrypted: 'password-protected',
  'no-text': 'no text to index',
  timeout: 'took too long',
  unsafe: 'refused as unsafe',
  symlink: 'not followed',
  'special-file': 'not a file',
};

export class StatusLine {
  readonly element: HTMLElement;
  private readonly progress = h('span', { class: 'status-progress' });
  private readonly problems = h('details', { class: 'status-problems', hidden: true });
  /** Shown while changes are noticed by re-scanning rather than as they happen. */
  private readonly watch = h('span', { class: 'status-watch', role: 'note', hidden: true });

  constructor(private readonly notify: (message: string) => void) {
    this.element = h('footer', { class: 'status-line' }, this.progress, this.watch, this.problems);
  }

  setProgress(p: IndexProgress, sources: number): void {
    const text = p.phase === 'ready' || p.phase === 'idle'
      ? `${sources} source${sources === 1 ? '' : 's'}`
      : p.phase === 'indexing' && p.total > 0
        ? `Indexing ${p.done} of ${p.total}…`
        : p.phase === 'loading' ? 'Loading the index…' : 'Scanning the library…';
    this.progress.textContent = text;
    this.progress.dataset.phase = p.phase;
  }

  setWatch(status: WatchStatus | undefined): void {
    this.watch.hidden = status?.mode !== 'rescan';
    this.watch.textContent = status?.mode === 'rescan' ? `Library changes are picked up slowly: ${status.message}.` : '';
    this.watch.title = this.watch.textContent;
  }

  setProblems(problems: readonly FileProblem[]): void {
    clear(this.problems);
    this.problems.hidden = problems.length === 0;
    if (!problems.length) return;
    this.problems.appendChild(h('summary', {}, `${problems.length} file${problems.length === 1 ? '' : 's'} could not be read`));
    this.problems.appendChild(h('ul', { class: 'problem-list' }, ...problems.map((p) => h('li', {},
      h('span', { class: 'problem-path' }, p.path), ` — ${REASONS[p.reason]}: ${p.message}`))));
  }

  showProblems(): void {
    if (this.problems.hidden) {
      this.notify('Every file of the library could be read.');
      return;
    }
    this.problems.open = true;
    (this.problems.querySelector('summary') as HTMLElement | null)?.focus();
  }
}
