// Live odds end to end: a player watches an event page with a selection in
// the betslip while a trader moves its odds, suspends and resumes its market
// over the REST API. The odds button shows the new price and flashes up or
// down; the betslip holds the move for acceptance (policy "reject"), marks
// the leg and refuses to place while the market is suspended, and places
// once it reopens. The trader's risk page shows the bet without a reload.
import { test, expect, type APIRequestContext } from '@playwright/test';
import { DEMO_PASSWORD, hydrated, login, watchConsole } from './helpers';

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

test('odds move, flash and suspend live on the event page and in the betslip', async ({ page, browser, request }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  const trader = await token(request, TRADER);
  const auth = { Authorization: `Bearer ${trader}` };
  const res = await request.post('/api/v1/admin/events', {
    headers: auth,
    data: {
      sport: 'Football',
      competition: 'E2E Live League',
      name: `Foxes ${Date.now()} v Badgers`,
      starts_at: new Date(Date.now() + 86_400_000).toISOString(),
      markets: [
        {
          name: 'Match result',
          kind: 'match_result',
          selections: [
            { name: 'Home', odds: '2.00' },
            { name: 'Draw', odds: '3.40' },
            { name: 'Away', odds: '3.80' },
          ],
        },
      ],
    },
  });
  expect(res.status()).toBe(201);
  const event = (await res.json()) as SportEvent;
  const market = event.markets[0];
  const home = market.selections[0];
  const setOdds = async (odds: string) => {
    const r = await request.put(`/api/v1/admin/selections/${home.id}/odds`, { headers: auth, data: { odds } });
    expect(r.status()).toBe(200);
  };
  const marketCommand = async (command: 'suspend' | 'resume') => {
    const r = await request.post(`/api/v1/admin/markets/${market.id}/${command}`, { headers: auth, data: {} });
    expect(r.status()).toBe(200);
  };

  // The trader keeps the event's risk page open in another browser.
  const desk = await browser.newContext();
  const deskPage = await desk.newPage();
  const deskErrors = watchConsole(deskPage);
  await login(deskPage, TRADER);
  await deskPage.goto(`/backoffice/trading/${event.id}/risk`);
  await hydrated(deskPage);
  await expect(deskPage.getByTestId('risk-live')).toHaveAttribute('data-live', 'true');
  await expect(deskPage.getByTestId('risk-row')).toHaveCount(0);

  // The player opens the event page; odds are live once subscribed.
  await login(page, PLAYER);
  await page.goto(`/sports/event/${event.id}`);
  await hydrated(page);
  await expect(page.getByTestId('odds-live')).toHaveAttribute('data-live', 'true');
  const button = page.locator(`[data-testid="odds-button"][data-selection="${home.id}"]`);
  const section = page.locator(`[data-testid="market"][data-market="${market.id}"]`);
  await expect(button).toContainText('2.00');

  // Home goes into the betslip; any change must be accepted.
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'true');
  const leg = page.locator(`[data-testid="betslip-leg"][data-selection="${home.id}"]`);
  await expect(leg).toBeVisible();
  await page.getByTestId('odds-policy').selectOption('reject');
  await page.getByTestId('bet-stake').fill('1.00');
  await expect(page.getByTestId('place-bet')).toBeEnabled();

  // Up: the button shows 2.50 and flashes green; the slip asks.
  await setOdds('2.50');
  await expect(button).toContainText('2.50');
  await expect(button).toHaveAttribute('data-flash', 'up');
  await expect(button).toHaveClass(/odds-up/);
  await expect(leg.getByTestId('betslip-leg-odds')).toContainText('2.50');
  await expect(leg.getByTestId('betslip-leg-odds')).toHaveClass(/odds-up/);
  await expect(page.getByTestId('betslip-odds-changed')).toBeVisible();
  await expect(page.getByTestId('place-bet')).toBeDisabled();
  await page.getByTestId('accept-odds').click();
  await expect(page.getByTestId('betslip-odds-changed')).toHaveCount(0);
  await expect(page.getByTestId('place-bet')).toBeEnabled();

  // Down: red.
  await setOdds('1.80');
  await expect(button).toContainText('1.80');
  await expect(button).toHaveAttribute('data-flash', 'down');
  await expect(button).toHaveClass(/odds-down/);
  await expect(leg.getByTestId('betslip-leg-odds')).toHaveClass(/odds-down/);
  await page.getByTestId('accept-odds').click();
  await expect(page.getByTestId('place-bet')).toBeEnabled();

  // Suspended: the market greys out, its buttons are off, the slip refuses.
  await marketCommand('suspend');
  await expect(section).toHaveAttribute('data-status', 'suspended');
  await expect(section.getByTestId('market-status')).toHaveText('Suspended');
  await expect(button).toBeDisabled();
  await expect(leg).toHaveAttribute('data-available', 'false');
  await expect(leg.getByTestId('betslip-leg-unavailable')).toContainText('suspended');
  await expect(page.getByTestId('betslip-unavailable')).toBeVisible();
  await expect(page.getByTestId('place-bet')).toBeDisabled();

  // Resumed: everything comes back and the bet goes through.
  await marketCommand('resume');
  await expect(section).toHaveAttribute('data-status', 'open');
  await expect(section.getByTestId('market-status')).toHaveCount(0);
  await expect(button).toBeEnabled();
  await expect(leg).toHaveAttribute('data-available', 'true');
  await expect(page.getByTestId('betslip-unavailable')).toHaveCount(0);
  await expect(page.getByTestId('place-bet')).toBeEnabled();
  await page.getByTestId('place-bet').click();
  await expect(page.getByTestId('bet-placed')).toBeVisible({ timeout: 20_000 });

  // The trader's risk page picks the bet up by itself.
  await expect(deskPage.getByTestId('risk-row')).toHaveCount(1, { timeout: 15_000 });
  await expect(deskPage.getByTestId('risk-row').first()).toContainText('Home');
  expect(deskErrors).toEqual([]);
  await desk.close();
  expect(errors).toEqual([]);
});
