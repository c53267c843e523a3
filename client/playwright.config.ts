import { defineConfig } from '@playwright/test';
import { resolveFromClient, STORAGE_STATE } from './e2e/support/env';

/*
 * End-to-end suite: Debian's Chromium against the published back end in demo mode.
 *
 *   E2E_BASE_URL       (required) the app's origin, e.g. http://127.0.0.1:5080
 *   E2E_EMAIL, E2E_PASSWORD  the demo agent (default demo@recordings.test / demo-password)
 *   E2E_RESULTS_FILE   JSON report (default e2e-results/results.json)
 *   E2E_ARTIFACTS_DIR  screenshots, traces and attachments (default e2e-results/artifacts)
 *   E2E_SCREENSHOT     where player.spec also saves a full-page screenshot of the call page (optional)
 *   E2E_CHROMIUM       the Chromium binary (default /usr/bin/chromium)
 *   E2E_DELIVERY       redirect when the app runs with Recordings:Storage:Delivery = redirect (runs redirect.spec)
 * Relative paths are relative to this folder.
 */
const baseURL = process.env.E2E_BASE_URL;
if (!baseURL) {
  throw new Error(
    'E2E_BASE_URL is not set: the end-to-end suite needs the running app, e.g. E2E_BASE_URL=http://127.0.0.1:5080 npm run e2e',
  );
}

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  // redirect.spec needs the app on the object store with redirect delivery (test.sh's second run).
  testIgnore: process.env.E2E_DELIVERY === 'redirect' ? [] : ['**/redirect.spec.ts'],
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: resolveFromClient(process.env.E2E_ARTIFACTS_DIR ?? 'e2e-results/artifacts'),
  reporter: [
    ['list'],
    ['json', { outputFile: resolveFromClient(process.env.E2E_RESULTS_FILE ?? 'e2e-results/results.json') }],
  ],
  use: {
    baseURL,
    storageState: STORAGE_STATE,
    locale: 'en-US',
    timezoneId: 'UTC',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--autoplay-policy=no-user-gesture-required',
          ],
        },
      },
    },
  ],
});
