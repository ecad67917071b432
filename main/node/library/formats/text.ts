import { decodeSourceBytes } from '../decode';
import { markdownStructure } from '../text-structure';
import type { ExtractOutcome, FormatModule } from './types';

/** Plain text and Markdown keep their bytes as canonical text; `# Heading` lines and lists are read the Markdown way in both. */
function extractText(bytes: Uint8Array): ExtractOutcome {
  const decoded = decodeSourceBytes(bytes);
  if (!decoded.ok) return decoded;
  return { ok: true, extracted: { ...markdownStructure(decoded.text), text: decoded.text, title: null } };
}

export const textFormat: FormatModule = { format: 'text', extract: extractText };
export const markdownFormat: FormatModule = { format: 'markdown', extract: extractText };
