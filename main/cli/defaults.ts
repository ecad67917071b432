import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The sample library shipped with the app: seeds/ at the project root (out/cli.mjs is one level down). */
export function sampleLibrary(): string {
  for (const candidate of [path.resolve(here, '../seeds'), path.resolve(here, '../../seeds')]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new CliError('the sample library (seeds/) is missing; pass --library DIR');
}

/** The user's notebook: a visible folder in Documents, where people look for their files. */
export function defaultNotebook(): string {
  const documents = path.join(os.homedir(), 'Documents');
  return path.join(existsSync(documents) ? documents : os.homedir(), 'Sourcebook Notebook');
}

/** The renderer bundle beside out/cli.mjs. */
export function rendererDir(): string {
  return path.resolve(here, 'renderer');
}

export class CliError extends Error {}

export function existingFolder(dir: string, what: string): string {
  const abs = path.resolve(dir);
  let ok = false;
  try { ok = statSync(abs).isDirectory(); } catch { ok = false; }
  if (!ok) throw new CliError(`${what} "${dir}" is not a folder`);
  return abs;
}
