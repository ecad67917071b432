import { describe as suite, expect, it } from 'vitest';
import { anchor, describe } from '../../main/common/anchoring';
import { domText, hasShared, missingShared, readJson, type XPathRange } from './fixtures';

interface DescribeCase { html: string; range: XPathRange; options: Record<string, unknown>; expected: { exact: string; prefix: string; suffix: string } }
type Table = Record<string, Record<string, DescribeCase>>;

const table: Table = hasShared ? readJson<Table>('unit-cases/apache-annotator/text-quote-describe-cases.json') : {};
const groups = Object.entries(table).filter(([k]) => k.startsWith('testCases'));

suite.skipIf(!hasShared)(`Apache Annotator's describe table (${hasShared ? 'text-level' : missingShared})`, () => {
  for (const [group, cases] of groups) {
    for (const [name, c] of Object.entries(cases)) {
      it(`with Apache's options, ${group} "${name}" gives Apache's selector`, () => {
        const { text, offsets } = domText(c.html);
        const { start, end } = offsets(c.range);
        const got = describe(text, start, end, { minContext: 0, ...c.options });
        expect({ exact: got.exact, prefix: got.prefix, suffix: got.suffix }).toEqual({ exact: c.expected.exact, prefix: c.expected.prefix, suffix: c.expected.suffix });
      });
      it(`with Sourcebook's defaults, ${group} "${name}" keeps Apache's context and adds more where the text has it`, () => {
        const { text, offsets } = domText(c.html);
        const { start, end } = offsets(c.range);
        const got = describe(text, start, end);
        expect(got.exact).toBe(c.expected.exact);
        expect(got.prefix.endsWith(c.expected.prefix)).toBe(true);
        expect(got.suffix.startsWith(c.expected.suffix)).toBe(true);
        expect(got.prefix.length).toBeGreaterThanOrEqual(Math.min(32, start));
        expect(got.suffix.length).toBeGreaterThanOrEqual(Math.min(32, text.length - end));
      });
    }
  }
});

const paragraph = 'The harbour was quiet that morning. Fishing boats rocked at their moorings and the gulls '
  + 'argued over scraps. The harbour was quiet that morning, said the log, and nothing else was written.';

suite('describe', () => {
  it('keeps at least 32 characters of context, rounded out to whole words', () => {
    const start = paragraph.indexOf('Fishing');
    const sel = describe(paragraph, start, start + 'Fishing boats'.length);
    expect(sel.exact).toBe('Fishing boats');
    expect(sel.prefix.length).toBeGreaterThanOrEqual(32);
    expect(sel.suffix.length).toBeGreaterThanOrEqual(32);
    expect(paragraph.slice(start - sel.prefix.length, start)).toBe(sel.prefix);
    expect(/\s/.test(paragraph[start - sel.prefix.length - 1]!)).toBe(true);
  });

  it('extends the context until a repeated sentence is told apart from its twin', () => {
    const start = paragraph.lastIndexOf('The harbour was quiet that morning');
    const sel = describe(paragraph, start, start + 'The harbour was quiet that morning'.length, { minContext: 0 });
    expect(sel.prefix + sel.suffix).not.toBe('');
    const twinStart = paragraph.indexOf(sel.prefix + sel.exact + sel.suffix) + sel.prefix.length;
    expect(twinStart).toBe(start);
  });

  it('never cuts an emoji in half at the edge of the context', () => {
    const text = `${'🙂'.repeat(40)}quoted words${'🙂'.repeat(40)}`;
    const start = text.indexOf('quoted');
    const sel = describe(text, start, start + 'quoted words'.length, { maxWordLength: 0 });
    expect([...sel.prefix].every((ch) => ch === '🙂')).toBe(true);
    expect([...sel.suffix].every((ch) => ch === '🙂')).toBe(true);
  });

  it('rejects a span outside the text with a clear message', () => {
    expect(() => describe('short', 2, 10)).toThrow(/not inside a text of 5 characters/);
  });

  it('describes a quote that anchor finds again in the unchanged text', () => {
    const start = paragraph.indexOf('the gulls');
    const end = start + 'the gulls argued'.length;
    const sel = describe(paragraph, start, end);
    expect(anchor(paragraph, [sel, { type: 'TextPositionSelector', start, end }])).toMatchObject({ start, end, status: 'exact', confidence: 1 });
  });
});
