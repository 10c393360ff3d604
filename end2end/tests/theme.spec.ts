import { expect, test } from '@playwright/test';

// The hosted pages follow the visitor's colour scheme through the --hp-* variables.
for (const [scheme, background, text] of [
  ['light', 'rgb(255, 255, 255)', 'rgb(15, 23, 42)'],
  ['dark', 'rgb(15, 23, 42)', 'rgb(241, 245, 249)'],
] as const) {
  test(`the sign-in page follows the ${scheme} colour scheme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/sign-in');

    const card = page.locator('.hp-card');
    await expect(card).toHaveCSS('background-color', background);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toHaveCSS('color', text);
  });
}
