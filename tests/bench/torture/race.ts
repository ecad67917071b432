/**
 * Race torture: two backends (two processes, each with its own notebook instance and watcher)
 * on one notebook folder, given conflicting calls at the same moment, round after round:
 * - two saves of one note from the same version (exactly one may be acknowledged);
 * - two renames of different notes to one title (no note may be destroyed);
 * - a comment in one and a colour in the other on one annotation (both must stay);
 * - a save of a note while the other renames a note it links to (the save must stay, and the
 *   `[[link]]` must follow the rename).
 * After each round the harness reads the disk itself. `lost`: an acknowledged write not on
 * disk (or a note gone); `reverted`: an acknowledged annotation edit or link rewrite undone.
 */
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seededRandom } from '../../support/seeded-random';
import { bundleChild, NotebookChild, repoRoot, type ChildAnswer } from './child-process';
import { diskAnnotations, diskNotes, sha } from './disk';

export interface RaceReport {
  rounds: number;
  acknowledged: number;
  lost: number;
  reverted: number;
  conflictsShown: number;
  byScenario: Record<string, { rounds: number; acknowledged: number; lost: number; reverted: number }>;
  elapsedSeconds: number;
  problems: string[];
}

const SOURCE = path.join(repoRoot, 'seeds', '003_c38cac0ff9cc0db6.txt');
const COLORS = ['claim', 'evidence', 'question', 'idea'];

export async function runRaceTorture(rounds: number, seed = 14): Promise<RaceReport> {
  const random = seededRandom(seed);
  const bundle = await bundleChild();
  const root = await fsp.realpath(await fsp.mkdtemp(path.join(os.tmpdir(), 'sb-race-')));
  const a = new NotebookChild(bundle, root, SOURCE, { watch: true });
  const b = new NotebookChild(bundle, root, SOURCE, { watch: true });
  await Promise.all([a.ready, b.ready]);
  const report: RaceReport = { rounds: 0, acknowledged: 0, lost: 0, reverted: 0, conflictsShown: 0, byScenario: {}, elapsedSeconds: 0, problems: [] };
  const started = Date.now();
  const value = <T>(answer: ChildAnswer): T => {
    if (answer.error) throw new Error(`${answer.error.code}: ${answer.error.message}`);
    return answer.value as T;
  };
  const diskVersion = async (p: string) => fsp.readFile(path.join(root, p)).then(sha, () => null);
  const read = (p: string) => fsp.readFile(path.join(root, p), 'utf8');

  // The notes and annotations the rounds fight over.
  const pool: string[] = [];
  for (let i = 0; i < 6; i++) {
    const p = `Pool ${i}.md`;
    value(await a.call('saveNote', { path: p, markdown: `# Pool ${i}\n`, baseVersion: null }));
    pool.push(p);
  }
  const linking = 'Index.md';
  value(await a.call('saveNote', { path: linking, markdown: '# Index\n', baseVersion: null }));
  const annotationIds: string[] = [];
  for (let i = 0; i < 3; i++) {
    const created = value<{ id: string }>(await a.call('createAnnotation', { kind: 'highlight', sourceId: 'source', start: 1000 + i * 300, end: 1100 + i * 300 }));
    annotationIds.push(created.id);
  }

  const scenarios = ['saves', 'renames', 'annotations', 'links'] as const;
  for (let round = 0; round < rounds; round++) {
    const scenario = scenarios[round % scenarios.length]!;
    const stats = (report.byScenario[scenario] ??= { rounds: 0, acknowledged: 0, lost: 0, reverted: 0 });
    const [first, second] = random() < 0.5 ? [a, b] : [b, a];
    const fault = (kind: 'lost' | 'reverted', what: string) => {
      report[kind]++;
      stats[kind]++;
      if (report.problems.length < 50) report.problems.push(`round ${round} ${scenario}: ${kind}: ${what}`);
    };
    const ack = (n: number) => { report.acknowledged += n; stats.acknowledged += n; };

    if (scenario === 'saves') {
      const p = pool[Math.floor(random() * pool.length)]!;
      const base = await diskVersion(p);
      const texts = [`# ${p}\n\nfirst, round ${round}\n`, `# ${p}\n\nsecond, round ${round}\n`];
      const results = await Promise.all([
        first.call('saveNote', { path: p, markdown: texts[0], baseVersion: base }),
        second.call('saveNote', { path: p, markdown: texts[1], baseVersion: base }),
      ]);
      const saved = results.flatMap((r, i) => ((r.value as { status?: string })?.status === 'saved' ? [texts[i]!] : []));
      report.conflictsShown += results.filter((r) => (r.value as { status?: string })?.status === 'conflict').length;
      ack(saved.length);
      const now = await diskVersion(p);
      for (const text of saved) if (sha(text) !== now) fault('lost', `acknowledged save of ${p} not on disk`);
    } else if (scenario === 'renames') {
      const i = Math.floor(random() * pool.length);
      const j = (i + 1 + Math.floor(random() * (pool.length - 1))) % pool.length;
      const [p, q] = [pool[i]!, pool[j]!];
      const contents = [await diskVersion(p), await diskVersion(q)];
      const title = `Renamed ${round}`;
      const results = await Promise.all([first.call('renameNote', p, title), second.call('renameNote', q, title)]);
      const done = results.filter((r) => !r.error);
      ack(done.length);
      report.conflictsShown += results.filter((r) => r.error?.code === 'conflict').length;
      if (done.length > 1) fault('lost', 'both renames to one title acknowledged');
      const onDisk = await diskNotes(root);
      for (const [k, s] of contents.entries()) {
        const now = [...onDisk].find(([, v]) => v === s)?.[0];
        if (!now) fault('lost', `note ${k ? q : p} destroyed`);
        else pool[k ? j : i] = now;
      }
    } else if (scenario === 'annotations') {
      const id = annotationIds[Math.floor(random() * annotationIds.length)]!;
      const comment = `comment ${round}`;
      const color = COLORS[round % COLORS.length]!;
      const [commented, coloured] = await Promise.all([
        first.call('updateAnnotation', id, { comment }),
        second.call('updateAnnotation', id, { color }),
      ]);
      ack(Number(!commented.error) + Number(!coloured.error));
      const stored = (await diskAnnotations(root)).get(id);
      if (!stored || stored === 'unparseable') fault('lost', `annotation ${id} gone or unreadable`);
      else {
        if (!commented.error && stored.comment !== comment) fault('reverted', `comment of ${id} is ${JSON.stringify(stored.comment)}`);
        if (!coloured.error && stored.color !== color) fault('reverted', `colour of ${id} is ${stored.color}`);
      }
    } else {
      const t = Math.floor(random() * pool.length);
      const target = pool[t]!;
      const oldTitle = target.slice(0, -3);
      const base = value<{ version: string }>(await a.call('readNote', linking));
      const linked = `# Index\n\nSee [[${oldTitle}]].\n`;
      const set = value<{ status: string; version: string }>(await a.call('saveNote', { path: linking, markdown: linked, baseVersion: base.version }));
      if (set.status !== 'saved') throw new Error('setup save refused');
      const edit = `${linked}\nAdded in round ${round}.\n`;
      const newTitle = `Subject ${round}`;
      const [save, rename] = await Promise.all([
        first.call('saveNote', { path: linking, markdown: edit, baseVersion: set.version }),
        second.call('renameNote', target, newTitle),
      ]);
      const saved = (save.value as { status?: string })?.status === 'saved';
      if (!saved) report.conflictsShown++;
      ack(Number(saved) + Number(!rename.error));
      const now = await read(linking);
      if (saved && !now.includes(`Added in round ${round}.`)) fault('lost', 'acknowledged save of the linking note overwritten');
      if (!rename.error) {
        pool[t] = `${newTitle}.md`;
        if (!now.includes(`[[${newTitle}]]`)) fault('reverted', `link still names [[${oldTitle}]]`);
      }
    }
    stats.rounds++;
    report.rounds++;
    if (report.rounds % 250 === 0) process.stderr.write(`  ${report.rounds} rounds, ${report.acknowledged} acknowledged, lost ${report.lost}, reverted ${report.reverted}\n`);
  }
  report.elapsedSeconds = Math.round((Date.now() - started) / 100) / 10;
  await Promise.all([a.stop(), b.stop()]);
  await fsp.rm(root, { recursive: true, force: true });
  return report;
}
