/**
 * Random and hostile argument lists for contract methods: wrong types, huge strings, deep
 * nesting, `__proto__` keys, `../` paths, NUL bytes, unknown ids, and (often enough to reach
 * past validation) well-formed calls on real notes, sources and annotations. Every path that
 * tries to leave the notebook carries the marker `sbfuzz`, so a file it created anywhere is found.
 */
export const MARKER = 'sbfuzz';

export interface KnownIds {
  notes: string[];
  sources: string[];
  annotations: string[];
  trash: string[];
}

export type Random = () => number;

/** One call: method name and either an argument list or, for HTTP, a raw body. */
export interface FuzzCall {
  method: string;
  args: unknown[];
  /** HTTP only: sent as the body instead of JSON.stringify(args) (invalid JSON, 10,000-deep nesting, __proto__). */
  rawBody?: string;
}

const HOSTILE_PATHS = [
  `../${MARKER}.md`, `../../${MARKER}.md`, `../outside/Secret.md`, `/tmp/${MARKER}.md`, `/etc/passwd`, `a/../../${MARKER}.md`,
  `..\\${MARKER}.md`, `C:\\${MARKER}.md`, `C:${MARKER}.md`, `\\\\server\\share\\${MARKER}.md`, `${MARKER}\u0000.md`, `x.md\u0000../../${MARKER}`,
  `.sourcebook/annotations/${MARKER}.md`, `.sourcebook/../../${MARKER}.md`, `.git/${MARKER}.md`, `./${MARKER}.md`, `${MARKER}//x.md`,
  `${'n'.repeat(300)}.md`, `${'d/'.repeat(600)}${MARKER}.md`, `${MARKER}.txt`, '', '.', '..', '/', `%2e%2e/${MARKER}.md`, `${MARKER}\n.md`,
  `sources/../../../${MARKER}.md`, `${MARKER}.MD`, `CON.md`, `aux/${MARKER}.md`, `\u202e${MARKER}dm.md`, `${MARKER} \u0007 bell.md`,
  `file:///tmp/${MARKER}.md`, `~/${MARKER}.md`, `$HOME/${MARKER}.md`,
];

const STRINGS = [
  '', ' ', 'a', '0', '-1', 'null', 'undefined', 'true', '[]', '{}', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty',
  '\u0000', 'a\u0000b', '\ud800', '\udfff\ud800', '\u202e', '😀', 'é'.normalize('NFD'), '<script>alert(1)</script>', '"\'`', '${x}', '%s%n',
  'AND', 'OR NOT', '"unclosed', '(((', ')', '*', '~', 'title:', 'a:b:c', '^', '#', '[[', ']]', '|', 'sourcebook://annotation/x',
  '#zzzzzz', 'red', 'rgb(0,0,0)', '1970-01-01', 'NaN', 'Infinity', '9'.repeat(400),
];

export function pickOf<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function hugeString(random: Random): string {
  const size = pickOf(random, [10_000, 100_000, 1_000_000, 3_000_000]);
  return pickOf(random, ['a', '\u0000', 'é', '😀', '../', '[[x]] ']).repeat(Math.ceil(size / 3)).slice(0, size);
}

function deep(depth: number, leaf: unknown, asArray: boolean): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
  return value;
}

/** A value of any type, hostile more often than not. */
export function anyValue(random: Random, known: KnownIds, ipc: boolean, depth = 0): unknown {
  const roll = random();
  if (roll < 0.12) return pickOf(random, STRINGS);
  if (roll < 0.22) return pickOf(random, HOSTILE_PATHS);
  if (roll < 0.3) return pickOf(random, [0, -1, 1, 1.5, -0, 2 ** 31, 2 ** 53 + 1, -(2 ** 53), 1e308, -1e308, 5e-324]);
  if (roll < 0.36) return pickOf(random, [null, true, false]);
  if (roll < 0.42) return idOf(random, known);
  if (roll < 0.45) return hugeString(random);
  if (roll < 0.5) return deep(Math.floor(random() * 200), pickOf(random, STRINGS), random() < 0.5);
  if (roll < 0.55 && ipc) return pickOf(random, [undefined, NaN, Infinity, -Infinity, 10n, new Date(NaN), new Map([['a', 1]]), new Set([1]), /x/g, new Uint8Array(8)]);
  if (roll < 0.75 && depth < 3) {
    const out: Record<string, unknown> = {};
    const keys = ['path', 'markdown', 'baseVersion', 'sourceId', 'start', 'end', 'kind', 'color', 'comment', 'relocate', 'keepAsCited', 'name', 'limit', 'offset', 'folder', 'x'];
    for (let i = Math.floor(random() * 5); i > 0; i--) out[pickOf(random, keys)] = anyValue(random, known, ipc, depth + 1);
    return out;
  }
  if (depth < 3) return Array.from({ length: Math.floor(random() * 4) }, () => anyValue(random, known, ipc, depth + 1));
  return pickOf(random, STRINGS);
}

function idOf(random: Random, known: KnownIds): string {
  const pools = [known.notes, known.sources, known.annotations, known.trash, ['00000000-0000-0000-0000-000000000000', '1700000000000-deadbeef', 'f'.repeat(64), `../${MARKER}`]];
  const pool = pickOf(random, pools.filter((p) => p.length));
  return pickOf(random, pool);
}

function notePath(random: Random, known: KnownIds): string {
  const roll = random();
  if (roll < 0.4 && known.notes.length) return pickOf(random, known.notes);
  if (roll < 0.7) return pickOf(random, HOSTILE_PATHS);
  return `Fuzz ${Math.floor(random() * 50)}.md`;
}

function span(random: Random): { start: unknown; end: unknown } {
  const start = pickOf<unknown>(random, [0, 10, 100, 1000, -5, 1e9, 2 ** 53, 0.5, '3', null]);
  const end = pickOf<unknown>(random, [20, 150, 1100, 0, -1, 1e12, 2 ** 53 + 2, 7.25, '9', null]);
  return { start, end };
}

/** A well-formed call (types right, values often hostile), so the backend's own checks are reached. */
function shapedArgs(method: string, random: Random, known: KnownIds): unknown[] {
  const text = () => (random() < 0.1 ? hugeString(random) : pickOf(random, [...STRINGS, '# Note\n\nSee [[Fuzz 1]].\n']));
  const id = () => idOf(random, known);
  const source = () => (random() < 0.7 && known.sources.length ? pickOf(random, known.sources) : pickOf(random, [...HOSTILE_PATHS, ...STRINGS]));
  switch (method) {
    case 'getSource': return [source()];
    case 'search': return [text(), random() < 0.5 ? { limit: pickOf(random, [1, 10, 1000, 0, -1]) } : undefined].filter((x) => x !== undefined);
    case 'readNote': case 'deleteNote': case 'getNoteLinks': case 'exportNoteMarkdown': return [notePath(random, known)];
    case 'createNote': return [text()];
    case 'saveNote': return [{ path: notePath(random, known), markdown: text(), baseVersion: random() < 0.5 ? null : pickOf(random, ['', 'f'.repeat(64), id()]) }];
    case 'renameNote': return [notePath(random, known), random() < 0.5 ? pickOf(random, HOSTILE_PATHS) : text()];
    case 'restoreNote': return [random() < 0.5 && known.trash.length ? pickOf(random, known.trash) : id()];
    case 'listAnnotations': return random() < 0.5 ? [] : [{ sourceId: source() }];
    case 'getAnnotation': case 'deleteAnnotation': case 'keepAsOrphan': return [id()];
    case 'createAnnotation': return [{ kind: pickOf(random, ['quote', 'highlight', 'x']), sourceId: source(), ...span(random), ...(random() < 0.3 ? { color: text() } : {}), ...(random() < 0.3 ? { comment: text() } : {}) }];
    case 'updateAnnotation': return [id(), pickOf(random, [{ comment: text() }, { color: text() }, { keepAsCited: true }, { relocate: { sourceId: source(), ...span(random) } }, {}])];
    case 'setColors': return [Array.from({ length: Math.floor(random() * 4) }, () => ({ name: text(), color: pickOf(random, ['#aabbcc', '#ABC', 'red', text()]) }))];
    default: return [];
  }
}

/** The HTTP bodies JSON.stringify cannot produce. */
function rawBody(random: Random): string {
  return pickOf(random, [
    '[', '{', 'nul', '[1,]', '"\\ud800"', '[{"path":"x.md","markdown":"a","baseVersion":null,"__proto__":{"polluted":true}}]',
    '[{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"polluted":1}}}]', '{"0":"x.md","length":1}',
    `${'['.repeat(10_000)}${']'.repeat(10_000)}`, `[${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}]`, '[1e400]', '[-0]', '\u0000', '',
  ]);
}

export function randomCall(random: Random, methods: readonly string[], known: KnownIds, transport: 'http' | 'ipc'): FuzzCall {
  const method = random() < 0.03 ? pickOf(random, ['__proto__', 'constructor', 'toString', 'nope', `../${MARKER}`, 'subscribe', 'close', 'hasOwnProperty']) : pickOf(random, methods);
  const roll = random();
  if (transport === 'http' && roll < 0.08) return { method, args: [], rawBody: rawBody(random) };
  if (roll < 0.5) return { method, args: shapedArgs(method, random, known) };
  return { method, args: Array.from({ length: Math.floor(random() * 4) }, () => anyValue(random, known, transport === 'ipc')) };
}
