import { expect, test, type Page } from '@playwright/test';

import { PASSWORD, hydrated, unique } from '../support/flows';

const WRONG_PASSWORD_FR = 'L’identifiant ou le mot de passe est incorrect.';

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

  // A wrong password and an unknown address get the same answer, so being refused needs
  // no account of its own.
  test('with JavaScript: a wrong password is explained in French, inline, and so is the rest', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/sign-in');
    await hydrated(page);
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same document'));

    await signInInFrench(page, unique('nobody'), 'not the password at all');
    await expect(page.getByText(WRONG_PASSWORD_FR)).toBeVisible();
    await expect(page.getByLabel('Mot de passe')).toHaveAttribute('aria-invalid', 'true');
    expect(await page.evaluate(() => (window as unknown as { marker: string }).marker)).toBe('same document');

    await page.getByRole('link', { name: 'S’inscrire' }).click();
    await expect(page).toHaveTitle('Inscription · Hallpass');
    await hydrated(page);
    await page.getByLabel('Prénom').fill('Fleur');
    await page.getByLabel('Adresse e-mail').fill(unique('fleur'));
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Créer le compte' }).click();
    await expect(page.getByLabel('Ouvrir le menu du compte')).toBeVisible();

    await page.goto('/user');
    await hydrated(page);
    await expect(page).toHaveTitle('Compte · Hallpass');
    await expect(page.getByRole('heading', { name: 'Appareils connectés' })).toBeVisible();
    await expect(page.getByText('Cet appareil')).toBeVisible();
    await expect(page.getByText(/Chrom(e|ium) sous Linux/)).toBeVisible();
    await page.getByLabel('Prénom').fill('Flora');
    await page.getByRole('button', { name: 'Enregistrer le profil' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Profil enregistré.' })).toBeVisible();
    await page.getByLabel('Ouvrir le menu du compte').click();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByRole('menuitem', { name: 'Gérer le compte' })).toBeFocused();
    await expect(page.getByRole('menuitem', { name: 'Se déconnecter' })).toBeVisible();
    expect(errors).toEqual([]);
  });

  test.describe('without JavaScript', () => {
    test.use({ javaScriptEnabled: false });

    test('a wrong password comes back from the server in French', async ({ page }) => {
      const email = unique('nobody');
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
