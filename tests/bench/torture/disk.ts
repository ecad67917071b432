/**
 * What is on disk, read by the harness itself with plain fs calls and its own hashing (never
 * through the notebook code under test), to judge the backend's answers against.
 */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';

export const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** Every `.md` file outside hidden folders: relative path → sha256 of its bytes. */
export async function diskNotes(root: string): Promise<Map<string, string>> {
  const notes = new Map<string, string>();
  const walk = async (dir: string, prefix: string) => {
    for (const entry of await fsp.readdir(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(path.join(dir, entry.name), rel);
      else if (entry.name.endsWith('.md')) notes.set(rel, sha(await fsp.readFile(path.join(dir, entry.name))));
    }
  };
  await walk(root, '');
  return notes;
}

/** Notes in the trash: trash id → sha256. */
export async function diskTrash(root: string): Promise<Map<string, string>> {
  const dir = path.join(root, '.sourcebook', 'trash');
  const trash = new Map<string, string>();
  for (const name of await fsp.readdir(dir).catch(() => [] as string[])) {
    if (name.endsWith('.md')) trash.set(name.slice(0, -3), sha(await fsp.readFile(path.join(dir, name))));
  }
  return trash;
}

export interface DiskAnnotation {
  comment: string | null;
  color: string | null;
}

/** Annotation files: id → comment and colour, or 'unparseable'. */
export async function diskAnnotations(root: string): Promise<Map<string, DiskAnnotation | 'unparseable'>> {
  const dir = path.join(root, '.sourcebook', 'annotations');
  const out = new Map<string, DiskAnnotation | 'unparseable'>();
  for (const name of await fsp.readdir(dir).catch(() => [] as string[])) {
    if (!name.endsWith('.json') || name.startsWith('.')) continue;
    try {
      const json = JSON.parse(await fsp.readFile(path.join(dir, name), 'utf8')) as { body?: { purpose: string; value: string }[] };
      const body = json.body ?? [];
      out.set(name.slice(0, -5), {
        comment: body.find((b) => b.purpose === 'commenting')?.value ?? null,
        color: body.find((b) => b.purpose === 'tagging')?.value ?? null,
      });
    } catch {
      out.set(name.slice(0, -5), 'unparseable');
    }
  }
  return out;
}

/** Temp files of atomic writes anywhere in the notebook. */
export async function tempFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await fsp.readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (entry.isDirectory()) await walk(path.join(dir, entry.name));
      else if (entry.name.endsWith('.sb-tmp')) found.push(path.relative(root, path.join(dir, entry.name)));
    }
  };
  await walk(root);
  return found;
}
