import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import en from '../src/i18n/en';
import { CALLS } from './support/env';
import { expect, test } from './support/fixtures';

const BLOCKING = new Set(['serious', 'critical']);

/** Runs axe on the page; fails listing every serious or critical violation with the elements it found. */
async function expectNoSeriousViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const blocking = results.violations.filter((violation) => BLOCKING.has(violation.impact ?? ''));
  const report = blocking
    .map(
      (violation) =>
        `[${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n` +
        violation.nodes.map((node) => `    ${node.target.join(' ')}: ${node.failureSummary ?? ''}`).join('\n'),
    )
    .join('\n');
  expect(blocking, `${what}: serious or critical accessibility violations:\n${report}`).toEqual([]);
}

test.describe('signed out', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('the sign-in page has no serious accessibility violations', async ({ page }) => {
    await page.goto('/login');
    await expect(page.getByRole('heading', { name: en.auth.title })).toBeVisible();
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
