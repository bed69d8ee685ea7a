// The wallet end to end: deposit from the wallet page and see the balance
// and history; clear errors; and a balance change in one tab reaching the
// other tab's header over the websocket, without a reload.
import { test, expect, type Page } from '@playwright/test';
import { hydrated, login, uniqueEmail, watchConsole } from './helpers';

const PASSWORD = 'wallet-pass-2026';

/** Registers a fresh EUR player through the API and logs in through the UI. */
async function freshPlayer(page: Page): Promise<string> {
  const email = uniqueEmail('wallet');
  const response = await page.request.post('/api/v1/auth/register', {
    data: { email, password: PASSWORD, date_of_birth: '1990-02-03', country: 'MT', currency: 'EUR' },
  });
  expect(response.status()).toBe(201);
  await login(page, email, PASSWORD);
  return email;
}

/** An amount as shown (`€1,234.50`, `-€3.50`) as a number. */
function amountOf(text: string): number {
  return Number(text.replace(/[^0-9.-]/g, ''));
}

/** The header shows the cash and, while there is some, the bonus money. */
async function headerShowsCashAndBonus(page: Page): Promise<void> {
  await expect(page.getByTestId('header-balance')).toHaveText(await page.getByTestId('balance-cash').innerText());
  await expect
    .poll(async () => {
      const bonus = amountOf(await page.getByTestId('balance-bonus').innerText());
      const shown = await page.getByTestId('header-bonus').count();
      return bonus > 0 ? shown === 1 && amountOf(await page.getByTestId('header-bonus').innerText()) === bonus : shown === 0;
    })
    .toBe(true);
}

async function deposit(page: Page, amount: string): Promise<void> {
  await page.getByTestId('deposit-amount').fill(amount);
  await page.getByTestId('deposit-submit').click();
}

test('a player deposits from the wallet page and sees balance and history', async ({ page }) => {
  const errors = watchConsole(page);
  await freshPlayer(page);
  await page.goto('/wallet');
  await hydrated(page);
  await expect(page.getByTestId('balance-cash')).toHaveText('€0.00');
  await expect(page.getByTestId('balance-bonus')).toHaveText('€0.00');
  // The amount field says which currency it takes.
  await expect(page.getByTestId('deposit-currency')).toHaveText('EUR');

  await deposit(page, '25.50');
  await expect(page.getByTestId('balance-cash')).toHaveText('€25.50');
  // The first deposit may bring the demo welcome bonus: the header shows
  // the cash and the bonus money under it once it lands.
  await expect(page.getByTestId('header-balance')).toHaveText('€25.50');
  await headerShowsCashAndBonus(page);
  const row = page.getByTestId('history-row').first();
  await expect(row).toContainText('Deposit');
  await expect(row).toContainText('+€25.50');
  await expect(row).toContainText('€25.50');

  // Errors are clear and nothing moves.
  await deposit(page, '1.001');
  await expect(page.getByTestId('wallet-error')).toContainText(/decimals/i);
  await page.getByTestId('withdraw-amount').fill('5.00');
  await page.getByTestId('withdraw-submit').click();
  await expect(page.getByTestId('wallet-error')).toContainText(/verify your identity/i);
  await expect(page.getByTestId('balance-cash')).toHaveText('€25.50');
  await expect(page.getByTestId('history-row')).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('in Spanish a deposit typed with a decimal comma is read as such, before the page is live and after', async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000);
  const errors = watchConsole(page);
  const origin = baseURL ?? 'http://127.0.0.1:3000';
  await page.context().addCookies([{ name: 'lang', value: 'es', url: origin }]);
  await freshPlayer(page);
  await page.goto('/wallet');
  await hydrated(page);
  await deposit(page, '12,50');
  await expect(page.getByTestId('balance-cash')).toHaveText('12,50\u00a0€');

  // Without JavaScript the form posts what was typed, and the server reads
  // it in the page's language: "1.000,25" is a thousand and a quarter.
  const plainContext = await browser.newContext({
    baseURL: origin,
    javaScriptEnabled: false,
    storageState: await page.context().storageState(),
  });
  const plain = await plainContext.newPage();
  await plain.goto('/wallet');
  await plain.getByTestId('deposit-amount').fill('1.000,25');
  await plain.getByTestId('deposit-submit').click();
  await plain.waitForLoadState();
  await plain.goto('/wallet');
  await expect(plain.getByTestId('balance-cash')).toHaveText(/^1\.?012,75\u00a0€$/);
  await plainContext.close();
  expect(errors).toEqual([]);
});

test('a deposit in one tab changes the header balance in the other', async ({ context }) => {
  const first = await context.newPage();
  await freshPlayer(first);
  const second = await context.newPage();
  await second.goto('/');
  await hydrated(second);
  await expect(second.getByTestId('header-balance')).toHaveText('€0.00');
  // The second tab's websocket subscription is in place before the deposit.
  await expect(second.getByTestId('header-balance')).toHaveAttribute('data-live', 'true');

  await first.goto('/wallet');
  await hydrated(first);
  await deposit(first, '12.00');
  await expect(first.getByTestId('balance-cash')).toHaveText('€12.00');
  // No reload of the second tab: the websocket event updates it.
  await expect(second.getByTestId('header-balance')).toHaveText('€12.00');
});

test('a signed-out visitor is sent from the wallet to the login page', async ({ page }) => {
  await page.goto('/wallet');
  await expect(page).toHaveURL(/\/login/);
});

test('compliance opens a player wallet from the players list and books an adjustment', async ({ page }) => {
  const errors = watchConsole(page);
  const email = uniqueEmail('adjusted');
  const response = await page.request.post('/api/v1/auth/register', {
    data: { email, password: PASSWORD, date_of_birth: '1990-02-03', country: 'MT', currency: 'EUR' },
  });
  expect(response.status()).toBe(201);
  await login(page, 'compliance@demo.croupier.dev');
  await page.goto(`/backoffice/players?q=${encodeURIComponent(email)}`);
  await hydrated(page);
  await page.getByTestId('player-wallet-link').filter({ hasText: email }).click();
  await expect(page.getByTestId('player-wallet-email')).toHaveText(email);
  await expect(page.getByTestId('player-bonus')).toHaveText('€0.00');

  await page.getByTestId('adjust-amount').fill('5.00');
  await page.getByTestId('adjust-account').selectOption('bonus');
  await page.getByTestId('adjust-reason').fill('Welcome gesture');
  await page.getByTestId('adjust-submit').click();
  await expect(page.getByTestId('adjust-notice')).toContainText('5.00');
  await expect(page.getByTestId('player-bonus')).toHaveText('€5.00');
  await expect(page.getByTestId('ledger-row').first()).toContainText('Adjustment');

  // Cash cannot go below zero.
  await page.getByTestId('adjust-amount').fill('-1.00');
  await page.getByTestId('adjust-account').selectOption('cash');
  await page.getByTestId('adjust-reason').fill('Correction');
  await page.getByTestId('adjust-submit').click();
  await expect(page.getByTestId('adjust-error')).toContainText(/not enough/i);
  expect(errors).toEqual([]);
});
