import { expect, test, type Page, type Response } from '@playwright/test';

import { PASSWORD, hydrated, signIn, signUp, unique } from '../support/flows';

// Every page runs under a Content-Security-Policy that lets only scripts carrying the
// response's nonce run (and what they load). The islands bundles and the journal's full
// bundle must still hydrate and work under it, with no violation reported.

/// Everything the page reports against its policy: `securitypolicyviolation` events
/// (from a script Playwright injects, which the policy does not govern) and the console
/// errors where Chromium logs each refused load.
async function watchPolicy(page: Page) {
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });
  const violations: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' && (text.startsWith('CSP violation') || text.includes('Content Security Policy'))) {
      violations.push(text);
    }
  });
  return violations;
}

/// The script nonce a page's policy names, checking the policy carries one.
function nonceOf(response: Response | null): string {
  const policy = response?.headers()['content-security-policy'] ?? '';
  const nonce = /script-src 'nonce-([^']+)' 'strict-dynamic'/.exec(policy)?.[1];
  expect(nonce, policy).toBeTruthy();
  return nonce as string;
}

test('the hosted pages and the journal hydrate under the policy without a violation', async ({ page }) => {
  test.setTimeout(60_000);
  const violations = await watchPolicy(page);
  const assets: Response[] = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.startsWith('/pkg/')) assets.push(response);
  });
  const email = unique('csp');

  // The sign-up island, inline: the account is created and the journal takes over.
  const signUpPage = await page.goto('/sign-up');
  nonceOf(signUpPage);
  await hydrated(page);
  await signUp(page, email, 'Cyd');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('user-label')).toHaveText('Cyd');

  // The journal's full bundle: an entry is written inline.
  await hydrated(page);
  await page.getByLabel('New entry').fill('written under a strict policy');
  await page.getByRole('button', { name: 'Save entry' }).click();
  await expect(page.locator('.hp-journal-entry').filter({ hasText: 'written under a strict policy' })).toHaveCount(1);

  // The account page's islands bundle.
  await page.goto('/user');
  await hydrated(page);
  await expect(page.locator('.hp-email-address').filter({ hasText: email })).toBeVisible();

  // The sign-in island, in a fresh browser: a wrong password is answered inline, without
  // a reload, then the right one signs in.
  const signedOut = await page.context().browser()!.newContext();
  const visitor = await signedOut.newPage();
  const visitorViolations = await watchPolicy(visitor);
  const first = nonceOf(await visitor.goto('/sign-in'));
  await hydrated(visitor);
  await visitor.evaluate(() => ((window as unknown as { marker: string }).marker = 'same document'));
  await signIn(visitor, email, 'not the password at all');
  await expect(visitor.getByText('The identifier or password is incorrect.')).toBeVisible();
  expect(await visitor.evaluate(() => (window as unknown as { marker: string }).marker)).toBe('same document');
  await signIn(visitor, email, PASSWORD);
  await expect(visitor.getByTestId('user-label')).toHaveText('Cyd');
  expect(nonceOf(await visitor.goto('/sign-in'))).not.toBe(first);
  await signedOut.close();

  expect(violations).toEqual([]);
  expect(visitorViolations).toEqual([]);
  // The bundles themselves stay cacheable: revalidated, never `no-store`.
  expect(assets.length).toBeGreaterThan(0);
  for (const asset of assets) {
    expect(asset.headers()['cache-control'], asset.url()).toBe('no-cache');
  }
});
