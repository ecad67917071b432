/**
 * The desktop conventions in browser mode: files dropped onto the window become sources; the
 * actions that need the desktop shell (reveal in file manager, open another library) say so.
 */
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, startAppOnNewLibrary, type RunningApp } from './harness';

describe('desktop conventions in the browser', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startAppOnNewLibrary('sb-e2e-drop-', (lib) => cp(path.join(repoRoot, 'seeds'), lib, { recursive: true }));
  });
  afterAll(async () => { await app?.stop(); });

  it('adds files dropped onto the window to the library', async () => {
    const { page } = app;
    await page.getByRole('heading', { name: 'Sources (2)' }).waitFor({ timeout: 20_000 });
    const data = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['# Tidepools\n\nAnemones and a hermit crab called Pagurus.\n'], 'tidepools.md', { type: 'text/markdown' }));
      dt.items.add(new File(['MZ\u0000\u0001'], 'setup.exe'));
      return dt;
    });
    await page.dispatchEvent('main', 'dragover', { dataTransfer: data });
    await page.dispatchEvent('main', 'drop', { dataTransfer: data });
    await page.getByText(/Added 1 source to the library; 1 not added \(setup\.exe: not a format the library reads\)/).waitFor({ timeout: 15_000 });
    await page.getByRole('heading', { name: 'Sources (3)' }).waitFor({ timeout: 20_000 });
    await page.getByRole('searchbox', { name: 'Search' }).fill('Pagurus');
    await page.locator('mark', { hasText: /pagurus/i }).first().waitFor({ timeout: 15_000 });
  });

  it('answers "Reveal source in file manager" and "Open library…" with what browser mode cannot do', async () => {
    const { page } = app;
    await page.getByRole('button', { name: /Tidepools/ }).first().click();
    // Reveal acts on the open source: wait until the reader has it, as a user would see it.
    await page.getByRole('region', { name: 'Source' }).getByText('Anemones and a hermit crab').waitFor({ timeout: 15_000 });
    for (const [command, answer] of [['reveal source', /desktop app only; the file is "tidepools\.md"/], ['open library', /desktop app only; here, start `sourcebook serve --library FOLDER`/]] as const) {
      await page.keyboard.press('Control+K');
      await page.getByRole('combobox', { name: 'Command' }).fill(command);
      await page.keyboard.press('Enter');
      await page.getByText(answer).waitFor({ timeout: 10_000 });
    }
    expect(await page.getByText(/Could not/).count()).toBe(0);
  });
});
