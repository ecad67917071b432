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

export interface HtmlPositions {
  /** Element id → canonical offset where the element's text begins (link fragments). */
  ids: Map<string, number>;
  /** Flat triples `[canonicalStart, pathIndex, rawOffset]`, one per text node that added text. */
  nodes: number[];
  /** EPUB CFI element paths of those text nodes, from the root element (e.g. `/4/2/1`). */
  paths: string[];
}

/**
 * HTML → canonical plain text through a real HTML parser (parse5). Scripts, styles, event
 * handlers and embedded content are dropped; nothing is executed or fetched. Block elements
 * become paragraphs separated by blank lines; white space is collapsed as a browser would,
 * except inside <pre>. The tree is walked with an explicit stack: a document nested ten thousand
 * deep opens like any other.
 */
export function htmlToText(html: string): HtmlText {
  return htmlToTextWithPositions(html).doc;
}

/** As htmlToText, and where each text node and each id went (for EPUB CFIs and link targets). */
export function htmlToTextWithPositions(html: string): { doc: HtmlText; positions: HtmlPositions } {
  const doc = parse(html) as unknown as Node;
  let text = '';
  const blocks: Block[] = [];
  const outline: Heading[] = [];
  const positions: HtmlPositions = { ids: new Map(), nodes: [], paths: [] };
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
  /** Appends a text node's text; returns [canonical start, raw characters dropped before it] or null. */
  const appendText = (s: string, pre: boolean): [number, number] | null => {
    let chunk = pre ? s : s.replace(/[ \t\n\r\f]+/g, ' ');
    let dropped = 0;
    if (blockStart < 0) {
      if (!pre) {
        const stripped = chunk.replace(/^ +/, '');
        if (stripped.length < chunk.length) dropped = s.length - s.replace(/^[ \t\n\r\f]+/, '').length;
        chunk = stripped;
      }
      if (!chunk) return null;
      if (text.length) text += '\n\n';
      blockStart = text.length;
    } else if (!pre && (text.endsWith(' ') || text.endsWith('\t')) && chunk.startsWith(' ')) {
      chunk = chunk.slice(1);
      dropped = s.length - s.replace(/^[ \t\n\r\f]+/, '').length;
    }
    if (!chunk) return null;
    const at = text.length;
    text += chunk;
    return [at, dropped];
  };

  // Work items: a node to enter (with its CFI path and whether it is inside <pre>), or a block to close.
  type Frame = { node: Node; path: string; pre: boolean } | { close: true; block: boolean; list: boolean };
  const root = (doc.childNodes ?? []).find((n) => n.nodeName === 'html');
  const stack: Frame[] = root ? [{ node: root, path: '', pre: false }] : [];
  while (stack.length) {
    const frame = stack.pop()!;
    if ('close' in frame) {
      if (frame.block) { endBlock(); kind = 'paragraph'; level = undefined; marker = undefined; }
      if (frame.list) lists.pop();
      continue;
    }
    const { node, path, pre } = frame;
    const name = node.nodeName;
    if (name === '#text') {
      const at = appendText(node.value ?? '', pre);
      if (at) positions.nodes.push(at[0], positions.paths.push(path) - 1, at[1]);
      continue;
    }
    if (name === '#comment' || name === '#documentType') continue;
    if (name === 'title' && title === null) {
      title = (node.childNodes ?? []).map((c) => c.value ?? '').join('').replace(/\s+/g, ' ').trim() || null;
      continue;
    }
    if (DROP.has(name)) {
      if (name === 'head') {
        const t = (node.childNodes ?? []).find((c) => c.nodeName === 'title');
        if (t) stack.push({ node: t, path, pre });
      }
      continue;
    }
    if (name === 'br') { if (blockStart >= 0) text += '\n'; continue; }
    // Cells of a row are apart by a tab, so "Abbotts Hall" and "2002" are two words, not one.
    if ((name === 'td' || name === 'th') && blockStart >= 0 && (kind as Block['kind']) === 'table-row' && !text.endsWith('\t')) text = text.replace(/ +$/, '') + '\t';
    const list = name === 'ol' || name === 'ul';
    if (list) {
      const first = Number(node.attrs?.find((a) => a.name === 'start')?.value);
      lists.push(name === 'ol' ? (Number.isFinite(first) ? first : 1) : null);
    }
    if (name === 'li') {
      const n = lists[lists.length - 1];
      marker = n === undefined || n === null ? '•' : `${n}.`;
      if (typeof n === 'number') lists[lists.length - 1] = n + 1;
    }
    const id = node.attrs?.find((a) => a.name === 'id')?.value;
    if (id && !positions.ids.has(id)) positions.ids.set(id, blockStart >= 0 ? text.length : text.length + (text.length ? 2 : 0));
    const h = HEADING_LEVEL[name];
    const k = h ? 'heading' : BLOCK_KIND[name];
    if (k) startBlock(k, h);
    stack.push({ close: true, block: Boolean(k), list });
    // Children in reverse so they come off the stack in document order; CFI steps count
    // element children as even numbers and the text between them as odd ones.
    const children = node.childNodes ?? [];
    const steps: string[] = [];
    let elements = 0;
    for (const child of children) {
      if (child.nodeName.startsWith('#')) steps.push(`${path}/${2 * elements + 1}`);
      else steps.push(`${path}/${2 * ++elements}`);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, path: steps[i]!, pre: pre || name === 'pre' });
  }
  endBlock();
  return { doc: { text, title, blocks, outline }, positions };
}
