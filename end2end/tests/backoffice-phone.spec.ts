// The back office on a phone (390×844): every section, as the demo staff
// member whose role opens it, with its detail pages where the demo data
// has one. Each page: its own heading (not the 403 or 404 page), nothing
// wider than the screen (tables scroll inside their card, the navigation
// scrolls in its row), no leftover placeholder text and no console errors
// (hydration mismatches included). A full-page screenshot of each lands in
// end2end/test-results/backoffice/<role>-<page>-390.png (look at them).
import { test, expect, type Page } from '@playwright/test';
import { hydrated, login, watchConsole } from './helpers';

const PHONE = { width: 390, height: 844 };

/** Text nobody should read in a finished console. */
const PLACEHOLDERS = [/will appear here/i, /coming (later|soon)/i, /no console yet/i, /lorem ipsum/i, /\bTODO\b/];

/** Waits for the page's data to settle before measuring it. */
async function settle(page: Page): Promise<void> {
  await hydrated(page);
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(300);
}

/** Opens `path` and checks it fits the phone; returns nothing. */
async function visit(page: Page, role: string, name: string, path: string): Promise<void> {
  await page.goto(path);
  await settle(page);
  const heading = page.getByRole('heading', { level: 1 }).first();
  await expect(heading, `${path} has its heading`).toBeVisible();
  await expect(heading, `${path} opens for ${role}`).not.toHaveText(/forbidden|not allowed|not found|sign in/i);
  await page.screenshot({ path: `end2end/test-results/backoffice/${role}-${name}-390.png`, fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${path} scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
  const text = await page.locator('main').innerText();
  for (const placeholder of PLACEHOLDERS) {
    expect(text, `${path} shows placeholder text`).not.toMatch(placeholder);
  }
}

/** The first link on the page whose path starts with `prefix` and is not one of `except`. */
async function firstLink(page: Page, prefix: string, except: string[] = []): Promise<string | null> {
  const hrefs = await page
    .locator(`main a[href^="${prefix}"]`)
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  return hrefs.find((h) => h !== prefix && !except.includes(h)) ?? null;
}

async function asStaff(page: Page, email: string): Promise<string[]> {
  const errors = watchConsole(page);
  await page.setViewportSize(PHONE);
  await login(page, email);
  return errors;
}

test('compliance sections fit a phone', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = await asStaff(page, 'compliance@demo.croupier.dev');
  const sections: [string, string][] = [
    ['overview', '/backoffice'],
    ['players', '/backoffice/players'],
    ['audit', '/backoffice/audit'],
    ['kyc', '/backoffice/kyc'],
    ['rg', '/backoffice/rg'],
    ['loss-alerts', '/backoffice/loss-alerts'],
    ['exclusions', '/backoffice/exclusions'],
    ['jurisdictions', '/backoffice/jurisdictions'],
    ['fx', '/backoffice/fx'],
    ['exports', '/backoffice/exports'],
    ['reconciliation', '/backoffice/reconciliation'],
  ];
  for (const [name, path] of sections) await visit(page, 'compliance', name, path);
  // The navigation scrolls inside its row rather than widening the page.
  const nav = page.getByTestId('backoffice-nav');
  const navBox = await nav.boundingBox();
  expect(navBox && navBox.x + navBox.width <= PHONE.width).toBeTruthy();

  await page.goto('/backoffice/players');
  await settle(page);
  const player = await firstLink(page, '/backoffice/players/');
  expect(player, 'the players list links to a player').toBeTruthy();
  await visit(page, 'compliance', 'player-wallet', player as string);
  const id = (player as string).split('/').pop();
  await visit(page, 'compliance', 'player-rg', `/backoffice/rg/${id}`);
  expect(errors).toEqual([]);
});

test('trading fits a phone, with prices and liability in the event list', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = await asStaff(page, 'trader@demo.croupier.dev');
  await visit(page, 'trader', 'events', '/backoffice/trading');
  const row = page.getByTestId('trading-event-row').first();
  await expect(row).toBeVisible();
  await expect(row.getByTestId('trading-event-prices')).toBeVisible();
  // The book's worst case on the event, with its currency, or that nobody has bet.
  await expect(row.getByTestId('trading-event-worst-case')).toHaveText(/€|No open bets/);
  await expect(row.getByRole('link', { name: 'Risk and liability' })).toBeVisible();
  const event = await row.locator('a').first().getAttribute('href');
  expect(event).toBeTruthy();
  await visit(page, 'trader', 'teasers', '/backoffice/trading/teasers');
  await visit(page, 'trader', 'event', event as string);
  await visit(page, 'trader', 'risk', `${event}/risk`);
  expect(errors).toEqual([]);
});

test('marketing sections fit a phone', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = await asStaff(page, 'marketing@demo.croupier.dev');
  await visit(page, 'marketing', 'campaigns', '/backoffice/campaigns');
  const campaign = await firstLink(page, '/backoffice/campaigns/', ['/backoffice/campaigns/new']);
  await visit(page, 'marketing', 'campaign-new', '/backoffice/campaigns/new');
  if (campaign) await visit(page, 'marketing', 'campaign', campaign);
  await visit(page, 'marketing', 'leaderboards', '/backoffice/leaderboards');
  const board = await firstLink(page, '/backoffice/leaderboards/', ['/backoffice/leaderboards/new']);
  await visit(page, 'marketing', 'leaderboard-new', '/backoffice/leaderboards/new');
  if (board) await visit(page, 'marketing', 'leaderboard', board);
  expect(errors).toEqual([]);
});

test('loyalty and VIP sections fit a phone', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = await asStaff(page, 'vip@demo.croupier.dev');
  await visit(page, 'vip', 'loyalty', '/backoffice/loyalty');
  await visit(page, 'vip', 'vip-players', '/backoffice/vip');
  const player = await firstLink(page, '/backoffice/vip/', ['/backoffice/vip/reports']);
  await visit(page, 'vip', 'vip-reports', '/backoffice/vip/reports');
  if (player) await visit(page, 'vip', 'vip-player', player);
  expect(errors).toEqual([]);
});

test('admin sections fit a phone', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = await asStaff(page, 'admin@demo.croupier.dev');
  const sections: [string, string][] = [
    ['overview', '/backoffice'],
    ['casino', '/backoffice/casino'],
    ['providers', '/backoffice/providers'],
    ['staff', '/backoffice/staff'],
    ['venues', '/backoffice/venues'],
  ];
  for (const [name, path] of sections) await visit(page, 'admin', name, path);
  expect(errors).toEqual([]);
});
