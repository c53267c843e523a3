import en from '../src/i18n/en';
import { CALLS } from './support/env';
import { expectNoSeriousViolations } from './support/axe';
import { expect, test } from './support/fixtures';

test.describe('signed out', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('the sign-in page has no serious accessibility violations', async ({ page }) => {
    await page.goto('/login');
    await expect(page.getByRole('heading', { name: en.auth.title, exact: true })).toBeVisible();
    await expectNoSeriousViolations(page, 'sign-in page');
  });
});

test('the calls list has no serious accessibility violations', async ({ page }) => {
  await page.goto('/calls');
  await expect(page.getByRole('table').getByRole('link').first()).toBeVisible();
  await expectNoSeriousViolations(page, 'calls list');
});

test('a call page has no serious accessibility violations', async ({ page }) => {
  await page.goto(`/calls/${CALLS.ready}`);
  await expect(page.getByRole('link', { name: en.player.download })).toBeVisible();
  await expectNoSeriousViolations(page, 'call page');
});
