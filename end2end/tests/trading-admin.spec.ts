// The trading back office end to end, in the browser only: the demo trader
// creates an event with the create-event form, adds an outright and a line
// market with the add-market form (keyboard for the dynamic selection list,
// a refused line first), sets market and selection limits, and creates a
// teaser table. Screenshots of each page on a phone and a desktop for review;
// nothing may scroll sideways on the phone.
import { test, expect, type Locator, type Page } from '@playwright/test';
import { hydrated, login, shootSizes, watchConsole } from './helpers';

const TRADER = 'trader@demo.croupier.dev';

function shoot(page: Page, name: string): Promise<void> {
  return shootSizes(page, 'trading', name, { fullPage: true, noSideScroll: true });
}

/** Opens a `<details>` by its summary unless it is open already. */
async function open(details: Locator): Promise<void> {
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click();
  await expect(details).toHaveAttribute('open', '');
}

/** `YYYY-MM-DDTHH:MM` a day ahead, as a datetime-local input takes it. */
function tomorrow(): string {
  return new Date(Date.now() + 86_400_000).toISOString().slice(0, 16);
}

test('a trader creates an event, adds markets, sets limits and a teaser table', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  const tag = `${Date.now()}`;
  const eventName = `Ravens ${tag} v Wolves`;
  await login(page, TRADER);

  // Create the event with its first market.
  await page.goto('/backoffice/trading');
  await hydrated(page);
  // An empty betslip stays off the consoles.
  await expect(page.getByTestId('betslip-toggle')).toBeHidden();
  const create = page.getByTestId('create-event');
  await create.getByLabel('Sport').fill('Football');
  await create.getByLabel('Competition').fill('E2E Trading League');
  await create.getByLabel('Event').fill(eventName);
  await create.getByLabel('Starts (UTC)').fill(tomorrow());
  await create.getByLabel('Market name').fill('Match result');
  await create.getByLabel('Selection 1', { exact: true }).fill('Ravens');
  await create.getByLabel('Odds of selection 1').fill('2.10');
  await create.getByLabel('Selection 2', { exact: true }).fill('Wolves');
  await create.getByLabel('Odds of selection 2').fill('3.20');
  await create.getByLabel('Selection 3', { exact: true }).fill('Draw');
  await create.getByLabel('Odds of selection 3').fill('3.30');
  await create.getByRole('button', { name: 'Create event' }).click();
  await expect(create.getByTestId('trade-answer')).toHaveAttribute('data-ok', 'true');
  await expect(create.getByTestId('trade-answer')).toContainText(eventName);
  await shoot(page, 'events');
  await create.getByRole('link', { name: 'Open the new event' }).click();
  await expect(page.getByTestId('trading-event-name')).toHaveText(eventName);
  await hydrated(page);
  await expect(page.getByTestId('trading-market')).toHaveCount(1);

  // An outright with four selections; the fourth row is added and filled
  // from the keyboard.
  const form = page.getByTestId('add-market');
  await form.getByLabel('Market name').fill('Top scorer');
  await form.getByLabel('Kind').selectOption('outright');
  await expect(form.getByLabel(/^Line/)).toHaveCount(0);
  await expect(form.getByTestId('add-market-selection')).toHaveCount(3);
  const names = ['Smith', 'Jones', 'Brown', 'Taylor'];
  const odds = ['4.50', '5.00', '6.00', '8.00'];
  for (let i = 0; i < 3; i++) {
    await form.getByLabel(`Selection ${i + 1} name`).fill(names[i]);
    await form.getByLabel(`Selection ${i + 1} odds`).fill(odds[i]);
  }
  await form.getByTestId('add-selection').focus();
  await page.keyboard.press('Enter');
  await expect(form.getByTestId('add-market-selection')).toHaveCount(4);
  await expect(form.getByLabel('Selection 4 name')).toBeFocused();
  await page.keyboard.type(names[3]);
  await page.keyboard.press('Tab');
  await expect(form.getByLabel('Selection 4 odds')).toBeFocused();
  await page.keyboard.type(odds[3]);
  // A fifth row, removed again.
  await form.getByTestId('add-selection').click();
  await expect(form.getByTestId('add-market-selection')).toHaveCount(5);
  await form.getByRole('button', { name: 'Remove selection 5' }).click();
  await expect(form.getByTestId('add-market-selection')).toHaveCount(4);
  await form.getByTestId('add-market-submit').click();
  await expect(form.getByTestId('trade-answer')).toHaveAttribute('data-ok', 'true');
  await expect(form.getByTestId('trade-answer')).toHaveText('Market “Top scorer” added.');
  await expect(page.getByTestId('trading-market')).toHaveCount(2);
  const outright = page.getByRole('region', { name: 'Top scorer' });
  for (let i = 0; i < names.length; i++) await expect(outright.getByLabel(`Odds of ${names[i]}`)).toHaveValue(odds[i]);
  // The form is cleared for the next market.
  await expect(form.getByLabel('Market name')).toHaveValue('');

  // A total: two rows with their sides; a quarter line is refused and the
  // answer says why, then a half line is taken.
  await form.getByLabel('Market name').fill('Total goals');
  await form.getByLabel('Kind').selectOption('total');
  await expect(form.getByTestId('add-market-selection')).toHaveCount(2);
  await expect(form.getByTestId('add-selection')).toBeHidden();
  await expect(form.getByLabel('Selection 1 side')).toHaveValue('over');
  await expect(form.getByLabel('Selection 2 side')).toHaveValue('under');
  await form.getByLabel('Selection 1 name').fill('Over');
  await form.getByLabel('Selection 1 odds').fill('1.90');
  await form.getByLabel('Selection 2 name').fill('Under');
  await form.getByLabel('Selection 2 odds').fill('1.95');
  await form.getByLabel(/^Line/).fill('2.3');
  await form.getByTestId('add-market-submit').click();
  await expect(form.getByTestId('trade-answer')).toHaveAttribute('data-ok', 'false');
  await expect(form.getByTestId('trade-answer')).toContainText(/line/i);
  await expect(form.getByLabel('Market name')).toHaveValue('Total goals');
  await expect(page.getByTestId('trading-market')).toHaveCount(2);
  await shoot(page, 'add-market-refused');
  await form.getByLabel(/^Line/).fill('2.5');
  await form.getByTestId('add-market-submit').click();
  await expect(form.getByTestId('trade-answer')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('trading-market')).toHaveCount(3);
  const total = page.getByRole('region', { name: 'Total goals' });
  await expect(total.getByRole('heading')).toHaveText('Total goals (2.5)');
  await expect(total.getByLabel('Odds of Over')).toHaveValue('1.90');
  await expect(total.getByLabel('Odds of Under')).toHaveValue('1.95');
  await expect(total.getByText('over', { exact: true })).toBeVisible();
  await expect(total.getByText('under', { exact: true })).toBeVisible();

  // Market limits on the total, then a selection limit on Over.
  await open(total.getByTestId('limits'));
  const marketLimits = total.getByTestId('market-limits');
  await marketLimits.getByLabel('Max stake', { exact: true }).fill('50');
  await marketLimits.getByLabel('Liability limit', { exact: true }).fill('1000');
  await marketLimits.getByLabel('Auto-suspend at the liability limit').check();
  await shoot(page, 'limits');
  await marketLimits.getByRole('button', { name: 'Save market limits' }).click();
  await expect(page.getByTestId('trade-answer').first()).toHaveAttribute('data-ok', 'true');
  const totalAgain = page.getByRole('region', { name: 'Total goals' });
  await expect(totalAgain.getByTestId('market-limits-summary')).toContainText('max stake 50');
  await expect(totalAgain.getByTestId('market-limits-summary')).toContainText('liability limit 1000');
  await expect(totalAgain.getByTestId('market-limits-summary')).toContainText('auto-suspend on');

  await open(totalAgain.getByTestId('limits'));
  const over = totalAgain.getByTestId('selection-limits').first();
  await over.getByLabel('Max stake on Over').fill('20');
  await over.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('trade-answer').first()).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('trade-answer').first()).toContainText('Limits of Over saved.');
  await expect(
    page.getByRole('region', { name: 'Total goals' }).getByTestId('selection-limits').first().getByTestId('selection-limits-summary'),
  ).toContainText('max stake 20');
  await open(page.getByRole('region', { name: 'Total goals' }).getByTestId('limits'));
  await shoot(page, 'event');

  // Suspended by the trader, the market says who holds it; resumed, it
  // says nothing.
  const totalNow = () => page.getByRole('region', { name: 'Total goals' });
  await totalNow().getByTestId('toggle-suspend').click();
  await expect(totalNow().getByTestId('market-status')).toHaveText('suspended');
  await expect(totalNow().getByTestId('suspended-by')).toHaveText('by trader');
  await expect(totalNow().getByTestId('toggle-suspend')).toHaveText('Resume');
  await shoot(page, 'suspended');
  await totalNow().getByTestId('toggle-suspend').click();
  await expect(totalNow().getByTestId('market-status')).toHaveText('open');
  await expect(totalNow().getByTestId('suspended-by')).toHaveCount(0);

  // A teaser table.
  await page.goto('/backoffice/trading/teasers');
  await hydrated(page);
  const teaser = page.getByTestId('teaser-form');
  await teaser.getByLabel('Points (e.g. 6 or 6.5)').fill('7.5');
  await teaser.getByLabel('2 legs').fill('1.80');
  await teaser.getByLabel('3 legs').fill('2.60');
  await teaser.getByRole('button', { name: 'Save table' }).click();
  await expect(teaser.getByTestId('trade-answer')).toHaveAttribute('data-ok', 'true');
  await expect(teaser.getByTestId('trade-answer')).toHaveText('7.5-point teaser table saved.');
  const table = page.locator('[data-testid="teaser-table"][data-points="7.5"]');
  await expect(table).toContainText('7.5 points');
  await expect(table).toContainText('2 legs 1.8');
  await expect(table).toContainText('3 legs 2.6');
  await shoot(page, 'teasers');

  expect(errors).toEqual([]);
});

test('only traders may add a market: the server refuses players and visitors', async ({ page }) => {
  const input = {
    event_id: '00000000-0000-4000-8000-000000000000',
    name: 'Sneaky',
    kind: 'moneyline',
    line: '',
    selections: [
      { name: 'A', side: '', odds: '2.00' },
      { name: 'B', side: '', odds: '2.00' },
    ],
  };
  const anonymous = await page.request.post('/rpc/trading_add_market', { data: { input } });
  expect(anonymous.status()).toBe(401);
  await login(page, 'player@demo.croupier.dev');
  const player = await page.request.post('/rpc/trading_add_market', { data: { input } });
  expect(player.status()).toBe(403);
});
