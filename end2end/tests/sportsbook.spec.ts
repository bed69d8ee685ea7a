// The sportsbook end to end: a trader creates two events over the REST API;
// the demo player adds one leg of each to the betslip, sees the potential
// return computed in the browser, places an accumulator and sees the stake
// leave the header balance; the trader settles both markets in the back
// office; the player sees the payout in My bets and in the header balance.
// Screenshots of lobby, event page with the betslip open and My bets on a
// phone and a desktop for review.
import { test, expect, type APIRequestContext, type Page } from '@playwright/test';
import { DEMO_PASSWORD, hydrated, login, shootSizes, watchConsole } from './helpers';

const PLAYER = 'player@demo.croupier.dev';
const TRADER = 'trader@demo.croupier.dev';

type Selection = { id: string; name: string; odds: string };
type Market = { id: string; selections: Selection[] };
type SportEvent = { id: string; name: string; markets: Market[] };

async function token(request: APIRequestContext, email: string): Promise<string> {
  const res = await request.post('/api/v1/auth/login', { data: { email, password: DEMO_PASSWORD } });
  expect(res.status()).toBe(200);
  return (await res.json()).token;
}

async function createEvent(request: APIRequestContext, auth: string, name: string, home: string, away: string): Promise<SportEvent> {
  const res = await request.post('/api/v1/admin/events', {
    headers: { Authorization: `Bearer ${auth}` },
    data: {
      sport: 'Football',
      competition: 'E2E League',
      name,
      starts_at: new Date(Date.now() + 86_400_000).toISOString(),
      markets: [
        {
          name: 'Match result',
          kind: 'match_result',
          selections: [
            { name: 'Home', odds: home },
            { name: 'Draw', odds: '3.40' },
            { name: 'Away', odds: away },
          ],
        },
      ],
    },
  });
  expect(res.status()).toBe(201);
  return (await res.json()) as SportEvent;
}

/** The amount in the header balance (`€1,995.00` → 1995). */
async function headerCash(page: Page): Promise<number> {
  const text = (await page.getByTestId('header-balance').innerText()).trim();
  return Number(text.replace(/[^0-9.-]/g, ''));
}

function shoot(page: Page, name: string): Promise<void> {
  return shootSizes(page, 'sportsbook', name);
}

test('a player places an accumulator from the betslip, the trader settles it, the payout lands', async ({ page, browser, request }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  const trader = await token(request, TRADER);
  const tag = `${Date.now()}`;
  const first = await createEvent(request, trader, `Lions ${tag} v Tigers`, '2.00', '3.60');
  const second = await createEvent(request, trader, `Hawks ${tag} v Owls`, '1.50', '5.50');
  const firstHome = first.markets[0].selections[0];
  const secondHome = second.markets[0].selections[0];

  await login(page, PLAYER);
  await page.goto('/sports');
  await hydrated(page);
  await expect(page.getByTestId('header-balance')).toHaveAttribute('data-live', 'true');
  const before = await headerCash(page);

  // The lobby lists both events with their main market as odds buttons.
  const cardA = page.locator(`[data-testid="event-card"][data-event="${first.id}"]`);
  const cardB = page.locator(`[data-testid="event-card"][data-event="${second.id}"]`);
  await expect(cardA).toBeVisible();
  await expect(cardB).toBeVisible();
  await shoot(page, 'lobby');

  // First leg from the lobby; the drawer opens with it.
  await cardA.locator(`[data-selection="${firstHome.id}"]`).click();
  const slip = page.getByTestId('betslip');
  await expect(slip).toBeVisible();
  await expect(page.getByTestId('betslip-leg')).toHaveCount(1);
  await page.getByTestId('betslip-close').click();
  await expect(slip).toBeHidden();

  // Second leg from the event page (every market there); the slip survives
  // the navigation.
  await cardB.getByRole('link', { name: second.name }).click();
  await expect(page.getByTestId('event-name')).toHaveText(second.name);
  await hydrated(page);
  const button = page.locator(`[data-testid="odds-button"][data-selection="${secondHome.id}"]`);
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('betslip-leg')).toHaveCount(2);
  await expect(page.getByTestId('betslip-related')).toHaveCount(0);

  // Accumulator 2.00 × 1.50 at 5.00: 15.00, computed in the browser.
  await page.getByTestId('bet-type').selectOption('accumulator');
  // No stake is suggested; the currency shows beside the field.
  await expect(page.getByTestId('bet-stake')).toHaveValue('');
  await expect(page.getByTestId('bet-stake-currency')).toHaveText('EUR');
  await page.getByTestId('bet-stake').fill('5.00');
  await expect(page.getByTestId('betslip-total-stake')).toHaveText('€5.00');
  await expect(page.getByTestId('betslip-return')).toHaveText('€15.00');
  // Odds formats come from the same domain code.
  await page.getByTestId('odds-format').selectOption('fractional');
  await expect(page.getByTestId('betslip-leg-odds').first()).toContainText('1/1');
  await page.getByTestId('odds-format').selectOption('decimal');
  await page.getByTestId('odds-policy').selectOption('reject');
  await shoot(page, 'event-betslip');

  await page.getByTestId('place-bet').click();
  await expect(page.getByTestId('bet-placed')).toBeVisible({ timeout: 20_000 });
  const betId = (await page.getByTestId('bet-id').getAttribute('data-bet')) ?? '';
  expect(betId).toMatch(/^[0-9a-f-]{36}$/);
  await expect(page.getByTestId('betslip-count')).toHaveText('0');
  await expect.poll(() => headerCash(page)).toBeCloseTo(before - 5, 2);

  // It is open in My bets.
  await page.goto('/bets');
  await hydrated(page);
  const open = page.locator(`[data-testid="bet"][data-bet="${betId}"]`);
  await expect(open).toHaveAttribute('data-status', 'open');
  await expect(open.getByTestId('bet-leg')).toHaveCount(2);

  // The trader settles both markets in the back office: home wins.
  const traderContext = await browser.newContext();
  const traderPage = await traderContext.newPage();
  const traderErrors = watchConsole(traderPage);
  await login(traderPage, TRADER);
  await traderPage.goto('/backoffice/trading');
  await hydrated(traderPage);
  await expect(traderPage.getByTestId('backoffice-nav').getByRole('link', { name: 'Trading' })).toBeVisible();
  for (const event of [first, second]) {
    await traderPage.goto(`/backoffice/trading/${event.id}`);
    await hydrated(traderPage);
    const market = traderPage.locator(`[data-testid="trading-market"][data-market="${event.markets[0].id}"]`);
    await market.getByText('Settle or void').click();
    await market.getByLabel('Home', { exact: true }).selectOption('win');
    await market.getByTestId('settle-submit').click();
    await expect(traderPage.getByTestId('trade-answer')).toHaveAttribute('data-ok', 'true');
    await expect(traderPage.getByTestId('trade-answer')).toContainText('settled');
    await expect(market.getByTestId('market-status')).toHaveText('settled');
  }
  // The risk page answers for a settled event too.
  await traderPage.goto(`/backoffice/trading/${first.id}/risk`);
  await expect(traderPage.getByTestId('risk-market')).toHaveCount(1);
  expect(traderErrors).toEqual([]);
  await traderContext.close();

  // The player sees the payout: 15.00 returned, balance up by 15.
  await page.goto('/bets?status=settled');
  await hydrated(page);
  const settled = page.locator(`[data-testid="bet"][data-bet="${betId}"]`);
  await expect(settled).toHaveAttribute('data-status', 'settled');
  await expect(settled.getByTestId('bet-return')).toHaveText('€15.00');
  await expect(settled.getByTestId('bet-leg-result')).toHaveText(['Won', 'Won']);
  await expect.poll(() => headerCash(page)).toBeCloseTo(before + 10, 2);
  await shoot(page, 'my-bets');

  // The slip is empty again: its button keeps out of the way (the
  // keyboard and focus behaviour is in phone-screens.spec.ts).
  await expect(page.getByTestId('betslip-toggle')).toBeHidden();

  expect(errors).toEqual([]);
});

test('a player cashes out a single; an odds move while confirming brings the new offer', async ({ page, request }) => {
  test.setTimeout(90_000);
  const errors = watchConsole(page);
  const trader = await token(request, TRADER);
  const player = await token(request, PLAYER);
  const tag = `${Date.now()}`;
  const event = await createEvent(request, trader, `Foxes ${tag} v Bears`, '2.00', '3.60');
  const home = event.markets[0].selections[0];
  const placed = await request.post('/api/v1/bets', {
    headers: { Authorization: `Bearer ${player}` },
    data: { kind: 'single', unit_stake: '10.00', odds_change: 'reject', legs: [{ selection_id: home.id, odds: '2.00' }] },
  });
  expect(placed.status()).toBe(201);
  const betId = (await placed.json()).bet_id as string;

  await login(page, PLAYER);
  await page.goto('/bets');
  await hydrated(page);
  await expect(page.getByTestId('header-balance')).toHaveAttribute('data-live', 'true');
  const card = page.locator(`[data-testid="bet"][data-bet="${betId}"]`);
  // 10 × 2.00 ÷ 2.00, less the 5 % margin.
  await expect(card.getByTestId('cash-out')).toHaveText('Cash out €9.50');
  await card.getByTestId('cash-out').click();
  await expect(card.getByTestId('cash-out-amount')).toHaveText('€9.50');

  // The odds shorten before the player confirms: the offer is refused and renewed.
  const moved = await request.put(`/api/v1/admin/selections/${home.id}/odds`, {
    headers: { Authorization: `Bearer ${trader}` },
    data: { odds: '1.60' },
  });
  expect(moved.status()).toBe(200);
  await card.getByTestId('cash-out-confirm').click();
  await expect(card.getByTestId('cash-out-note')).toHaveText('The odds changed. The cash-out offer is now 11.87 EUR.');
  await expect(card.getByTestId('cash-out-amount')).toHaveText('€11.87');
  await shoot(page, 'cash-out-odds-changed');
  const before = await headerCash(page);
  await card.getByTestId('cash-out-confirm').click();
  await expect(page.getByTestId('cash-out-done')).toContainText('Cashed out for 11.87 EUR.');
  await expect(card).toHaveCount(0);
  await expect.poll(() => headerCash(page)).toBeCloseTo(before + 11.87, 2);

  // Settled, with the amount.
  await page.goto('/bets?status=settled');
  await hydrated(page);
  const settled = page.locator(`[data-testid="bet"][data-bet="${betId}"]`);
  await expect(settled.getByTestId('bet-badge')).toHaveText('Cashed out');
  await expect(settled.getByTestId('bet-return')).toHaveText('€11.87');
  await shoot(page, 'cash-out-settled');
  expect(errors).toEqual([]);
});
