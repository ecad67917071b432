/** Short messages at the bottom of the notes pane, optionally with one action ("Undo"). */
import { h } from './dom';

export interface ToastAction {
  label: string;
  run(): void | Promise<void>;
}

export class Toasts {
  readonly el: HTMLElement;

  constructor(private readonly doc: Document) {
    this.el = h(doc, 'div', { class: 'sb-toasts', role: 'status', 'aria-live': 'polite' });
  }

  show(message: string, action?: ToastAction, timeoutMs = 10_000): void {
    const toast = h(this.doc, 'div', { class: 'sb-toast' }, h(this.doc, 'span', {}, message));
    const close = () => toast.remove();
    if (action) {
      toast.append(h(this.doc, 'button', {
        type: 'button',
        onclick: () => {
          close();
          void action.run();
        },
      }, action.label));
    }
    toast.append(h(this.doc, 'button', { type: 'button', class: 'sb-toast-close', 'aria-label': 'Dismiss', onclick: close }, '×'));
    this.el.append(toast);
    setTimeout(close, timeoutMs);
  }
}
