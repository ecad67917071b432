/**
 * A modal dialog for the review tools: `role="dialog"` with a label, focus kept inside while it is
 * open (Tab and Shift+Tab wrap, focus that escapes is brought back), Escape or a click on the
 * backdrop closes it, and focus returns to where it was. One at a time: opening another closes it.
 */
import { h } from '../app/dom';

export interface Modal {
  readonly element: HTMLElement;
  /** Closes the dialog and gives focus back to the element that had it before. */
  close(): void;
  readonly isOpen: boolean;
}

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

let current: Modal | null = null;

/** Whether a review dialog is open (the app's shortcuts wait while one is). */
export function isModalOpen(): boolean {
  return current?.isOpen ?? false;
}

/**
 * Opens a modal dialog named `label` holding `content`; `focus` is the element to start on
 * (default: the first control). `onClose` runs once, however the dialog closes.
 */
export function openModal(options: { label: string; className?: string; content: Node[]; focus?: HTMLElement; onClose?: () => void }): Modal {
  current?.close();
  const returnFocus = document.activeElement;
  const dialog = h('div', { class: `review-modal ${options.className ?? ''}`.trim(), role: 'dialog', 'aria-modal': 'true', 'aria-label': options.label, tabindex: '-1' });
  dialog.append(...options.content);
  const backdrop = h('div', { class: 'review-backdrop' }, dialog);
  let open = true;

  const focusables = () => [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.closest('[hidden]'));
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      modal.close();
    } else if (e.key === 'Tab') {
      const list = focusables();
      if (!list.length) { e.preventDefault(); dialog.focus(); return; }
      const first = list[0]!;
      const last = list[list.length - 1]!;
      const active = document.activeElement;
      if (e.shiftKey && (active === first || active === dialog)) { e.preventDefault(); last.focus(); }
      else if (!e.shiftKey && active === last) { e.preventDefault(); first.focus(); }
    }
  };
  // Focus that leaves the dialog (a click outside it, a script elsewhere) is brought back.
  const onFocusIn = (e: FocusEvent) => {
    if (open && e.target instanceof Node && !dialog.contains(e.target)) (focusables()[0] ?? dialog).focus();
  };
  dialog.addEventListener('keydown', onKey);
  document.addEventListener('focusin', onFocusIn);
  backdrop.addEventListener('mousedown', (e) => { if (e.target === backdrop) modal.close(); });

  const modal: Modal = {
    element: dialog,
    get isOpen() { return open; },
    close() {
      if (!open) return;
      open = false;
      document.removeEventListener('focusin', onFocusIn);
      backdrop.remove();
      if (current === modal) current = null;
      options.onClose?.();
      if (returnFocus instanceof HTMLElement && returnFocus.isConnected) returnFocus.focus();
    },
  };
  current = modal;
  document.body.appendChild(backdrop);
  (options.focus ?? focusables()[0] ?? dialog).focus();
  return modal;
}

/** The dialog's heading and its Close button, the same in every review dialog. */
export function modalHeader(title: string, close: () => void, ...extra: Node[]): HTMLElement {
  return h('header', { class: 'review-modal-header' },
    h('h2', {}, title), ...extra,
    h('button', { type: 'button', class: 'review-close', 'aria-label': `Close ${title.toLowerCase()}`, onclick: () => close() }, 'Close'));
}
