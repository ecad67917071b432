import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { NotebookEvent } from '../../main/common/contract';
import { openSampleBackend, quoteSentence, type BackendFixture } from '../contract/fixture';

const BEDROCK = '003_c38cac0ff9cc0db6.txt';

describe('notes written by another program while the app reads them', () => {
  let fixture: BackendFixture;
  afterEach(async () => { await fixture?.cleanup(); });

  it('reports every one and counts their quotes, even when a read comes before the watcher', async () => {
    fixture = await openSampleBackend();
    const api = fixture.backend;
    const sentence = 'It never happened.';
    const { quote } = await quoteSentence(api, BEDROCK, sentence);
    const changed = new Set<string>();
    api.subscribe((e: NotebookEvent) => { if (e.type === 'notes-changed' && e.external) for (const p of e.changed) changed.add(p); });

    const names = ['One.md', 'Two.md', 'Three.md'];
    for (const name of names) {
      await writeFile(path.join(fixture.notebookDir, name), `> ${sentence}\n>\n> — [Alexa](sourcebook://annotation/${quote.id})\n`);
      await api.readNote(name); // e.g. the editor opening it at once
    }
    const deadline = Date.now() + 8000;
    let quotedBy: string[] = [];
    while (Date.now() < deadline) {
      quotedBy = (await api.getAnnotation(quote.id)).quotedBy.map((n) => n.path).sort();
      if (quotedBy.length === 3 && changed.size === 3) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(quotedBy).toEqual([...names].sort());
    expect([...changed].sort()).toEqual([...names].sort());
  });
});
