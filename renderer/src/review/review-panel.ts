/**
 * The "Review quotes" dialog: every quote that could not be re-anchored with confidence after its
 * source changed, each with its decisions. After each decision the list is loaded again from the
 * backend, so what is shown is always what the notebook holds.
 */
import type { NotebookApi, ReviewItem } from '../../../main/common/contract';
import { h, clear, clip, errorText } from '../app/dom';
import { plural } from './context-view';
import { modalHeader, openModal, type Modal } from './modal';
import { reviewItemView } from './review-item';

export class ReviewPanel {
  private modal: Modal | null = null;
  private readonly list = h('ol', { class: 'review-list', 'aria-label': 'Quotes to review' });
  private readonly summary = h('p', { class: 'review-summary', role: 'status' });
  private shown = -1;
  /** Loads can overlap (an event and a decision); only the latest one is shown. */
  private loads = 0;

  constructor(private readonly deps: {
    api: NotebookApi;
    notify: (message: string, kind?: 'info' | 'error') => void;
    /** The number of quotes waiting, after every load (for the status-line badge). */
    counted: (count: number) => void;
  }) {}

  get isOpen(): boolean {
    return this.modal?.isOpen ?? false;
  }

  async open(): Promise<void> {
    if (this.isOpen) return;
    const modal: Modal = openModal({
      label: 'Review quotes',
      className: 'review-dialog',
      content: [
        modalHeader('Review quotes', () => modal.close()),
        h('p', { class: 'hint' }, 'These quotes’ sources changed and the quoted words were not found with confidence. Nothing moves until you decide.'),
        this.summary,
        this.list,
      ],
      onClose: () => { this.modal = null; },
    });
    this.modal = modal;
    await this.reload();
  }

  close(): void {
    this.modal?.close();
  }

  /** The review list changed in the backend (`review-changed`): show it again if the count differs. */
  changed(count: number): void {
    if (this.isOpen && count !== this.shown) void this.reload();
  }

  private async reload(focusIndex?: number): Promise<void> {
    const load = ++this.loads;
    let items: ReviewItem[];
    try {
      items = await this.deps.api.listReview();
    } catch (e) {
      if (load === this.loads) this.summary.textContent = `Could not load the review list: ${errorText(e)}`;
      return;
    }
    if (load !== this.loads) return;
    this.deps.counted(items.length);
    if (!this.isOpen) return;
    this.shown = items.length;
    clear(this.list);
    this.summary.textContent = items.length
      ? `${plural(items.length, 'quote')} to review.`
      : 'Nothing to review: every quote is where it was quoted, or kept as cited.';
    for (const item of items) this.list.appendChild(reviewItemView(item, {
      api: this.deps.api,
      relocate: (it, place) => this.decide(it, () => this.deps.api.updateAnnotation(it.annotation.id, { relocate: place }), 'Relinked the quote'),
      keepAsOrphan: (it) => this.decide(it, () => this.deps.api.keepAsOrphan(it.annotation.id), 'Kept the quote as cited, without a place in the source'),
    }));
    if (focusIndex !== undefined) this.focusItem(focusIndex);
  }

  private async decide(item: ReviewItem, call: () => Promise<unknown>, done: string): Promise<void> {
    const index = [...this.list.children].findIndex((li) => (li as HTMLElement).dataset.annotation === item.annotation.id);
    await call();
    this.deps.notify(`${done}: “${clip(item.annotation.quote.exact, 60)}”.`);
    await this.reload(Math.max(0, index));
  }

  /** After a decision, focus goes to the item that took the decided one's place (or the Close button). */
  private focusItem(index: number): void {
    const items = this.list.querySelectorAll<HTMLElement>('.review-item');
    const target = items[Math.min(index, items.length - 1)];
    const button = target?.querySelector<HTMLButtonElement>('.review-actions button:not([disabled])');
    (button ?? this.modal?.element.querySelector<HTMLElement>('.review-close'))?.focus();
  }
}
