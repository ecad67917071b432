/**
 * A second window (its own backend on the same notebook) hears of annotations, colours and
 * review items changed in the first, with the source they are on, so its views refresh
 * without waiting for the user to reopen them; its own changes are not reported back to it
 * as foreign.
 */
import { promises as fsp } from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openNotebook, type Notebook, type NotebookBackendEvent } from '../../main/node/notebook';
import { until } from '../support/until';
import { FakeSources, readSeed, spanOf, tempDir } from './helpers';

const SOURCE = 'amazon-ai.md';
let root: string;
let one: Notebook;
let two: Notebook;
let seed: string;
let heardByTwo: NotebookBackendEvent[];

beforeEach(async () => {
  root = await tempDir('sb-other-window-');
  seed = await readSeed('confession');
  const sources = new FakeSources();
  sources.set(SOURCE, seed, 'Amazon AI');
  one = await openNotebook(root, sources);
  two = await openNotebook(root, sources);
  heardByTwo = [];
  two.subscribe((e) => heardByTwo.push(e));
});
afterEach(async () => {
  await one.close();
  await two.close();
  await fsp.rm(root, { recursive: true, force: true });
});

/** Whether window two heard an event of `type` naming annotation `id` (changed or removed) on `sourceId`. */
const heard = (type: string, id?: string, sourceId?: string) => heardByTwo.some((e) => e.type === type
  && (id === undefined || (e.type === 'annotations-changed' && [...e.changed, ...e.removed].includes(id) && e.sources.includes(sourceId!))));

it('reports an annotation made, recoloured or deleted in the other window, naming it and its source', async () => {
  const a = await one.createAnnotation({ kind: 'highlight', sourceId: SOURCE, ...spanOf(seed, 'Alexa') });
  await until(() => heard('annotations-changed', a.id, SOURCE), 'the new annotation reported in window two', 5000, 25);
  expect((await two.getAnnotation(a.id)).color).toBe('claim');

  heardByTwo.length = 0;
  await one.updateAnnotation(a.id, { color: 'idea' });
  await until(() => heard('annotations-changed', a.id, SOURCE), 'the colour change reported in window two', 5000, 25);

  heardByTwo.length = 0;
  await one.deleteAnnotation(a.id);
  await until(() => heard('annotations-changed', a.id, SOURCE), 'the deletion reported in window two', 5000, 25);
  expect(await two.listAnnotations()).toEqual([]);
});

it('reports colours defined in the other window', async () => {
  await two.getColors();
  await one.setColors([{ name: 'method', color: '#884488' }]);
  await until(() => heard('colors-changed'), 'the colours reported in window two', 5000, 25);
  expect((await two.getColors()).map((c) => c.name)).toEqual(['method']);
});

it('does not report a window\'s own changes back to it as another window\'s', async () => {
  const heardByOne: NotebookBackendEvent[] = [];
  await one.getColors(); // what window one holds, so the barrier's colours below read as a change
  one.subscribe((e) => heardByOne.push(e));
  const a = await one.createAnnotation({ kind: 'highlight', sourceId: SOURCE, ...spanOf(seed, 'Alexa') });
  await one.updateAnnotation(a.id, { comment: 'mine' });
  // Window two hearing of it shows the watchers had time to fire.
  await until(() => heard('annotations-changed', a.id, SOURCE), 'window two hearing of it', 5000, 25);
  // A barrier instead of a sleep: window one's watcher reports in order, so once it has reported a
  // change made in window two afterwards, it has also looked at its own two writes.
  await two.setColors([{ name: 'barrier', color: '#123456' }]);
  await until(() => heardByOne.some((e) => e.type === 'colors-changed'), 'window one hearing of window two\'s colours', 5000, 25);
  // One event per change made in window one, none extra from its own watcher.
  expect(heardByOne.filter((e) => e.type === 'annotations-changed')).toHaveLength(2);
});
