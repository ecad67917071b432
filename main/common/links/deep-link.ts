/**
 * Deep links: the `sourcebook://` URLs that notes and exports already contain, as the OS hands
 * them to the app (macOS `open-url`; on Windows and Linux the argv of the first launch or of a
 * second instance) and as browser mode receives them (`/open?link=…`). One pure policy decides
 * what such a string means; anything else is refused, so a link can only ever *open* something.
 *
 *   sourcebook://annotation/<id>                       the quote or highlight with that id
 *   sourcebook://source/<percent-encoded source id>    a source, at its start
 *   sourcebook://source/<id>#:~:text=[prefix-,]start[,end][,-suffix]   a source at that passage
 */
import { isAnnotationId } from '../markdown/quote-link';

export const DEEP_LINK_SCHEME = 'sourcebook';

export interface TextDirective {
  prefix: string;
  start: string;
  end: string;
  suffix: string;
}

export type DeepLink =
  | { kind: 'annotation'; id: string }
  | { kind: 'source'; sourceId: string; text: TextDirective | null };

/** Links longer than this are not something a note or an export wrote. */
const MAX_LINK = 8192;
// No control characters anywhere, decoded or not: argv and URLs are hostile input.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;

function decode(s: string): string | null {
  try {
    const d = decodeURIComponent(s);
    return CONTROL.test(d) ? null : d;
  } catch {
    return null;
  }
}

/** The `#:~:text=` directive of a fragment (URL Fragment Text Directives), or null. */
function parseTextDirective(fragment: string): TextDirective | null {
  const m = /(?:^|&)text=([^&]*)/.exec(fragment.replace(/^:~:/, ''));
  if (!fragment.startsWith(':~:') || !m) return null;
  const parts = m[1]!.split(',');
  const prefix = parts[0]?.endsWith('-') ? parts.shift()!.slice(0, -1) : '';
  const suffix = parts.length > 1 && parts[parts.length - 1]!.startsWith('-') ? parts.pop()!.slice(1) : '';
  if (parts.length < 1 || parts.length > 2 || !parts[0]) return null;
  const fields = [prefix, parts[0], parts[1] ?? '', suffix].map(decode);
  if (fields.some((f) => f === null)) return null;
  const [p, start, end, s] = fields as string[];
  return { prefix: p!, start: start!, end: end!, suffix: s! };
}

/** What a `sourcebook://` link asks to open, or null for anything that is not one of ours. */
export function parseDeepLink(raw: unknown): DeepLink | null {
  if (typeof raw !== 'string' || raw.length > MAX_LINK || CONTROL.test(raw)) return null;
  const m = /^sourcebook:\/\/(annotation|source)\/([^?#]+)(?:#(.*))?$/i.exec(raw.trim());
  if (!m) return null;
  const kind = m[1]!.toLowerCase();
  const rest = m[2]!;
  if (kind === 'annotation') {
    const id = decode(rest.replace(/\/$/, ''));
    return isAnnotationId(id) ? { kind: 'annotation', id } : null;
  }
  const sourceId = decode(rest);
  // A source id is a path relative to its library folder (see contract/library.ts): never absolute or upward.
  if (!sourceId || sourceId.length > 4096 || sourceId.startsWith('/') || sourceId.includes('\\')
    || sourceId.split('/').some((seg) => seg === '..' || seg === '.' || seg === '')) return null;
  return { kind: 'source', sourceId, text: m[3] === undefined ? null : parseTextDirective(m[3]) };
}

/**
 * The deep link among a launch's arguments (Windows and Linux pass the URL as an argument to a
 * new process; a second instance's argv reaches the first). Only an argument that is itself a
 * whole `sourcebook://` URL counts; flags and their values (`--library DIR`) never do.
 */
export function deepLinkFromArgv(argv: readonly unknown[]): DeepLink | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (typeof arg === 'string' && VALUE_FLAGS.has(arg)) { i++; continue; }
    if (typeof arg === 'string' && /^sourcebook:\/\//i.test(arg)) {
      const link = parseDeepLink(arg);
      if (link) return link;
    }
  }
  return null;
}

/** The app's flags that take a value (main/electron-main/launch-options.ts): their value is never a link. */
const VALUE_FLAGS = new Set(['--library', '--notebook']);

/** The `sourcebook://` URL of a link (the inverse of parseDeepLink). */
export function formatDeepLink(link: DeepLink): string {
  if (link.kind === 'annotation') return `sourcebook://annotation/${link.id}`;
  const path = link.sourceId.split('/').map(encodeURIComponent).join('/');
  if (!link.text) return `sourcebook://source/${path}`;
  const enc = (s: string) => encodeURIComponent(s).replace(/-/g, '%2D').replace(/,/g, '%2C').replace(/&/g, '%26');
  const t = link.text;
  const parts = [...(t.prefix ? [`${enc(t.prefix)}-`] : []), enc(t.start), ...(t.end ? [enc(t.end)] : []), ...(t.suffix ? [`-${enc(t.suffix)}`] : [])];
  return `sourcebook://source/${path}#:~:text=${parts.join(',')}`;
}

/** The browser-mode address of a link (`/open?link=…`), which the loopback server answers with the app. */
export function browserOpenPath(link: DeepLink): string {
  return `/open?link=${encodeURIComponent(formatDeepLink(link))}`;
}
