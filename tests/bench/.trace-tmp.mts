// Throwaway: trace typing in Chromium, summarize main-thread work by event name.
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
const dir = process.argv[2] ?? '/work/wt-screen';
const cache = process.argv[3] ?? '/tmp/sb-screen-bench-cache-tree';
const words = (process.argv[4] ?? 'liberty,the sea,love letters,captain').split(',');
const notebook = await mkdtemp(path.join(os.tmpdir(), 'sb-trace-nb-'));
const child = spawn(process.execPath, [path.join(dir, 'out/cli.mjs'), 'serve', '--library', '/work/shared/corpora/gutenberg', '--notebook', notebook, '--cache', cache, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
let out = '';
const url = await new Promise<string>((res) => { const f = (c: Buffer) => { out += c; const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out); if (m) res(m[1]!); }; child.stdout!.on('data', f); child.stderr!.on('data', f); });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('heading', { name: /^Sources \(\d+\)$/ }).waitFor({ timeout: 120_000 });
  const box = page.getByRole('searchbox', { name: 'Search' });
  await box.click();
  const typeWord = async (w: string) => {
    await box.click();
    if (await box.inputValue()) { await box.press('Escape'); await page.waitForTimeout(100); }
    for (const ch of w) { await page.keyboard.press(ch === ' ' ? 'Space' : ch); await page.waitForTimeout(250); }
  };
  await typeWord('morning');
  const cdp = await context.newCDPSession(page);
  const events: any[] = [];
  cdp.on('Tracing.dataCollected', (e: any) => events.push(...e.value));
  const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  if (process.env.PROFILE) {
    await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 100 }); await cdp.send('Profiler.start');
    for (const w of words) await typeWord(w);
    const { profile } = await cdp.send('Profiler.stop') as any;
    await writeFile('/tmp/screen/profile.json', JSON.stringify(profile));
  } else {
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'v8.execute', 'disabled-by-default-devtools.timeline.frame', 'toplevel', 'blink.user_timing', 'latencyInfo', 'benchmark', 'cc', 'disabled-by-default-v8.gc'] } });
  for (const w of words) await typeWord(w);
  await cdp.send('Tracing.end');
  await done;
  await writeFile('/tmp/screen/trace.json', JSON.stringify({ traceEvents: events }));
  console.log('events', events.length);
  }
} finally { await browser.close(); child.kill(); }
