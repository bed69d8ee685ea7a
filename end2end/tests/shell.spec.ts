// The shell: hydration, the mobile menu, the PWA pieces, and screenshots
// at phone and desktop widths (kept in end2end/test-results).
import { test, expect } from '@playwright/test';
import { hydrated, watchConsole } from './helpers';

test('a click on a hydrated component changes the page (phone width)', async ({ page }) => {
  const errors = watchConsole(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await hydrated(page);
  const toggle = page.getByTestId('menu-toggle');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('mobile-menu')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('mobile-menu')).toBeHidden();
  expect(errors).toEqual([]);
});

for (const [name, width, height] of [
  ['phone', 390, 844],
  ['desktop', 1280, 800],
] as const) {
  test(`screenshots of the main pages at ${name} width`, async ({ page }, testInfo) => {
    const errors = watchConsole(page);
    await page.setViewportSize({ width, height });
    for (const path of ['/', '/login', '/register']) {
      await page.goto(path);
      await hydrated(page);
      const file = testInfo.outputPath(`${name}${path === '/' ? '-home' : path.replace('/', '-')}.png`);
      await page.screenshot({ path: file, fullPage: true });
      await testInfo.attach(`${name} ${path}`, { path: file, contentType: 'image/png' });
    }
    expect(errors).toEqual([]);
  });
}

test('the app is installable: manifest, service worker, offline page', async ({ page, request }) => {
  const manifest = await request.get('/manifest.webmanifest');
  expect(manifest.ok()).toBeTruthy();
  const body = await manifest.json();
  expect(body.display).toBe('standalone');
  expect(body.icons.some((i: { sizes: string }) => i.sizes === '512x512')).toBeTruthy();
  expect((await request.get('/sw.js')).ok()).toBeTruthy();
  expect((await request.get('/offline.html')).ok()).toBeTruthy();

  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('meta[name="viewport"]')).toHaveCount(1);
  const registered = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    return reg.active !== null;
  });
  expect(registered).toBeTruthy();
});

test('the REST edge answers JSON errors', async ({ request }) => {
  const unknown = await request.get('/api/v1/nope');
  expect(unknown.status()).toBe(404);
  expect((await unknown.json()).error.code).toBe('not_found');
  const health = await request.get('/healthz');
  expect(await health.json()).toEqual({ status: 'ok' });
});
