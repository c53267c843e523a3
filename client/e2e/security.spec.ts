import en from '../src/i18n/en';
import { CALLS } from './support/env';
import { expect, test } from './support/fixtures';

declare global {
  interface Window {
    __cspViolations: string[];
  }
}

// The server's Content-Security-Policy (no inline script or style, nothing from another origin, no framing) must not
// break the client: every page the agent uses loads and works, and the browser reports no violation.
test('the client works under its Content-Security-Policy with no violation', async ({ page, pageLog }) => {
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });

  const response = await page.goto('/calls');
  const policy = response?.headers()['content-security-policy'] ?? '';
  expect(policy).toContain("default-src 'self'");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).not.toContain('unsafe-inline');
  expect(response?.headers()['x-content-type-options']).toBe('nosniff');
  await expect(page.getByRole('table')).toBeVisible();

  await page.goto(`/calls/${CALLS.ready}`);
  await expect(page.getByRole('button', { name: en.player.play, exact: true })).toBeEnabled({ timeout: 15_000 });
  await page.getByRole('button', { name: en.player.play, exact: true }).click();
  await expect
    .poll(() => page.locator('audio').evaluate((audio: HTMLAudioElement) => audio.currentTime), { timeout: 15_000 })
    .toBeGreaterThan(0.2);

  expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
  expect(pageLog.consoleErrors.filter((text) => /Content Security Policy/i.test(text))).toEqual([]);
  expect(pageLog.pageErrors).toEqual([]);
});
