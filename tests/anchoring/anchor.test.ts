import { describe as suite, expect, it } from 'vitest';
import { anchor, bestCandidates, describe, MIN_CONFIDENCE, REVIEW_THRESHOLD, type Selectors } from '../../main/common/anchoring';

/** Selectors for text[start, end) as Sourcebook records them when a quote is made. */
function quoteAt(text: string, exact: string, occurrence = 0): Selectors {
  let start = -1;
  for (let k = 0; k <= occurrence; k++) start = text.indexOf(exact, start + 1);
  if (start < 0) throw new Error(`test set-up: "${exact}" is not in the text`);
  const end = start + exact.length;
  return [describe(text, start, end), { type: 'TextPositionSelector', start, end }];
}

const story = [
  'The lighthouse keeper rose before dawn, as he had done for forty years.',
  'He climbed the spiral stair, trimmed the wick, and polished the great lens until it shone.',
  'Ships passed in the night without knowing his name, guided by the steady beam he tended.',
  'In the spring a storm tore the roof from the oil store, and he rebuilt it with driftwood.',
  'His daughter wrote from the city every month, asking him to come and live with her.',
].join('\n\n');

suite('anchor: the order of checks', () => {
  it('finds an unchanged quote at its old position, exact with full confidence', () => {
    const sel = quoteAt(story, 'trimmed the wick');
    const start = story.indexOf('trimmed the wick');
    expect(anchor(story, sel)).toEqual({ start, end: start + 16, status: 'exact', confidence: 1 });
  });

  it('follows a quote whose offset shifted because text was added above it, still exact', () => {
    const sel = quoteAt(story, 'guided by the steady beam');
    const edited = `A new opening paragraph about the coast.\n\n${story}`;
    const got = anchor(edited, sel)!;
    expect(edited.slice(got.start, got.end)).toBe('guided by the steady beam');
    expect(got.status).toBe('exact');
  });

  it('reports a quote as moved when its paragraph now stands elsewhere with new neighbours', () => {
    const paras = story.split('\n\n');
    const sel = quoteAt(story, paras[3]!);
    const edited = [paras[3], paras[0], 'An inserted paragraph that says something else entirely.', paras[1], paras[2], paras[4]].join('\n\n');
    const got = anchor(edited, sel)!;
    expect(edited.slice(got.start, got.end)).toBe(paras[3]);
    expect(got.status).toBe('moved');
  });

  it('picks, among repeated words, the occurrence whose context matches', () => {
    const sel = quoteAt(story, 'the', 5);
    const got = anchor(story, sel)!;
    const [, pos] = sel as [unknown, { start: number }];
    expect(got.start).toBe(pos.start);
  });

  it('finds a lightly reworded quote as fuzzy, covering the reworded words', () => {
    const sel = quoteAt(story, 'He climbed the spiral stair, trimmed the wick, and polished the great lens until it shone.');
    const edited = story.replace('He climbed the spiral stair, trimmed the wick,', 'Each morning he climbed the narrow spiral stair, trimmed the lamp wick,');
    const got = anchor(edited, sel)!;
    expect(got.status).toBe('fuzzy');
    expect(edited.slice(got.start, got.end)).toContain('climbed the narrow spiral stair, trimmed the lamp wick, and polished the great lens until it shone.');
    expect(got.confidence).toBeGreaterThanOrEqual(MIN_CONFIDENCE);
    expect(got.confidence).toBeLessThan(1);
  });

  it('does not cut a grown passage short: words inserted near the end stay inside the span', () => {
    const sel = quoteAt(story, 'asking him to come and live with her');
    const edited = story.replace('asking him to come and live with her', 'asking him, again and again and with growing worry, to come and live with her');
    const got = anchor(edited, sel)!;
    expect(edited.slice(got.start, got.end)).toBe('asking him, again and again and with growing worry, to come and live with her');
  });

  it('orphans a quote whose paragraph was deleted instead of attaching it to similar text', () => {
    const sel = quoteAt(story, 'In the spring a storm tore the roof from the oil store, and he rebuilt it with driftwood.');
    const edited = story.split('\n\n').filter((p) => !p.startsWith('In the spring')).join('\n\n');
    expect(anchor(edited, sel)).toBeNull();
  });

  it('orphans a quote when the text is empty or the quote is empty', () => {
    expect(anchor('', quoteAt(story, 'lens'))).toBeNull();
    expect(anchor(story, [{ type: 'TextQuoteSelector', exact: '', prefix: 'the ', suffix: ' lens' }])).toBeNull();
  });

  it('rejects input that is not a text and a list of selectors with a clear message', () => {
    expect(() => anchor(undefined as unknown as string, [])).toThrow(/text must be a string/);
    expect(() => anchor(story, { type: 'TextQuoteSelector', exact: 'lens' } as unknown as Selectors)).toThrow(/selectors must be an array/);
    expect(() => bestCandidates(story, null as unknown as Selectors, 3)).toThrow(/selectors must be an array/);
  });

  it('takes a position-only selector as it is, and rejects one outside the text', () => {
    expect(anchor(story, [{ type: 'TextPositionSelector', start: 4, end: 14 }])).toEqual({ start: 4, end: 14, status: 'exact', confidence: 1 });
    expect(anchor(story, [{ type: 'TextPositionSelector', start: 4, end: story.length + 1 }])).toBeNull();
  });

  it('uses the quote when the old position points at different text now', () => {
    const sel = quoteAt(story, 'polished the great lens');
    const edited = story.replace('The lighthouse keeper', 'The old and weary lighthouse keeper');
    const got = anchor(edited, sel)!;
    expect(edited.slice(got.start, got.end)).toBe('polished the great lens');
  });
});

suite('anchor: Unicode, line endings and whitespace', () => {
  const emoji = 'Notes 📚 on the trip 🚂🚃 to the coast 🌊: we arrived late 🙃 and the café was closed.';

  it('returns UTF-16 offsets around emoji and after them', () => {
    const sel = quoteAt(emoji, 'to the coast 🌊: we arrived');
    const edited = `🎉 ${emoji}`;
    const got = anchor(edited, sel)!;
    expect(edited.slice(got.start, got.end)).toBe('to the coast 🌊: we arrived');
  });

  it('never splits an emoji when a fuzzy match ends next to one', () => {
    const sel = quoteAt(emoji, 'on the trip 🚂🚃 to the coast');
    const edited = emoji.replace('on the trip 🚂🚃 to the coast', 'on the long trip 🚂🚃🚃 to the coast');
    const got = anchor(edited, sel)!;
    const span = edited.slice(got.start, got.end);
    expect(span).toContain('trip 🚂🚃🚃 to the coast');
    expect(span).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
  });

  it('finds a quote with accents after the text was re-saved in decomposed form (combining marks)', () => {
    const text = 'Le café de la gare ferme à minuit, dit Zoë.';
    const sel = quoteAt(text, 'café de la gare ferme à minuit');
    const decomposed = text.normalize('NFD');
    const got = anchor(decomposed, sel)!;
    expect(got).not.toBeNull();
    expect(decomposed.slice(got.start, got.end).normalize('NFC')).toBe('café de la gare ferme à minuit');
    expect(got.status).toBe('exact');
  });

  it('keeps a combining mark at the end of the quote inside the span', () => {
    const text = 'He wrote "Jose\u0301" on the card, then crossed it out.';
    const sel = quoteAt(text, 'wrote "Jose\u0301"'.slice(0, -1));
    const got = anchor(text.replace('He wrote', 'Later he wrote'), sel)!;
    expect(got).not.toBeNull();
  });

  it('finds a multi-line quote after the file switched from LF to CRLF line endings', () => {
    const sel = quoteAt(story, 'forty years.\n\nHe climbed the spiral stair');
    const crlf = story.replace(/\n/g, '\r\n');
    const got = anchor(crlf, sel)!;
    expect(crlf.slice(got.start, got.end)).toBe('forty years.\r\n\r\nHe climbed the spiral stair');
    expect(got.confidence).toBe(1);
  });

  it('treats a re-wrapped paragraph (whitespace-only edit) as the same text, with full confidence', () => {
    const sel = quoteAt(story, 'Ships passed in the night without knowing his name, guided by the steady beam he tended.');
    const rewrapped = story.replace('Ships passed in the night without knowing his name, guided', 'Ships passed in the night\nwithout knowing  his name,\n   guided');
    const got = anchor(rewrapped, sel)!;
    expect(rewrapped.slice(got.start, got.end)).toBe('Ships passed in the night\nwithout knowing  his name,\n   guided by the steady beam he tended.');
    expect(got.confidence).toBe(1);
    expect(got.status).toBe('exact');
  });

  it('ignores typographic quote changes (straight ↔ curly)', () => {
    const text = 'She said “don’t wait for me” and left before the rain.';
    const sel = quoteAt(text, '“don’t wait for me”');
    const plain = text.replace(/[“”]/g, '"').replace(/’/g, "'");
    const got = anchor(plain, sel)!;
    expect(plain.slice(got.start, got.end)).toBe('"don\'t wait for me"');
  });
});

suite('bestCandidates and thresholds', () => {
  it('lists several places, best first, with decreasing confidence', () => {
    const text = 'we had everything before us, we had nothing before us, we were all going direct to Heaven';
    const list = bestCandidates(text, [{ type: 'TextQuoteSelector', exact: 'before us', prefix: 'we had nothing ' }], 5);
    expect(list.length).toBeGreaterThanOrEqual(2);
    expect(text.slice(list[0]!.start, list[0]!.end)).toBe('before us');
    expect(list[0]!.start).toBe(text.lastIndexOf('before us'));
    for (let i = 1; i < list.length; i++) expect(list[i]!.confidence).toBeLessThanOrEqual(list[i - 1]!.confidence);
  });

  it('includes places anchor refuses (too little confidence, or too few of the quote\'s words) so a reviewer can still pick them', () => {
    const sel = quoteAt(story, 'In the spring a storm tore the roof from the oil store');
    // The paragraph is gone; a different sentence about a storm was added elsewhere.
    const paras = story.split('\n\n');
    const edited = [paras[0], paras[1], paras[2], paras[4], 'Every autumn a storm tore the nets from the fishing boats moored below.'].join('\n\n');
    expect(anchor(edited, sel)).toBeNull();
    const list = bestCandidates(edited, sel, 3);
    expect(list.length).toBeGreaterThan(0);
    expect(edited.slice(list[0]!.start, list[0]!.end)).toContain('storm tore the nets');
    expect(list[0]!.confidence).toBeLessThan(REVIEW_THRESHOLD);
  });

  it('puts the review threshold above the orphan threshold', () => {
    expect(REVIEW_THRESHOLD).toBeGreaterThan(MIN_CONFIDENCE);
    expect(REVIEW_THRESHOLD).toBeLessThan(1);
  });
});

suite('anchor: quotes with whitespace at their edges', () => {
  it('finds a quote that begins inside a run of blank lines at its old place, exact', () => {
    const text = 'First paragraph ends here.\n\n\nSecond paragraph starts here and goes on.';
    const start = text.indexOf('\nSecond');
    const end = text.indexOf(' and goes');
    const sel: Selectors = [describe(text, start, end), { type: 'TextPositionSelector', start, end }];
    // The span widens to the whole whitespace run (matching sees one space there); the words are exact.
    const got = anchor(text, sel)!;
    expect(got).toMatchObject({ start: text.indexOf('\n\n\nSecond'), end, status: 'exact' });
    expect(got.confidence).toBeGreaterThan(0.95);
  });
});

suite('anchor: paragraph boundaries', () => {
  it('keeps a quote made inside one paragraph inside one paragraph when its last words were replaced', () => {
    const sel = quoteAt(story, 'rose before dawn, as he had done for forty years');
    const edited = story.replace('for forty years.', 'for four long decades.');
    const got = anchor(edited, sel)!;
    const span = edited.slice(got.start, got.end);
    expect(span.startsWith('rose before dawn, as he had done for')).toBe(true);
    expect(span).not.toContain('\n');
  });

  it('keeps both paragraphs when a quoted passage was split in two by a new blank line', () => {
    const text = 'Identifier patterns bind the value they match to a variable. The identifier must be unique within the pattern. Other rules follow here.';
    const sel = quoteAt(text, 'Identifier patterns bind the value they match to a variable. The identifier must be unique within the pattern.');
    const edited = 'Identifier patterns bind the value they match to a variable in the value namespace.\n\nThe identifier must be unique within the pattern. Other rules follow here.';
    const got = anchor(edited, sel)!;
    expect(edited.slice(got.start, got.end)).toBe('Identifier patterns bind the value they match to a variable in the value namespace.\n\nThe identifier must be unique within the pattern.');
  });

  it('leaves out a neighbouring paragraph that the alignment reached into but that holds none of the quote', () => {
    const text = 'Intro line here.\n\nThe keeper trimmed the wick and polished the lens every night.\n\nUnrelated closing words.';
    const sel = quoteAt(text, 'The keeper trimmed the wick and polished the lens every night.');
    const edited = 'Intro line here.\n\nA new paragraph about storms and ships.\n\nThe keeper trimmed the wick and polished the great lens each night.\n\nUnrelated closing words.';
    const got = anchor(edited, sel)!;
    expect(edited.slice(got.start, got.end)).toBe('The keeper trimmed the wick and polished the great lens each night.');
  });
});

suite('anchor: list items', () => {
  it('keeps a reworded list item from starting in the item before it, which now holds its old words', () => {
    const before = 'Primitive types:\n* The boolean type.\n* The machine types.\n* The machine-dependent integer and floating-point types.\n\n## Next';
    const sel = quoteAt(before, 'The machine-dependent integer and floating-point types.');
    const after = 'Primitive types:\n* The boolean type.\n* The machine types (integer and floating-point).\n* The machine-dependent integer types.\n\n## Next';
    const got = anchor(after, sel)!;
    expect(after.slice(got.start, got.end)).toBe('The machine-dependent integer types.');
  });

  it('follows a sentence that became a list, keeping the list', () => {
    const before = 'Intro.\n\nThe representation can only be used on structs that have a single non-zero sized field and any number of zero-sized fields.\n\nNext.';
    const sel = quoteAt(before, 'The representation can only be used on structs that have a single non-zero sized field and any number of zero-sized fields.');
    const after = 'Intro.\n\nThe representation can only be used on structs that have:\n\n- a single non-zero sized field, and\n- any number of zero-sized fields.\n\nNext.';
    const got = anchor(after, sel)!;
    expect(after.slice(got.start, got.end)).toBe('The representation can only be used on structs that have:\n\n- a single non-zero sized field, and\n- any number of zero-sized fields.');
  });
});

suite('anchor: edges whose words were replaced', () => {
  const text = 'The attribute diff affects whether git generates a textual patch for the path or just says Binary files differ. It also can affect the hunk header.';
  it('ends a passage whose last words were replaced after as many new words, not in the rewritten phrase after it', () => {
    const sel = quoteAt(text, 'patch for the path or just says');
    const edited = 'It can tell git whether to generate a textual patch for the path or to treat the path as a binary file. It can also affect the hunk header.';
    const got = anchor(edited, sel)!;
    expect(edited.slice(got.start, got.end)).toBe('patch for the path or to treat');
  });

  it('starts a passage whose first word was replaced at its replacement, not at the rewritten words before it', () => {
    const before = 'Instead, this proposal explicitly delegates these responsibilities to the invoker contract.';
    const sel = quoteAt(before, 'proposal explicitly delegates these responsibilities to the invoker');
    const edited = 'After further investigation, we revised this EIP to its current state: explicitly delegate these responsibilities to the invoker contract.';
    const got = anchor(edited, sel)!;
    expect(edited.slice(got.start, got.end)).toBe('explicitly delegate these responsibilities to the invoker');
  });
});

suite('anchor: position and context evidence', () => {
  const para = 'The keeper climbed the spiral stair every evening, trimmed the wick, polished the great lens until it shone, and then sat by the window to watch the ships pass in the night without knowing his name.';
  const filler = (n: number) => Array.from({ length: n }, (_, i) => `Filler paragraph ${i} is about other matters entirely and says nothing of lamps.`).join('\n\n');
  const text = `${filler(3)}\n\nAs the report put it:\n\n${para}\n\nThat was the whole of his life.\n\n${filler(5)}\n\nSummary. ${para} End of summary.\n`;
  const rewrap = (mark: string) => para.replace(/(.{40,50}?) /g, `$1\n${mark}`).replace(/^/, mark);

  for (const mark of ['> ', '   | ']) {
    it(`keeps a passage re-wrapped in place with '${mark.trim()}' on each line there, not at a verbatim copy elsewhere`, () => {
      const sel = quoteAt(text, para);
      const edited = text.replace(`put it:\n\n${para}`, `put it:\n\n${rewrap(mark)}`);
      const got = anchor(edited, sel)!;
      const inPlace = edited.indexOf(rewrap(mark));
      expect(got.start).toBe(inPlace + mark.length);
      expect(got.end).toBe(inPlace + rewrap(mark).length);
      expect(got.status).toBe('fuzzy');
    });
  }

  it('orphans a deleted sentence rather than taking a surviving one that shares its letters but not its words', () => {
    const before = 'The payload is rlp([chainId, nonce, maxFeePerGas, gasLimit, to, value, data, accessList]). It is signed by the sender.';
    const sel = quoteAt(before, 'rlp([chainId, nonce, maxFeePerGas, gasLimit, to, value, data, accessList]).');
    const after = 'The payload is built as described below. The signed form is rlp([chain_id, nonce, max_fee_per_gas, gas_limit, destination, amount, data, access_list]) and it is signed by the sender.';
    expect(anchor(after, sel)).toBeNull();
  });

  it('among near-identical sentences, takes the one where the passage stood', () => {
    const section = 'On these targets, both 32-bit and 64-bit, the following additional directives are guaranteed to be supported:\n- .nops\n- .align\n\n';
    const filler = 'Some unrelated prose about registers and calling conventions that goes on for a while. '.repeat(3);
    const text = `${filler}\n\n${section}${filler}\n\n${section}${filler}`;
    const sel = quoteAt(text, '64-bit, the following additional directives are guaranteed to be');
    const first = text.indexOf(section), second = text.indexOf(section, first + 1);
    // Both copies reworded at the quote's first word, the later one a little closer to the old wording.
    const edited = text.slice(0, first) + section.replace('both 32-bit and 64-bit,', 'on x86,') + text.slice(first + section.length, second)
      + section.replace('both 32-bit and 64-bit,', 'in 64 bit,') + text.slice(second + section.length);
    const got = anchor(edited, sel)!;
    expect(got.start).toBeGreaterThan(first);
    expect(got.end).toBeLessThan(first + section.length);
  });
});

