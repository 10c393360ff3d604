import { expect, test, type Browser, type Page } from '@playwright/test';

import { PASSWORD, hydrated, signUp, unique } from '../support/flows';

const WRONG_PASSWORD_FR = 'L’identifiant ou le mot de passe est incorrect.';

/// An account made in a browser with the default (English) locale, for the French
/// pages to sign in to.
async function account(browser: Browser): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const email = unique('locale');
  await signUp(page, email, 'Fleur');
  await expect(page.getByTestId('user-label')).toHaveText('Fleur');
  await context.close();
  return email;
}

async function signInInFrench(page: Page, identifier: string, password: string) {
  await page.getByLabel('Adresse e-mail ou nom d’utilisateur').fill(identifier);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Continuer' }).click();
}

/// Uncaught errors and hydration complaints: a page whose server and browser chose
/// different words would show up here.
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /hydrat|panicked/i.test(message.text())) errors.push(message.text());
  });
  return errors;
}

test.describe('a browser that prefers French', () => {
  test.use({ locale: 'fr-FR' });

  test('gets the sign-in page in French', async ({ page }) => {
    await page.goto('/sign-in');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page).toHaveTitle('Connexion · Hallpass');
    await expect(page.getByRole('heading', { name: 'Connexion' })).toBeVisible();
    await expect(page.getByLabel('Adresse e-mail ou nom d’utilisateur')).toBeVisible();
    await expect(page.getByLabel('Mot de passe')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Continuer' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'S’inscrire' })).toBeVisible();
  });

  test('with JavaScript: a wrong password is explained in French, inline, and the account pages follow', async ({ page, browser }) => {
    const email = await account(browser);
    const errors = watchErrors(page);
    await page.goto('/sign-in');
    await hydrated(page);
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same document'));

    await signInInFrench(page, email, 'not the password at all');
    await expect(page.getByText(WRONG_PASSWORD_FR)).toBeVisible();
    await expect(page.getByLabel('Mot de passe')).toHaveAttribute('aria-invalid', 'true');
    expect(await page.evaluate(() => (window as unknown as { marker: string }).marker)).toBe('same document');

    await signInInFrench(page, email, PASSWORD);
    await expect(page.getByLabel('Ouvrir le menu du compte')).toBeVisible();
    await page.goto('/user');
    await hydrated(page);
    await expect(page).toHaveTitle('Compte · Hallpass');
    await expect(page.getByRole('heading', { name: 'Appareils connectés' })).toBeVisible();
    await expect(page.getByText('Cet appareil')).toBeVisible();

    await page.getByLabel('Prénom').fill('Flora');
    await page.getByRole('button', { name: 'Enregistrer le profil' }).click();
    await expect(page.getByText('Enregistré.')).toBeVisible();
    expect(errors).toEqual([]);
  });

  test.describe('without JavaScript', () => {
    test.use({ javaScriptEnabled: false });

    test('a wrong password comes back from the server in French', async ({ page, browser }) => {
      const email = await account(browser);
      await page.goto('/sign-in');
      await signInInFrench(page, email, 'not the password at all');

      await expect(page.getByText(WRONG_PASSWORD_FR)).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
      await expect(page.getByLabel('Adresse e-mail ou nom d’utilisateur')).toHaveValue(email);
    });
  });
});

test('English is the default, also for a language Hallpass does not speak', async ({ browser }) => {
  for (const locale of ['en-GB', 'de-DE']) {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await context.close();
  }
});
