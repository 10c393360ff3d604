import { expect, test } from '@playwright/test';

import { startServer, type RunningServer } from '../support/server';
import { PASSWORD, hydrated, signOut, unique } from '../support/flows';

// An instance of its own whose session tokens live 15 s, so refreshes come every few
// seconds and a test can count them.
let server: RunningServer;
test.beforeAll(async () => {
  server = await startServer(process.env.E2E_BINARY_PATH!, { HALLPASS_SESSION_TOKEN_LIFETIME_SECS: '15' });
});
test.afterAll(async () => server.stop());

test('two open tabs keep the session fresh without doubling the refreshes', async ({ browser }) => {
  test.setTimeout(90_000);
  const context = await browser.newContext({ baseURL: server.url });
  const first = await context.newPage();
  await first.goto('/sign-up');
  await hydrated(first);
  await first.getByLabel('First name').fill('Tab');
  await first.getByLabel('Email address').fill(unique('tabs'));
  await first.getByLabel('Password').fill(PASSWORD);
  await first.getByRole('button', { name: 'Sign up' }).click();
  await expect(first.getByTestId('user-label')).toHaveText('Tab');
  const second = await context.newPage();
  await second.goto('/user');
  await hydrated(second);

  let refreshes = 0;
  context.on('request', (request) => {
    if (request.url().endsWith('/api/session_token')) refreshes += 1;
  });
  // Token 15 s, refreshed 10 s before expiry: about one refresh every 5 s for the
  // browser, however many tabs it has open. Two tabs on their own would make ~12.
  await first.waitForTimeout(30_000);

  expect(refreshes).toBeGreaterThanOrEqual(3);
  expect(refreshes).toBeLessThanOrEqual(8);
  await second.reload();
  await expect(second.getByLabel('Open user menu')).toBeVisible();

  await signOut(first);
  await expect(second.getByLabel('Open user menu')).toBeHidden({ timeout: 15_000 });
  await context.close();
});
