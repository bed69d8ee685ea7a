// The player app in English, Spanish and Portuguese: the language comes
// from the `lang` cookie the switcher sets, else the browser's
// Accept-Language, else English; the server renders it (and `<html lang>`),
// the page hydrates in it without console errors (no hydration mismatch),
// and the choice survives a reload. Amounts and times follow the language.
import { test, expect, type Page } from '@playwright/test';
import { hydrated, login, watchConsole } from './helpers';

const PLAYER = 'player@demo.croupier.dev';

/** English day and month words a translated page should not show in times. */
const ENGLISH_TIME = /\b(Today|Tomorrow|Yesterday|Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Apr|Aug|Sep|Oct|Dec)\b/;

/** Picks a language in the phone menu and waits for the page to come back in it. */
async function switchOnPhone(page: Page, tag: 'en' | 'es' | 'pt'): Promise<void> {
  await page.getByTestId('menu-toggle').click();
  const switcher = page.getByTestId('language-switcher-mobile');
  await expect(switcher).toBeVisible();
  await switcher.getByTestId(`lang-${tag}`).click();
  await expect(page.locator('html')).toHaveAttribute('lang', tag);
  await hydrated(page);
}

test('a visitor switches to Spanish on a phone: home, sports and the betslip, and it survives a reload', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await hydrated(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { name: 'Live and upcoming' })).toBeVisible();

  await switchOnPhone(page, 'es');
  await expect(page.getByRole('heading', { name: 'En vivo y próximos' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Todos los deportes →' })).toBeVisible();
  await expect(page.getByTestId('rg-note')).toContainText('Juega con responsabilidad');
  // The switcher is labelled and says which language is on.
  await page.getByTestId('menu-toggle').click();
  const group = page.getByRole('group', { name: 'Idioma' }).last();
  await expect(group).toBeVisible();
  await expect(group.getByTestId('lang-es')).toHaveAttribute('aria-pressed', 'true');
  await expect(group.getByTestId('lang-en')).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('mobile-menu').getByRole('link', { name: 'Deportes' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.screenshot({ path: 'end2end/test-results/screens/i18n-home-es-390.png', fullPage: true });

  // The cookie keeps it.
  await page.reload();
  await hydrated(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page.getByRole('heading', { name: 'En vivo y próximos' })).toBeVisible();

  await page.goto('/sports');
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Deportes' })).toBeVisible();
  await expect(page.getByText('Próximos eventos. Elige una cuota')).toBeVisible();
  const firstTime = page.getByTestId('event-card').first().locator('time');
  await expect(firstTime).not.toHaveText(ENGLISH_TIME);
  await expect(firstTime).not.toHaveText(/UTC$/);

  // The betslip speaks Spanish too.
  const odds = page.locator('[data-testid="odds-button"]:not([disabled])').first();
  await odds.click();
  const toggle = page.getByTestId('betslip-toggle');
  await expect(toggle).toContainText('Boleto');
  await toggle.click();
  const slip = page.getByTestId('betslip');
  await expect(slip).toBeVisible();
  await expect(slip.getByRole('heading')).toContainText('Boleto de apuestas');
  await expect(slip.getByText('Tipo de apuesta')).toBeVisible();
  await expect(slip.getByText('Importe por apuesta simple')).toBeVisible();
  await expect(page.getByTestId('betslip-hint')).toHaveText('Introduce tu importe para ver la ganancia potencial.');
  await expect(slip.getByRole('link', { name: 'Inicia sesión para apostar' })).toBeVisible();
  await page.screenshot({ path: 'end2end/test-results/screens/i18n-betslip-es-390.png' });
  await page.getByTestId('betslip-close').click();
  // Leave the slip empty for the next steps.
  await odds.click();

  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  expect(errors).toEqual([]);
});

test('a player in Portuguese sees amounts as 1.234,56 €; the desktop header switches back to English', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page, PLAYER);
  await page.goto('/');
  await hydrated(page);
  await switchOnPhone(page, 'pt');
  await expect(page.getByRole('heading', { name: 'Ao vivo e próximos' })).toBeVisible();
  await expect(page.getByTestId('home-balance')).toHaveText(/^[0-9.]+,[0-9]{2}\u00a0€$/);

  await page.goto('/wallet');
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Carteira' })).toBeVisible();
  await expect(page.getByTestId('balance-cash')).toHaveText(/^[0-9.]+,[0-9]{2}\u00a0€$/);

  await page.goto('/bets');
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Minhas apostas' })).toBeVisible();

  await page.setViewportSize({ width: 1280, height: 800 });
  const header = page.getByTestId('language-switcher');
  await expect(header).toBeVisible();
  await expect(header.getByTestId('lang-pt')).toHaveAttribute('aria-pressed', 'true');
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, 'the header with the switcher fits 1280 px').toBeLessThanOrEqual(1280);
  // Keyboard: focus the English button and press Enter.
  await header.getByTestId('lang-en').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'My bets' })).toBeVisible();
  await expect(page.getByTestId('header-balance')).toHaveText(/^€[0-9,]+\.[0-9]{2}$/);
  expect(errors).toEqual([]);
});

test('without a cookie the browser language decides, and English is the default', async ({ browser, baseURL }) => {
  for (const [locale, lang, heading] of [
    ['pt-BR', 'pt', 'Ao vivo e próximos'],
    ['es-MX', 'es', 'En vivo y próximos'],
    ['fr-FR', 'en', 'Live and upcoming'],
  ] as const) {
    const context = await browser.newContext({ locale, baseURL });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto('/');
    await hydrated(page);
    await expect(page.locator('html'), locale).toHaveAttribute('lang', lang);
    await expect(page.getByRole('heading', { name: heading })).toBeVisible();
    expect(errors, locale).toEqual([]);
    await context.close();
  }
});

test('with the lang=es cookie the casino lobby and the responsible-gaming page speak Spanish', async ({ page, context, baseURL }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  await context.addCookies([{ name: 'lang', value: 'es', url: baseURL ?? 'http://127.0.0.1:3000' }]);

  // Casino categories come from the server as codes and show translated.
  await page.goto('/casino');
  await hydrated(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page.getByTestId('category-slots')).toHaveText('Tragaperras');
  await expect(page.getByTestId('category-table')).toHaveText('Mesa');

  // The responsible-gaming page: headings, the limit form and its options.
  await login(page, PLAYER);
  await page.goto('/responsible-gaming');
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Juego responsable' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Límites' })).toBeVisible();
  await expect(page.getByTestId('limit-save')).toHaveText('Guardar límite');
  await expect(page.getByTestId('limit-kind').locator('option[value="loss"]')).toHaveText('Pérdida');
  await expect(page.getByTestId('loss-alert-save')).toHaveText('Guardar alerta');
  expect(errors).toEqual([]);
});
