/**
 * Note titles ↔ file names. A note's title is its file name without `.md`, as in Obsidian, so
 * titles are cleaned into names every operating system accepts and links can name.
 */
import path from 'node:path';

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;
/** Bytes for the name in a 255-byte file-name limit, with room for ".md" and a " (restored 99)" suffix. */
const MAX_NAME_BYTES = 200;
const SUFFIX_ROOM = 24;

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
  while (Buffer.byteLength(name, 'utf8') > maxBytes) name = [...name].slice(0, -1).join('');
  name = name.trim();
  return name || 'Untitled';
}

/** The title shown for a note path: its file name without `.md`. */
export function titleOfPath(notePath: string): string {
  return path.posix.basename(notePath).replace(/\.md$/i, '');
}

/** `folder/Title.md` for a title (sanitised) in `folder` ('' = the notebook's top level). */
export function notePathFor(title: string, folder = ''): string {
  return inFolder(`${sanitizeTitle(title)}.md`, folder);
}

function inFolder(name: string, folder: string): string {
  return folder && folder !== '.' ? `${folder}/${name}` : name;
}

/**
 * Candidate paths for a note named `title` that must not replace another: "Title.md", then
 * "Title 2.md", "Title 3.md"…; with a label: "Title (restored).md", "Title (restored 2).md"…
 */
export function* numberedPaths(title: string, folder = '', label = ''): Generator<string> {
  const base = sanitizeTitle(title, MAX_NAME_BYTES - SUFFIX_ROOM);
  if (!label) yield inFolder(`${base}.md`, folder);
  for (let n = label ? 1 : 2; ; n++) {
    const suffix = label ? (n === 1 ? ` (${label})` : ` (${label} ${n})`) : ` ${n}`;
    yield inFolder(`${base}${suffix}.md`, folder);
  }
}
