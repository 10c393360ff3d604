import { expect, type Page } from '@playwright/test';

export const PASSWORD = 'correct horse battery staple 42';
export const unique = (name: string) => `${name}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;

export async function signUp(page: Page, email: string, firstName: string) {
  await page.goto('/sign-up');
  await page.getByLabel('First name').fill(firstName);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign up' }).click();
}

/// Fills and submits the sign-in form on the current page.
export async function signIn(page: Page, identifier: string, password: string) {
  await page.getByLabel('Email address or username').fill(identifier);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Continue' }).click();
}

export async function signOut(page: Page) {
  await page.getByLabel('Open user menu').click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
}

/// Waits until the WASM has taken over the forms, so a test exercises the inline path.
/// The bundle marks `<html data-hydrated>` once hydration, suspended parts included, ran.
export async function hydrated(page: Page) {
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
}

