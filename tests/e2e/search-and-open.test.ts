import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInView, startApp, type RunningApp } from './harness';

describe('searching the sample library in the browser', () => {
  let app: RunningApp;
  beforeAll(async () => { app = await startApp(); });
  afterAll(async () => { await app?.stop(); });

  it('shows marked results from the second seed for "Bedrock" and opens one at its passage', async () => {
    const { page } = app;
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('Bedrock');
    const marked = page.locator('mark', { hasText: /bedrock/i }).first();
    await marked.waitFor({ timeout: 10_000 });
    await app.screenshot('foundation-01-search-bedrock');

    const results = page.getByRole('list', { name: /results/i });
    await expect(results.getByText(/Amazon AI: The \$8 Billion Confession of Failure/).first().isVisible()).resolves.toBe(true);

    await marked.click();
    const reader = page.getByRole('region', { name: 'Source' });
    const markedInReader = reader.locator('mark', { hasText: /bedrock/i }).first();
    await markedInReader.waitFor({ state: 'visible', timeout: 10_000 });
    await expect(isInView(markedInReader)).resolves.toBe(true);
    await app.screenshot('foundation-02-opened-hit');
  });

  it('refuses the API without the launch token', async () => {
    const origin = new URL(app.url).origin;
    const response = await fetch(`${origin}/api/getLibrary`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[]' });
    expect(response.status).toBe(403);
  });
});
