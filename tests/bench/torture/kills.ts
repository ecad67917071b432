/**
 * Kill torture: a child process runs the real notebook backend and does saves (new notes and
 * edits of 1 kB–256 kB), renames, deletes, restores and annotation edits, one at a time, as
 * fast as it can; the parent SIGKILLs it at a random moment (some during start-up recovery),
 * starts the next one, and once it is open checks the disk against every answer it received:
 * each file is its complete old or new version (never torn), every acknowledged operation is
 * there, no temp file is listed as a note, nothing unknown appeared, and the notebook opens.
 */
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { seededRandom } from '../../support/seeded-random';
import { bundleChild, NotebookChild, repoRoot, type ChildAnswer } from './child-process';
import { diskAnnotations, diskNotes, diskTrash, sha, tempFiles } from './disk';

export interface KillReport {
  kills: number;
  saves: number;
  lost: number;
  corrupted: number;
  operations: Record<string, number>;
  unexpectedErrors: number;
  tempFilesAfterStart: number;
  elapsedSeconds: number;
  problems: string[];
}

type Pending =
  | { op: 'save'; path: string; pre: string | null; post: string }
  | { op: 'rename'; from: string; to: string; sha: string }
  | { op: 'delete'; path: string; sha: string }
  | { op: 'restore'; trashId: string; path: string; sha: string }
  | { op: 'createAnnotation' }
  | { op: 'updateAnnotation'; id: string; pre: string | null; post: string }
  | { op: 'deleteAnnotation'; id: string; pre: string | null };

const SOURCE = path.join(repoRoot, 'seeds', '003_c38cac0ff9cc0db6.txt');

export async function runKillTorture(kills: number, seed = 14): Promise<KillReport> {
  const random = seededRandom(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  const bundle = await bundleChild();
  const root = await fsp.realpath(await fsp.mkdtemp(path.join(os.tmpdir(), 'sb-torture-')));
  const sourceLength = (await fsp.readFile(SOURCE, 'utf8')).length;

  const notes = new Map<string, string>(); // acknowledged: path → sha
  const trash = new Map<string, { path: string; sha: string }>();
  const annotations = new Map<string, string | null>(); // id → comment
  const written = new Set<string>();
  const report: KillReport = { kills: 0, saves: 0, lost: 0, corrupted: 0, operations: {}, unexpectedErrors: 0, tempFilesAfterStart: 0, elapsedSeconds: 0, problems: [] };
  const problem = (kind: 'lost' | 'corrupted', what: string) => {
    report[kind]++;
    if (report.problems.length < 50) report.problems.push(`${kind}: ${what}`);
  };
  let pending: Pending | null = null;
  let counter = 0;
  const started = Date.now();

  const verify = async (child: NotebookChild) => {
    const [onDisk, inTrash, anns] = await Promise.all([diskNotes(root), diskTrash(root), diskAnnotations(root)]);
    if (pending) resolvePending(pending, onDisk, inTrash, anns);
    pending = null;
    for (const [p, s] of notes) {
      const d = onDisk.get(p);
      if (d === undefined) problem('lost', `note ${p} is gone`);
      else if (d !== s) problem(written.has(d) ? 'lost' : 'corrupted', `note ${p} is ${written.has(d) ? 'an older version' : 'torn'}`);
      if (d !== undefined) notes.set(p, d);
    }
    for (const p of onDisk.keys()) if (!notes.has(p)) { problem('corrupted', `unexpected note ${p}`); notes.set(p, onDisk.get(p)!); }
    for (const [id, t] of trash) if (inTrash.get(id) !== t.sha) { problem('lost', `trash entry ${id}`); trash.delete(id); }
    for (const [id, c] of annotations) {
      const d = anns.get(id);
      if (d === undefined) { problem('lost', `annotation ${id}`); annotations.delete(id); }
      else if (d === 'unparseable') { problem('corrupted', `annotation ${id} unparseable`); annotations.delete(id); }
      else if (d.comment !== c) { problem('lost', `annotation ${id} comment`); annotations.set(id, d.comment); }
    }
    for (const [id, d] of anns) if (!annotations.has(id)) { problem('corrupted', `unexpected annotation ${id}`); if (d !== 'unparseable') annotations.set(id, d.comment); }
    // Through the backend: exactly the notes on disk are listed (no temp file, nothing missing).
    const listed = await Promise.race([child.call('listNotes'), child.exited.then(() => null)]);
    const paths = ((listed?.value ?? []) as { path: string }[]).map((n) => n.path).sort();
    if (listed && JSON.stringify(paths) !== JSON.stringify([...onDisk.keys()].sort())) problem('corrupted', `listNotes ${JSON.stringify(paths).slice(0, 200)}`);
    report.tempFilesAfterStart += (await tempFiles(root)).length;
  };

  const resolvePending = (p: Pending, onDisk: Map<string, string>, inTrash: Map<string, string>, anns: Awaited<ReturnType<typeof diskAnnotations>>) => {
    switch (p.op) {
      case 'save': {
        const d = onDisk.get(p.path) ?? null;
        if (d === p.post) notes.set(p.path, p.post);
        else if (d !== p.pre) problem(d && written.has(d) ? 'lost' : 'corrupted', `interrupted save of ${p.path}`);
        break;
      }
      case 'rename': {
        const f = onDisk.get(p.from), t = onDisk.get(p.to);
        if (f === undefined && t === p.sha) { notes.delete(p.from); notes.set(p.to, p.sha); }
        else if (!(f === p.sha && t === undefined)) problem(f && t ? 'corrupted' : 'lost', `interrupted rename ${p.from} → ${p.to}`);
        break;
      }
      case 'delete': {
        if (onDisk.get(p.path) === p.sha) break;
        const id = [...inTrash].find(([tid, s]) => s === p.sha && !trash.has(tid))?.[0];
        if (id) { trash.set(id, { path: p.path, sha: p.sha }); notes.delete(p.path); }
        else problem('lost', `interrupted delete of ${p.path}`);
        break;
      }
      case 'restore': {
        if (onDisk.get(p.path) === p.sha) { notes.set(p.path, p.sha); trash.delete(p.trashId); }
        else if (!(inTrash.get(p.trashId) === p.sha && !onDisk.has(p.path))) problem('lost', `interrupted restore of ${p.path}`);
        break;
      }
      case 'createAnnotation':
        for (const [id, d] of anns) if (!annotations.has(id) && d !== 'unparseable') annotations.set(id, d.comment);
        break;
      case 'updateAnnotation': {
        const d = anns.get(p.id);
        if (d && d !== 'unparseable' && d.comment === p.post) annotations.set(p.id, p.post);
        break;
      }
      case 'deleteAnnotation':
        if (!anns.has(p.id)) annotations.delete(p.id);
        break;
    }
  };

  const content = (label: string) => {
    const size = Math.floor(1000 + random() * random() * 256_000);
    return `# ${label}\n\n${randomBytes(Math.ceil(size * 0.75)).toString('base64').slice(0, size)}\n`;
  };

  /** One operation: returns false once the child is dead. */
  const step = async (child: NotebookChild): Promise<boolean> => {
    const free = [...trash].filter(([, t]) => !notes.has(t.path));
    const roll = random();
    let call: Promise<ChildAnswer>;
    let onAck: (answer: ChildAnswer) => void;
    let kind: string;
    if (notes.size < 4 || (roll < 0.12 && notes.size < 12)) {
      const p = `Note ${++counter}.md`;
      const text = content(p);
      const post = sha(text);
      written.add(post);
      pending = { op: 'save', path: p, pre: null, post };
      kind = 'save';
      call = child.call('saveNote', { path: p, markdown: text, baseVersion: null });
      onAck = (a) => { if ((a.value as { status?: string })?.status === 'saved') { notes.set(p, post); report.saves++; } else report.unexpectedErrors++; };
    } else if (roll < 0.55) {
      const [p, pre] = pick([...notes]);
      const text = content(p);
      const post = sha(text);
      written.add(post);
      pending = { op: 'save', path: p, pre, post };
      kind = 'save';
      call = child.call('saveNote', { path: p, markdown: text, baseVersion: pre });
      onAck = (a) => { if ((a.value as { status?: string })?.status === 'saved') { notes.set(p, post); report.saves++; } else report.unexpectedErrors++; };
    } else if (roll < 0.65) {
      const [from, s] = pick([...notes]);
      const to = `Renamed ${++counter}.md`;
      pending = { op: 'rename', from, to, sha: s };
      kind = 'rename';
      call = child.call('renameNote', from, to.slice(0, -3));
      onAck = (a) => { if (a.error) report.unexpectedErrors++; else { notes.delete(from); notes.set(to, s); } };
    } else if (roll < 0.73) {
      const [p, s] = pick([...notes]);
      pending = { op: 'delete', path: p, sha: s };
      kind = 'delete';
      call = child.call('deleteNote', p);
      onAck = (a) => {
        const id = (a.value as { trashId?: string })?.trashId;
        if (!id) { report.unexpectedErrors++; return; }
        notes.delete(p);
        trash.set(id, { path: p, sha: s });
      };
    } else if (roll < 0.8 && free.length) {
      const [trashId, t] = pick(free);
      pending = { op: 'restore', trashId, path: t.path, sha: t.sha };
      kind = 'restore';
      call = child.call('restoreNote', trashId);
      onAck = (a) => {
        const p = (a.value as { path?: string })?.path;
        if (!p) { report.unexpectedErrors++; return; }
        trash.delete(trashId);
        notes.set(p, t.sha);
      };
    } else if (annotations.size < 3 || roll < 0.85) {
      const start = Math.floor(random() * (sourceLength - 200));
      pending = { op: 'createAnnotation' };
      kind = 'annotation';
      call = child.call('createAnnotation', { kind: 'highlight', sourceId: 'source', start, end: start + 20 + Math.floor(random() * 150) });
      onAck = (a) => { const id = (a.value as { id?: string })?.id; if (id) annotations.set(id, null); else report.unexpectedErrors++; };
    } else if (roll < 0.97) {
      const [id, pre] = pick([...annotations]);
      const post = `comment ${++counter}`;
      pending = { op: 'updateAnnotation', id, pre, post };
      kind = 'annotation';
      call = child.call('updateAnnotation', id, { comment: post });
      onAck = (a) => { if (a.error) report.unexpectedErrors++; else annotations.set(id, post); };
    } else {
      const [id, pre] = pick([...annotations]);
      pending = { op: 'deleteAnnotation', id, pre };
      kind = 'annotation';
      call = child.call('deleteAnnotation', id);
      onAck = (a) => { if (a.error) report.unexpectedErrors++; else annotations.delete(id); };
    }
    const answer = await Promise.race([call, child.exited.then(() => null)]);
    if (!answer) return false;
    if (answer.error && report.problems.length < 50) report.problems.push(`error: ${kind}: ${answer.error.message}`);
    onAck(answer);
    report.operations[kind] = (report.operations[kind] ?? 0) + 1;
    pending = null;
    return true;
  };

  for (let life = 0; life <= kills; life++) {
    const last = life === kills;
    const child = new NotebookChild(bundle, root, SOURCE);
    const early = !last && random() < 0.12;
    let timer: NodeJS.Timeout | undefined;
    if (early) timer = setTimeout(() => void child.kill(), random() * 60);
    const opened = await Promise.race([child.ready.then(() => true), child.exited.then(() => false)]);
    if (opened) {
      await verify(child);
      if (last) { await child.stop(); break; }
      if (!early) timer = setTimeout(() => void child.kill(), 5 + random() * 150);
      while (await step(child)) { /* until killed */ }
    } else if (last) {
      problem('corrupted', 'the notebook did not open');
    }
    clearTimeout(timer);
    await child.exited;
    report.kills++;
    if (report.kills % 100 === 0) process.stderr.write(`  ${report.kills} kills, ${report.saves} saves, lost ${report.lost}, corrupted ${report.corrupted}\n`);
  }
  report.elapsedSeconds = Math.round((Date.now() - started) / 100) / 10;
  await fsp.rm(root, { recursive: true, force: true });
  return report;
}
