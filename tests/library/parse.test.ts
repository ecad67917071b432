import { readFileSync, existsSync } from 'node:fs';
import { mkdtemp, writeFile, truncate, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSource, readSource } from '../../main/node/library/parse';
import { MAX_SOURCE_BYTES } from '../../main/node/library/decode';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const seed = (name: string) => readFileSync(path.join(root, 'seeds', name));
const gutenberg = path.join(root, '../shared/corpora/gutenberg');

async function parsed(relPath: string, bytes: Uint8Array | string) {
  const outcome = await parseSource(relPath, typeof bytes === 'string' ? Buffer.from(bytes) : bytes);
  if (!outcome.ok) throw new Error(`expected ${relPath} to parse: ${outcome.message}`);
  return outcome.source;
}

const bedrock = await parsed('003_c38cac0ff9cc0db6.txt', seed('003_c38cac0ff9cc0db6.txt'));
describe('parsing the sample library', () => {

  it('takes the title from the first heading', () => {
    expect(bedrock.title).toBe('Amazon AI: The $8 Billion Confession of Failure');
  });

  it('recognises the Markdown headings of the second seed as its outline', () => {
    expect(bedrock.outline.map((h) => h.text)).toContain("The Bedrock Pivot: If You Can't Build It, Host It");
    for (const h of bedrock.outline) expect(bedrock.text.slice(h.start, h.end)).toContain(h.text);
  });

  it('cuts the text into passages whose offsets point at their own words', () => {
    expect(bedrock.passages.length).toBeGreaterThan(10);
    for (const p of bedrock.passages) {
      const text = bedrock.text.slice(p.start, p.end);
      expect(text.trim()).toBe(text);
      expect(text.length).toBeGreaterThan(0);
    }
  });

  it('records wikilinks as links of the passage they stand in', () => {
    const echo = bedrock.passages.find((p) => p.links.includes('Amazon Echo'))!;
    expect(bedrock.text.slice(echo.start, echo.end)).toContain('[[Amazon Echo]]');
  });

  it('files each passage under the heading above it', () => {
    const pivot = bedrock.passages.find((p) => bedrock.text.slice(p.start, p.end).includes('Bedrock') && p.heading?.startsWith('The Bedrock Pivot'));
    expect(pivot).toBeDefined();
  });

  it('gives the same content hash to the same text, whatever the line ends', async () => {
    const lf = await parsed('a.txt', seed('000_fc16814f2607de2a.txt'));
    const crlf = await parsed('b.txt', seed('000_fc16814f2607de2a.txt').toString('utf8').replace(/\n/g, '\r\n'));
    expect(crlf.contentHash).toBe(lf.contentHash);
    expect(crlf.text).toBe(lf.text);
  });
});

describe('parsing HTML', () => {
  const html = `<!doctype html><html><head><title>Field notes</title><style>p{color:red}</style>
    <script>window.pwned = true; document.write('evil')</script></head>
    <body onload="alert(1)"><h1>On   whales</h1><p>The <em>sperm</em> whale<br>dives deep.</p>
    <img src="x" onerror="alert(2)"><ul><li>one</li><li>two</li></ul><noscript>enable js</noscript>
    <p>Caf&eacute; &amp; cr&egrave;me</p></body></html>`;
  let source: Awaited<ReturnType<typeof parsed>>;
  beforeAll(async () => { source = await parsed('notes.html', html); });

  it('keeps the words and drops scripts, styles and event handlers', () => {
    expect(source.text).toContain('On whales');
    expect(source.text).toContain('The sperm whale\ndives deep.');
    expect(source.text).not.toMatch(/pwned|evil|alert|color:red|enable js/);
  });

  it('decodes entities and uses the title element', () => {
    expect(source.text).toContain('Café & crème');
    expect(source.title).toBe('Field notes');
  });

  it('turns headings and list items into blocks at the right offsets', () => {
    expect(source.outline).toEqual([expect.objectContaining({ level: 1, text: 'On whales' })]);
    const items = source.blocks.filter((b) => b.kind === 'list-item').map((b) => source.text.slice(b.start, b.end));
    expect(items).toEqual(['one', 'two']);
  });
});

describe('decoding', () => {
  it('reads UTF-16 text with a byte order mark, in either byte order', async () => {
    const text = 'Été à Paris — naïve café\nSecond line';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le.subarray(2)).swap16();
    expect((await parsed('le.txt', le)).text).toBe(text);
    expect((await parsed('be.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).text).toBe(text);
  });

  it('opens HTML nested ten thousand elements deep', async () => {
    const html = `<html><body>${'<div><span>'.repeat(5000)}Buried words${'</span></div>'.repeat(5000)}<p>After.</p></body></html>`;
    const source = await parsed('deep.html', html);
    expect(source.text).toContain('Buried words');
    expect(source.text).toContain('After.');
  });
});

describe('files that cannot be sources', () => {
  it('reports a binary file as binary', async () => {
    const outcome = await parseSource('image.txt', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 73, 72, 68, 82]));
    expect(outcome).toMatchObject({ ok: false, reason: 'binary' });
  });

  it('reports text that is not UTF-8 with a hint to re-save it', async () => {
    const latin1 = Buffer.from('Caf\xe9 cr\xe8me br\xfbl\xe9e', 'latin1');
    const outcome = await parseSource('menu.txt', latin1);
    expect(outcome).toMatchObject({ ok: false, reason: 'invalid-utf8' });
    expect(outcome.ok || outcome.message).toMatch(/UTF-8/);
  });

  it('reports an empty or blank file as empty', async () => {
    expect(await parseSource('blank.md', Buffer.from('  \n\n \t'))).toMatchObject({ ok: false, reason: 'empty' });
  });

  it('reports a huge file as too large without reading it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sb-parse-'));
    const file = path.join(dir, 'huge.txt');
    await writeFile(file, '');
    await truncate(file, MAX_SOURCE_BYTES + 1);
    expect(await readSource(file, 'huge.txt')).toMatchObject({ ok: false, reason: 'too-large' });
  });

  it('reports a folder named like a source, or a vanished file, as unreadable', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sb-parse-'));
    await mkdir(path.join(dir, 'folder.md'));
    expect(await readSource(path.join(dir, 'folder.md'), 'folder.md')).toMatchObject({ ok: false, reason: 'unreadable' });
    expect(await readSource(path.join(dir, 'gone.md'), 'gone.md')).toMatchObject({ ok: false, reason: 'unreadable' });
  });
});

describe('parsing a real book', () => {
  const book = path.join(gutenberg, 'Shelley-Mary-Wollstonecraft__Frankenstein-Or-The-Modern-Prometheus.txt');
  it.skipIf(!existsSync(book))('splits Frankenstein into paragraph-sized passages, none longer than the limit', async () => {
    const source = await parsed('frankenstein.txt', readFileSync(book));
    expect(source.passages.length).toBeGreaterThan(500);
    expect(Math.max(...source.passages.map((p) => p.end - p.start))).toBeLessThanOrEqual(1600);
    const monster = source.passages.find((p) => source.text.slice(p.start, p.end).includes('beheld the wretch--the miserable monster'));
    expect(monster).toBeDefined();
  });
});
