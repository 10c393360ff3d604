import { expect, test } from '@playwright/test';

test('hydration: switching a tab changes the page without a reload', async ({ page }) => {
  let navigations = 0;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations += 1;
  });
  await page.goto('/');
  await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same document'));
  const snippet = page.getByTestId('snippet');
  await expect(snippet).toContainText('./hallpass serve');

  // Clicks before the WASM has hydrated the page do nothing: retry until one lands.
  await expect(async () => {
    await page.getByRole('tab', { name: 'PostgreSQL' }).click();
    await expect(snippet).toContainText('DATABASE_URL=postgres://', { timeout: 500 });
  }).toPass({ timeout: 15_000 });

  await expect(page.getByRole('tab', { name: 'PostgreSQL' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab', { name: 'Run' })).toHaveAttribute('aria-selected', 'false');
  expect(await page.evaluate(() => (window as unknown as { marker: string }).marker)).toBe('same document');
  expect(navigations).toBe(1);
});

test('hydration: "Check again" asks the server through its server function', async ({ page }) => {
  await page.goto('/');
  await expect(async () => {
    const answered = page.waitForResponse(
      (r) => r.url().endsWith('/api/check_status') && r.request().method() === 'POST',
      { timeout: 1_000 },
    );
    await page.getByRole('button', { name: 'Check again' }).click();
    expect((await answered).status()).toBe(200);
  }).toPass({ timeout: 15_000 });

  await expect(page.getByTestId('status')).toContainText('is running and its database is reachable');
});

test.describe('with JavaScript disabled', () => {
  test.use({ javaScriptEnabled: false });

  test('the server-rendered page is complete and styled', async ({ page }) => {
    await page.goto('/');

    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign-in and user management for Rust web apps');
    await expect(page.getByTestId('status')).toContainText('is running and its database is reachable');
    await expect(page.getByTestId('snippet')).toContainText('./hallpass serve');
    // Values no browser default gives: Tailwind's `text-4xl` (36px, where a bare h1 is 32px)
    // and `bg-slate-900` reached the page, so the stylesheet loaded.
    await expect(page.getByRole('heading', { level: 1 })).toHaveCSS('font-size', '36px');
    await expect(page.locator('#quickstart-panel')).not.toHaveCSS('background-color', 'rgba(0, 0, 0, 0)');
  });
});

test('unknown pages show the not-found page with a 404', async ({ page }) => {
  const response = await page.goto('/no/such/page');

  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});
