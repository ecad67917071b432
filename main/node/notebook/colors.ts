/**
 * Highlight colours with names that mean something to the researcher, editable, kept in
 * `.sourcebook/colors.json`. The first colour is the default for new highlights. Read from
 * disk whenever the file changed, so a colour made in another window is known here at once.
 */
import path from 'node:path';
import { z } from 'zod';
import { ApiError, ColorDef } from '../../common/contract';
import { mkdirDurable, PathLocks, writeFileAtomic } from '../fs';
import { FileCache } from './disk-cache';

export const DEFAULT_COLORS: ColorDef[] = [
  { name: 'claim', color: '#f5c542' },
  { name: 'evidence', color: '#5cb85c' },
  { name: 'question', color: '#e8734a' },
  { name: 'idea', color: '#5b9bd5' },
];

const ColorFile = z.array(ColorDef).min(1);

export class ColorStore {
  private readonly cache: FileCache<ColorDef[]>;
  private last: string | undefined;
  /** Called when a read finds colours another process set. */
  onForeignChange: (colors: ColorDef[]) => void = () => undefined;

  constructor(private readonly file: string, private readonly locks = new PathLocks(path.join(path.dirname(file), 'locks'))) {
    this.cache = new FileCache(file, (text) => {
      try {
        const parsed = ColorFile.safeParse(JSON.parse(text));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    });
  }

  async get(): Promise<ColorDef[]> {
    // A missing or damaged file falls back to the defaults; it is only rewritten by setColors.
    const colors = (await this.cache.get()) ?? DEFAULT_COLORS;
    const now = JSON.stringify(colors);
    if (this.last !== undefined && now !== this.last) this.onForeignChange(colors.map((c) => ({ ...c })));
    this.last = now;
    return colors.map((c) => ({ ...c }));
  }

  async set(colors: ColorDef[]): Promise<ColorDef[]> {
    const seen = new Set<string>();
    const clean = colors.map((c) => ({ name: c.name.trim(), color: c.color.toLowerCase() }));
    for (const c of clean) {
      if (seen.has(c.name.toLowerCase())) throw new ApiError('bad-request', `the colour name "${c.name}" is used twice`);
      seen.add(c.name.toLowerCase());
    }
    if (!clean.length) throw new ApiError('bad-request', 'keep at least one colour');
    // The whole list is the user's answer (the settings form sends it all): last write wins, one at a time.
    await this.locks.with(['colors.json'], async () => {
      await mkdirDurable(path.dirname(this.file));
      await writeFileAtomic(this.file, JSON.stringify(clean, null, 2) + '\n');
      await this.cache.wrote(clean);
      this.last = JSON.stringify(clean);
    });
    return this.get();
  }

  /** The colour's name as defined (case as stored), or a bad-request error naming the choices. */
  async resolve(name: string | undefined): Promise<string> {
    const colors = await this.get();
    if (name === undefined) return colors[0]!.name;
    const found = colors.find((c) => c.name.toLowerCase() === name.trim().toLowerCase());
    if (!found) throw new ApiError('bad-request', `there is no colour "${name}" (colours: ${colors.map((c) => c.name).join(', ')})`);
    return found.name;
  }
}
