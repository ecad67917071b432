import { describe, expect, it, beforeEach } from 'vitest';
import { TextOffsetMap } from '../../renderer/src/reader/offsets';
import { displayBlocks, renderBlock, MAX_BLOCK_CHARS } from '../../renderer/src/reader/blocks';
import type { Decoration } from '../../renderer/src/reader/decorations';
import type { Block } from '../../main/common/contract';
import { allByRole, getByRole } from '../support/roles';

// Canonical texts as the backend produces them: decoded entities, astral emoji, CRLF line ends.
const ENTITIES = 'Fish & chips cost <£5> at "AT&T"\u00a0Café.\n\nThe second paragraph says &amp; literally.';
const EMOJI = 'Researchers 👩‍🔬 test 🧪 samples.\n\nThen 🎉 they celebrate.';
const CRLF = 'Line one of the note.\r\nLine two follows.\r\n\r\nA new paragraph after CRLF.';

function mount(text: string, blocks: Block[], decorations: Decoration[] = []) {
  document.body.innerHTML = '';
  const root = document.createElement('div');
  document.body.appendChild(root);
  const map = new TextOffsetMap(root);
  const shown = displayBlocks(text, blocks);
  shown.forEach((b, i) => root.appendChild(renderBlock(text, b, i, decorations, map)));
  return { root, map, shown };
}

/** A DOM range over the first occurrence of `needle` in the rendered text, found by walking text nodes. */
function rangeOver(root: Element, needle: string): Range {
  const nodes: Text[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  const joined = nodes.map((n) => n.data).join('');
  const at = joined.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" is not rendered`);
  const point = (pos: number, side: 'start' | 'end') => {
    let acc = 0;
    for (const n of nodes) {
      if (pos < acc + n.length || (side === 'end' && pos === acc + n.length)) return { node: n, offset: pos - acc };
      acc += n.length;
    }
    throw new Error('out of range');
  };
  const s = point(at, 'start');
  const e = point(at + needle.length, 'end');
  const range = document.createRange();
  range.setStart(s.node, s.offset);
  range.setEnd(e.node, e.offset);
  return range;
}

describe('selection → canonical offsets', () => {
  beforeEach(() => { document.body.innerHTML = ''; });

  for (const [name, text, needle] of [
    ['decoded entities', ENTITIES, 'chips cost <£5> at "AT&T"\u00a0Café'],
    ['a literal "&amp;" in the text', ENTITIES, 'says &amp; literally'],
    ['emoji made of surrogate pairs and joiners', EMOJI, '👩‍🔬 test 🧪'],
    ['CRLF line ends inside a paragraph', CRLF, 'one of the note.\r\nLine two'],
  ] as const) {
    it(`maps a selection over ${name} to the exact slice of the canonical text`, () => {
      const { root, map } = mount(text, []);
      const r = map.rangeOffsets(rangeOver(root, needle));
      expect(r).not.toBeNull();
      expect(text.slice(r!.start, r!.end)).toBe(needle);
    });
  }

  it('stays exact when highlights split the text into several nodes', () => {
    const start = EMOJI.indexOf('test');
    const decorations: Decoration[] = [
      { kind: 'highlight', start, end: start + 4, id: 'a1', color: '#ffcc00', name: 'claim', quote: false },
      { kind: 'match', start: EMOJI.indexOf('samples'), end: EMOJI.indexOf('samples') + 7 },
    ];
    const { root, map } = mount(EMOJI, [], decorations);
    expect(allByRole(root, 'mark')).toHaveLength(2);
    const needle = '🔬 test 🧪 samp';
    const r = map.rangeOffsets(rangeOver(root, needle))!;
    expect(EMOJI.slice(r.start, r.end)).toBe(needle);
  });

  it('includes the text between blocks when a selection crosses a paragraph break', () => {
    const { root, map } = mount(CRLF, []);
    const needle = 'follows.A new'; // rendered text has no gap between block elements
    const nodes = allByRole(root, 'paragraph');
    expect(nodes.length).toBe(2);
    const range = document.createRange();
    const first = nodes[0]!.firstChild as Text;
    const second = nodes[1]!.firstChild as Text;
    range.setStart(first, first.data.indexOf('follows.'));
    range.setEnd(second, 5);
    const r = map.rangeOffsets(range)!;
    expect(CRLF.slice(r.start, r.end)).toBe('follows.\r\n\r\nA new');
    expect(needle).toContain('A new');
  });

  it('does not swallow the paragraph break when a selection ends at the start of the next block', () => {
    const { root, map } = mount(EMOJI, []);
    const blocks = allByRole(root, 'paragraph');
    const range = document.createRange();
    range.setStart(blocks[0]!.firstChild!, 0);
    range.setEnd(blocks[1]!, 0); // what a triple-click produces
    const r = map.rangeOffsets(range)!;
    expect(EMOJI.slice(r.start, r.end)).toBe('Researchers 👩‍🔬 test 🧪 samples.');
  });

  it('ignores nodes that are not source text, such as a marker button inside a block', () => {
    const { root, map } = mount(ENTITIES, []);
    const block = allByRole(root, 'paragraph')[0]!;
    const button = document.createElement('button');
    button.textContent = 'Quoted by 2 notes';
    block.appendChild(button);
    const range = document.createRange();
    range.setStart(block.firstChild!, ENTITIES.indexOf('chips'));
    range.setEnd(button.firstChild!, 3);
    const r = map.rangeOffsets(range)!;
    expect(ENTITIES.slice(r.start, r.end)).toBe('chips cost <£5> at "AT&T"\u00a0Café.');
  });

  it('finds the DOM point of an offset, for scrolling to and marking a passage', () => {
    const { root, map } = mount(ENTITIES, [], [{ kind: 'target', start: 5, end: 10 }]);
    const offset = ENTITIES.indexOf('Café');
    const p = map.pointAt(root, offset)!;
    expect(p.node.data.slice(p.offset, p.offset + 4)).toBe('Café');
    const endPoint = map.pointAt(root, 10, 'end')!;
    expect(endPoint.node.parentElement).toBe(getByRole(root, 'mark')); // the target, the only mark
  });

  it('returns null for a collapsed or empty selection', () => {
    const { root, map } = mount(ENTITIES, []);
    const range = document.createRange();
    range.setStart(allByRole(root, 'paragraph')[0]!.firstChild!, 3);
    range.collapse(true);
    expect(map.rangeOffsets(range)).toBeNull();
  });
});

describe('headings with their Markdown markers', () => {
  it('mutes the "## " a heading keeps in the canonical text, and selections over it stay exact', () => {
    const text = '## The Bedrock Pivot\n\nAmazon hosted models.';
    const { root, map } = mount(text, [{ kind: 'heading', level: 2, start: 0, end: 20 }, { kind: 'paragraph', start: 22, end: text.length }]);
    expect(root.querySelector('.syntax')!.textContent).toBe('## ');
    const r = map.rangeOffsets(rangeOver(root, '# The Bed'))!;
    expect(text.slice(r.start, r.end)).toBe('# The Bed');
  });
});

describe('display blocks', () => {
  it('covers text the backend left outside any block, so nothing is hidden', () => {
    const text = 'Title\n\nBody one.\n\nTrailing words.';
    const blocks: Block[] = [{ kind: 'heading', level: 1, start: 0, end: 5 }, { kind: 'paragraph', start: 7, end: 16 }];
    const shown = displayBlocks(text, blocks);
    expect(shown.map((b) => text.slice(b.start, b.end))).toEqual(['Title', 'Body one.', 'Trailing words.']);
  });

  it('cuts a paragraph too long to render at once into pieces that still cover every character', () => {
    const sentence = 'A line of a book that never pauses for a blank line 🧪,\n';
    const text = sentence.repeat(Math.ceil((MAX_BLOCK_CHARS * 3) / sentence.length));
    const shown = displayBlocks(text, [{ kind: 'paragraph', start: 0, end: text.length }]);
    expect(shown.length).toBeGreaterThan(3);
    expect(shown.every((b) => b.end - b.start <= MAX_BLOCK_CHARS)).toBe(true);
    expect(shown.map((b) => text.slice(b.start, b.end)).join('')).toBe(text);
    expect(shown.every((b, i) => i === 0 || b.start === shown[i - 1]!.end)).toBe(true);
  });
});

describe('inline Markdown keeps offsets exact', () => {
  const ITEM = '1. **Let others do the hard research.** Training *frontier* models, says [[Claude|the model]] and `code_span`.';
  const list: Block[] = [{ kind: 'list-item', start: 0, end: ITEM.length }];

  it('keeps every character, markup included, in text nodes registered at their own offsets', () => {
    const { root, map } = mount(ITEM, list);
    const nodes: Text[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
    expect(nodes.map((n) => n.data).join('')).toBe(ITEM);
    let at = 0;
    for (const n of nodes) {
      expect(map.startOf(n)).toBe(at);
      at += n.length;
    }
    expect(root.querySelector('.md-strong')!.textContent).toBe('Let others do the hard research.');
    expect(root.querySelector('.md-em')!.textContent).toBe('frontier');
    expect(root.querySelector('.md-code')!.textContent).toBe('code_span');
  });

  for (const needle of [
    'the hard research.** Training', // from bold, over its closing marker, into plain text
    '*Let others', // starting inside the opening marker
    'research.**', // ending right after the closing marker
    'says [[Claude|the mod', // into a wikilink's muted target and its shown text
    '`code_span`.', // over a code span with its backticks
  ]) {
    it(`maps a selection over "${needle}" to exactly those characters`, () => {
      const { root, map } = mount(ITEM, list);
      const r = map.rangeOffsets(rangeOver(root, needle))!;
      expect(ITEM.slice(r.start, r.end)).toBe(needle);
    });
  }

  it('stays exact when a highlight covers part of the bold text and its marker', () => {
    const start = ITEM.indexOf('hard');
    const end = ITEM.indexOf('Training');
    const { root, map } = mount(ITEM, list, [{ kind: 'highlight', start, end, id: 'h', color: '#ffcc00', name: 'claim', quote: true }]);
    const marks = allByRole(root, 'mark', 'claim');
    expect(marks.map((m) => m.textContent).join('')).toBe(ITEM.slice(start, end));
    // Purely visual from here: the bold run inside the highlight keeps its styling.
    expect(marks[0]!.querySelector('.md-strong')!.textContent).toBe('hard research.');
    const r = map.rangeOffsets(rangeOver(root, 'research.** Train'))!;
    expect(ITEM.slice(r.start, r.end)).toBe('research.** Train');
  });

  it('finds the DOM point of an offset inside a muted marker', () => {
    const { root, map } = mount(ITEM, list);
    const p = map.pointAt(root, ITEM.indexOf('**') + 1)!;
    expect(p.node.parentElement!.classList.contains('syntax')).toBe(true);
    expect(p.node.data.slice(p.offset)).toBe('*');
  });
});
