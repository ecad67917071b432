/**
 * Note titles ↔ file names. A note's title is its file name without `.md`, as in Obsidian, so
 * titles are cleaned into names every operating system accepts and links can name.
 */
import { MAX_NAME_BYTES, sanitizeTitle, titleOfPath } from '../../common/notebook/note-title';

export { sanitizeTitle, titleOfPath };

const SUFFIX_ROOM = 24;

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
