/**
 * Turning a note file's bytes into text, refusing (with a reason a person understands) what
 * another program may have left there: binary data, text that is not UTF-8, a huge file.
 * A refused file is never rewritten, so nothing in it is lost.
 */
import { ApiError } from '../../common/contract';

/** Notes larger than this are refused (the contract's save limit is the same). */
export const MAX_NOTE_BYTES = 50_000_000;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Throws if a note of `size` bytes is too large to open (checked before reading it). */
export function checkNoteSize(size: number, path: string, maxBytes = MAX_NOTE_BYTES): void {
  if (size > maxBytes) {
    throw new ApiError('bad-request',
      `"${path}" is ${formatBytes(size)}, more than the ${formatBytes(maxBytes)} a note may hold; it was left as it is`);
  }
}

export function decodeNote(bytes: Uint8Array, path: string, maxBytes = MAX_NOTE_BYTES): string {
  checkNoteSize(bytes.length, path, maxBytes);
  // A NUL byte never occurs in UTF-8 text written by an editor; it is the cheapest reliable
  // sign of a binary file that happens to be named .md.
  if (bytes.includes(0)) {
    throw new ApiError('bad-request', `"${path}" looks like a binary file, not Markdown text; it was left as it is`);
  }
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new ApiError('bad-request',
      `"${path}" is not valid UTF-8 text (perhaps saved in another encoding); it was left as it is`);
  }
}

/**
 * Refuses text a save must not write: a NUL (the note would then be refused on read as binary)
 * and unpaired UTF-16 surrogates (UTF-8 cannot hold them; the file would silently differ from
 * what the editor sent). Other control characters are kept, on save as on read.
 */
export function checkNoteText(markdown: string, path: string): void {
  if (markdown.includes('\0')) {
    throw new ApiError('bad-request', `"${clip(path)}" was not saved: the text contains a NUL character, which a Markdown file cannot hold`);
  }
  if (/\p{Surrogate}/u.test(markdown)) {
    throw new ApiError('bad-request', `"${clip(path)}" was not saved: the text contains a broken character (an unpaired UTF-16 surrogate)`);
  }
}

/** A user-supplied string shortened for a message. */
export function clip(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

function formatBytes(n: number): string {
  return n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)} MB` : `${Math.ceil(n / 1000)} kB`;
}
