import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

import { hydrated, signUp, unique } from '../support/flows';

/// Every hosted page, signed out or in, and the user menu opened.
const pages: { name: string; path: string; signedIn: boolean; openMenu?: boolean }[] = [
  { name: 'sign-in', path: '/sign-in', signedIn: false },
  { name: 'sign-up', path: '/sign-up', signedIn: false },
  { name: 'signed-out', path: '/signed-out', signedIn: false },
  { name: 'home', path: '/', signedIn: false },
  { name: 'home-signed-in', path: '/', signedIn: true, openMenu: true },
  { name: 'user-profile', path: '/user', signedIn: true },
];

/// Opens the page signed in or out; `interactive` waits for hydration and opens the menu.
async function visit(page: Page, target: (typeof pages)[number], interactive = true) {
  if (target.signedIn) {
    await signUp(page, unique(`a11y-${target.name}`), 'Axel');
    await expect(page.getByLabel('Open user menu')).toBeVisible();
  }
  await page.goto(target.path);
  if (!interactive) return;
  await hydrated(page);
  if (target.openMenu) await page.getByLabel('Open user menu').click();
}

for (const scheme of ['light', 'dark'] as const) {
  for (const target of pages) {
    test(`${target.name} in ${scheme}: no serious or critical axe violation`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await visit(page, target);

      const results = await new AxeBuilder({ page }).analyze();

      const serious = results.violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`);
      expect(serious).toEqual([]);
    });
  }
}

// The layout must hold from a small phone to a desktop: nothing wider than the screen.
// The screenshots are kept in end2end/screenshots/ for a person to look at.
for (const width of [360, 768, 1280]) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`every hosted page fits ${width} px in ${scheme}`, async ({ page }) => {
      test.setTimeout(120_000);
      await page.setViewportSize({ width, height: 800 });
      await page.emulateMedia({ colorScheme: scheme });
      for (const target of pages) {
        if (target.signedIn) await page.context().clearCookies();
        await visit(page, target, false);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${target.name} overflows by ${overflow} px`).toBeLessThanOrEqual(0);
        await page.screenshot({ path: `screenshots/${target.name}-${scheme}-${width}.png`, fullPage: true });
      }
    });
  }
}
