import en from '../src/i18n/en';
import { CALLS } from './support/env';
import { expect, expectNoRequest, isPrepareRequest, playUntil, recordingRequestAbout, test } from './support/fixtures';

const sid = CALLS.failed;

test('a failed download offers "Try again", does not loop, and plays after trying again', async ({ page, pageLog }) => {
  // Try again downloads it, and the demo business redacts by then: it is transcribed (pocketsphinx, tens of seconds on
  // a busy machine) and redacted before it is served.
  test.setTimeout(180_000);
  const describe = () =>
    pageLog
      .recordingRequests(sid)
      .map((r) => `${r.at} ms ${r.method} ${r.path}`)
      .join('\n');

  await page.goto(`/calls/${sid}`);
  const alert = page.getByRole('alert').filter({ hasText: en.player.failed });
  await expect(alert).toBeVisible();
  const tryAgain = alert.getByRole('button', { name: en.player.tryAgain });
  await expect(tryAgain).toBeVisible();

  // No loop: the call page already says why (no request), and while the message shows the player asks nothing
  // (watched for 3 s: the first request about the call fails the test at once).
  expect(pageLog.recordingRequests(sid), `the failure is known without a request:\n${describe()}`).toEqual([]);
  await expectNoRequest(page, recordingRequestAbout(sid), {
    ms: 3_000,
    message: 'no request while the failure shows',
  });
  await expect(alert).toBeVisible();

  const prepare = page.waitForRequest(
    (request) => request.method() === 'POST' && new URL(request.url()).pathname === `/api/recordings/${sid}/prepare`,
  );
  await tryAgain.click();
  const prepareResponse = await (await prepare).response();
  expect([200, 202], 'prepare queued a new attempt').toContain(prepareResponse?.status());

  await playUntil(page, { seconds: 0.5, timeout: 120_000 });
  expect(pageLog.recordingRequests(sid).filter(isPrepareRequest), describe()).toHaveLength(1);
  expect(pageLog.pageErrors).toEqual([]);
});
