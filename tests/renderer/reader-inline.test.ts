import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inlineMarkup, type InlineMark } from '../../renderer/src/reader/inline';
import { blockMarkup } from '../../renderer/src/reader/markup';
import { findWikiLinks } from '../../main/common/markdown/wikilinks';
import { SEEDS } from '../support/seeds';

/** Each mark as `kind "covered text"`, sorted, so a table row reads like what the reader shows. */
function shown(text: string, marks: InlineMark[] = inlineMarkup(text)): string[] {
  return marks.map((m) => {
    const name = m.kind === 'style' ? m.style : m.kind === 'wikilink' ? `wikilink→${m.target}` : m.kind === 'link' ? `link→${m.href}` : m.kind;
    return `${name} ${JSON.stringify(text.slice(m.start, m.end))}`;
  }).sort();
}

describe('inline Markdown in the reader', () => {
  const table: Array<[string, string, string[]]> = [
    ['bold', '**Let others** do it.', ['strong "Let others"', 'syntax "**"', 'syntax "**"']],
    ['emphasis with stars and with underscores', '*one* and _two_', ['em "one"', 'em "two"', 'syntax "*"', 'syntax "*"', 'syntax "_"', 'syntax "_"']],
    ['underscores inside a word (snake_case)', 'call snake_case_name now', []],
    ['stars surrounded by spaces', '2 * 3 * 4', []],
    ['an unclosed bold marker', '**unclosed bold and more', []],
    ['an unclosed code span', 'a `lonely backtick', []],
    ['escaped stars', '\\*not em\\*', ['syntax "\\\\"', 'syntax "\\\\"']],
    ['a code span protecting its content', 'see `a *b* [[c]]` here', ['code "a *b* [[c]]"', 'syntax "`"', 'syntax "`"']],
    ['a longer code fence around a backtick', '``a ` b``', ['code "a ` b"', 'syntax "``"', 'syntax "``"']],
    ['emphasis nested in bold', '**bold *em* bold**', ['em "em"', 'strong "bold *em* bold"', 'syntax "*"', 'syntax "*"', 'syntax "**"', 'syntax "**"']],
    ['triple stars', '***both***', ['em "**both**"', 'strong "both"', 'syntax "*"', 'syntax "*"', 'syntax "**"', 'syntax "**"']],
    ['a closer shorter than its opener', '**a*', ['em "a"', 'syntax "*"', 'syntax "*"']],
    ['strikethrough', '~~gone~~ stays', ['strike "gone"', 'syntax "~~"', 'syntax "~~"']],
    ['a wikilink', 'The [[Amazon Echo]] launched', ['syntax "[["', 'syntax "]]"', 'wikilink→Amazon Echo "[[Amazon Echo]]"']],
    ['a wikilink with shown text', '[[Claude|the model]]', ['syntax "[[Claude|"', 'syntax "]]"', 'wikilink→Claude "[[Claude|the model]]"']],
    ['a wikilink to a heading', '[[Amazon#Alexa]]', ['syntax "[["', 'syntax "]]"', 'wikilink→Amazon "[[Amazon#Alexa]]"']],
    ['an external link', 'read [the post](https://example.org/a_b) today', ['link→https://example.org/a_b "[the post](https://example.org/a_b)"', 'syntax "["', 'syntax "](https://example.org/a_b)"']],
    ['bold inside link text', '[**big** news](http://a.test)', ['link→http://a.test "[**big** news](http://a.test)"', 'strong "big"', 'syntax "**"', 'syntax "**"', 'syntax "["', 'syntax "](http://a.test)"']],
    ['brackets that are not a link', 'an [aside] (later)', []],
    ['bold around a wikilink', '**[[Claude]] won**', ['strong "[[Claude]] won"', 'syntax "**"', 'syntax "**"', 'syntax "[["', 'syntax "]]"', 'wikilink→Claude "[[Claude]]"']],
  ];
  for (const [name, text, expected] of table) {
    it(`reads ${name}: ${JSON.stringify(text)}`, () => {
      expect(shown(text)).toEqual([...expected].sort());
    });
  }

  it('never marks a character twice as syntax and never reaches outside the range it was given', () => {
    const text = 'pre **a *b* [[c|d]] `e` [f](http://g)** post';
    const from = 4;
    const to = text.length - 5;
    const marks = inlineMarkup(text, from, to);
    expect(marks.every((m) => m.start >= from && m.end <= to && m.end > m.start)).toBe(true);
    const syntax = marks.filter((m) => m.kind === 'syntax').flatMap((m) => Array.from({ length: m.end - m.start }, (_, k) => m.start + k));
    expect(new Set(syntax).size).toBe(syntax.length);
  });

  it('finds the same wikilinks as the search index on the second seed', () => {
    const text = readFileSync(path.join(SEEDS, '003_c38cac0ff9cc0db6.txt'), 'utf8');
    const ours = inlineMarkup(text).filter((m) => m.kind === 'wikilink').map((m) => (m as { target: string }).target);
    expect(ours.length).toBeGreaterThan(5);
    expect(ours).toEqual(findWikiLinks(text).map((l) => l.target));
  });
});

describe('block markup', () => {
  it('mutes a list marker and styles the bold after it', () => {
    const text = '1. **Let others do the hard research.** Training costs billions.';
    expect(shown(text, blockMarkup(text, { kind: 'list-item', start: 0, end: text.length }, 'text'))).toEqual(
      ['strong "Let others do the hard research."', 'syntax "**"', 'syntax "**"', 'syntax "1. "'].sort(),
    );
  });

  it('mutes the "> " of every line of a quote', () => {
    const text = '> first line\n> *second* line';
    expect(shown(text, blockMarkup(text, { kind: 'quote', start: 0, end: text.length }, 'markdown'))).toEqual(
      ['em "second"', 'syntax "*"', 'syntax "*"', 'syntax "> "', 'syntax "> "'].sort(),
    );
  });

  it('mutes the fences of a code block and leaves its content alone', () => {
    const text = '```ts\nconst a = b * c * d;\n```';
    expect(shown(text, blockMarkup(text, { kind: 'code', start: 0, end: text.length }, 'markdown'))).toEqual(['syntax "```"', 'syntax "```ts"']);
  });

  it('mutes a heading\'s hashes and a setext underline', () => {
    const atx = '## The *Bedrock* Pivot ##';
    expect(shown(atx, blockMarkup(atx, { kind: 'heading', level: 2, start: 0, end: atx.length }, 'markdown'))).toEqual(
      ['em "Bedrock"', 'syntax " ##"', 'syntax "## "', 'syntax "*"', 'syntax "*"'].sort(),
    );
    const setext = 'Title\n=====';
    expect(shown(setext, blockMarkup(setext, { kind: 'heading', level: 1, start: 0, end: setext.length }, 'markdown'))).toEqual(['syntax "\\n====="']);
  });

  it('reads no markup in an HTML source, whose stars are the page\'s own text', () => {
    const text = 'Rated **5 stars** by _critics_';
    expect(blockMarkup(text, { kind: 'paragraph', start: 0, end: text.length }, 'html')).toEqual([]);
  });
});
