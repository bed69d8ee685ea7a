// Leaderboards end to end: marketing creates a one-off, opt-in casino
// wager race paying 5.00 in cash to the winner and sees it live in the back
// office; the demo player picks a nickname, joins on the board page, plays
// a slot round in a second tab, and the board page (never reloaded) shows
// the new rank and score pushed over the websocket under the nickname,
// never the e-mail; marketing then closes the period and watches the
// payout bar fill; the winner shows among the board's past winners.
import { test, expect } from '@playwright/test';
import { hydrated, login, shootSizes, watchConsole } from './helpers';

const PLAYER = 'player@demo.croupier.dev';
const MARKETING = 'marketing@demo.croupier.dev';

/** `YYYY-MM-DDTHH:MM` in UTC, `hours` from now (what `datetime-local` takes). */
function utcInput(hours: number): string {
  return new Date(Date.now() + hours * 3_600_000).toISOString().slice(0, 16);
}

test('a player climbs a leaderboard live and marketing closes it and pays the prize', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchConsole(page);
  const name = `Slot race ${Date.now()}`;
  const nickname = `racer_${Date.now() % 100_000_000}`;

  // Marketing creates the board.
  await login(page, MARKETING);
  await page.goto('/backoffice');
  await hydrated(page);
  await page.getByTestId('backoffice-nav').getByRole('link', { name: 'Leaderboards' }).click();
  await expect(page).toHaveURL(/\/backoffice\/leaderboards$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Leaderboards');
  await page.getByTestId('leaderboard-new').click();
  await expect(page).toHaveURL(/\/backoffice\/leaderboards\/new$/);
  await hydrated(page);
  await page.getByTestId('name').fill(name);
  await page.getByTestId('metric').selectOption('wagered');
  await page.getByTestId('vertical-sportsbook').uncheck();
  await page.getByTestId('recurrence').selectOption('once');
  await page.getByTestId('timezone').fill('Europe/Malta');
  await page.getByTestId('ends_at').fill(utcInput(24));
  await page.getByTestId('opt_in').check();
  await page.getByTestId('prize-0-kind').selectOption('cash');
  await page.getByTestId('prize-0-amount').fill('5.00');
  await expect(page.getByTestId('preview-name')).toHaveText(name);
  await expect(page.getByTestId('leaderboard-preview').getByTestId('prize-row')).toContainText('€5.00 cash');
  await shootSizes(page, 'leaderboards', 'create', { noSideScroll: true, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByTestId('leaderboard-create').click();
  await expect(page).toHaveURL(/\/backoffice\/leaderboards\/[0-9a-f-]{36}$/);
  const adminUrl = page.url();
  const boardId = adminUrl.split('/').pop() as string;
  await expect(page.getByTestId('board-name')).toHaveText(name);
  await expect(page.getByTestId('board-status')).toHaveText('Live');
  await expect(page.getByTestId('countdown')).toContainText('Ends in');
  expect(errors).toEqual([]);

  // The player picks a nickname.
  await page.getByTestId('logout').first().click();
  await expect(page.getByTestId('header-user')).toHaveCount(0);
  await login(page, PLAYER);
  errors.length = 0;
  await hydrated(page);
  await page.getByTestId('nickname').fill(nickname);
  await page.getByTestId('nickname-save').click();
  await expect(page.getByTestId('nickname-saved')).toContainText(nickname);

  // The board from the list; join it.
  await page.goto('/leaderboards');
  await hydrated(page);
  const card = page.locator(`[data-testid="leaderboard-card"][data-name="${name}"]`);
  await expect(card).toBeVisible();
  await expect(card.getByTestId('countdown')).toContainText('Ends in');
  await shootSizes(page, 'leaderboards', 'list', { noSideScroll: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await card.getByTestId('leaderboard-open').click();
  await expect(page).toHaveURL(new RegExp(`/leaderboards/${boardId}$`));
  await hydrated(page);
  await expect(page.getByTestId('board-name')).toHaveText(name);
  await expect(page.getByTestId('prize-table')).toContainText('€5.00 cash');
  await page.getByTestId('board-join').click();
  await expect(page.getByTestId('board-notice')).toContainText('You are in');
  await expect(page.getByTestId('board-joined')).toBeVisible();
  await expect(page.getByTestId('board-live')).toHaveAttribute('data-live', 'true');
  // Anything that reloads the page drops this marker.
  await page.evaluate(() => { (window as unknown as { __board_marker?: number }).__board_marker = 1; });

  // A slot round in a second tab.
  const game = await page.context().newPage();
  const gameErrors = watchConsole(game);
  await game.goto('/casino?category=slots');
  await hydrated(game);
  await game.getByTestId('game-tile').first().click();
  await expect(game.getByTestId('game-name')).toBeVisible();
  await game.getByTestId('stake').fill('1.00');
  await game.getByTestId('play').click();
  await expect(game.getByTestId('round-outcome')).toBeVisible({ timeout: 20_000 });
  await game.close();
  expect(gameErrors).toEqual([]);

  // The board page moved without a reload.
  await expect(page.getByTestId('my-rank')).toHaveText('#1', { timeout: 15_000 });
  await expect(page.getByTestId('my-score')).toHaveText('€1.00');
  const mine = page.locator('[data-testid="board-table"] [data-testid="rank-row"][data-me="true"]');
  await expect(mine).toContainText(nickname);
  await expect(mine).toContainText('€1.00');
  await expect(page.getByTestId('board-table')).not.toContainText('@');
  await expect(page.getByTestId('around-me')).toContainText(nickname);
  expect(await page.evaluate(() => (window as unknown as { __board_marker?: number }).__board_marker)).toBe(1);
  await shootSizes(page, 'leaderboards', 'board', { noSideScroll: true, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(errors).toEqual([]);

  // Marketing closes the period: one prize, paid once.
  await page.getByTestId('logout').first().click();
  await expect(page.getByTestId('header-user')).toHaveCount(0);
  await login(page, MARKETING);
  errors.length = 0;
  await page.goto(adminUrl);
  await hydrated(page);
  await expect(page.getByTestId('admin-standings')).toContainText(nickname);
  await page.getByTestId('board-close').click();
  await page.getByTestId('board-close-confirm').click();
  await expect(page.getByTestId('close-notice')).toContainText('1 of 1 prizes paid');
  await expect(page.getByTestId('payout-progress').first()).toHaveAttribute('aria-valuenow', '100');
  const period = page.locator('[data-testid="period"][data-status="closed"]').first();
  await expect(period.getByTestId('winner-row')).toContainText(nickname);
  await expect(period.getByTestId('winner-row')).toHaveAttribute('data-paid', 'true');
  await expect(period.getByTestId('payout-value')).toContainText('€5.00 of €5.00');
  await shootSizes(page, 'leaderboards', 'admin', { noSideScroll: true, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  // The winner is on the board's public page.
  await page.goto(`/leaderboards/${boardId}`);
  await hydrated(page);
  await expect(page.getByTestId('past-winner').first()).toContainText(nickname);
  await expect(page.getByTestId('past-winner').first()).toContainText('€5.00 cash');
  expect(errors).toEqual([]);
});
