import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile, cp } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const cli = path.join(root, 'out/cli.mjs');
let cache: string;

async function sourcebook(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args, '--cache', cache], { cwd: root, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the sourcebook command', () => {
  beforeAll(async () => {
    if (!existsSync(cli)) throw new Error('out/cli.mjs is missing: run `npm run build` first (npm test does)');
    cache = await mkdtemp(path.join(os.tmpdir(), 'sb-cli-cache-'));
  });

  it('returns only passages containing a quoted phrase, as JSON with offsets into the source', async () => {
    const { code, stdout } = await sourcebook('search', '"voice assistant"', '--library', 'seeds', '--json');
    expect(code).toBe(0);
    const hits = JSON.parse(stdout) as Array<{ source: string; start: number; end: number; snippet: string; score: number }>;
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) {
      const text = readFileSync(path.join(root, 'seeds', hit.source), 'utf8').replace(/\r\n?/g, '\n');
      expect(text.slice(hit.start, hit.end).replace(/\s+/g, ' ').toLowerCase()).toContain('voice assistant');
      expect(hit.score).toBeGreaterThan(0);
    }
  });

  it('prints ranked hits with the matched words marked', async () => {
    const { code, stdout } = await sourcebook('search', 'Bedrock', '--library', 'seeds');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\s+1\. 003_c38cac0ff9cc0db6\.txt/m);
    expect(stdout).toContain('«Bedrock»');
  });

  it('gives a one-line error and a non-zero exit for a folder that does not exist', async () => {
    const { code, stderr } = await sourcebook('search', 'whale', '--library', 'no/such/folder');
    expect(code).not.toBe(0);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/not a folder/);
  });

  it('gives a one-line error and a non-zero exit for a malformed query', async () => {
    const { code, stderr } = await sourcebook('search', 'in:nowhere whale', '--library', 'seeds');
    expect(code).not.toBe(0);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/bad query/);
  });

  it('says plainly when the port it was asked to serve on is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const notebook = await mkdtemp(path.join(os.tmpdir(), 'sb-cli-nb-'));
    const { code, stderr } = await sourcebook('serve', '--library', 'seeds', '--notebook', notebook, '--port', String(port));
    blocker.close();
    expect(code).not.toBe(0);
    expect(stderr.trim()).toBe(`sourcebook: port ${port} is already in use; pick another with --port, or --port 0 for any free one`);
  });

  it('indexes a folder and names each file it could not read, with the reason', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sb-cli-lib-'));
    await cp(path.join(root, 'seeds'), dir, { recursive: true });
    await writeFile(path.join(dir, 'scan.txt'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]));
    await writeFile(path.join(dir, 'empty.md'), '');
    const { code, stdout } = await sourcebook('index', '--library', dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/indexed 2 sources/);
    expect(stdout).toMatch(/skipped scan\.txt: binary/);
    expect(stdout).toMatch(/skipped empty\.md: the file is empty/);
  });
});
