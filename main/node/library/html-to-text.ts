import { parse } from 'parse5';
import type { Block, Heading } from '../../common/contract';
import type { Structure } from './text-structure';

type Node = {
  nodeName: string;
  tagName?: string;
  value?: string;
  childNodes?: Node[];
  content?: Node;
  attrs?: Array<{ name: string; value: string }>;
};

/** Elements whose content is never text for the reader: code, styling, embedded things. */
const DROP = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math', 'canvas', 'head', 'select', 'button', 'input', 'textarea', 'video', 'audio', 'picture', 'map']);
const BLOCK_KIND: Record<string, Block['kind']> = {
  p: 'paragraph', div: 'paragraph', section: 'paragraph', article: 'paragraph', main: 'paragraph', header: 'paragraph',
  footer: 'paragraph', aside: 'paragraph', nav: 'paragraph', figure: 'paragraph', figcaption: 'paragraph', address: 'paragraph',
  table: 'paragraph', tr: 'table-row', dd: 'paragraph', dt: 'paragraph', dl: 'paragraph', ul: 'paragraph', ol: 'paragraph',
  li: 'list-item', blockquote: 'quote', pre: 'code', hr: 'rule', body: 'paragraph', html: 'paragraph', details: 'paragraph', summary: 'paragraph',
};
const HEADING_LEVEL: Record<string, number> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };

export interface HtmlText extends Structure {
  text: string;
  title: string | null;
}

/**
 * HTML → canonical plain text through a real HTML parser (parse5). Scripts, styles, event
 * handlers and embedded content are dropped; nothing is executed or fetched. Block elements
 * become paragraphs separated by blank lines; white space is collapsed as a browser would,
 * except inside <pre>.
 */
export function htmlToText(html: string): HtmlText {
  const doc = parse(html) as unknown as Node;
  let text = '';
  const blocks: Block[] = [];
  const outline: Heading[] = [];
  let title: string | null = null;
  let blockStart = -1;
  let kind: Block['kind'] = 'paragraph';
  let level: number | undefined;
  let marker: string | undefined;
  /** Open lists, innermost last: the next item's number, or null for a bulleted list. */
  const lists: Array<number | null> = [];

  const endBlock = () => {
    const trimmed = text.replace(/[ \t\n]+$/, '');
    if (blockStart >= 0 && trimmed.length > blockStart) {
      text = trimmed;
      const block: Block = level ? { kind, start: blockStart, end: text.length, level } : { kind, start: blockStart, end: text.length };
      if (marker && kind === 'list-item') block.marker = marker;
      blocks.push(block);
      if (kind === 'heading' && level) outline.push({ level, text: text.slice(blockStart, text.length), start: blockStart, end: text.length });
    }
    blockStart = -1;
  };
  const startBlock = (k: Block['kind'], l?: number) => {
    endBlock();
    kind = k;
    level = l;
  };
  const appendText = (s: string, pre: boolean) => {
    let chunk = pre ? s : s.replace(/[ \t\n\r\f]+/g, ' ');
    if (blockStart < 0) {
      if (!pre) chunk = chunk.replace(/^ +/, '');
      if (!chunk) return;
      if (text.length) text += '\n\n';
      blockStart = text.length;
    } else if (!pre && (text.endsWith(' ') || text.endsWith('\t')) && chunk.startsWith(' ')) {
      chunk = chunk.slice(1);
    }
    text += chunk;
  };

  const walk = (node: Node, pre: boolean) => {
    const name = node.nodeName;
    if (name === '#text') { appendText(node.value ?? '', pre); return; }
    if (name === '#comment' || name === '#documentType') return;
    if (name === 'title' && title === null) {
      title = (node.childNodes ?? []).map((c) => c.value ?? '').join('').replace(/\s+/g, ' ').trim() || null;
      return;
    }
    if (DROP.has(name)) {
      if (name === 'head') for (const c of node.childNodes ?? []) if (c.nodeName === 'title') walk(c, pre);
      return;
    }
    if (name === 'br') { if (blockStart >= 0) text += '\n'; return; }
    // Cells of a row are apart by a tab, so "Abbotts Hall" and "2002" are two words, not one.
    if ((name === 'td' || name === 'th') && blockStart >= 0 && kind === 'table-row' && !text.endsWith('\t')) text = text.replace(/ +$/, '') + '\t';
    if (name === 'ol' || name === 'ul') {
      const first = Number(node.attrs?.find((a) => a.name === 'start')?.value);
      lists.push(name === 'ol' ? (Number.isFinite(first) ? first : 1) : null);
    }
    if (name === 'li') {
      const n = lists[lists.length - 1];
      marker = n === undefined || n === null ? '•' : `${n}.`;
      if (typeof n === 'number') lists[lists.length - 1] = n + 1;
    }
    const h = HEADING_LEVEL[name];
    const k = h ? 'heading' : BLOCK_KIND[name];
    if (k) startBlock(k, h);
    for (const child of node.childNodes ?? []) walk(child, pre || name === 'pre');
    if (k) { endBlock(); kind = 'paragraph'; level = undefined; marker = undefined; }
    if (name === 'ol' || name === 'ul') lists.pop();
  };
  walk(doc, false);
  endBlock();
  return { text, title, blocks, outline };
}
