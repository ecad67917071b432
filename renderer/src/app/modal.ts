/**
 * The app's one modal: a native `<dialog>` opened with `showModal()`, so the browser makes the
 * rest of the page inert, closes it on Escape and gives focus back. On top of that: a label,
 * Tab wraps inside it, a click on the backdrop closes it, `onClose` runs once however it closes, and
 * one modal at a time (opening another closes the first). Every dialog of the app (the command
 * palette, the review tools, the highlight colours) opens through here, so `isModalOpen()` is
 * all the shortcut guard needs to know.
 */
import { h } from './dom';

export interface Modal {
  readonly element: HTMLDialogElement;
  /** Closes the dialog and gives focus back to the element that had it before. */
  close(): void;
  readonly isOpen: boolean;
}

export interface ModalOptions {
  /** The dialog's accessible name. */
  label: string;
  className?: string;
  content: Node[];
  /** Where focus starts (default: the first control, as the browser chooses). */
  focus?: HTMLElement;
  onClose?: () => void;
}

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

let current: Modal | null = null;

/** Whether a modal is open (the app's shortcuts wait while one is). */
export function isModalOpen(): boolean {
  return current?.isOpen ?? false;
}

export function openModal(options: ModalOptions): Modal {
  current?.close();
  const returnFocus = document.activeElement;
  const dialog = h('dialog', { class: `sb-modal ${options.className ?? ''}`.trim(), 'aria-label': options.label });
  dialog.append(...options.content);
  let open = true;

  const modal: Modal = {
    element: dialog,
    // A dialog its page threw away (a view disposed with it) is closed too.
    get isOpen() { return open && dialog.isConnected; },
    close() {
      if (!open) return;
      open = false;
      if (current === modal) current = null;
      if (dialog.open) dialog.close();
      dialog.remove();
      options.onClose?.();
      if (returnFocus instanceof HTMLElement && returnFocus.isConnected) returnFocus.focus();
    },
  };
  // Escape: the browser's cancel, routed through close() so onClose runs and focus returns.
  dialog.addEventListener('cancel', (e) => { e.preventDefault(); modal.close(); });
  // A click on the ::backdrop is a click on the dialog element itself, outside its box.
  dialog.addEventListener('mousedown', (e) => {
    if (e.target !== dialog) return;
    const box = dialog.getBoundingClientRect();
    const inside = e.clientX >= box.left && e.clientX <= box.right && e.clientY >= box.top && e.clientY <= box.bottom;
    if (!inside || (box.width === 0 && box.height === 0)) modal.close();
  });
  // The page outside is inert, but in a browser tab Tab would still walk out to the browser's own
  // controls: wrap at both ends so the keyboard stays in the dialog.
  dialog.addEventListener('keydown', (e) => {
    if (e.key !== 'Tab' || e.defaultPrevented) return;
    const list = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.closest('[hidden]'));
    const first = list[0];
    const last = list[list.length - 1];
    if (!first || !last) { e.preventDefault(); return; }
    const active = document.activeElement;
    if (e.shiftKey && (active === first || active === dialog)) { e.preventDefault(); last.focus(); }
    else if (!e.shiftKey && active === last) { e.preventDefault(); first.focus(); }
  });
  current = modal;
  document.body.appendChild(dialog);
  dialog.showModal();
  options.focus?.focus();
  return modal;
}
