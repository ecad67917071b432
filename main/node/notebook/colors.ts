/**
 * Highlight colours with names that mean something to the researcher, editable, kept in
 * `.sourcebook/colors.json`. The first colour is the default for new highlights.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ApiError, ColorDef } from '../../common/contract';
import { writeFileAtomic } from '../fs';

export const DEFAULT_COLORS: ColorDef[] = [
  { name: 'claim', color: '#f5c542' },
  { name: 'evidence', color: '#5cb85c' },
  { name: 'question', color: '#e8734a' },
  { name: 'idea', color: '#5b9bd5' },
];

export class ColorStore {
  private colors: ColorDef[] | undefined;

  constructor(private readonly file: string) {}

  async get(): Promise<ColorDef[]> {
    if (!this.colors) {
      const stored = await fsp.readFile(this.file, 'utf8').then((s) => z.array(ColorDef).min(1).safeParse(JSON.parse(s))).catch(() => null);
      // A missing or damaged file falls back to the defaults; it is only rewritten by setColors.
      this.colors = stored?.success ? stored.data : DEFAULT_COLORS.map((c) => ({ ...c }));
    }
    return this.colors.map((c) => ({ ...c }));
  }

  async set(colors: ColorDef[]): Promise<ColorDef[]> {
    const seen = new Set<string>();
    const clean = colors.map((c) => ({ name: c.name.trim(), color: c.color.toLowerCase() }));
    for (const c of clean) {
      if (seen.has(c.name.toLowerCase())) throw new ApiError('bad-request', `the colour name "${c.name}" is used twice`);
      seen.add(c.name.toLowerCase());
    }
    if (!clean.length) throw new ApiError('bad-request', 'keep at least one colour');
    await fsp.mkdir(path.dirname(this.file), { recursive: true });
    await writeFileAtomic(this.file, JSON.stringify(clean, null, 2) + '\n');
    this.colors = clean;
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
