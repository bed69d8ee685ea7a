// Delivery on a phone: the bundle reaches the browser content-hashed,
// precompressed and cacheable for a year, the service worker precaches the
// app shell, and the time until a cold /sports is tappable on emulated 4G
// and slow 4G is printed (a measurement, not a timed assertion: the suite
// runs a debug build, whose bundle is several times the release one's).
import { test, expect, type Page } from '@playwright/test';
import { hydrated } from './helpers';

test('the bundle is hashed, precompressed, immutable, and precached by the service worker', async ({ page, request }) => {
  const html = await (await request.get('/')).text();
  const wasm = html.match(/\/pkg\/croupier\.[0-9a-f]{16}\.wasm/)?.[0];
  const css = html.match(/\/pkg\/croupier\.[0-9a-f]{16}\.css/)?.[0];
  expect(wasm, 'hashed bundle name in the page').toBeTruthy();
  expect(css, 'hashed stylesheet name in the page').toBeTruthy();
  for (const [encoding, expected] of [['br', 'br'], ['gzip', 'gzip']]) {
    const res = await request.get(wasm!, { headers: { 'accept-encoding': encoding } });
    expect(res.ok()).toBeTruthy();
    expect(res.headers()['content-encoding']).toBe(expected);
    expect(res.headers()['cache-control']).toContain('immutable');
  }
  const page1 = await request.get('/', { headers: { 'accept-encoding': 'br' } });
  expect(page1.headers()['content-encoding']).toBe('br');

  await page.goto('/');
  await hydrated(page);
  const cached = await page.evaluate(async (name) => {
    await navigator.serviceWorker.ready;
    for (let i = 0; i < 100; i++) {
      const hit = await caches.match(name);
      if (hit) return true;
      await new Promise((r) => setTimeout(r, 200));
    }
    return false;
  }, wasm!);
  expect(cached, 'the service worker precached the bundle').toBeTruthy();
});

/** Cold load of /sports under emulated network and CPU; ms until odds can be tapped. */
async function tappableAfter(
  page: Page,
  profile: { downloadKbps: number; uploadKbps: number; rttMs: number; cpu: number },
): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: profile.rttMs,
    downloadThroughput: (profile.downloadKbps * 1000) / 8,
    uploadThroughput: (profile.uploadKbps * 1000) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  const started = Date.now();
  await page.goto('/sports', { waitUntil: 'commit' });
  await hydrated(page);
  await expect(page.locator('[data-testid="event-card"] button').first()).toBeVisible();
  return Date.now() - started;
}

test('cold /sports on emulated 4G and slow 4G (printed)', async ({ browser }) => {
  test.setTimeout(180_000);
  const profiles = [
    { name: '4G (9 Mbps, 85 ms, CPU x2)', downloadKbps: 9000, uploadKbps: 9000, rttMs: 85, cpu: 2, budget: 1500 },
    { name: 'slow 4G (1.6 Mbps, 150 ms, CPU x4)', downloadKbps: 1600, uploadKbps: 750, rttMs: 150, cpu: 4, budget: 4000 },
  ];
  for (const p of profiles) {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      serviceWorkers: 'block',
    });
    const page = await context.newPage();
    const ms = await tappableAfter(page, p);
    console.log(`phone budget: ${p.name}: odds tappable after ${ms} ms (budget ${p.budget} ms)`);
    await context.close();
  }
});

test('the first load leaves out the lazy routes, which load when visited', async ({ browser }) => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  const wasm: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.endsWith('.wasm')) wasm.push(path);
  });
  const lazy = () => wasm.filter((p) => /\/(split|chunk)_[^/]+\.[0-9a-f]{16}\.wasm$/.test(p));

  await page.goto('/sports');
  await hydrated(page);
  expect(wasm.some((p) => /\/pkg\/croupier\.[0-9a-f]{16}\.wasm$/.test(p)), 'the main module').toBeTruthy();
  expect(lazy(), 'no lazy module on the sportsbook lobby').toEqual([]);

  // Moving to a lazy route in the app fetches its module and shows the page.
  await page.getByRole('link', { name: 'Casino' }).first().click();
  await expect(page).toHaveURL(/\/casino$/);
  await expect(page.getByTestId('game-tile').first()).toBeVisible();
  expect(lazy().length, 'the casino lobby came as a lazy module').toBeGreaterThan(0);

  // Opening a lazy route cold: the page hydrates once its modules are there.
  await page.goto('/casino');
  await hydrated(page);
  await expect(page.getByTestId('game-tile').first()).toBeVisible();
  expect(errors).toEqual([]);
  await context.close();
});
