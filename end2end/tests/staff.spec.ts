// Staff accounts end to end: an admin creates a marketing user on the
// back office's Staff page, and that user logs in with the marketing role
// and without the admin's pages.
import { test, expect } from '@playwright/test';
import { hydrated, login, shootSizes, uniqueEmail, watchConsole } from './helpers';

test('an admin creates a marketing user who then logs in', async ({ page }) => {
  const errors = watchConsole(page);
  const email = uniqueEmail('marketing');
  const password = 'staff-pass-2026';

  await login(page, 'admin@demo.croupier.dev');
  await page.goto('/backoffice');
  await hydrated(page);
  const nav = page.getByTestId('backoffice-nav');
  await nav.getByRole('link', { name: 'Staff' }).click();
  await expect(page).toHaveURL(/\/backoffice\/staff$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Staff');

  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByTestId('new-role-marketing').check();
  await page.getByTestId('staff-create').click();
  await expect(page.getByTestId('staff-notice')).toContainText('can now log in');

  const row = page.locator(`[data-testid="staff-row"][data-email="${email}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId('staff-status')).toHaveText('Active');
  await expect(row.getByTestId('row-role-marketing')).toBeChecked();
  await expect(row.getByTestId('row-role-admin')).not.toBeChecked();
  await shootSizes(page, 'staff', 'list', { noSideScroll: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(errors).toEqual([]);

  await page.getByTestId('logout').first().click();
  await expect(page.getByTestId('header-user')).toHaveCount(0);
  await login(page, email, password);
  await page.goto('/backoffice');
  await expect(page.getByTestId('backoffice-roles')).toHaveText('marketing');
  await expect(page.getByTestId('backoffice-nav')).not.toContainText('Staff');
  const refused = await page.goto('/backoffice/staff');
  expect(refused?.status()).toBe(403);
  await expect(page.getByTestId('forbidden')).toBeVisible();
});
