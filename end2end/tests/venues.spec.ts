// Venues end to end: a player with a verified identity gets a loyalty card
// (over the REST API); the admin opens Venues in the back office, creates a
// venue and sees its secret once, with the hint to copy it; the sandbox is
// filled in with the new venue, signs a card lookup and shows the signed
// request (the X-Venue-* headers, never the secret) and this server's
// answer: HTTP 200 with the card. A wrong secret answers 401
// invalid_signature; the venue is listed and can be disabled.
import { test, expect, type APIRequestContext } from '@playwright/test';
import { DEMO_PASSWORD, hydrated, login, shootSizes, uniqueEmail, watchConsole } from './helpers';

const ADMIN = 'admin@demo.croupier.dev';

async function token(request: APIRequestContext, email: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await request.post('/api/v1/auth/login', { data: { email, password } });
  expect(res.status()).toBe(200);
  return (await res.json()).token;
}

/** A new player with a verified identity and a loyalty card: the card number. */
async function cardHolder(request: APIRequestContext): Promise<string> {
  const email = uniqueEmail('venue');
  const registered = await request.post('/api/v1/auth/register', {
    data: { email, password: 'venue-pass-2026', date_of_birth: '1990-01-01', country: 'MT', currency: 'EUR' },
  });
  expect(registered.status()).toBe(201);
  const { player_id: playerId, token: playerToken } = await registered.json();
  const admin = await token(request, ADMIN);
  const kyc = await request.post(`/api/v1/admin/players/${playerId}/kyc`, {
    headers: { Authorization: `Bearer ${admin}` },
    data: { status: 'verified', note: 'browser test' },
  });
  expect(kyc.status()).toBe(200);
  const card = await request.post('/api/v1/loyalty/card', { headers: { Authorization: `Bearer ${playerToken}` }, data: {} });
  expect(card.status()).toBe(201);
  return (await card.json()).card_number;
}

test('an admin creates a venue and looks up a card through the sandbox', async ({ page, request }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  const card = await cardHolder(request);
  const name = `Casino ${Date.now()}`;

  await login(page, ADMIN);
  await page.goto('/backoffice');
  await hydrated(page);
  await page.getByTestId('backoffice-nav').getByRole('link', { name: 'Venues' }).click();
  await expect(page).toHaveURL(/\/backoffice\/venues$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Venues');

  // Create: the secret once, with the hint to copy it.
  await page.getByTestId('venue-create-form').getByTestId('name').fill(name);
  await page.getByTestId('venue-create').click();
  const issued = page.getByTestId('venue-issued');
  await expect(issued).toContainText('not shown again');
  const secret = await page.getByTestId('issued-secret').inputValue();
  const venueId = await page.getByTestId('issued-venue-id').inputValue();
  expect(secret).toMatch(/^[0-9a-f]{64}$/);
  expect(venueId).toMatch(/^[0-9a-f-]{36}$/);
  const row = page.locator(`[data-testid="venue-row"][data-name="${name}"]`);
  await expect(row).toContainText(venueId);
  await expect(row.getByTestId('venue-status')).toHaveText('Active');
  expect(await page.getByTestId('venues-table').textContent()).not.toContain(secret);

  // The sandbox, filled in with the new venue: a signed lookup.
  await expect(page.getByTestId('sandbox-venue_id')).toHaveValue(venueId);
  await expect(page.getByTestId('sandbox-secret')).toHaveValue(secret);
  await page.getByTestId('sandbox-operation').selectOption('lookup');
  await page.getByTestId('sandbox-card_number').fill(card);
  await page.getByTestId('sandbox-send').click();
  await expect(page.getByTestId('sandbox-status')).toHaveText('HTTP 200');
  const request_ = page.getByTestId('sandbox-request');
  await expect(request_).toContainText('/api/venue/v1/cards/lookup');
  await expect(request_).toContainText(`X-Venue-Id: ${venueId}`);
  await expect(request_).toContainText(/X-Venue-Signature: [0-9a-f]{64}/);
  expect(await request_.textContent()).not.toContain(secret);
  await expect(page.getByTestId('sandbox-answer')).toContainText(card);
  await shootSizes(page, 'venues', 'sandbox', { noSideScroll: true, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  // A wrong secret is refused.
  await page.getByTestId('sandbox-secret').fill('not-the-secret');
  await page.getByTestId('sandbox-send').click();
  await expect(page.getByTestId('sandbox-status')).toHaveText('HTTP 401');
  await expect(page.getByTestId('sandbox-answer')).toContainText('invalid_signature');

  // Disable it.
  await row.getByTestId('venue-disable').click();
  await expect(page.getByTestId('venue-notice')).toContainText('is disabled');
  await expect(row.getByTestId('venue-status')).toHaveText('Disabled');
  expect(errors).toEqual([]);
});
