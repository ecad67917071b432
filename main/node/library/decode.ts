import type { FileProblem } from '../../common/contract';

/** Sources larger than this are reported, not read: a research library holds books, not dumps. */
export const MAX_SOURCE_BYTES = 64 * 1024 * 1024;

export type DecodeOutcome = { ok: true; text: string } | { ok: false; reason: FileProblem['reason']; message: string };

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Control characters other than tab, newline, form feed and carriage return. */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if (b < 32 && b !== 9 && b !== 10 && b !== 12 && b !== 13) control++;
  }
  return n > 0 && control / n > 0.1;
}

function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** Bytes of a file → its text with line ends normalised to "\n", or why it cannot be a source. */
export function decodeSourceBytes(bytes: Uint8Array): DecodeOutcome {
  if (bytes.length > MAX_SOURCE_BYTES) {
    return { ok: false, reason: 'too-large', message: `larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MB` };
  }
  const utf16 = utf16Encoding(bytes);
  if (!utf16 && looksBinary(bytes)) return { ok: false, reason: 'binary', message: 'binary file, not text' };
  let text: string;
  try {
    // The byte order mark is the only sure sign of UTF-16 (its ASCII halves are NUL bytes); it is dropped.
    text = utf16 ? new TextDecoder(utf16, { fatal: true }).decode(bytes) : fatalUtf8.decode(bytes);
  } catch {
    if (utf16) return { ok: false, reason: 'invalid-utf8', message: `not valid ${utf16.toUpperCase()} text although it starts with a byte order mark` };
    return { ok: false, reason: 'invalid-utf8', message: 'not valid UTF-8 text (re-save it as UTF-8)' };
  }
  text = text.replace(/\r\n?/g, '\n');
  if (!text.trim()) return { ok: false, reason: 'empty', message: 'the file is empty' };
  return { ok: true, text };
}
