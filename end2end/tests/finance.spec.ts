// Finance back office: an admin uploads the ECB reference rates file on the
// FX page and sees the imported rates; re-uploading the same day changes
// nothing.
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { hydrated, login, watchConsole } from './helpers';

const ECB_FILE = path.resolve(__dirname, '../../server/tests/fixtures/ecb-eurofxref-daily.xml');

test('an admin uploads the ECB rates and sees them', async ({ page }) => {
  const errors = watchConsole(page);
  await login(page, 'admin@demo.croupier.dev');
  await page.goto('/backoffice');
  await hydrated(page);
  await page.getByTestId('backoffice-nav').getByRole('link', { name: 'FX rates' }).click();
  await expect(page).toHaveURL(/\/backoffice\/fx$/);
  await expect(page.getByRole('heading', { name: 'FX rates', level: 1 })).toBeVisible();

  await page.getByTestId('fx-file').setInputFiles(ECB_FILE);
  await expect(page.getByTestId('fx-xml')).toHaveValue(/gesmes:Envelope/);
  await page.getByTestId('fx-import').click();
  await expect(page.getByTestId('fx-notice')).toContainText('Imported 1 day(s) (2026-11-30)');

  const usd = page.getByTestId('fx-history').locator('tr[data-quote="USD"]').first();
  await expect(usd).toContainText('EUR/USD');
  await expect(usd).toContainText('1.0512');
  await expect(usd).toContainText('2026-11-30');
  await expect(page.getByTestId('fx-history').locator('tr[data-quote="JPY"]').first()).toContainText('161.23');

  // The same file again: idempotent.
  await page.getByTestId('fx-import').click();
  await expect(page.getByTestId('fx-notice')).toContainText('0 new, 30 unchanged');

  // Broken input is refused with a reason, nothing else changes.
  await page.getByTestId('fx-xml').fill('<html>not rates</html>');
  await page.getByTestId('fx-import').click();
  await expect(page.getByTestId('fx-notice')).toContainText('not a valid ECB reference-rates file');
  expect(errors).toEqual([]);
});
