/**
 * The review list in the whole app on the real backend: quotes go to review because their source
 * file really changed (the library re-reads it and re-anchors), the candidates and confidences
 * are the anchorer's, and every decision is checked in the notebook afterwards.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { quoteToMarkdown } from '../../main/common/markdown/quote-link';
import type { RealBackend } from '../support/real-backend';
import { ARTICLE, closeApps, NEWS, startApp, type RealAppOptions } from '../support/real-app';
import { allByRole, byRole, getByRole } from '../support/roles';
import { until } from '../support/until';

const SENTENCE = 'Voice interfaces are great for timers, weather, and playing music.';
const FAR = 'It never happened.';
/** Two rewordings of SENTENCE: one close to it, one further off. */
const NEAR_WORDING = 'Voice interfaces are great for kitchen timers, the weather, and playing music.';
const FAR_WORDING = 'Voice interfaces are good for timers, the weather, and songs.';

afterEach(closeApps);
beforeEach(() => localStorage.clear());

async function start(options: RealAppOptions = {}) {
  return startApp(options);
}

/** Quotes `sentence` of the article, as the reader does, into a note "Voice". */
async function quote(real: RealBackend, sentence = SENTENCE, note = 'Voice.md') {
  const a = await real.quote(ARTICLE, sentence);
  const before = (await real.markdown(note)) ?? '';
  await real.writeNoteOutside(note, `${before}${quoteToMarkdown({ annotationId: a.id, text: a.quote.exact, label: 'Amazon AI' })}\n\n`);
  return a;
}

/** Another program edits the article; the library re-reads it and the quotes that lost their place go to review. */
const editArticle = (real: RealBackend, edit: (text: string) => string) => real.editSource(ARTICLE, edit);
const remove = (...sentences: string[]) => (text: string) => sentences.reduce((t, s) => t.replace(s, ''), text);
/** SENTENCE gone from its place, and reworded twice in paragraphs of its own further on: two candidate places. */
const reworded = (text: string) => text.replace(SENTENCE, '').replace(FAR, `${FAR}\n\n${FAR_WORDING}\n\nNothing.\n\n${NEAR_WORDING}`);

const badge = () => byRole<HTMLButtonElement>(getByRole(document, 'contentinfo'), 'button', /to review$/);
const dialog = () => byRole(document, 'dialog', 'Review quotes');
const items = () => allByRole(getByRole(dialog()!, 'list', 'Quotes to review'), 'listitem', /^Quote from /);
const button = (root: HTMLElement, name: string | RegExp) => getByRole<HTMLButtonElement>(root, 'button', name);
const decisions = (real: RealBackend) => real.requests.filter((c) => ['updateAnnotation', 'keepAsOrphan', 'deleteAnnotation'].includes(c.method));

async function openReview(real: RealBackend, app: { run(id: 'review-quotes'): void }) {
  app.run('review-quotes');
  await real.idle();
  return dialog()!;
}

describe('the review list', () => {
  it('shows a badge with the number of quotes to review in the status line, and hides it at zero', async () => {
    const { real } = await start();
    expect(badge()).toBeNull();
    const a = await quote(real);
    await editArticle(real, remove(SENTENCE));
    await until(() => badge()?.textContent === '1 quote to review', 'the badge', 10_000, 10);
    await real.backend.keepAsOrphan(a.id);
    await until(() => badge() === null, 'the badge to go', 10_000, 10);
  });

  it('counts quotes that were already waiting when the app starts', async () => {
    await start({
      prepare: async (real) => {
        await quote(real);
        await quote(real, FAR);
        await editArticle(real, remove(SENTENCE, FAR));
      },
    });
    expect(badge()?.textContent).toBe('2 quotes to review');
  });

  it('opens from the badge and shows the quote in its old context beside "no longer in the source"', async () => {
    const { real } = await start();
    await quote(real);
    await editArticle(real, remove(SENTENCE));
    await until(() => badge(), 'the badge', 10_000, 10);
    badge()!.click();
    await real.idle();
    expect(dialog()!.matches('dialog[open]')).toBe(true);
    const [item] = items();
    const old = getByRole(item!, 'region', 'As quoted');
    expect(getByRole(old, 'mark').textContent).toBe(SENTENCE);
    expect(old.textContent).toContain('The problems were fundamental.');
    expect(old.textContent).toContain('terrible for everything else');
    expect(old.textContent).not.toContain('It never happened.'); // the paragraph before: context stops at the quote's own
    expect(getByRole(item!, 'region', 'In the source now').textContent).toContain('no longer in the source');
    expect(item!.textContent).toContain('Not found in the source any more');
    expect(item!.textContent).toContain('“Voice”');
    expect(button(item!, 'Accept').disabled).toBe(true);
    expect(button(item!, 'Pick another').disabled).toBe(true);
  });

  it('lists the candidate places with their confidence as a percentage, the best one beside the old context', async () => {
    const { app, real } = await start();
    const a = await quote(real);
    await editArticle(real, reworded);
    const [waiting] = await real.backend.listReview();
    expect(waiting!.annotation.id).toBe(a.id);
    expect(waiting!.candidates.map((c) => c.text)).toEqual([NEAR_WORDING, FAR_WORDING]);
    const percent = (c: number) => `${Math.round(c * 100)}%`;
    const [item] = [(await openReview(real, app)), ...items()].slice(1);
    const now = getByRole(item!, 'region', 'In the source now');
    expect(getByRole(now, 'mark').textContent).toBe(NEAR_WORDING);
    expect(now.textContent).toContain(percent(waiting!.candidates[0]!.confidence));
    const candidates = allByRole(getByRole(item!, 'list', 'Candidate places'), 'listitem');
    expect(candidates.map((c) => c.querySelector('[title="How sure the match is"]')!.textContent))
      .toEqual([`${percent(waiting!.candidates[0]!.confidence)} · best`, percent(waiting!.candidates[1]!.confidence)]);
    expect(getByRole(candidates[1]!, 'mark').textContent).toBe(FAR_WORDING);
  });

  it('changes nothing until a decision is clicked', async () => {
    const { app, real } = await start();
    await quote(real);
    await editArticle(real, reworded);
    await openReview(real, app);
    button(dialog()!, 'Close review quotes').click();
    expect(dialog()).toBeNull();
    await real.idle();
    expect(decisions(real)).toEqual([]);
    expect(await real.backend.listReview()).toHaveLength(1);
  });

  it('"Accept" moves the quote to the best candidate and takes it off the list', async () => {
    const { app, real } = await start();
    const a = await quote(real);
    await editArticle(real, reworded);
    const best = (await real.backend.listReview())[0]!.candidates[0]!;
    await openReview(real, app);
    button(items()[0]!, 'Accept').click();
    await until(() => items().length === 0, 'the list to empty', 10_000, 10);
    await real.idle();
    expect(decisions(real)).toEqual([{ method: 'updateAnnotation', args: [a.id, { relocate: { sourceId: ARTICLE, start: best.start, end: best.end } }] }]);
    expect((await real.backend.getAnnotation(a.id)).quote.exact).toBe(NEAR_WORDING);
    expect(await real.backend.listReview()).toEqual([]);
    expect(dialog()!.textContent).toContain('Nothing to review');
    expect(badge()).toBeNull();
    expect(getByRole(document, 'status', 'Notifications').textContent).toContain('Relinked the quote');
  });

  it('"Pick another" offers the other candidates and relinks to the one chosen', async () => {
    const { app, real } = await start();
    const a = await quote(real);
    await editArticle(real, reworded);
    const other = (await real.backend.listReview())[0]!.candidates[1]!;
    await openReview(real, app);
    const item = items()[0]!;
    expect(allByRole(item, 'button', 'Use this place')).toEqual([]);
    button(item, 'Pick another').click();
    const offered = allByRole(item, 'button', 'Use this place');
    expect(offered).toHaveLength(1);
    expect(offered[0]!.closest('li')!.textContent).toContain(FAR_WORDING);
    expect(document.activeElement).toBe(offered[0]);
    offered[0]!.click();
    await until(() => items().length === 0, 'the list to empty', 10_000, 10);
    const moved = await real.backend.getAnnotation(a.id);
    expect(moved.position).toEqual({ start: other.start, end: other.end });
    expect(moved.quote.exact).toBe(FAR_WORDING);
  });

  it('"Relink to another source" searches the chosen source for the quote\'s words and links to the passage picked', async () => {
    const { app, real } = await start();
    const a = await quote(real);
    await editArticle(real, remove(SENTENCE));
    await openReview(real, app);
    const item = items()[0]!;
    button(item, 'Relink to another source').click();
    await real.idle();
    const form = getByRole(item, 'group', 'Relink to another source');
    const select = getByRole<HTMLSelectElement>(form, 'combobox', 'Source');
    expect(document.activeElement).toBe(select);
    expect([...select.options].map((o) => o.value).sort()).toEqual([NEWS, ARTICLE].sort());
    select.value = NEWS;
    const words = getByRole<HTMLInputElement>(form, 'searchbox', 'Words to find');
    words.value = 'anniversary';
    words.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    const found = () => allByRole(getByRole(form, 'list', 'Passages found'), 'button');
    const passage = await until(() => found().find((b) => b.textContent?.includes('The tenth anniversary of Amazon Alexa')), 'the passage found', 10_000, 10);
    expect(real.requests.filter((c) => c.method === 'search').pop()!.args[0]).toBe(`in:sources source:"${NEWS}" (anniversary)`);
    expect(decisions(real)).toEqual([]);
    passage!.click();
    await until(() => items().length === 0, 'the list to empty', 10_000, 10);
    const moved = await real.backend.getAnnotation(a.id);
    expect(moved.sourceId).toBe(NEWS);
    expect(moved.quote.exact.startsWith('The tenth anniversary of Amazon Alexa')).toBe(true);
  });

  it('"Keep as orphan" takes the quote off the list without moving it', async () => {
    const { app, real } = await start();
    const a = await quote(real);
    const b = await quote(real, FAR);
    await editArticle(real, remove(SENTENCE, FAR));
    await openReview(real, app);
    button(items().find((li) => li.dataset.annotation === a.id)!, 'Keep as orphan').click();
    await until(() => items().length === 1, 'one quote left', 10_000, 10);
    await real.idle();
    expect(decisions(real)).toEqual([{ method: 'keepAsOrphan', args: [a.id] }]);
    expect(items().map((li) => li.dataset.annotation)).toEqual([b.id]);
    expect((await real.backend.getAnnotation(a.id)).quote.exact).toBe(SENTENCE);
    expect(badge()?.textContent).toBe('1 quote to review');
    // Focus goes to the first decision the next quote offers.
    expect(document.activeElement).toBe(allByRole<HTMLButtonElement>(items()[0]!, 'button').find((b) => !b.disabled));
  });

  it('says why a decision failed and keeps the quote on the list', async () => {
    const { app, real } = await start();
    const a = await quote(real);
    await editArticle(real, remove(SENTENCE));
    await openReview(real, app);
    const release = real.holdEvents(); // deleted meanwhile, elsewhere: the window has not heard yet
    await real.backend.deleteAnnotation(a.id);
    button(items()[0]!, 'Keep as orphan').click();
    await until(() => byRole(items()[0]!, 'alert')?.textContent, 'the error', 10_000, 10);
    expect(getByRole(items()[0]!, 'alert').textContent).toMatch(/Keep as orphan failed: there is no annotation/);
    expect(button(items()[0]!, 'Keep as orphan').disabled).toBe(false);
    release();
  });

  it('follows review-changed events while open', async () => {
    const { app, real } = await start();
    await quote(real);
    await quote(real, FAR);
    await editArticle(real, remove(SENTENCE));
    await openReview(real, app);
    expect(items()).toHaveLength(1);
    await editArticle(real, remove(FAR));
    await until(() => items().length === 2, 'the second quote listed', 10_000, 10);
  });
});

describe('the review dialog and the keyboard', () => {
  it('takes focus when it opens, closes on Escape and gives focus back', async () => {
    const { app, real } = await start();
    await quote(real);
    await editArticle(real, reworded);
    const search = getByRole<HTMLInputElement>(document, 'searchbox', 'Search');
    search.focus();
    const d = await openReview(real, app);
    expect(d.contains(document.activeElement)).toBe(true);
    expect(d.tagName).toBe('DIALOG'); // the browser keeps focus inside a modal <dialog> (checked in Chromium, tests/e2e)
    document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    expect(dialog()).toBeNull();
    expect(document.activeElement).toBe(search);
  });

  it('holds back the shell\'s shortcuts while open', async () => {
    const { app, real } = await start();
    const d = await openReview(real, app);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'f', code: 'KeyF', ctrlKey: true, bubbles: true, cancelable: true }));
    expect(d.contains(document.activeElement)).toBe(true);
  });

  it('is listed in the command palette as "Review quotes"', async () => {
    const { app, real } = await start();
    app.palette.open();
    const input = document.activeElement as HTMLInputElement;
    expect(input).toBe(getByRole(document, 'combobox'));
    input.value = 'review quotes';
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    await real.idle();
    expect(dialog()).toBeTruthy();
  });
});
