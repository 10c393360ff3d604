import { type Browser, expect, test, type Page } from '@playwright/test';

import { PASSWORD, hydrated, signIn, signOut, unique } from '../support/flows';
import { Mailbox, codeIn, linkIn } from '../support/mailbox';
import { startServer, type RunningServer } from '../support/server';

// An instance of its own that delivers through a real SMTP server and wants every new
// address verified; each test reads what it needs from the delivered mail.
let mailbox: Mailbox;
let server: RunningServer;
test.beforeAll(async () => {
  mailbox = await Mailbox.start();
  server = await startServer(process.env.E2E_BINARY_PATH!, {
    ...mailbox.env(),
    HALLPASS_EMAIL_VERIFICATION_REQUIRED: 'true',
    HALLPASS_SIGN_UPS_PER_MINUTE: '1000',
    HALLPASS_SIGN_IN_ATTEMPTS_PER_MINUTE: '1000',
  });
});
test.afterAll(async () => {
  await server.stop();
  await mailbox.stop();
});

/// A browser window of its own on this instance.
async function open(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url });
  return context.newPage();
}

/// Signs up with a verified address, reading the code from the mail; returns the address.
async function signUpVerified(page: Page, name: string): Promise<string> {
  const email = unique(name.toLowerCase());
  await page.goto('/sign-up');
  await hydrated(page);
  await page.getByLabel('First name').fill(name);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('heading', { name: 'Verify your email address' })).toBeVisible();

  const mail = await mailbox.nth(email, 1);
  expect(mail.html).toContain(codeIn(mail));
  await page.getByLabel('Code').fill(codeIn(mail));
  await page.getByRole('button', { name: 'Verify and continue' }).click();
  await expect(page.getByTestId('user-label')).toHaveText(name);
  return email;
}

test('sign up with an address verified by the emailed code', async ({ browser }) => {
  const page = await open(browser);
  await signUpVerified(page, 'Vera');
});

test('sign in with a code sent by email', async ({ browser }) => {
  const page = await open(browser);
  const email = await signUpVerified(page, 'Cody');
  await signOut(page);

  await page.goto('/sign-in');
  await hydrated(page);
  await page.getByLabel('Email address or username').fill(email);
  await page.getByRole('button', { name: 'Email me a code' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  const mail = await mailbox.nth(email, 2);
  await page.getByLabel('Code').fill(codeIn(mail));
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByTestId('user-label')).toHaveText('Cody');
});

test('a magic link survives a mail scanner fetching it, signs in when confirmed, and the waiting tab follows', async ({ browser }) => {
  const page = await open(browser);
  const email = await signUpVerified(page, 'Lina');
  await signOut(page);

  await page.goto('/sign-in?redirect_url=%2Fuser');
  await hydrated(page);
  await page.getByLabel('Email address or username').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page.getByText('we emailed it a sign-in link')).toBeVisible();
  await expect(page.getByRole('button', { name: /Send again in \d+ s/ })).toBeDisabled();
  const link = linkIn(await mailbox.nth(email, 2));

  const scanner = await page.request.get(link, { maxRedirects: 0 });
  expect(scanner.status()).toBe(200);
  // The link opens in a tab of its own, as from a mail client.
  const linkTab = await page.context().newPage();
  await linkTab.goto(link);
  await linkTab.getByRole('button', { name: 'Sign in' }).click();

  await expect(linkTab).toHaveURL(/\/user$/);
  await expect(linkTab.getByLabel('First name')).toHaveValue('Lina');
  // The tab that asked for the link notices, and goes on to the same place.
  await expect(page).toHaveURL(/\/user$/, { timeout: 10_000 });
  await expect(page.getByLabel('First name')).toHaveValue('Lina');
});

test('an address added in the profile is verified by its emailed code, then made primary', async ({ browser }) => {
  const page = await open(browser);
  await signUpVerified(page, 'Abel');
  const added = unique('abel-new');
  await page.goto('/user');
  await hydrated(page);

  await page.getByLabel('Add an email address').fill(added);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('Address added. Enter the 6-digit code we emailed to it.');
  const row = page.locator('.hp-email-row').filter({ hasText: added });
  await expect(row.getByText('Unverified')).toBeVisible();
  await page.setViewportSize({ width: 360, height: 800 });
  await page.screenshot({ path: 'screenshots/user-profile-email-verify-360.png', fullPage: true });
  await row.getByLabel('Verification code').fill(codeIn(await mailbox.nth(added, 1)));
  await row.getByRole('button', { name: `Verify ${added}` }).click();

  await expect(page.getByRole('status')).toHaveText('Email address verified.');
  await expect(row.getByText('Unverified')).toHaveCount(0);
  await row.getByRole('button', { name: 'Make primary' }).click();
  await expect(row.getByText('Primary')).toBeVisible();
});

test('a forgotten password is reset by an emailed code, and the old one stops working', async ({ browser }) => {
  const page = await open(browser);
  const email = await signUpVerified(page, 'Remy');
  await signOut(page);
  const newPassword = 'a brand new passphrase for Remy 7';

  await page.goto('/sign-in');
  await hydrated(page);
  await page.getByLabel('Email address or username').fill(email);
  await page.getByRole('button', { name: 'Forgot password?' }).click();
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  const mail = await mailbox.nth(email, 2);
  await page.getByLabel('Code').fill(codeIn(mail));
  await page.getByLabel('New password').fill(newPassword);
  await page.getByRole('button', { name: 'Reset password and sign in' }).click();
  await expect(page.getByTestId('user-label')).toHaveText('Remy');
  await signOut(page);

  await page.goto('/sign-in');
  await hydrated(page);
  await signIn(page, email, PASSWORD);
  await expect(page.getByRole('alert').or(page.locator('.hp-field-error')).filter({ hasText: /incorrect/i }).first()).toBeVisible();
  await signIn(page, email, newPassword);
  await expect(page.getByTestId('user-label')).toHaveText('Remy');
});
