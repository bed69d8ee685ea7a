// The VIP console end to end: the demo VIP manager opens the console from
// the back-office navigation, filters and sorts the player list (a GET
// form), opens a player's 360 from the table, then on a fresh player adds
// a note and adjusts points (a reason is required, shown next to the
// field), and reads the reports with their charts. No console errors;
// screenshots at 390 and 1280 px, with tables scrolling inside their cards
// (the page itself never scrolls sideways).
import { test, expect } from '@playwright/test';
import { hydrated, login, shootSizes, uniqueEmail, watchConsole } from './helpers';

const VIP = 'vip@demo.croupier.dev';

test('a VIP manager filters players, opens a 360, adds a note and adjusts points', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchConsole(page);

  // A fresh player, so the test never depends on the demo player's state.
  const email = uniqueEmail('vip-e2e');
  const registered = await page.request.post('/api/v1/auth/register', {
    data: { email, password: 'player-pass-2026', date_of_birth: '1990-01-01', country: 'MT', currency: 'EUR' },
  });
  expect(registered.status()).toBe(201);
  const playerId = (await registered.json()).player_id as string;

  await login(page, VIP);
  await page.goto('/backoffice');
  await hydrated(page);
  await page.getByTestId('backoffice-nav').getByRole('link', { name: 'VIP players' }).click();
  await expect(page).toHaveURL(/\/backoffice\/vip$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('VIP players');
  await expect(page.getByTestId('vip-table')).toBeVisible();

  // Filter and sort by keyboard-operable controls.
  await page.getByTestId('vip-filter-vip').selectOption('false');
  await page.getByTestId('vip-filter-sort').selectOption('deposits_30d');
  await page.getByTestId('vip-filter-apply').click();
  await expect(page).toHaveURL(/vip=false/);
  await expect(page).toHaveURL(/sort=deposits_30d/);
  await expect(page.getByTestId('vip-table')).toBeVisible();
  await expect(page.getByTestId('vip-row').first()).toBeVisible();
  await shootSizes(page, 'vip', 'list', { noSideScroll: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  // Open the first player from the table.
  const first = page.getByTestId('vip-player-link').first();
  const firstEmail = (await first.textContent())?.trim() ?? '';
  await first.click();
  await expect(page).toHaveURL(/\/backoffice\/vip\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('vip-player-email')).toHaveText(firstEmail);
  for (const section of ['vip-wallet', 'vip-rg', 'vip-bets', 'vip-bonuses', 'vip-notes', 'vip-tasks', 'vip-checks']) {
    await expect(page.getByTestId(section)).toBeVisible();
  }

  // The fresh player: a note, then points (reason required).
  await page.goto(`/backoffice/vip/${playerId}`);
  await hydrated(page);
  await expect(page.getByTestId('vip-player-email')).toHaveText(email);
  const note = `Prefers slots; call after 6 pm (${Date.now()}).`;
  await page.getByTestId('note-text').fill(note);
  await page.getByTestId('note-submit').click();
  await expect(page.getByTestId('note-saved')).toBeVisible();
  await expect(page.getByTestId('vip-note').first()).toContainText(note);

  await page.getByTestId('points-points').fill('25');
  await page.getByTestId('points-submit').click();
  await expect(page.getByTestId('points-reason-error')).toBeVisible();
  await page.getByTestId('points-reason').fill('Goodwill after a support call');
  await page.getByTestId('points-submit').click();
  await expect(page.getByTestId('points-saved')).toBeVisible();
  await expect(page.getByTestId('vip-points')).toHaveText('25 points');
  await shootSizes(page, 'vip', 'player', { noSideScroll: true, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  // Reports with their charts.
  await page.getByTestId('backoffice-nav').getByRole('link', { name: 'VIP reports' }).click();
  await expect(page).toHaveURL(/\/backoffice\/vip\/reports$/);
  await expect(page.getByTestId('vip-chart-points')).toBeVisible();
  await expect(page.getByTestId('vip-chart-tiers')).toBeVisible();
  await expect(page.getByTestId('vip-chart-ggr')).toBeVisible();
  await page.getByTestId('vip-reports-90').click();
  await expect(page).toHaveURL(/days=90/);
  await expect(page.getByTestId('vip-chart-points')).toBeVisible();
  await shootSizes(page, 'vip', 'reports', { noSideScroll: true, fullPage: true });

  expect(errors).toEqual([]);
});
