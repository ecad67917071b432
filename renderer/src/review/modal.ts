/** The review dialogs open through the app's one modal; their header is shared here. */
import { h } from '../app/dom';

import { openModal as openAppModal, type Modal, type ModalOptions } from '../app/modal';

export { isModalOpen, type Modal } from '../app/modal';

/** The app's modal, dressed as a review dialog. */
export function openModal(options: ModalOptions): Modal {
  return openAppModal({ ...options, className: `review-modal ${options.className ?? ''}`.trim() });
}

/** The dialog's heading and its Close button, the same in every review dialog. */
export function modalHeader(title: string, close: () => void, ...extra: Node[]): HTMLElement {
  return h('header', { class: 'review-modal-header' },
    h('h2', {}, title), ...extra,
    h('button', { type: 'button', class: 'review-close', 'aria-label': `Close ${title.toLowerCase()}`, onclick: () => close() }, 'Close'));
}
