import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../node/fs';
import { parseDesktopState, type DesktopState } from './policies/desktop-state';

/** userData/desktop-state.json: read once at start (damage costs only what it held), written whole. */
export async function loadDesktopState(file: string): Promise<DesktopState> {
  try {
    return parseDesktopState(JSON.parse(await readFile(file, 'utf8')));
  } catch {
    return parseDesktopState(null);
  }
}

export async function saveDesktopState(file: string, state: DesktopState): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(state, null, 2)}\n`);
}
