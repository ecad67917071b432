/**
 * Note titles ↔ file names, pure so the backend that names files and the views that resolve
 * `[[links]]` to them agree. A note's title is its file name without `.md`, as in Obsidian, so
 * titles are cleaned into names every operating system accepts and links can name.
 */

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;
/** Bytes for the name in a 255-byte file-name limit, with room for ".md" and a " (restored 99)" suffix. */
export const MAX_NAME_BYTES = 200;

/** UTF-8 length, as the file system counts a name (a lone surrogate is written as U+FFFD, 3 bytes). */
function utf8Bytes(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/**
 * A title made safe as a file name: characters forbidden on Windows or meaningful in
 * `[[links]]` (`\ / : * ? " < > | # ^ [ ]`) and control characters become spaces; leading
 * dots (hidden files) and trailing dots or spaces (Windows) go; reserved device names get a
 * trailing "_"; very long titles are cut at a character boundary. Never empty.
 */
export function sanitizeTitle(title: string, maxBytes = MAX_NAME_BYTES): string {
  let name = title.normalize('NFC').replace(/[\\/:*?"<>|#^[\]\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
  name = name.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (WINDOWS_RESERVED.test(name)) name += '_';
  if (utf8Bytes(name) > maxBytes) {
    const chars = [...name];
    while (utf8Bytes(chars.join('')) > maxBytes) chars.pop();
    name = chars.join('');
  }
  name = name.trim();
  return name || 'Untitled';
}

/** The title shown for a note path: its file name without `.md`. */
export function titleOfPath(notePath: string): string {
  return notePath.slice(notePath.lastIndexOf('/') + 1).replace(/\.md$/i, '');
}
