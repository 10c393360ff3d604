import { expect, test } from '@playwright/test';

// The start page `hallpass serve` renders: the journal demo, here signed out.

test.describe('with JavaScript disabled', () => {
  test.use({ javaScriptEnabled: false });

  test('the server-rendered start page is complete and styled', async ({ page }) => {
    await page.goto('/');

    await expect(page.getByRole('heading', { level: 1 })).toHaveText('A journal only you can read');
    await expect(page.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/sign-in');
    await expect(page.getByRole('link', { name: 'Sign up' })).toHaveAttribute('href', '/sign-up');
    await expect(page.getByTestId('status')).toContainText('is running and its database is reachable');
    // Values no browser default gives: Tailwind's `text-3xl` (30px, where a bare h1 is 32px)
    // and the card's theme background reached the page, so the stylesheet loaded.
    await expect(page.getByRole('heading', { level: 1 })).toHaveCSS('font-size', '30px');
    await expect(page.locator('.hp-journal-intro')).not.toHaveCSS('background-color', 'rgba(0, 0, 0, 0)');
  });
});

test('unknown pages show the not-found page with a 404', async ({ page }) => {
  const response = await page.goto('/no/such/page');

  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});
