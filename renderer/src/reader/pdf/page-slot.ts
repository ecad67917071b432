/**
 * One page of a PDF in the reader: its placeholder, and drawing it (canvas, then the text layer
 * whose spans are the page map's items) or releasing it.
 */
import { clear, h } from '../../app/dom';
import type { PdfDoc, PdfLib } from './pdfjs';

export interface Slot {
  n: number;
  div: HTMLElement;
  marks: HTMLElement;
  state: 'empty' | 'rendering' | 'rendered';
  rendering?: Promise<void>;
  /** The text layer's spans, in getTextContent() order (the page map's item index). */
  textDivs?: HTMLElement[];
  cancel?: () => void;
}

export function createSlot(n: number): Slot {
  const marks = h('div', { class: 'pdf-marks' });
  const div = h('div', { class: 'pdf-page', 'data-page': n, role: 'region', 'aria-label': `Page ${n}` }, marks);
  return { n, div, marks, state: 'empty' };
}

export function sizeSlot(div: HTMLElement, width: number, height: number, scale: number): void {
  div.style.width = `${Math.floor(width * scale)}px`;
  div.style.height = `${Math.floor(height * scale)}px`;
  div.style.setProperty('--scale-factor', String(scale));
  div.style.setProperty('--total-scale-factor', String(scale));
}

/**
 * Draws page `slot.n` at `scale`: the canvas is shown as soon as it is drawn (`data-painted`),
 * and only then are the page's text items asked for and laid out as the text layer (pdf.js's
 * worker reads the page's text and draws its operators in one queue, so asking for both at once
 * held the picture back by the time the text took). Resolves true when the text layer is in
 * place and `ready` (the page's part of the page map) has come; false, with nothing left shown,
 * once `slot.cancel` was called.
 */
export async function drawSlot(slot: Slot, pdf: PdfDoc, lib: PdfLib, scale: number, ready: Promise<unknown>): Promise<boolean> {
  let cancelled = false;
  let task: { cancel(): void } | null = null;
  slot.cancel = () => { cancelled = true; task?.cancel(); };
  let canvas: HTMLCanvasElement | null = null;
  const undo = () => { canvas?.remove(); delete slot.div.dataset.painted; return false; };
  try {
    const page = await pdf.getPage(slot.n);
    if (cancelled) return false;
    const viewport = page.getViewport({ scale });
    const ratio = window.devicePixelRatio || 1;
    canvas = h('canvas', { 'aria-hidden': 'true' }) as HTMLCanvasElement;
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    const view = page.getViewport({ scale: 1 });
    sizeSlot(slot.div, view.width, view.height, scale);
    const render = page.render({ canvas, canvasContext: canvas.getContext('2d')!, viewport, ...(ratio !== 1 ? { transform: [ratio, 0, 0, ratio, 0, 0] } : {}) });
    task = render;
    await render.promise;
    if (cancelled) return false;
    slot.div.prepend(canvas);
    slot.div.dataset.painted = 'true';
    const textEl = h('div', { class: 'textLayer' });
    const layer = new lib.TextLayer({ textContentSource: page.streamTextContent(), container: textEl, viewport });
    task = layer;
    await layer.render();
    if (cancelled) return undo();
    layer.textDivs.forEach((span, i) => { span.dataset.item = String(i); });
    slot.textDivs = layer.textDivs;
    await ready;
    if (cancelled) return undo();
    slot.div.appendChild(textEl);
    page.cleanup();
    return true;
  } catch (e) {
    undo();
    // A cancelled page's tasks reject: that is not a failure to report.
    if (cancelled) return false;
    throw e;
  }
}

/** Frees a drawn page's canvas, text layer and marks (its placeholder keeps its size). */
export function releaseSlot(slot: Slot): void {
  slot.div.querySelector('canvas')?.remove();
  slot.div.querySelector('.textLayer')?.remove();
  clear(slot.marks);
  slot.textDivs = undefined;
  slot.state = 'empty';
  delete slot.div.dataset.rendered;
  delete slot.div.dataset.painted;
}
