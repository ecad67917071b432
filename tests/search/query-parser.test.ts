import { describe, expect, test } from 'vitest';
import { parseQuery, QueryError, typoBudget, type QueryNode } from '../../main/node/search/query-parser';

const w = (word: string, prefix = false, fuzzy = typoBudget(word)): QueryNode => ({ type: 'word', word, prefix, fuzzy });
const and = (...children: QueryNode[]): QueryNode => ({ type: 'and', children });
const or = (...children: QueryNode[]): QueryNode => ({ type: 'or', children });
const not = (child: QueryNode): QueryNode => ({ type: 'not', child });

describe('the query language', () => {
  const cases: Array<[string, QueryNode | null]> = [
    ['', null],
    ['   ', null],
    ['—…!', null],
    ['alexa', w('alexa', true, 1)],
    ['alexa ', w('alexa')],
    ['Amazon Bedrock ', and(w('amazon'), w('bedrock'))],
    ['amazon bedr', and(w('amazon'), w('bedr', true, 1))],
    ['"voice assistant"', { type: 'phrase', text: 'voice assistant', words: ['voice', 'assistant'] }],
    ['"voice  assistant', { type: 'phrase', text: 'voice  assistant', words: ['voice', 'assistant'] }],
    ['alexa -echo ', and(w('alexa'), not(w('echo', false, 0)))],
    ['alexa -"echo show" ', and(w('alexa'), not({ type: 'phrase', text: 'echo show', words: ['echo', 'show'] }))],
    ['cat dog OR bird ', or(and(w('cat'), w('dog')), w('bird'))],
    ['cat (dog OR bird) ', and(w('cat'), or(w('dog'), w('bird')))],
    ['cat -(dog OR bird) ', and(w('cat'), not(or(w('dog'), w('bird'))))],
    ['(dog OR bird', or(w('dog'), w('bird', true, 1))],
    ['alexa OR', w('alexa')],
    ['OR alexa ', w('alexa')],
    ['alexa or echo ', and(w('alexa'), w('or'), w('echo'))],
    ['source:Emma knightley ', and({ type: 'filter', field: 'source', value: 'Emma' }, w('knightley'))],
    ['path:"lady susan" letter ', and({ type: 'filter', field: 'source', value: 'lady susan' }, w('letter'))],
    ['in:notes ', { type: 'filter', field: 'in', value: 'note' }],
    ['in:sources alexa ', and({ type: 'filter', field: 'in', value: 'passage' }, w('alexa'))],
    ['in:highlights ', { type: 'filter', field: 'in', value: 'quote' }],
    ['tag:#Amazon ', { type: 'filter', field: 'tag', value: 'Amazon' }],
    ['colour:claim -tag:draft ', and({ type: 'filter', field: 'color', value: 'claim' }, not({ type: 'filter', field: 'tag', value: 'draft' }))],
    ["don't ", and(w('don'), w('t'), w("don't", false, 0))],
    ['don’t ', and(w('don'), w('t'), w("don't", false, 0))],
    ['10:30 ', and(w('10', false, 0), w('30', false, 0), w('10:30', false, 0))],
    ['2002 ', w('2002', false, 0)],
    ['`CListBox::AddString` ', and(w('clistbox'), w('addstring'), w('clistbox::addstring', false, 0))],
    ['FlipCmd:=msoFlipHorizontal ', and(w('flipcmd'), w('msofliphorizontal'))],
    ['a|b<c>d ', and(w('a'), w('b'), w('c'), w('d'))],
    ['os.pa', and(w('os'), w('pa', true, 0), w('os.pa', true, 0))],
    ['Café ', w('cafe')],
    ['a ab abc abcd abcdefgh ', and(w('a', false, 0), w('ab', false, 0), w('abc', false, 0), w('abcd', false, 1), w('abcdefgh', false, 2))],
  ];
  test.each(cases)('%j parses as expected', (query, expected) => {
    expect(parseQuery(query)).toEqual(expected);
  });

  const errors: Array<[string, RegExp]> = [
    ['in:nowhere', /in: expects sources, notes or quotes \(got "nowhere"\)/],
    ['alexa source:', /source: needs a value/],
    ['tag: alexa', /tag: needs a value/],
    ['alexa)', /closes nothing/],
  ];
  test.each(errors)('%j is refused with a one-line message', (query, message) => {
    expect(() => parseQuery(query)).toThrow(QueryError);
    expect(() => parseQuery(query)).toThrow(message);
    try { parseQuery(query); } catch (e) { expect((e as Error).message).not.toContain('\n'); }
  });

  test('typo tolerance grows with word length and stops at two', () => {
    expect([2, 3, 4, 7, 8, 20].map((n) => typoBudget('x'.repeat(n)))).toEqual([0, 0, 1, 1, 2, 2]);
  });
});
