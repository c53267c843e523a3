import en from '../src/i18n/en';
import type { CallPage } from '../src/features/calls/api/types';
import { EMAIL, PASSWORD } from './support/env';
import { attachScreenshot, expect, test } from './support/fixtures';

// These tests sign in themselves.
test.use({ storageState: { cookies: [], origins: [] } });

test('signs in and lands on the calls list, newest first, with state badges', async ({ page, pageLog }, testInfo) => {
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: en.auth.title, exact: true })).toBeVisible();
  await page.getByLabel(en.auth.email, { exact: true }).fill(EMAIL);
  await page.getByLabel(en.auth.password).fill(PASSWORD);
  await page.getByRole('button', { name: en.auth.submit, exact: true }).click();

  await expect(page).toHaveURL(/\/calls$/);
  await expect(page.getByRole('heading', { name: en.calls.title })).toBeVisible();
  await expect(page.getByRole('button', { name: en.app.signOut })).toBeVisible();
  const rows = page
    .getByRole('table')
    .getByRole('row')
    .filter({ has: page.getByRole('link') });
  await expect(rows.first()).toBeVisible();

  // The same order as the API's, which is newest first.
  const response = await page.request.get('/api/calls?page=1&pageSize=25');
  expect(response.status()).toBe(200);
  const list = (await response.json()) as CallPage;
  expect(list.items.length, 'the demo has calls').toBeGreaterThan(1);
  const started = list.items.map((call) => call.startedAt).filter((at): at is string => at !== null);
  const sorted = [...started].sort((a, b) => Date.parse(b) - Date.parse(a));
  expect(started, 'the API lists the newest call first').toEqual(sorted);
  await expect(rows).toHaveCount(list.items.length);
  const hrefs = await rows.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  expect(hrefs).toEqual(list.items.map((call) => `/calls/${call.callSid}`));

  // Each row: recording, transcript and summary badges; some recordings are ready.
  for (const row of await rows.all()) {
    await expect(row.locator('.badge')).toHaveCount(3);
  }
  await expect(rows.locator('.badge', { hasText: en.states.recording.ready }).first()).toBeVisible();

  await attachScreenshot(page, testInfo, 'calls-list.png');
  expect(pageLog.pageErrors).toEqual([]);
});

test('a wrong password shows the error and stays on the sign-in page', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel(en.auth.email, { exact: true }).fill(EMAIL);
  await page.getByLabel(en.auth.password).fill(`${PASSWORD}-wrong`);
  await page.getByRole('button', { name: en.auth.submit, exact: true }).click();

  await expect(page.getByRole('alert')).toHaveText(en.auth.invalid);
  await expect(page).toHaveURL(/\/login(\?|$)/);
  await expect(page.getByRole('heading', { name: en.auth.title, exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: en.app.signOut })).toHaveCount(0);
});
