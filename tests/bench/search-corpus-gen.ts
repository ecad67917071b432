/**
 * A library of any size made of real text: paragraphs of the shared corpora recombined with a
 * seeded random generator, so no two files are equal (each also names itself with a unique word,
 * `sbdoc<i>x<seed>`). The shared Gutenberg books are 60 MB; a 1 GB library is made of their
 * paragraphs, each used about 17 times, in different company each time. Written into a folder
 * the caller gives (a temp folder; never into the repository).
 *
 *   tsx tests/bench/search-corpus-gen.ts OUT_DIR MEGABYTES [SEED]
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../support/seeded-random';

const here = path.dirname(fileURLToPath(import.meta.url));
export const GUTENBERG = path.resolve(here, '../../../shared/corpora/gutenberg');

/** Blank-line paragraphs of the corpus files (in name order), from at most `maxSourceBytes` of them. */
export async function corpusParagraphs(dirs: string[] = [GUTENBERG], maxSourceBytes = Infinity): Promise<string[]> {
  const out: string[] = [];
  let bytes = 0;
  for (const dir of dirs) {
    for (const name of (await readdir(dir)).filter((n) => /\.(txt|md)$/i.test(n)).sort()) {
      if (bytes >= maxSourceBytes) return out;
      const text = await readFile(path.join(dir, name), 'utf8');
      bytes += text.length;
      for (const p of text.split(/\n\s*\n/)) if (p.trim().length > 20) out.push(p.trim());
    }
  }
  return out;
}

export interface GeneratedLibrary { files: number; bytes: number; marker: (i: number) => string }

/** Writes files of about `fileBytes` each until `targetBytes`, 500 to a folder. */
export async function generateLibrary(dir: string, targetBytes: number, opts: { seed?: number; fileBytes?: number; paragraphs?: string[] } = {}): Promise<GeneratedLibrary> {
  const seed = opts.seed ?? 1;
  const fileBytes = opts.fileBytes ?? 400_000;
  const paragraphs = opts.paragraphs ?? await corpusParagraphs();
  const random = seededRandom(seed);
  const marker = (i: number) => `sbdoc${i}x${seed}`;
  let bytes = 0;
  let i = 0;
  while (bytes < targetBytes) {
    // The title (first line) is not unique; the marker is one passage of its own, after the first paragraph.
    const parts = [`Recombined text ${i % 97}`];
    let size = parts[0]!.length;
    while (size < fileBytes) {
      const p = paragraphs[Math.floor(random() * paragraphs.length)]!;
      parts.push(p);
      size += p.length + 2;
      if (parts.length === 2) parts.push(`This text is ${marker(i)}.`);
    }
    const folder = path.join(dir, `part-${String(Math.floor(i / 500)).padStart(3, '0')}`);
    if (i % 500 === 0) await mkdir(folder, { recursive: true });
    const text = parts.join('\n\n') + '\n';
    await writeFile(path.join(folder, `text-${String(i).padStart(5, '0')}.txt`), text);
    bytes += Buffer.byteLength(text);
    i++;
  }
  return { files: i, bytes, marker };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [out, mb, seed] = process.argv.slice(2);
  if (!out || !mb) throw new Error('usage: tsx tests/bench/search-corpus-gen.ts OUT_DIR MEGABYTES [SEED]');
  const made = await generateLibrary(path.resolve(out), Number(mb) * 1e6, { seed: Number(seed ?? 1) });
  console.log(`${made.files} files, ${(made.bytes / 1e6).toFixed(1)} MB in ${out}`);
}
