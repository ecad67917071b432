/**
 * Which blocks the reader lets flow to the pane's width: hard-wrapped prose does, verse and code
 * keep their lines. The reader's rendering and a quote's text follow the same rule.
 */
import type { Block, SourceDoc } from '../../../main/common/contract';

/** Whether the reader lets a block's lines flow (hard-wrapped prose) rather than keep them (verse, code). */
export function reflows(text: string, block: Block, format: SourceDoc['format']): boolean {
  if (block.kind === 'code' || block.kind === 'rule') return false;
  if (format !== 'text') return true; // Markdown's single line breaks are spaces; HTML has no hard wraps outside <pre>.
  const lines = text.slice(block.start, block.end).split('\n');
  if (lines.length < 2) return true;
  // Prose is wrapped near a fixed width; verse and lists of lines stop short. The last line of a
  // paragraph is as short as it happens to be, so it does not count.
  const body = lines.slice(0, -1);
  const long = body.filter((l) => l.trim().length >= 50).length;
  return long / body.length >= 0.7;
}
