import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserOpenPath } from '../../main/common/links/deep-link';
import { TOKEN_HEADER } from '../../main/common/transport/http-protocol';
import { isInView, startApp, type RunningApp } from './harness';

const BEDROCK = '003_c38cac0ff9cc0db6.txt';
const SENTENCE = 'Voice interfaces are great for timers, weather, and playing music.';

describe('deep links in browser mode', () => {
  let app: RunningApp;
  let origin: string;
  let call: (method: string, args: unknown[]) => Promise<any>;
  beforeAll(async () => {
    app = await startApp();
    origin = new URL(app.url).origin;
    const token = new URL(app.url).searchParams.get('token')!;
    call = async (method, args) => (await (await fetch(`${origin}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token }, body: JSON.stringify(args) })).json()).result;
  });
  afterAll(async () => { await app?.stop(); });

  it('opens /open?link=sourcebook://annotation/ID at that quote, and leaves a plain address behind', async () => {
    const source = await call('getSource', [BEDROCK]);
    const start = source.text.indexOf(SENTENCE);
    const quote = await call('createAnnotation', [{ kind: 'quote', sourceId: BEDROCK, start, end: start + SENTENCE.length }]);
    await app.page.goto(origin + browserOpenPath({ kind: 'annotation', id: quote.id }));
    const target = app.page.getByRole('region', { name: 'Source' }).locator('mark.target', { hasText: 'Voice interfaces' }).first();
    await target.waitFor({ state: 'visible', timeout: 15_000 });
    await expect(isInView(target)).resolves.toBe(true);
    expect(app.page.url()).toBe(`${origin}/`);
  });

  it('opens an exported passage link (sourcebook://source/…#:~:text=…) at its passage', async () => {
    const link = `sourcebook://source/${BEDROCK}#:~:text=Voice%20interfaces%20are%20great,playing%20music.`;
    await app.page.goto(`${origin}/open?link=${encodeURIComponent(link)}`);
    const target = app.page.getByRole('region', { name: 'Source' }).locator('mark.target').first();
    await target.waitFor({ state: 'visible', timeout: 15_000 });
    await expect(isInView(target)).resolves.toBe(true);
  });

  it('refuses a link that is not ours, with a message', async () => {
    await app.page.goto(`${origin}/open?link=${encodeURIComponent('sourcebook://source/..%2F..%2Fetc%2Fpasswd')}`);
    await app.page.getByText(/not a Sourcebook link/).waitFor({ timeout: 15_000 });
  });
});
