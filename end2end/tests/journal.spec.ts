import { expect, test, type Page } from '@playwright/test';

import { hydrated, signUp as signUpWith, unique } from '../support/flows';

// The journal demo at `/`: entries belong to the person who wrote them. One story: Ada
// writes with JavaScript, Bob reads (and writes) in a browser of his own without it.

/// Signs up a fresh account through the hosted page; it lands on the journal, signed in.
async function signUp(page: Page, firstName: string) {
  await signUpWith(page, unique(firstName.toLowerCase()), firstName);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('user-label')).toHaveText(firstName);
}

async function write(page: Page, text: string) {
  await page.getByLabel('New entry').fill(text);
  await page.getByRole('button', { name: 'Save entry' }).click();
}

const entries = (page: Page) => page.locator('.hp-journal-entry');
const marker = (page: Page) => page.evaluate(() => (window as unknown as { marker?: string }).marker);

test('an entry is visible to its author only', async ({ page, browser }) => {
  test.setTimeout(60_000);
  // A hydration mismatch panics the WASM, and the page silently falls back to full reloads.
  const crashes: string[] = [];
  page.on('pageerror', (error) => crashes.push(error.message));
  const secret = `Ada's secret ${Date.now()}`;

  // Ada, with JavaScript: writing, refusing a blank entry and deleting all happen inline.
  await signUp(page, 'Ada');
  await hydrated(page);
  await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same document'));
  await write(page, secret);
  await expect(entries(page).filter({ hasText: secret })).toHaveCount(1);
  await expect(page.getByLabel('New entry')).toHaveValue('');
  await write(page, 'to be deleted');
  await expect(entries(page)).toHaveCount(2);
  await expect(entries(page).first()).toContainText('to be deleted');
  await entries(page).filter({ hasText: 'to be deleted' }).getByRole('button', { name: /^Delete/ }).click();
  await expect(entries(page)).toHaveCount(1);
  await write(page, '   ');
  await expect(page.getByText('Write something before saving the entry.')).toBeVisible();
  await expect(page.getByLabel('New entry')).toHaveAttribute('aria-invalid', 'true');
  expect(await marker(page)).toBe('same document');
  await page.reload();
  await expect(entries(page).filter({ hasText: secret })).toHaveCount(1);
  await hydrated(page);
  expect(crashes).toEqual([]);

  // Bob, in a browser of his own with JavaScript off: plain form posts, and no sign of Ada's entry.
  const other = await browser.newContext({ javaScriptEnabled: false });
  const bob = await other.newPage();
  await signUp(bob, 'Bob');
  await expect(bob.getByText('No entries yet.')).toBeVisible();
  await expect(bob.getByText(secret)).toHaveCount(0);
  await write(bob, 'written without a script');
  await expect(entries(bob).filter({ hasText: 'written without a script' })).toHaveCount(1);
  await write(bob, '   ');
  await expect(bob.getByText('Write something before saving the entry.')).toBeVisible();
  await entries(bob).getByRole('button', { name: /^Delete/ }).click();
  await expect(bob.getByText('No entries yet.')).toBeVisible();
  await expect(bob.getByText(secret)).toHaveCount(0);
  await other.close();

  // Ada's journal has only her entry, and signed out nobody sees it.
  await page.reload();
  await expect(entries(page)).toHaveCount(1);
  await expect(entries(page).first()).toContainText(secret);
  await hydrated(page);
  await page.getByLabel('Open user menu').click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'A journal only you can read' })).toBeVisible();
  await expect(page.getByText(secret)).toHaveCount(0);
});
