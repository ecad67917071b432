import { describe, expect, it } from 'vitest';
import { formatAccelerator, matchesChord, parseAccelerator } from '../../renderer/src/app/accelerator';
import { fuzzyFilter } from '../../renderer/src/palette/fuzzy';
import { commands, commandIds } from '../../main/common/commands';

const ev = (init: KeyboardEventInit) => new KeyboardEvent('keydown', init);

describe('shortcuts', () => {
  it('gives every command a unique shortcut and a unique id', () => {
    expect(new Set(commands.map((c) => c.shortcut)).size).toBe(commands.length);
    expect(commands.map((c) => c.id).sort()).toEqual([...commandIds].sort());
  });

  it('matches CmdOrCtrl to Ctrl on Linux and Windows and to Cmd on macOS', () => {
    const chord = parseAccelerator('CmdOrCtrl+Shift+Q');
    expect(matchesChord(ev({ key: 'Q', code: 'KeyQ', ctrlKey: true, shiftKey: true }), chord, false)).toBe(true);
    expect(matchesChord(ev({ key: 'Q', code: 'KeyQ', metaKey: true, shiftKey: true }), chord, true)).toBe(true);
    expect(matchesChord(ev({ key: 'q', code: 'KeyQ', ctrlKey: true }), chord, false)).toBe(false);
    expect(matchesChord(ev({ key: 'Q', code: 'KeyQ', metaKey: true, shiftKey: true }), chord, false)).toBe(false);
  });

  it('matches letters by their key position, so Alt combinations that type other characters still work', () => {
    expect(matchesChord(ev({ key: 'ç', code: 'KeyC', metaKey: true, altKey: true }), parseAccelerator('CmdOrCtrl+Alt+C'), true)).toBe(true);
    expect(matchesChord(ev({ key: 'ArrowUp', code: 'ArrowUp', ctrlKey: true, altKey: true }), parseAccelerator('CmdOrCtrl+Alt+Up'), false)).toBe(true);
  });

  it('writes shortcuts the way each platform does', () => {
    expect(formatAccelerator('CmdOrCtrl+Shift+Q', false)).toBe('Ctrl+Shift+Q');
    expect(formatAccelerator('CmdOrCtrl+Shift+Q', true)).toBe('⇧⌘Q');
    expect(formatAccelerator('CmdOrCtrl+Alt+Up', false)).toBe('Ctrl+Alt+↑');
  });
});

describe('palette filtering', () => {
  const label = (c: { label: string }) => c.label;
  it('finds commands by the initials of their words', () => {
    expect(fuzzyFilter(commands, 'qtn', label)[0]!.item.id).toBe('quote-selection');
    expect(fuzzyFilter(commands, 'colours', label)[0]!.item.id).toBe('edit-colors');
    expect(fuzzyFilter(commands, 'quote', label)[0]!.item.id).toBe('quote-selection');
  });
  it('keeps the list order for an empty query and drops what does not match', () => {
    expect(fuzzyFilter(commands, '', label).map((m) => m.item.id)).toEqual(commands.map((c) => c.id));
    expect(fuzzyFilter(commands, 'zzz', label)).toEqual([]);
  });
});
