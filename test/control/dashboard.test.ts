// Question: does the dashboard work in a real browser — Debian's headless Chromium driven by
// playwright-core — with no console errors, showing a target turning unhealthy, a gateway-made
// error by cause (made by the lab), its evidence and fix, the flight recorder's entry, and a
// working drain button? The screenshot is kept in artifacts/dashboard.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { createLab } from '../../src/lab/index.ts';
import { requireBinary } from '../support/binaries.ts';
import { testConfig } from '../gateway/support.ts';
import { get, poolWith, startControlled, startTarget } from './support.ts';

const ARTIFACT = resolve(import.meta.dirname, '../../artifacts/dashboard.png');

test('the dashboard in headless Chromium: unhealthy target, error by cause with its fix, flight recorder, drain', async (t) => {
  const executablePath = requireBinary(t, 'chromium');
  if (executablePath === null) return;
  const lab = await createLab({});
  const a = await startTarget();
  const b = await startTarget();
  const fault = lab.faults.find((f) => f.id === 'header-no-colon')!;
  const faultPath = new URL(fault.url).pathname;
  const base = testConfig({ upstreams: [a.url, b.url], pool: { name: 'app', health: poolWith({ check: { intervalMs: 200 } }), deregistrationDelayMs: 5_000 } });
  const labPool = { ...base.pools.get('default')!, name: 'lab', targets: [{ url: lab.origin, weight: 1 }], health: poolWith({}) };
  const gw = await startControlled({
    upstreams: [a.url, b.url],
    pool: { name: 'app', health: poolWith({ check: { intervalMs: 200 } }), deregistrationDelayMs: 5_000 },
    gateway: {
      pools: new Map([['app', { ...base.pools.get('default')!, name: 'app' }], ['lab', labPool]]),
      routes: [{ host: null, pathPrefix: '/fault', pool: 'lab' }, { host: null, pathPrefix: '/', pool: 'app' }],
    },
  });
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
  const problems: string[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    page.on('request', (r) => {
      if (!r.url().startsWith(gw.admin.url)) problems.push(`external request: ${r.url()}`);
    });
    page.on('dialog', (d) => void d.accept());
    await page.goto(gw.admin.url);
    await page.waitForSelector(`tr[data-target="${b.url}"] [data-state="healthy"]`, { timeout: 5_000 });
    // Some traffic for the chart, then b dies and the lab makes a malformed response.
    for (let i = 0; i < 20; i++) await get(gw.port, '/');
    await b.stop();
    await page.waitForSelector(`tr[data-target="${b.url}"] [data-state="unhealthy"]`, { timeout: 5_000 });
    const r = await get(gw.port, faultPath);
    assert.equal(r.status, 502);
    for (let i = 0; i < 10; i++) await get(gw.port, '/');
    await page.waitForSelector('#errors [data-cause="upstream_bad_response"]', { timeout: 5_000 });
    await page.waitForSelector('#legend [data-legend-cause="upstream_bad_response"]', { timeout: 5_000 });
    const errorText = await page.textContent('#errors [data-cause="upstream_bad_response"]');
    assert.match(errorText ?? '', /fix: /, 'the error shows the catalogue fix');
    assert.match(errorText ?? '', /HPE_|evidence/, 'the error shows its evidence');
    const reason = await page.textContent(`tr[data-target="${b.url}"]`);
    assert.match(reason ?? '', /upstream_connect_refused/, 'the unhealthy target shows the cause of its failing check');
    const recorded = await page.textContent('#recordings');
    assert.match(recorded ?? '', /X-Lab-Broken header-without-colon/, 'the flight recorder shows the malformed line');
    await page.waitForTimeout(1_200); // one more poll, so the chart has the latest second
    mkdirSync(resolve(ARTIFACT, '..'), { recursive: true });
    await page.screenshot({ path: ARTIFACT, fullPage: true });
    console.log(`# dashboard screenshot: ${ARTIFACT}`);
    // The drain button on a: it leaves the pool (no request in flight: removed at once).
    await page.click(`tr[data-target="${a.url}"] button`);
    await page.waitForSelector(`tr[data-target="${a.url}"]`, { state: 'detached', timeout: 5_000 });
    assert.ok(gw.events.some((e) => e.kind === 'deregistered' && e.target === a.url));
    assert.deepEqual(problems, [], 'no console errors, failed or external requests');
  } finally {
    await browser.close();
    await gw.close();
    await lab.close();
    await a.stop();
    await b.stop();
  }
});
