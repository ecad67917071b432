/**
 * The quick switcher on 10,000+ names: the 172 Gutenberg books' titles and chapters plus
 * generated notes. Prints the time per query of the MiniSearch index (prefix + fuzzy) beside the
 * baseline measured in the same run: the substring filter over every title that `[[`
 * autocomplete used before. Run: npm run bench:switcher
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseSource } from '../../main/node/library/parse';
import { SwitchIndex, type SwitchSource } from '../../renderer/src/switcher/switch-index';

const GUTENBERG = path.resolve(import.meta.dirname, '../../../shared/corpora/gutenberg');
const manifest = JSON.parse(readFileSync(path.join(GUTENBERG, 'MANIFEST.json'), 'utf8')) as { files: Array<{ file: string }> };
const sources: SwitchSource[] = [];
for (const f of manifest.files) {
  const r = await parseSource(f.file, readFileSync(path.join(GUTENBERG, f.file)));
  if (r.ok) sources.push({ id: f.file, path: f.file, title: r.source.title, headings: r.source.outline });
}
const notes = Array.from({ length: 6000 }, (_, i) => ({ path: `n${i}.md`, title: `Field note ${i} on ${sources[i % sources.length]!.title}` }));

const index = new SwitchIndex();
let t = performance.now();
index.setAll(notes, sources);
const build = performance.now() - t;
const titles = [...notes.map((n) => n.title), ...sources.flatMap((s) => [s.title, ...(s.headings ?? []).map((h) => h.text)])];

// What a user types, key by key.
const typed = ['e', 'em', 'emm', 'emma', 'c', 'ch', 'cha', 'chap', 'chapt', 'chapter', 'chapter i', 'd', 'dr', 'dra', 'drac', 'dracula', 'f', 'fi', 'field note 12', 'cathedral'];
const time = (fn: (q: string) => unknown) => {
  const samples: number[] = [];
  for (let round = 0; round < 10; round++) for (const q of typed) {
    const s = performance.now();
    fn(q);
    samples.push(performance.now() - s);
  }
  samples.sort((a, b) => a - b);
  const at = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!.toFixed(3);
  return `median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`;
};
console.log(`quick switcher: ${index.size} items, index built in ${build.toFixed(0)} ms`);
console.log(`  MiniSearch (prefix + fuzzy, top 50): ${time((q) => index.find(q, 50))}`);
console.log(`  baseline, substring filter + sort:   ${time((q) => titles.filter((x) => x.toLowerCase().includes(q)).sort().slice(0, 50))}`);
