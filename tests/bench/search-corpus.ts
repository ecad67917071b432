/**
 * The benchmark's inputs: library scales as a fixed seeded shuffle of the corpus files, and the
 * query sets (typing, words, phrase, fuzzy) drawn from the passages with a fixed seed, so both
 * systems answer exactly the same queries.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { readSource } from '../../main/node/library/parse';
import { forEachWord } from '../../main/node/search/tokenize';
import { seededRandom } from '../support/seeded-random';

export interface CorpusFile { owner: string; absPath: string; relPath: string; folder: number; bytes: number }

/** The corpus' text files in a fixed shuffle. */
export async function shuffledFiles(corpus: string, seed = 20240601): Promise<CorpusFile[]> {
  const names = (await readdir(corpus)).filter((n) => /\.(txt|md|html?)$/i.test(n)).sort();
  const files = await Promise.all(names.map(async (n) => ({ owner: n, absPath: path.join(corpus, n), relPath: n, folder: 0, bytes: (await stat(path.join(corpus, n))).size })));
  const random = seededRandom(seed);
  for (let i = files.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [files[i], files[j]] = [files[j]!, files[i]!];
  }
  return files;
}

/** The shuffled files taken until `megabytes` (Infinity: all). */
export function takeScale(files: CorpusFile[], megabytes: number): CorpusFile[] {
  const out: CorpusFile[] = [];
  let bytes = 0;
  for (const f of files) {
    if (bytes >= megabytes * 1e6) break;
    out.push(f);
    bytes += f.bytes;
  }
  return out;
}

export interface BenchPassage { id: string; text: string }

/** The passages of the files as the app cuts them (the same parser for both systems). */
export async function readPassages(files: CorpusFile[]): Promise<BenchPassage[]> {
  const out: BenchPassage[] = [];
  for (const f of files) {
    const r = await readSource(f.absPath, f.relPath);
    if (!r.ok) continue;
    for (const p of r.source.passages) out.push({ id: `${f.owner}#${p.index}`, text: r.source.text.slice(p.start, p.end) });
  }
  return out;
}

export interface QuerySets {
  /** Each entry: the successive states of one query being typed, letter by letter. */
  typing: string[][];
  words: string[];
  phrase: string[];
  fuzzy: string[];
}

interface Tok { word: string; start: number; end: number }

function tokens(text: string): Tok[] {
  const out: Tok[] = [];
  forEachWord(text, (word, start, end) => out.push({ word, start, end }));
  return out;
}

const alpha = (t: Tok) => /^[a-z]+$/.test(t.word);

/** Query sets drawn from the passages with a fixed seed. */
export function makeQuerySets(passages: BenchPassage[], seed = 7, sizes = { typing: 20, words: 60, phrase: 60, fuzzy: 60 }): QuerySets {
  const random = seededRandom(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const sample = (filter: (toks: Tok[], text: string) => string | null, n: number) => {
    const out: string[] = [];
    for (let tries = 0; out.length < n && tries < n * 200; tries++) {
      const p = pick(passages);
      const q = filter(tokens(p.text), p.text);
      if (q) out.push(q);
    }
    return out;
  };
  const longWords = (toks: Tok[], min: number) => toks.filter((t) => alpha(t) && t.word.length >= min);

  const words = sample((toks) => {
    const ws = [...new Set(longWords(toks, 4).map((t) => t.word))];
    if (ws.length < 2) return null;
    const a = pick(ws);
    const b = pick(ws.filter((w) => w !== a));
    return `${a} ${b}`;
  }, sizes.words);

  const phrase = sample((toks, text) => {
    if (toks.length < 4) return null;
    const len = 2 + Math.floor(random() * 2);
    const at = Math.floor(random() * (toks.length - len));
    const run = toks.slice(at, at + len);
    if (!run.every((t) => alpha(t) && t.word.length >= 2)) return null;
    for (let i = 1; i < run.length; i++) if (!/^\s+$/.test(text.slice(run[i - 1]!.end, run[i]!.start))) return null;
    return `"${run.map((t) => t.word).join(' ')}"`;
  }, sizes.phrase);

  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const fuzzy = sample((toks) => {
    const ws = longWords(toks, 6).map((t) => t.word);
    if (!ws.length) return null;
    const w = pick(ws);
    const i = 1 + Math.floor(random() * (w.length - 2));
    const edit = Math.floor(random() * 3);
    const typo = edit === 0 ? w.slice(0, i) + pick([...letters]) + w.slice(i + 1)
      : edit === 1 ? w.slice(0, i) + w.slice(i + 1)
        : w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
    return typo === w ? null : typo;
  }, sizes.fuzzy);

  const typing = sample((toks, text) => {
    if (toks.length < 3) return null;
    const at = Math.floor(random() * (toks.length - 2));
    const run = toks.slice(at, at + 2);
    if (!run.every((t) => alpha(t) && t.word.length >= 3)) return null;
    if (!/^\s+$/.test(text.slice(run[0]!.end, run[1]!.start))) return null;
    return run.map((t) => t.word).join(' ');
  }, sizes.typing).map((full) => {
    const states: string[] = [];
    for (let i = 1; i <= full.length; i++) if (full[i - 1] !== ' ') states.push(full.slice(0, i));
    return states;
  });

  return { typing, words, phrase, fuzzy };
}
