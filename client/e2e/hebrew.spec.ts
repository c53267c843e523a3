import en from '../src/i18n/en';
import he from '../src/i18n/he';
import { CALLS } from './support/env';
import { attachScreenshot, expect, test } from './support/fixtures';

test('the language switcher turns the app to Hebrew, right to left', async ({ page, pageLog }, testInfo) => {
  await page.goto('/calls');
  await expect(page.getByRole('heading', { name: en.calls.title })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');

  await page.getByLabel(en.app.language).selectOption('he');

  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'he');
  await expect(page.getByRole('heading', { name: he.calls.title })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: he.calls.recording })).toBeVisible();
  await expect(page.getByText(he.states.recording.ready).first()).toBeVisible();

  await attachScreenshot(page, testInfo, 'calls-hebrew.png');

  // The choice is remembered.
  await page.reload();
  await expect(page.getByRole('heading', { name: he.calls.title })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  expect(pageLog.pageErrors).toEqual([]);
});

test('a stored Hebrew preference opens a call page in Hebrew', async ({ page }, testInfo) => {
  // LANGUAGE_STORAGE_KEY in src/i18n/index.ts.
  await page.addInitScript(() => window.localStorage.setItem('recordings.language', 'he'));
  // A ready call: 07, 09, 10 and 11 belong to other specs, whose recordings must stay as they are.
  await page.goto(`/calls/${CALLS.ready}`);
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'he');
  await expect(page.getByRole('link', { name: he.calls.back })).toBeVisible();
  await expect(page.getByRole('group', { name: he.player.region })).toBeVisible();
  await expect(page.getByRole('heading', { name: he.calls.transcript })).toBeVisible();
  await attachScreenshot(page, testInfo, 'call-hebrew.png');
});
