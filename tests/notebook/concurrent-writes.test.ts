/**
 * Overlapping writes, as two windows on one notebook produce them: two Notebook instances on
 * one folder (separate caches, as two backends have), calls started together with Promise.all.
 * Each scenario is repeated: the races these guard against lost data in most rounds before.
 */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openNotebook, type Notebook } from '../../main/node/notebook';
import { NoteStore } from '../../main/node/notebook/note-store';
import { FakeSources, readSeed, spanOf, tempDir } from './helpers';

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

const ROUNDS = 25;
const SOURCE = 'amazon-ai.md';
const QUOTE = 'Shopping by voice sounds futuristic until you try to buy pants without seeing them.';

let root: string;
let one: Notebook;
let two: Notebook;
let seed: string;

beforeEach(async () => {
  root = await tempDir('sb-concurrent-');
  seed = await readSeed('confession');
  const sources = new FakeSources();
  sources.set(SOURCE, seed, 'Amazon AI');
  one = await openNotebook(root, sources, { watch: false });
  two = await openNotebook(root, sources, { watch: false });
});
afterEach(async () => {
  await one.close();
  await two.close();
  await fsp.rm(root, { recursive: true, force: true });
});

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const onDisk = (name: string) => fsp.readFile(path.join(root, name), 'utf8');
const noteFiles = async () => (await fsp.readdir(root)).filter((n) => n.endsWith('.md')).sort();

describe('two saves of one note from the same version', () => {
  it('acknowledge exactly one, report the other as a conflict, and keep the acknowledged text on disk', async () => {
    const note = await one.createNote('Shared');
    let version = note.version;
    for (let round = 0; round < ROUNDS; round++) {
      const texts = [`window one, round ${round}\n`, `window two, round ${round}\n`];
      const results = await Promise.all([
        one.saveNote({ path: note.path, markdown: texts[0]!, baseVersion: version }),
        two.saveNote({ path: note.path, markdown: texts[1]!, baseVersion: version }),
        // The same window twice (two quick saves racing) must take turns too.
        one.saveNote({ path: note.path, markdown: `again ${round}\n`, baseVersion: version }),
      ]);
      const saved = results.flatMap((r, i) => (r.status === 'saved' ? [i] : []));
      expect(saved, `round ${round}`).toHaveLength(1);
      const winner = [...texts, `again ${round}\n`][saved[0]!]!;
      expect(await onDisk(note.path)).toBe(winner);
      for (const r of results) if (r.status === 'conflict') expect(r.disk?.markdown).toBe(winner);
      version = sha256Hex(winner);
    }
  });
});

describe('two renames to one title', () => {
  it('rename one note and refuse the other, destroying neither', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const a = await one.createNote(`First ${round}`);
      const b = await two.createNote(`Second ${round}`);
      await one.saveNote({ path: a.path, markdown: `first ${round}\n`, baseVersion: a.version });
      await two.saveNote({ path: b.path, markdown: `second ${round}\n`, baseVersion: b.version });
      const results = await Promise.allSettled([one.renameNote(a.path, `Target ${round}`), two.renameNote(b.path, `Target ${round}`)]);
      expect(results.filter((r) => r.status === 'fulfilled'), `round ${round}`).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: 'conflict' });
      // Both texts still exist, one under the new name, one under its old name.
      const texts = await Promise.all((await noteFiles()).filter((n) => n.includes(` ${round}.md`)).map(onDisk));
      expect(texts.sort()).toEqual([`first ${round}\n`, `second ${round}\n`]);
    }
  });

  it('never replace a note that appears under the new name between the check and the rename', async () => {
    await fsp.writeFile(path.join(root, 'Mine.md'), 'mine\n');
    // Another program creates "Target.md" at the last moment: just before the new name is made.
    const store = new NoteStore(root, {
      io: { link: async (from, to) => { await fsp.writeFile(to, 'written by another program\n'); await fsp.link(from, to); } },
    });
    await expect(store.rename('Mine.md', 'Target')).rejects.toMatchObject({ code: 'conflict' });
    expect(await onDisk('Target.md')).toBe('written by another program\n');
    expect(await onDisk('Mine.md')).toBe('mine\n');
  });
});

describe('a rename rewriting [[links]] while the linking note is being saved', () => {
  it('neither overwrites the acknowledged save nor leaves the link stale', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const target = await one.createNote(`Topic ${round}`);
      const linking = await one.createNote(`Index ${round}`);
      const base = await one.saveNote({ path: linking.path, markdown: `See [[Topic ${round}]].\n`, baseVersion: linking.version });
      if (base.status !== 'saved') throw new Error('setup failed');
      const edit = `See [[Topic ${round}]].\n\nAdded in window two, round ${round}.\n`;
      // The rename takes a few milliseconds before it rewrites links: the save starts at varying moments within them.
      const [save] = await Promise.all([
        delay((round % 10) * 0.7).then(() => two.saveNote({ path: linking.path, markdown: edit, baseVersion: base.version })),
        one.renameNote(target.path, `Subject ${round}`),
      ]);
      const disk = await onDisk(linking.path);
      expect(disk, `round ${round}`).toContain(`[[Subject ${round}]]`);
      expect(disk).not.toContain(`[[Topic ${round}]]`);
      // Acknowledged means on disk; a conflict means the window is told and shown the rewritten note.
      if (save.status === 'saved') expect(disk).toContain(`Added in window two, round ${round}.`);
      else expect(save.disk?.markdown).toBe(disk);
    }
  });
});

describe('annotations and colours edited in two windows', () => {
  async function quote() {
    return one.createAnnotation({ kind: 'quote', sourceId: SOURCE, ...spanOf(seed, QUOTE) });
  }
  const stored = async (id: string) => JSON.parse(await onDisk(`.sourcebook/annotations/${id}.json`));

  it('see each other\'s annotations at once, without a restart', async () => {
    const a = await quote();
    expect((await two.getAnnotation(a.id)).quote.exact).toBe(QUOTE);
    expect((await two.listAnnotations({ sourceId: SOURCE })).map((x) => x.id)).toEqual([a.id]);
    await two.deleteAnnotation(a.id);
    expect(await one.listAnnotations()).toEqual([]);
    await expect(one.getAnnotation(a.id)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('keep a comment made in one window when the other changes the colour', async () => {
    const a = await quote();
    await two.getAnnotation(a.id); // window two has it in memory, without the comment
    await one.updateAnnotation(a.id, { comment: 'the key admission' });
    const recoloured = await two.updateAnnotation(a.id, { color: 'evidence' });
    expect(recoloured).toMatchObject({ comment: 'the key admission', color: 'evidence' });
    expect((await one.getAnnotation(a.id))).toMatchObject({ comment: 'the key admission', color: 'evidence' });
    const body = (await stored(a.id)).body as { purpose: string; value: string }[];
    expect(body.map((b) => b.value)).toEqual(expect.arrayContaining(['the key admission']));
  });

  it('keep both edits when a comment and a colour change race', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const a = await quote();
      await Promise.all([
        one.updateAnnotation(a.id, { comment: `comment ${round}` }),
        two.updateAnnotation(a.id, { color: round % 2 ? 'idea' : 'question' }),
      ]);
      expect(await one.getAnnotation(a.id), `round ${round}`).toMatchObject({ comment: `comment ${round}`, color: round % 2 ? 'idea' : 'question' });
    }
  });

  it('can use a colour defined in the other window', async () => {
    await two.getColors();
    await one.setColors([...(await one.getColors()), { name: 'method', color: '#884488' }]);
    expect((await two.getColors()).map((c) => c.name)).toContain('method');
    const a = await quote();
    expect(await two.updateAnnotation(a.id, { color: 'method' })).toMatchObject({ color: 'method' });
  });
});

describe('another program writing the note while it is saved', () => {
  it('keeps an editor\'s in-place write that lands just after the check, and reports the save as a conflict', async () => {
    await fsp.writeFile(path.join(root, 'Draft.md'), 'as read\n');
    // The editor has the file open; it writes through that descriptor the moment our rename lands.
    const editor = await fsp.open(path.join(root, 'Draft.md'), 'r+');
    const store = new NoteStore(root, {
      io: {
        rename: async (from, to) => {
          await fsp.rename(from, to);
          if (to.endsWith('Draft.md') && from.endsWith('.sb-tmp')) await editor.write('the editor wrote this\n', 0);
        },
      },
    });
    const result = await store.save({ path: 'Draft.md', markdown: 'from the app\n', baseVersion: sha256Hex('as read\n') });
    await editor.close();
    expect(result).toMatchObject({ status: 'conflict', disk: { markdown: 'the editor wrote this\n' } });
    expect(await onDisk('Draft.md')).toBe('the editor wrote this\n');
    expect((await fsp.readdir(root)).filter((n) => !n.startsWith('.sourcebook'))).toEqual(['Draft.md']);
  });

  it('refuses a save when another program replaced the note after it was read', async () => {
    await fsp.writeFile(path.join(root, 'Draft.md'), 'as read\n');
    await fsp.writeFile(path.join(root, 'other.tmp'), 'replaced by a sync tool\n');
    await fsp.rename(path.join(root, 'other.tmp'), path.join(root, 'Draft.md'));
    const result = await one.saveNote({ path: 'Draft.md', markdown: 'from the app\n', baseVersion: sha256Hex('as read\n') });
    expect(result).toMatchObject({ status: 'conflict', disk: { markdown: 'replaced by a sync tool\n' } });
  });
});
