// Accounts end to end: register, log out, log in, the account page, and
// role checks on the back office.
import { test, expect } from '@playwright/test';
import { hydrated, login, uniqueEmail, watchConsole } from './helpers';

test('a visitor registers, logs out, logs in again and sees the account page', async ({ page }) => {
  const errors = watchConsole(page);
  const email = uniqueEmail('player');
  const password = 'correct-horse-9';

  await page.goto('/register');
  await hydrated(page);
  await page.getByTestId('email').fill(email);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('date_of_birth').fill('1990-04-12');
  await page.getByTestId('country').selectOption('MT');
  await page.getByTestId('currency').selectOption('EUR');
  await page.getByLabel(/18 or older/i).check();
  await page.getByTestId('submit').click();

  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId('account-email')).toHaveText(email);
  await expect(page.getByTestId('header-user')).toContainText(email);

  await page.getByTestId('logout').first().click();
  await expect(page.getByTestId('header-user')).toHaveCount(0);
  await page.goto('/account');
  await expect(page).toHaveURL(/\/login/);

  await login(page, email, password);
  await expect(page.getByTestId('account-email')).toHaveText(email);
  expect(errors).toEqual([]);
});

test('registration shows field errors and refuses the underage', async ({ page }) => {
  await page.goto('/register');
  await hydrated(page);
  await page.getByTestId('email').fill('not-an-email');
  await page.getByTestId('password').fill('short');
  await page.getByTestId('date_of_birth').fill('2015-01-01');
  await page.getByLabel(/18 or older/i).check();
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('error-email')).toBeVisible();
  await expect(page.getByTestId('error-password')).toBeVisible();
  await expect(page).toHaveURL(/\/register/);
});

test('a wrong password is refused with one message', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await page.getByTestId('email').fill('nobody@example.com');
  await page.getByTestId('password').fill('wrong-password-1');
  await page.getByTestId('submit').click();
  await expect(page.getByRole('alert')).toContainText(/incorrect|wrong|invalid/i);
  await expect(page).toHaveURL(/\/login/);
});

test('a player is refused the back office and an admin sees it', async ({ page }) => {
  await login(page, 'player@demo.croupier.dev');
  const refused = await page.goto('/backoffice');
  expect(refused?.status()).toBe(403);
  await expect(page.getByTestId('forbidden')).toBeVisible();
  await expect(page.getByTestId('backoffice-nav')).toHaveCount(0);

  await page.getByTestId('logout').first().click();
  await expect(page.getByTestId('header-user')).toHaveCount(0);
  await login(page, 'admin@demo.croupier.dev');
  const allowed = await page.goto('/backoffice');
  expect(allowed?.status()).toBe(200);
  await expect(page.getByTestId('backoffice-nav')).toBeVisible();
  await expect(page.getByTestId('backoffice-nav')).toContainText('Players');
});

test('a logged-out visitor is sent to the login page from the back office', async ({ page }) => {
  await page.goto('/backoffice');
  await expect(page).toHaveURL(/\/login/);
});

test('an unknown page answers 404 with the app around it', async ({ page }) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/not found/i);
});
