/**
 * The search language, parsed into a tree (pure: no index, no I/O).
 *
 *   words            every word must match (AND)
 *   "exact phrase"   the words in this order, checked on the passage text
 *   a OR b           either side; AND binds tighter: `a b OR c` = (a AND b) OR c
 *   -word, -"…", -tag:x   excludes
 *   ( … )            grouping
 *   source:NAME      path or title contains NAME (aliases path:, file:); quote values with spaces
 *   in:sources|notes|quotes   the kind of hit
 *   tag:NAME         a [[wikilink]] target or tag of the passage (case-insensitive; `#` optional)
 *   color:NAME       quotes/highlights of that colour (alias colour:)
 *
 * Lenient where a person is still typing: an unclosed quote or parenthesis closes at the end,
 * a dangling OR is ignored. Refused with a QueryError: an unknown `in:` value, a filter without a
 * value, a `)` that closes nothing.
 * The last bare word is matched as a prefix unless the query ends with a space. Words of 4–7
 * letters tolerate one typo, longer words two; shorter words, excluded words and phrases none
 * (the engine uses typo variants only for words the library hardly contains: see index.ts).
 */
import { ApiError } from '../../common/contract/api';
import { forEachWord, words } from './tokenize';

/** A query the user must change: every transport answers it as a bad request (HTTP 400), with this message. */
export class QueryError extends ApiError {
  constructor(message: string) {
    super('bad-request', message);
    this.name = 'QueryError';
  }
}

/** Beyond these a query is not something a person typed; refusing it keeps the parser and the phrase check bounded. */
const MAX_QUERY_CHARS = 10_000;
const MAX_NESTING = 64;

export type Kind = 'passage' | 'note' | 'quote';
export type FilterField = 'source' | 'in' | 'tag' | 'color';

export type QueryNode =
  | { type: 'and'; children: QueryNode[] }
  | { type: 'or'; children: QueryNode[] }
  | { type: 'not'; child: QueryNode }
  | { type: 'word'; word: string; prefix: boolean; fuzzy: number }
  | { type: 'phrase'; text: string; words: string[] }
  | { type: 'filter'; field: FilterField; value: string };

/**
 * How many typos a word may carry and still match. None for a number or any word with a digit
 * ("2002" must not find "2022") and none for a whole identifier ("os.path"): those are typed as meant.
 */
export function typoBudget(word: string): number {
  if (/[\p{N}'_.:]/u.test(word)) return 0;
  return word.length <= 3 ? 0 : word.length <= 7 ? 1 : 2;
}

const FILTERS: Record<string, FilterField> = {
  source: 'source', path: 'source', file: 'source', in: 'in', tag: 'tag', color: 'color', colour: 'color',
};
const IN_VALUES: Record<string, Kind> = {
  source: 'passage', sources: 'passage', passage: 'passage', passages: 'passage',
  note: 'note', notes: 'note', quote: 'quote', quotes: 'quote', highlight: 'quote', highlights: 'quote',
};

type Token =
  | { t: '(' } | { t: '-(' } | { t: ')' } | { t: 'or' }
  | { t: 'term'; negated: boolean; quoted: boolean; text: string; filter?: FilterField; last: boolean };

function lex(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = query.length;
  const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);
  const readQuoted = (): string => {
    i++; // opening quote
    const close = query.indexOf('"', i);
    const text = close < 0 ? query.slice(i) : query.slice(i, close);
    i = close < 0 ? n : close + 1;
    return text;
  };
  while (i < n) {
    const c = query[i]!;
    if (isSpace(c)) { i++; continue; }
    if (c === '(' || c === ')') { tokens.push({ t: c }); i++; continue; }
    let negated = false;
    if (c === '-' && query[i + 1] === '(') { tokens.push({ t: '-(' }); i += 2; continue; }
    if (c === '-' && i + 1 < n && !isSpace(query[i + 1]) && query[i + 1] !== '-') { negated = true; i++; }
    if (query[i] === '"') {
      tokens.push({ t: 'term', negated, quoted: true, text: readQuoted(), last: false });
      continue;
    }
    const startWord = i;
    while (i < n && !isSpace(query[i]) && query[i] !== '(' && query[i] !== ')' && query[i] !== '"') i++;
    let text = query.slice(startWord, i);
    const colon = text.indexOf(':');
    const filter = colon > 0 ? FILTERS[text.slice(0, colon).toLowerCase()] : undefined;
    if (filter) {
      let value = text.slice(colon + 1);
      if (!value && query[i] === '"') value = readQuoted();
      tokens.push({ t: 'term', negated, quoted: false, text: value, filter, last: false });
      continue;
    }
    if (text === 'OR' && !negated) { tokens.push({ t: 'or' }); continue; }
    tokens.push({ t: 'term', negated, quoted: false, text, last: i === n });
  }
  return tokens;
}

function filterNode(field: FilterField, raw: string): QueryNode {
  const value = raw.trim();
  if (!value) throw new QueryError(`${field}: needs a value, e.g. ${field === 'in' ? 'in:notes' : `${field}:name`}`);
  if (field === 'in') {
    const kind = IN_VALUES[value.toLowerCase()];
    if (!kind) throw new QueryError(`in: expects sources, notes or quotes (got "${value}")`);
    return { type: 'filter', field, value: kind };
  }
  return { type: 'filter', field, value: field === 'tag' ? value.replace(/^#/, '') : value };
}

function termNode(tok: Extract<Token, { t: 'term' }>): QueryNode | null {
  let node: QueryNode | null;
  if (tok.filter) node = filterNode(tok.filter, tok.text);
  else if (tok.quoted) {
    const ws = words(tok.text);
    node = ws.length === 0 ? null : { type: 'phrase', text: tok.text.trim(), words: ws };
  } else {
    const parts: QueryNode[] = [];
    const seen = new Set<string>();
    // Being typed: the last part and the whole token ending with it ("os.pa") are prefixes.
    const end = tok.text.length;
    forEachWord(tok.text, (word, _start, wordEnd) => {
      const prefix = tok.last && !tok.negated && wordEnd === end;
      const key = `${word}\u0000${prefix}`;
      if (seen.has(key)) return;
      seen.add(key);
      parts.push({ type: 'word', word, prefix, fuzzy: tok.negated ? 0 : typoBudget(word) });
    });
    node = parts.length === 0 ? null : parts.length === 1 ? parts[0]! : { type: 'and', children: parts };
  }
  return node && tok.negated ? { type: 'not', child: node } : node;
}

function group(type: 'and' | 'or', children: QueryNode[]): QueryNode | null {
  if (children.length === 0) return null;
  if (children.length === 1) return children[0]!;
  const flat = children.flatMap((c) => (c.type === type ? c.children : [c]));
  return { type, children: flat };
}

/** Parses a query; null for a query with nothing to search for (empty, only punctuation). */
export function parseQuery(query: string): QueryNode | null {
  if (query.length > MAX_QUERY_CHARS) throw new QueryError(`the query is too long (${query.length.toLocaleString('en')} characters; at most ${MAX_QUERY_CHARS.toLocaleString('en')})`);
  const tokens = lex(query);
  let pos = 0;
  const parseOr = (depth: number): QueryNode | null => {
    const alternatives: QueryNode[] = [];
    let conjunction: QueryNode[] = [];
    const flush = () => { const g = group('and', conjunction); if (g) alternatives.push(g); conjunction = []; };
    while (pos < tokens.length) {
      const tok = tokens[pos]!;
      if (tok.t === ')') {
        if (depth === 0) throw new QueryError('a ")" closes nothing: remove it or add "(" before it');
        pos++;
        break;
      }
      pos++;
      if (tok.t === 'or') { flush(); continue; }
      let node: QueryNode | null;
      if ((tok.t === '(' || tok.t === '-(') && depth >= MAX_NESTING) throw new QueryError(`the query nests parentheses too deeply (at most ${MAX_NESTING} levels)`);
      if (tok.t === '(') node = parseOr(depth + 1);
      else if (tok.t === '-(') { const inner = parseOr(depth + 1); node = inner && { type: 'not', child: inner }; }
      else node = termNode(tok);
      if (node) conjunction.push(node);
    }
    flush();
    return group('or', alternatives);
  };
  return parseOr(0);
}
