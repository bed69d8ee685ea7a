// Campaigns end to end: marketing builds an opt-in campaign paying 5.00 in
// cash step by step, sees the live eligible count and the compliance check,
// launches it and lands on its dashboard; the demo player then opts in on
// Promotions, is told about the award, and finds it in My bonuses; back in
// the back office the dashboard counts the award.
import { test, expect } from '@playwright/test';
import { hydrated, login, shootSizes, watchConsole } from './helpers';

test('marketing launches an opt-in campaign and the player who opts in is awarded', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  const name = `Welcome fiver ${Date.now()}`;

  await login(page, 'marketing@demo.croupier.dev');
  await page.goto('/backoffice');
  await hydrated(page);
  await page.getByTestId('backoffice-nav').getByRole('link', { name: 'Campaigns' }).click();
  await expect(page).toHaveURL(/\/backoffice\/campaigns$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Campaigns');
  await page.getByTestId('campaign-new').click();
  await expect(page).toHaveURL(/\/backoffice\/campaigns\/new$/);
  await hydrated(page);

  // 1. Trigger: a name, and the opt-in event.
  await expect(page.getByTestId('step-title')).toHaveText('Trigger');
  await page.getByTestId('name').fill(name);
  await page.getByTestId('description').fill('Opt in and get 5.00 in cash.');
  await page.getByTestId('event').selectOption('opt_in');
  await page.getByTestId('step-next').click();
  // 2. Conditions: none.
  await expect(page.getByTestId('step-title')).toHaveText('Conditions');
  await page.getByTestId('step-next').click();
  // 3. Reward: 5.00 cash.
  await expect(page.getByTestId('step-title')).toHaveText('Reward');
  await page.getByTestId('reward-kind').selectOption('cash');
  await page.getByTestId('reward-amount').fill('5.00');
  await page.getByTestId('step-next').click();
  // 4. Limits: a budget.
  await expect(page.getByTestId('step-title')).toHaveText('Limits');
  await page.getByTestId('budget').fill('100.00');
  await page.getByTestId('step-next').click();
  // 5. Variants and 6. schedule: defaults.
  await expect(page.getByTestId('step-title')).toHaveText('Variants');
  await page.getByTestId('step-next').click();
  await expect(page.getByTestId('step-title')).toHaveText('Schedule');
  await page.getByTestId('step-next').click();

  // 7. Review: the live count and the compliance check, then save.
  await expect(page.getByTestId('step-title')).toHaveText('Review');
  await expect(page.getByTestId('eligible-count')).toHaveText(/^\d+ players?$/, { timeout: 10_000 });
  await expect(page.getByTestId('compliance-ok')).toBeVisible();
  await shootSizes(page, 'campaigns', 'builder-review', { noSideScroll: true, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByTestId('campaign-save').click();
  await expect(page.getByTestId('campaign-saved')).toContainText('saved');

  // Launch: the dashboard opens with the campaign live.
  await page.getByTestId('campaign-launch').click();
  await expect(page).toHaveURL(/\/backoffice\/campaigns\/[0-9a-f-]{36}$/);
  const dashboard = page.url();
  await expect(page.getByTestId('campaign-name')).toHaveText(name);
  await expect(page.getByTestId('campaign-status')).toHaveText('Live');
  await expect(page.getByTestId('stat-awards')).toHaveText('0');
  await expect(page.getByTestId('budget-left')).toContainText('€100.00 left of €100.00');
  await expect(page.getByTestId('variants-table')).toContainText('default');
  await expect(page.getByText('always-valid sequential test (mSPRT)')).toBeVisible();
  await page.getByTestId('explain-player').fill('not-a-player-id');
  await page.getByTestId('explain-submit').click();
  await expect(page.getByTestId('explain-result')).toContainText('Enter a player id');
  await shootSizes(page, 'campaigns', 'dashboard', { noSideScroll: true, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(errors).toEqual([]);

  // The player opts in and is awarded.
  await page.getByTestId('logout').first().click();
  await expect(page.getByTestId('header-user')).toHaveCount(0);
  await login(page, 'player@demo.croupier.dev');
  // Pages left behind refetch as the session ends (401s that belong to the
  // sign-out, not to the pages under test).
  errors.length = 0;
  await page.goto('/promotions');
  await hydrated(page);
  const offer = page.locator(`[data-testid="promotion"][data-name="${name}"]`);
  await expect(offer).toBeVisible();
  await expect(offer.getByTestId('promotion-terms')).toContainText('5.00');
  await shootSizes(page, 'campaigns', 'promotions', { noSideScroll: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await offer.getByTestId('promotion-opt-in').click();
  await expect(page.getByTestId('promotion-notice')).toContainText('You are in');
  await expect(offer.getByTestId('promotion-opted-in')).toBeVisible();
  // Pushed on the player's topic once the award is published.
  await expect(page.getByTestId('bonus-toast')).toContainText('New bonus', { timeout: 15_000 });

  await page.goto('/bonuses');
  await hydrated(page);
  const bonus = page.locator('[data-testid="bonus"][data-kind="cash"]').first();
  await expect(bonus).toBeVisible();
  await expect(bonus.getByTestId('bonus-amount')).toHaveText('€5.00');
  await expect(bonus.getByTestId('bonus-status')).toHaveText('Completed');
  await shootSizes(page, 'campaigns', 'bonuses', { noSideScroll: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(errors).toEqual([]);

  // Back in the back office, the dashboard counts the award.
  await page.getByTestId('logout').first().click();
  await expect(page.getByTestId('header-user')).toHaveCount(0);
  await login(page, 'marketing@demo.croupier.dev');
  errors.length = 0;
  await page.goto(dashboard);
  await hydrated(page);
  await expect(page.getByTestId('stat-awards')).toHaveText('1');
  await expect(page.getByTestId('stat-cost')).toHaveText('€5.00');
  await expect(page.getByTestId('budget-left')).toContainText('€95.00 left of €100.00');
  expect(errors).toEqual([]);
});
