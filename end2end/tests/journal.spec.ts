import { expect, test, type Page } from '@playwright/test';

// The journal demo at `/`: entries belong to the person who wrote them.

const PASSWORD = 'correct horse battery staple 42';
const unique = (name: string) => `${name}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

/// Signs up a fresh account through the hosted page; it lands on the journal, signed in.
async function signUp(page: Page, firstName: string) {
  await page.goto('/sign-up');
  await page.getByLabel('First name').fill(firstName);
  await page.getByLabel('Email address').fill(`${unique(firstName.toLowerCase())}@example.com`);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('user-label')).toHaveText(firstName);
}

/// Waits until the WASM has taken over the page, so a test exercises the inline path.
async function hydrated(page: Page) {
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.endsWith('.wasm')));
  await page.waitForLoadState('networkidle');
}

async function write(page: Page, text: string) {
  await page.getByLabel('New entry').fill(text);
  await page.getByRole('button', { name: 'Save entry' }).click();
}

const entries = (page: Page) => page.locator('.hp-journal-entry');

test('an entry is visible to its author only', async ({ page, browser }) => {
  const secret = `Ada's secret ${unique('entry')}`;
  await signUp(page, 'Ada');
  await hydrated(page);
  await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same document'));

  await write(page, secret);

  await expect(entries(page).filter({ hasText: secret })).toHaveCount(1);
  await expect(page.getByLabel('New entry')).toHaveValue('');
  expect(await page.evaluate(() => (window as unknown as { marker: string }).marker)).toBe('same document');
  await page.reload();
  await expect(entries(page).filter({ hasText: secret })).toHaveCount(1);

  // Another person, in a browser of their own.
  const other = await browser.newContext();
  const bob = await other.newPage();
  await signUp(bob, 'Bob');
  await expect(bob.getByText('No entries yet.')).toBeVisible();
  await expect(bob.getByText(secret)).toHaveCount(0);
  await bob.goto('/');
  await expect(bob.getByText(secret)).toHaveCount(0);
  await other.close();

  // Signed out, nobody sees it either.
  await page.getByLabel('Open user menu').click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'A journal only you can read' })).toBeVisible();
  await expect(page.getByText(secret)).toHaveCount(0);
});

test('with JavaScript: entries are deleted inline, and a blank one is refused', async ({ page }) => {
  await signUp(page, 'Dana');
  await hydrated(page);
  await write(page, 'to be kept');
  await expect(entries(page)).toHaveCount(1);
  await write(page, 'to be deleted');
  await expect(entries(page)).toHaveCount(2);
  await expect(entries(page).first()).toContainText('to be deleted');

  await entries(page).filter({ hasText: 'to be deleted' }).getByRole('button', { name: /^Delete/ }).click();

  await expect(entries(page)).toHaveCount(1);
  await expect(entries(page).first()).toContainText('to be kept');

  await write(page, '   ');
  await expect(page.getByText('Write something before saving the entry.')).toBeVisible();
  await expect(page.getByLabel('New entry')).toHaveAttribute('aria-invalid', 'true');
  await expect(entries(page)).toHaveCount(1);
});

test.describe('with JavaScript disabled', () => {
  test.use({ javaScriptEnabled: false });

  test('write, see, and delete an entry with plain form posts', async ({ page }) => {
    await signUp(page, 'Noor');

    await write(page, 'written without a script');
    await expect(page).toHaveURL(/\/\??$/);
    await expect(entries(page).filter({ hasText: 'written without a script' })).toHaveCount(1);

    await write(page, '   ');
    await expect(page.getByText('Write something before saving the entry.')).toBeVisible();
    await expect(entries(page)).toHaveCount(1);

    await entries(page).getByRole('button', { name: /^Delete/ }).click();
    await expect(page.getByText('No entries yet.')).toBeVisible();
  });
});
