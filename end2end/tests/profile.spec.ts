import { expect, test, type Browser, type Page } from '@playwright/test';

import { PASSWORD, hydrated, signIn, signUp, unique } from '../support/flows';

/// A 1×1 PNG: the profile picture the upload test chooses.
const PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

async function openProfile(page: Page) {
  await page.getByLabel('Open user menu').click();
  await page.getByRole('menuitem', { name: 'Manage account' }).click();
  await expect(page).toHaveURL(/\/user$/);
  await expect(page.getByRole('heading', { name: 'Account', exact: true })).toBeVisible();
}

test('editing the name shows it in the user menu at once', async ({ page }) => {
  await signUp(page, unique('rename'), 'Ada');
  await expect(page.getByTestId('user-label')).toHaveText('Ada');
  await openProfile(page);
  await hydrated(page);

  await page.getByLabel('First name').fill('Augusta');
  await page.getByLabel('Last name').fill('King');
  await page.getByRole('button', { name: 'Save profile' }).click();

  await expect(page.getByRole('status').filter({ hasText: 'Profile saved.' })).toBeVisible();
  await expect(page.getByTestId('avatar-initials').first()).toHaveText('AK');
  await page.getByLabel('Open user menu').click();
  await expect(page.locator('.hp-user-menu-name')).toHaveText('Augusta King');
});

test('a chosen picture replaces the initials', async ({ page }) => {
  await signUp(page, unique('picture'), 'Pia');
  await expect(page.getByTestId('user-label')).toHaveText('Pia');
  await page.goto('/user');

  await page.getByLabel('Profile picture').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: PIXEL });
  await page.getByRole('button', { name: 'Upload' }).click();

  await expect(page).toHaveURL(/\/user$/);
  const avatar = page.locator('img.hp-avatar').first();
  await expect(avatar).toBeVisible();
  expect(await avatar.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
  await expect(page.getByTestId('avatar-initials')).toHaveCount(0);
});

async function signedInElsewhere(browser: Browser, baseURL: string, email: string) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await signIn(page, email, PASSWORD);
  await expect(page.getByLabel('Open user menu')).toBeVisible();
  return { context, page };
}

test('signing out the other device from Active devices', async ({ page, browser, baseURL }) => {
  const email = unique('devices');
  await signUp(page, email, 'Dev');
  await expect(page.getByTestId('user-label')).toHaveText('Dev');
  const other = await signedInElsewhere(browser, baseURL!, email);
  await page.goto('/user');
  await hydrated(page);

  const devices = page.locator('.hp-device-row');
  await expect(devices).toHaveCount(2);
  const otherDevice = devices.filter({ hasNotText: 'This device' });
  await otherDevice.getByRole('button', { name: /^Sign out/ }).click();

  await expect(devices).toHaveCount(1);
  await expect(devices.first()).toContainText('This device');
  await other.page.goto('/user');
  await expect(other.page.getByText('Sign in to manage your account.')).toBeVisible();
  await other.context.close();
});

test.describe('with JavaScript disabled', () => {
  test.use({ javaScriptEnabled: false });

  test('changing the password, then signing in with the new one', async ({ page }) => {
    const email = unique('password-nojs');
    const newPassword = 'a different long passphrase 5';
    await signUp(page, email, 'Pat');
    await expect(page.getByTestId('user-label')).toHaveText('Pat');
    await page.goto('/user');

    await page.getByLabel('Current password').fill('not the password');
    await page.getByLabel('New password').fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByText('The current password is incorrect.')).toBeVisible();

    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel('New password').fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page).toHaveURL(/\/user$/);

    await page.getByLabel('Open user menu').click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.goto('/sign-in');
    await signIn(page, email, PASSWORD);
    await expect(page.getByText('The identifier or password is incorrect.')).toBeVisible();
    await signIn(page, email, newPassword);
    await expect(page.getByTestId('user-label')).toHaveText('Pat');
  });

  test('editing the name and deleting the account', async ({ page }) => {
    const email = unique('delete-nojs');
    await signUp(page, email, 'Del');
    await expect(page.getByTestId('user-label')).toHaveText('Del');
    await page.goto('/user');
    await page.getByLabel('First name').fill('Delia');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(page.getByLabel('First name')).toHaveValue('Delia');

    await page.getByText('Delete account').click();
    await page.getByLabel('Confirm with your password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Delete my account' }).click();

    await expect(page).toHaveURL(/\/signed-out$/);
    await expect(page.getByRole('heading', { name: 'You are signed out' })).toBeVisible();
    await page.goto('/sign-in');
    await signIn(page, email, PASSWORD);
    await expect(page.getByText('The identifier or password is incorrect.')).toBeVisible();
  });
});
