/**
 * The status line: indexing progress, the last message, and the files that could not be read,
 * each with its reason.
 */
import type { FileProblem, IndexProgress } from '../../../main/common/contract';
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
};

export class StatusLine {
  readonly element: HTMLElement;
  private readonly progress = h('span', { class: 'status-progress' });
  private readonly message = h('span', { class: 'status-message', role: 'status', 'aria-live': 'polite' });
  private readonly problems = h('details', { class: 'status-problems', hidden: true });
  private messageTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    this.element = h('footer', { class: 'status-line' }, this.progress, this.message, this.problems);
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
      this.say('Every file of the library could be read.');
      return;
    }
    this.problems.open = true;
    (this.problems.querySelector('summary') as HTMLElement | null)?.focus();
  }

  say(text: string, kind: 'info' | 'error' = 'info'): void {
    this.message.textContent = text;
    this.message.dataset.kind = kind;
    if (this.messageTimer) clearTimeout(this.messageTimer);
    if (kind === 'info') this.messageTimer = setTimeout(() => { this.message.textContent = ''; }, 6000);
  }
}
