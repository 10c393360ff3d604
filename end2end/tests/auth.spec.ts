import { expect, test, type Page } from '@playwright/test';

import { PASSWORD, hydrated, signIn, signOut, signUp, unique } from '../support/flows';

/// Signs up a second account from the user menu's "Add account", then checks that both
/// accounts are signed in and switching moves between them.
async function addAccountAndSwitch(page: Page, first: string, second: { email: string; first: string; last: string }) {
  await page.getByLabel('Open user menu').click();
  await page.getByRole('menuitem', { name: 'Add account' }).click();
  await page.getByRole('link', { name: 'Sign up' }).click();
  await page.getByLabel('First name').fill(second.first);
  await page.getByLabel('Last name').fill(second.last);
  await page.getByLabel('Email address').fill(second.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByTestId('user-label')).toHaveText(`${second.first} ${second.last}`);

  await page.getByLabel('Open user menu').click();
  await page.getByRole('menuitem', { name: `Switch to ${first}` }).click();
  await expect(page.getByTestId('user-label')).toHaveText(first);
}

test('with JavaScript: sign up, land signed in, sign out, sign in again', async ({ page }) => {
  const email = unique('js');
  await page.goto('/sign-up');
  await hydrated(page);
  await signUp(page, email, 'Jules');

  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('user-label')).toHaveText('Jules');

  await signOut(page);

  await page.goto('/sign-in');
  await hydrated(page);
  await signIn(page, email, PASSWORD);
  await expect(page.getByTestId('user-label')).toHaveText('Jules');
});

test('with JavaScript: a wrong password is shown inline, without a reload', async ({ page }) => {
  const email = unique('inline');
  await signUp(page, email, 'Ines');
  await expect(page.getByTestId('user-label')).toHaveText('Ines');
  await signOut(page);

  await page.goto('/sign-in');
  await hydrated(page);
  await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same document'));
  await signIn(page, email, 'not the password at all');

  await expect(page.getByText('The identifier or password is incorrect.')).toBeVisible();
  await expect(page.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
  expect(await page.evaluate(() => (window as unknown as { marker: string }).marker)).toBe('same document');
});

test('the user button shows initials, and two accounts switch without signing out', async ({ page }) => {
  await page.goto('/sign-up');
  await hydrated(page);
  await page.getByLabel('First name').fill('Ada');
  await page.getByLabel('Last name').fill('Lovelace');
  await page.getByLabel('Email address').fill(unique('ada'));
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign up' }).click();

  await expect(page.getByTestId('avatar-initials').first()).toHaveText('AL');
  await hydrated(page);
  await page.getByLabel('Open user menu').click();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Manage account' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Add account' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menuitem', { name: 'Add account' })).toBeHidden();

  await addAccountAndSwitch(page, 'Ada Lovelace', { email: unique('grace'), first: 'Grace', last: 'Hopper' });
});

test.describe('with JavaScript disabled', () => {
  test.use({ javaScriptEnabled: false });

  test('two accounts switch through the menu', async ({ page }) => {
    await signUp(page, unique('first-nojs'), 'Mona');
    await expect(page.getByTestId('user-label')).toHaveText('Mona');

    await addAccountAndSwitch(page, 'Mona', { email: unique('second-nojs'), first: 'Omar', last: 'Diaz' });
  });
});

test.describe('with JavaScript disabled', () => {
  test.use({ javaScriptEnabled: false });

  test('sign up, land signed in, sign out, sign in again', async ({ page }) => {
    const email = unique('nojs');
    await signUp(page, email, 'Noor');

    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId('user-label')).toHaveText('Noor');

    await signOut(page);

    await page.getByRole('link', { name: 'Sign in' }).click();
    await signIn(page, email, PASSWORD);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId('user-label')).toHaveText('Noor');
  });

  test('a refused sign-up comes back with the problem and the entered address', async ({ page }) => {
    await page.goto('/sign-up');
    await page.getByLabel('Email address').fill('noscript@example.com');
    await page.getByLabel('Password').fill('password1');
    await page.getByRole('button', { name: 'Sign up' }).click();

    await expect(page.getByLabel('Email address')).toHaveValue('noscript@example.com');
    await expect(page.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
  });
});

test('with JavaScript: the strength meter follows the new password as it is typed', async ({ page }) => {
  await page.goto('/sign-up');
  await hydrated(page);
  const meter = page.locator('.hp-password-strength');
  const password = page.getByLabel('Password');

  await password.fill('short');
  await expect(meter).toHaveAttribute('data-strength', 'too-short');
  await expect(meter).toContainText('Password strength: too short (at least 8 characters)');
  await password.fill('password1');
  await expect(meter).toHaveAttribute('data-strength', 'weak');
  await password.fill(PASSWORD);
  await expect(meter).toHaveAttribute('data-strength', 'strong');
  await expect(meter).toContainText('Password strength: strong');
});
