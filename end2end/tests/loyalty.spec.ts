// Loyalty end to end: a visitor is invited to sign in; the demo player
// sees their tier, points, the progress bar and the tier ladder on
// /loyalty, asks for a card (a QR code once issued, or the identity
// check explained with its link), opens the store, redeems an affordable
// item (a double click on Confirm spends once) or sees the
// insufficient-points message, and a second tab's redemption reaches the
// loyalty page live over the websocket; the VIP manager's programme
// editor names a bad tier threshold inline from the server's 422.
// Screenshots at 390 px and 1280 px go to end2end/test-results/.
import { test, expect, type Page } from '@playwright/test';
import { hydrated, login, shootSizes, watchConsole } from './helpers';

const PLAYER = 'player@demo.croupier.dev';
const VIP_MANAGER = 'vip@demo.croupier.dev';

/** The whole number shown in a test id's element (`1,300` → 1300). */
async function numberOf(page: Page, testId: string): Promise<number> {
  const text = (await page.getByTestId(testId).first().textContent()) ?? '';
  return Number(text.replace(/[^0-9-]/g, ''));
}

test('visitors are invited to sign in', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('/loyalty');
  await hydrated(page);
  await expect(page.getByTestId('loyalty-signin')).toBeVisible();
  await expect(page.getByTestId('loyalty-signin').getByRole('link', { name: 'Log in' })).toHaveAttribute('href', '/login');
  expect(errors).toEqual([]);
});

test('a player sees their tier, gets a card, and redeems in the store', async ({ page, context }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  await login(page, PLAYER);

  // The loyalty page from the mobile menu.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await hydrated(page);
  await page.getByTestId('menu-toggle').click();
  await page.getByTestId('mobile-menu').getByRole('link', { name: 'Loyalty' }).click();
  await expect(page).toHaveURL(/\/loyalty$/);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Loyalty');
  await expect(page.getByTestId('loyalty-tier')).toHaveText(/Bronze|Silver|Gold/);
  const tier = ((await page.getByTestId('loyalty-tier').textContent()) ?? '').trim();
  expect(await numberOf(page, 'loyalty-points')).toBeGreaterThan(0);
  await expect(page.getByTestId('tier-row')).toHaveCount(3);
  await expect(page.locator(`[data-testid="tier-row"][data-mine="true"]`)).toContainText(tier);
  if (tier !== 'Gold') {
    await expect(page.getByTestId('tier-progress')).toHaveAttribute('aria-valuenow', /^\d+$/);
  }
  await expect(page.getByTestId('loyalty-history').getByTestId('history-row').first()).toBeVisible();
  await expect(page.getByTestId('loyalty-live')).toHaveAttribute('data-live', 'true');

  // The card: issued with its QR code, or the identity check explained.
  await page.getByTestId('card-issue').click();
  const number = page.getByTestId('card-number');
  const refused = page.getByTestId('card-refused');
  await expect(number.or(refused)).toBeVisible();
  if (await number.isVisible()) {
    await expect(number).toHaveText(/^\d{4} \d{4} \d{4} \d{4}$/);
    await expect(page.getByTestId('qr-code').locator('svg path')).toHaveCount(1);
  } else {
    await expect(refused).toHaveAttribute('data-code', 'kyc_required');
    await expect(refused.getByRole('link', { name: 'Go to identity verification' })).toHaveAttribute(
      'href',
      '/responsible-gaming#kyc-title',
    );
  }
  await shootSizes(page, 'loyalty', 'page', { noSideScroll: true, fullPage: true });
  expect(errors).toEqual([]);

  // The store, in a second tab, while the loyalty page stays open.
  const store = await context.newPage();
  const storeErrors = watchConsole(store);
  await store.setViewportSize({ width: 1280, height: 800 });
  await store.goto('/loyalty/store');
  await hydrated(store);
  await expect(store.getByTestId('store-item').first()).toBeVisible();
  const points = await numberOf(store, 'store-points');
  const item = store.locator('[data-testid="store-item"][data-name="1000 coins bonus (demo)"]');
  await expect(item.getByTestId('item-cost')).toHaveText('200 points');
  // An item reserved for a tier says which one when the player is below it.
  const silverOnly = store.locator('[data-testid="store-item"][data-name="10.00 bonus money, Silver and up (demo)"]');
  if (tier === 'Bronze') await expect(silverOnly.getByTestId('item-locked')).toContainText('Silver');
  await item.getByTestId('item-redeem').click();
  await expect(item.getByTestId('item-confirm')).toContainText('200 points');
  await item.getByTestId('item-confirm-yes').dblclick();
  const outcome = item.getByTestId('item-outcome');
  await expect(outcome).toBeVisible();
  if (points >= 200) {
    await expect(outcome).not.toHaveAttribute('data-code', /.+/);
    await expect(outcome).toContainText('Redeemed');
    // One attempt, one key: the double click spent 200 points once.
    await expect(store.getByTestId('store-points')).toHaveText((points - 200).toLocaleString('en-GB'));
    // The loyalty page, never reloaded, follows over the websocket.
    await expect(page.getByTestId('loyalty-points')).toHaveText((points - 200).toLocaleString('en-GB'));
    await expect(page.getByTestId('loyalty-coins')).not.toHaveText('0');
  } else {
    await expect(outcome).toHaveAttribute('data-code', 'insufficient_points');
    await expect(outcome).toContainText('not have enough points');
  }
  await shootSizes(store, 'loyalty', 'store', { noSideScroll: true, fullPage: true });
  expect(storeErrors).toEqual([]);
  expect(errors).toEqual([]);
});

test('the VIP manager sees the programme and a bad threshold is named inline', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = watchConsole(page);
  await login(page, VIP_MANAGER);
  await page.goto('/backoffice');
  await hydrated(page);
  await page.getByTestId('backoffice-nav').getByRole('link', { name: 'Loyalty programme' }).click();
  await expect(page).toHaveURL(/\/backoffice\/loyalty$/);
  await hydrated(page);
  await expect(page.getByTestId('tier')).toHaveCount(3);
  await expect(page.getByTestId('tiers-1-name')).toHaveValue('Silver');
  await expect(page.getByTestId('admin-item').first()).toBeVisible();

  // Silver below Bronze: the server refuses and names the field.
  await page.getByTestId('tiers-1-threshold').fill('0');
  await page.getByTestId('programme-save').click();
  await expect(page.getByTestId('error-tiers-1-threshold')).toBeVisible();
  await expect(page.getByTestId('tiers-1-threshold')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('programme-outcome')).toContainText('need attention');
  // Not a whole number: named before anything is sent.
  await page.getByTestId('tiers-2-threshold').fill('lots');
  await page.getByTestId('programme-save').click();
  await expect(page.getByTestId('error-tiers-2-threshold')).toContainText('whole number');
  await shootSizes(page, 'loyalty', 'programme', { noSideScroll: true });

  // A store item with a reward from the shared reward editor.
  const name = `Coins ${Date.now()} (e2e)`;
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByTestId('item-name').fill(name);
  await page.getByTestId('item-cost-points').fill('50');
  await page.getByTestId('item-stock').fill('5');
  await page.getByTestId('item-reward-kind').selectOption('coins');
  await page.getByTestId('item-reward-coins').fill('10');
  await page.getByTestId('item-create').click();
  await expect(page.getByTestId('item-outcome')).toContainText(name);
  await expect(page.locator('[data-testid="admin-item"]', { hasText: name })).toContainText('5 of 5');
  expect(errors).toEqual([]);
});
