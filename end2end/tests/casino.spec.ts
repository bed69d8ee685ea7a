// The casino end to end: the demo player filters the lobby, opens the
// Emerald Nights slot, plays a round that changes the header balance, sees
// the server seed revealed, and verifies the round from the history. Also
// screenshots of lobby and slot on a phone and a desktop for review.
import { test, expect, type Page } from '@playwright/test';
import { hydrated, login, watchConsole } from './helpers';

const PLAYER = 'player@demo.croupier.dev';

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `end2end/test-results/casino-${name}.png`, fullPage: true });
}

test('a player filters the lobby, spins the slot, sees the balance change and verifies the round', async ({ page }) => {
  const errors = watchConsole(page);
  await login(page, PLAYER);

  await page.goto('/casino');
  await hydrated(page);
  const tiles = page.getByTestId('game-tile');
  await expect(tiles.first()).toBeVisible();
  expect(await tiles.count()).toBeGreaterThanOrEqual(3);
  await expect(tiles.first().getByTestId('tile-rtp')).toContainText('%');

  // Category filter, then search.
  await page.getByTestId('category-slots').click();
  await expect(page).toHaveURL(/category=slots/);
  await expect(tiles).toHaveCount(1);
  await expect(tiles.first()).toContainText('Emerald Nights');
  await page.getByTestId('casino-categories').getByText('All', { exact: true }).click();
  await expect(tiles).not.toHaveCount(1);
  await page.getByTestId('casino-search').fill('roulette');
  await page.getByTestId('casino-filter').click();
  await expect(page).toHaveURL(/q=roulette/);
  await expect(tiles).toHaveCount(1);
  await expect(tiles.first()).toContainText('European Roulette');
  await page.getByTestId('casino-search').fill('no such game');
  await page.getByTestId('casino-search').press('Enter');
  await expect(page.getByTestId('casino-empty')).toBeVisible();

  // The slot.
  await page.goto('/casino?category=slots');
  await hydrated(page);
  await page.getByTestId('game-tile').first().click();
  await expect(page.getByTestId('game-name')).toHaveText('Emerald Nights');
  await expect(page.getByTestId('game-rtp')).toContainText('%');
  const balance = page.getByTestId('header-balance');
  await expect(balance).toHaveAttribute('data-live', 'true');
  const before = (await balance.innerText()).trim();
  const commitment = (await page.getByTestId('fair-commitment').innerText()).trim();
  expect(commitment).toMatch(/^[0-9a-f]{64}$/);

  // A stake the reels cannot split over 20 lines is refused before sending.
  await page.getByTestId('stake').fill('0.15');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('play-error')).toContainText('multiple of €0.20');

  await page.getByTestId('stake').fill('1.00');
  await page.getByTestId('play').click();
  const outcome = page.getByTestId('round-outcome');
  await expect(outcome).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('play-error')).toHaveCount(0);
  // The round shows the cash after it with its currency, as the header
  // does; it moved unless the win repaid exactly the stake.
  const after = (await page.getByTestId('round-balance').innerText()).trim();
  expect(after).toMatch(/^€[0-9,]+\.[0-9]{2}$/);
  await expect(balance).toHaveText(after);
  if (!(await outcome.innerText()).includes('You win €1.00 ')) {
    expect(after).not.toBe(before);
  }
  // The seed shown before the round is revealed with its hash.
  await expect(page.getByTestId('fair-revealed')).toHaveText(/^[0-9a-f]{64}$/);
  await expect(page.getByTestId('fair-commitment')).not.toHaveText(commitment);
  await expect(page.getByTestId('slot-cell')).toHaveCount(15);
  await shoot(page, 'slot-desktop');

  // History and Verify.
  const row = page.getByTestId('round-row').first();
  await expect(row).toContainText('Stake €1.00');
  await row.getByTestId('verify').click();
  await expect(row.getByTestId('verify-result')).toHaveAttribute('data-verified', 'true');
  await expect(row.getByTestId('verify-result')).toContainText('matches');
  expect(errors).toEqual([]);
});

test('the lobby and the slot fit a phone and a desktop', async ({ page }) => {
  const errors = watchConsole(page);
  await login(page, PLAYER);
  for (const [name, width, height] of [
    ['phone', 390, 844],
    ['desktop', 1280, 800],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.goto('/casino');
    await hydrated(page);
    await expect(page.getByTestId('game-tile').first()).toBeVisible();
    // Nothing scrolls sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shoot(page, `lobby-${name}`);

    await page.goto('/casino/originals.slot.emerald-nights');
    await hydrated(page);
    await expect(page.getByTestId('slot-cell')).toHaveCount(15);
    const slotOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(slotOverflow).toBeLessThanOrEqual(0);
    await shoot(page, `slot-${name}`);
  }
  // The roulette and dice tables render too.
  await page.goto('/casino/originals.roulette.european');
  await hydrated(page);
  await expect(page.getByTestId('roulette-wheel')).toBeVisible();
  await shoot(page, 'roulette-desktop');
  await page.goto('/casino/originals.dice');
  await hydrated(page);
  await expect(page.getByTestId('dice-odds')).toContainText('Chance to win');
  await shoot(page, 'dice-desktop');
  expect(errors).toEqual([]);
});

test('the keyboard reaches the lobby filters and a game', async ({ page }) => {
  await page.goto('/casino');
  await hydrated(page);
  await page.getByTestId('casino-search').focus();
  await page.keyboard.type('dice');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/q=dice/);
  await expect(page.getByTestId('game-tile')).toHaveCount(1);
  await page.getByTestId('game-tile').first().focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('game-name')).toHaveText('Dice');
});

test('an admin sees the casino catalog and the provider health', async ({ page }) => {
  const errors = watchConsole(page);
  await login(page, 'admin@demo.croupier.dev');
  await page.goto('/backoffice');
  await hydrated(page);
  await page.getByTestId('backoffice-nav').getByText('Casino catalog').click();
  await expect(page.getByTestId('catalog-row')).not.toHaveCount(0);
  await page.getByTestId('backoffice-nav').getByText('Provider health').click();
  await expect(page.getByRole('heading', { name: 'Provider health' })).toBeVisible();
  await page.getByTestId('alert-percent').fill('7.5');
  await page.getByTestId('alert-save').click();
  await expect(page.getByText('Alert threshold set to 7.50 %.')).toBeVisible();
  expect(errors).toEqual([]);
});
