// Responsible gaming in the browser: a player sets a deposit limit (and
// sees a raise wait for its cooling-off), then chooses a 10-minute reality
// check; the page's clock is moved forward with Playwright's clock API and
// the blocking reality-check dialog shows time played and the session's
// net result until the player continues. (The server's own enforcement of
// due reality checks is tested in Rust by backdating the stored session
// start.) Also: the tab's one websocket carries both the balance and a
// loss alert raised by a bet.
import { test, expect, type Page } from '@playwright/test';
import { DEMO_PASSWORD, hydrated, login, uniqueEmail, watchConsole } from './helpers';

const PASSWORD = 'rg-pass-2026';

async function freshPlayer(page: Page): Promise<string> {
  const email = uniqueEmail('rg');
  const response = await page.request.post('/api/v1/auth/register', {
    data: { email, password: PASSWORD, date_of_birth: '1990-02-03', country: 'MT', currency: 'EUR' },
  });
  expect(response.status()).toBe(201);
  await login(page, email, PASSWORD);
  return email;
}

test('a player sets a deposit limit and a raise waits 24 hours', async ({ page }) => {
  const errors = watchConsole(page);
  await freshPlayer(page);
  // A new player is asked once for a deposit cap; they decline here.
  await expect(page.getByTestId('deposit-limit-prompt')).toBeVisible();
  await page.getByTestId('prompt-decline').click();
  await expect(page.getByTestId('deposit-limit-prompt')).toHaveCount(0);

  await page.goto('/responsible-gaming');
  await hydrated(page);
  await expect(page.getByTestId('no-limits')).toBeVisible();

  await page.getByTestId('limit-kind').selectOption('deposit');
  await page.getByTestId('limit-period').selectOption('day');
  await page.getByTestId('limit-amount').fill('50.00');
  await page.getByTestId('limit-save').click();
  await expect(page.getByTestId('rg-notice').first()).toContainText(/applies at once/i);
  const row = page.getByTestId('limit-row');
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('limit-amount-shown')).toHaveText('€50.00');

  await page.getByTestId('limit-amount').fill('80.00');
  await page.getByTestId('limit-save').click();
  await expect(row.getByTestId('limit-amount-shown')).toHaveText('€50.00');
  await expect(row.getByTestId('limit-pending')).toContainText('Changes to €80.00');
  await expect(row.getByTestId('limit-countdown')).toHaveText(/^2[34] h/);
  await expect(page.getByTestId('rg-history').locator('tbody tr')).toHaveCount(2);
  expect(errors).toEqual([]);
});

test('the reality-check dialog blocks play until acknowledged', async ({ page }) => {
  const errors = watchConsole(page);
  await page.clock.install();
  await freshPlayer(page);
  await page.goto('/responsible-gaming');
  await hydrated(page);

  await page.getByTestId('reality-check-minutes').fill('10');
  await page.getByTestId('session-save').click();
  await expect(page.getByTestId('rg-notice').first()).toContainText(/saved/i);
  // The dialog counts from when the new schedule reached the page: wait for
  // it before moving the clock, or a slow answer would restart the count.
  await expect(page.getByTestId('rc-scheduled')).toHaveAttribute('data-interval-minutes', '10');
  await expect(page.getByTestId('reality-check')).toHaveCount(0);

  // Ten minutes later on the page's clock, the dialog takes over the page.
  await page.clock.fastForward('10:30');
  const dialog = page.getByTestId('reality-check');
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAttribute('aria-modal', 'true');
  await expect(page.getByTestId('rc-time-played')).toContainText(/1[01] min/);
  await expect(page.getByTestId('rc-net')).toHaveText('€0.00');

  await page.getByTestId('rc-continue').click();
  await expect(dialog).toHaveCount(0);
  // The next check comes one interval later, not at once.
  await page.clock.fastForward('05:00');
  await expect(dialog).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('compliance approves an identity check from the KYC queue', async ({ page }) => {
  const errors = watchConsole(page);
  const email = uniqueEmail('kyc');
  const registered = await page.request.post('/api/v1/auth/register', {
    data: { email, password: PASSWORD, date_of_birth: '1990-02-03', country: 'MT', currency: 'EUR' },
  });
  expect(registered.status()).toBe(201);
  const { player_id, token } = await registered.json();
  // A document number ending in 0 is referred to a person by the sandbox.
  const submitted = await page.request.post('/api/v1/kyc/submissions', {
    headers: { Authorization: `Bearer ${token}` },
    data: { document_type: 'passport', document_country: 'MT', document_number: 'P7654320', full_name: 'Grace Hopper' },
  });
  expect(submitted.status()).toBe(201);

  await login(page, 'admin@demo.croupier.dev');
  await page.goto('/backoffice/kyc');
  await hydrated(page);
  await expect(page.getByTestId('backoffice-nav')).toContainText('KYC queue');
  const item = page.getByTestId('kyc-item').filter({ hasText: email.toLowerCase() });
  await expect(item).toContainText('ends 4320');
  await item.getByTestId('kyc-note').fill('passport matches');
  await item.getByTestId('kyc-approve').click();
  await expect(page.getByTestId('bo-notice')).toContainText(/verified/i);
  await expect(page.getByTestId('kyc-item').filter({ hasText: email.toLowerCase() })).toHaveCount(0);

  await page.goto(`/backoffice/rg/${player_id}`);
  await hydrated(page);
  await expect(page.getByTestId('rg-player-email')).toHaveText(email.toLowerCase());
  await expect(page.getByText('KYC verified')).toBeVisible();
  expect(errors).toEqual([]);
});

test('one websocket per tab carries the balance and the loss alert', async ({ page, request }) => {
  test.setTimeout(90_000);
  const errors = watchConsole(page);
  // A fresh player with money and a loss alert at 5.00 a day.
  const email = uniqueEmail('alert');
  const registered = await request.post('/api/v1/auth/register', {
    data: { email, password: PASSWORD, date_of_birth: '1990-02-03', country: 'MT', currency: 'EUR' },
  });
  expect(registered.status()).toBe(201);
  const { player_id, token } = await registered.json();
  const player = { Authorization: `Bearer ${token}` };
  const deposited = await request.post('/api/v1/wallet/deposits', { headers: player, data: { amount: '20.00', method: 'sandbox' } });
  expect(deposited.status()).toBe(201);
  const alertSet = await request.put('/api/v1/responsible-gaming/settings', {
    headers: player,
    data: { loss_alert: '5.00', loss_alert_period: 'day' },
  });
  expect(alertSet.status()).toBe(200);
  // An event to bet on.
  const traderLogin = await request.post('/api/v1/auth/login', { data: { email: 'trader@demo.croupier.dev', password: DEMO_PASSWORD } });
  expect(traderLogin.status()).toBe(200);
  const trader = { Authorization: `Bearer ${(await traderLogin.json()).token}` };
  const created = await request.post('/api/v1/admin/events', {
    headers: trader,
    data: {
      sport: 'Football',
      competition: 'E2E League',
      name: `Alerts ${Date.now()} v Limits`,
      starts_at: new Date(Date.now() + 86_400_000).toISOString(),
      markets: [{ name: 'Match result', kind: 'match_result', selections: [{ name: 'Home', odds: '2.00' }, { name: 'Away', odds: '1.80' }] }],
    },
  });
  expect(created.status()).toBe(201);
  const home = (await created.json()).markets[0].selections[0];

  await login(page, email, PASSWORD);
  await page.getByTestId('prompt-decline').click();
  await expect(page.getByTestId('deposit-limit-prompt')).toHaveCount(0);
  // The account page's own socket is up before counting starts.
  await expect(page.getByTestId('header-balance')).toHaveAttribute('data-live', 'true');
  // Every socket the tab opens from here on, and the topics confirmed on it.
  const sockets: string[] = [];
  const subscribed: string[] = [];
  page.on('websocket', (ws) => {
    sockets.push(ws.url());
    ws.on('framereceived', (frame) => {
      const text = typeof frame.payload === 'string' ? frame.payload : frame.payload.toString();
      const message = JSON.parse(text);
      if (message.type === 'subscribed') subscribed.push(message.topic);
    });
  });
  await page.goto('/responsible-gaming');
  await hydrated(page);
  await expect(page.getByTestId('header-balance')).toHaveText('€20.00');
  await expect(page.getByTestId('header-balance')).toHaveAttribute('data-live', 'true');
  // The wallet (header) and the player's notifications (loss alerts) share one socket.
  await expect.poll(() => [...subscribed].sort()).toEqual([`player:${player_id}`, `wallet:${player_id}`]);
  expect(sockets).toHaveLength(1);

  // A 10.00 stake is a 10.00 net loss, past the 5.00 alert.
  const placed = await request.post('/api/v1/bets', {
    headers: player,
    data: { kind: 'single', unit_stake: '10.00', odds_change: 'reject', legs: [{ selection_id: home.id, odds: '2.00' }] },
  });
  expect(placed.status()).toBe(201);
  const toast = page.getByTestId('loss-alert-toast');
  await expect(toast).toBeVisible();
  await expect(toast).toContainText('You have lost €10.00 in the last 24 hours, past your alert of €5.00.');
  await expect(page.getByTestId('header-balance')).toHaveText('€10.00');
  expect(sockets).toHaveLength(1);
  await toast.getByRole('button', { name: 'Dismiss' }).click();
  await expect(toast).toHaveCount(0);
  expect(errors).toEqual([]);
});
