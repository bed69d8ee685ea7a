// Shared steps for the browser suite.
import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'demo-pass-2026';

/** Fails the test on any console error or uncaught page error. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

/** Waits until the WASM bundle has hydrated the page. */
export async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { __croupier_hydrated?: boolean }).__croupier_hydrated === true);
}

export async function login(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await hydrated(page);
  await page.getByTestId('email').fill(email);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('submit').click();
  await expect(page).toHaveURL(/\/account$/);
}

/**
 * Screenshots the page on a phone and on a desktop, as
 * `end2end/test-results/{prefix}-{name}-{phone|desktop}.png`; with
 * `noSideScroll`, fails when the page scrolls sideways on either.
 */
export async function shootSizes(
  page: Page,
  prefix: string,
  name: string,
  options: { fullPage?: boolean; noSideScroll?: boolean } = {},
): Promise<void> {
  for (const [label, size] of [
    ['phone', { width: 390, height: 844 }],
    ['desktop', { width: 1280, height: 800 }],
  ] as const) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    await page.screenshot({ path: `end2end/test-results/${prefix}-${name}-${label}.png`, fullPage: options.fullPage });
    if (options.noSideScroll) {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name} scrolls sideways on the ${label}`).toBeLessThanOrEqual(0);
    }
  }
}

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}
