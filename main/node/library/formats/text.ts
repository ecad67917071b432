import { decodeSourceBytes } from '../decode';
import { plainTextChapters } from '../text-chapters';
import { markdownStructure } from '../text-structure';
import type { ExtractOutcome, FormatModule } from './types';

/**
 * Plain text and Markdown keep their bytes as canonical text; `# Heading` lines and lists are read
 * the Markdown way in both, and plain text's chapter lines ("CHAPTER I", "BOOK II") are headings too.
 */
function extractText(bytes: Uint8Array, chapters: boolean): ExtractOutcome {
  const decoded = decodeSourceBytes(bytes);
  if (!decoded.ok) return decoded;
  const structure = markdownStructure(decoded.text);
  return { ok: true, extracted: { ...(chapters ? plainTextChapters(decoded.text, structure) : structure), text: decoded.text, title: null } };
}

export const textFormat: FormatModule = { format: 'text', extract: (bytes) => extractText(bytes, true) };
export const markdownFormat: FormatModule = { format: 'markdown', extract: (bytes) => extractText(bytes, false) };
