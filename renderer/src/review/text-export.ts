/**
 * An export shown as text: a read-only text area with "Copy" and "Save…". "Save…" is a Blob
 * download: the browser saves it as it saves any download, the Electron shell lets exactly this
 * kind (a blob of our own page) through to its native save dialog (docs/security.md).
 */
import { h } from '../app/dom';
import { modalHeader, openModal, type Modal } from './modal';

/** Shows `text` for copying, and offers it as a download named `fileName`. */
export function openTextExport(options: { title: string; text: string; fileName: string; mimeType: string }): Modal {
  const area = h('textarea', { class: 'export-text', readonly: true, 'aria-label': options.title, spellcheck: 'false', rows: 18 });
  area.value = options.text;
  const status = h('p', { class: 'hint', role: 'status' });
  const say = (message: string) => { status.textContent = message; };
  const copy = h('button', { type: 'button', class: 'primary', onclick: () => void copyText(area).then((ok) => say(ok ? 'Copied to the clipboard.' : 'Could not copy: select the text and copy it with the keyboard.')) }, 'Copy');
  const save = h('button', { type: 'button', onclick: () => { download(options.text, options.fileName, options.mimeType); say(`Saving as “${options.fileName}”…`); } }, 'Save…');
  const modal = openModal({
    label: options.title,
    className: 'export-dialog',
    content: [
      modalHeader(options.title, () => modal.close()),
      area,
      h('div', { class: 'dialog-actions' }, status, copy, save),
    ],
    focus: copy,
  });
  return modal;
}

async function copyText(area: HTMLTextAreaElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(area.value);
    return true;
  } catch {
    // No clipboard API (or no permission): the selection and the old command still work in most shells.
    area.select();
    try { return document.execCommand('copy'); } catch { return false; }
  }
}

/** Offers `text` as a file download, named `fileName`. */
export function download(text: string, fileName: string, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
  const a = h('a', { href: url, download: fileName, hidden: true });
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has started by now; the URL is only released later, as some browsers read it lazily.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file name every system accepts, from a note title or the like. */
export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120) || 'export';
}
