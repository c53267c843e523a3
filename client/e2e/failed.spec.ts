import en from '../src/i18n/en';
import { CALLS } from './support/env';
import { expect, isPrepareRequest, playUntil, test } from './support/fixtures';

const sid = CALLS.failed;

test('a failed download offers "Try again", does not loop, and plays after trying again', async ({ page, pageLog }) => {
  test.setTimeout(120_000);
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

  // No loop: while the message shows, the player does not ask again (watched for 3 s).
  const shown = pageLog.recordingRequests(sid).length;
  expect(shown, `one check found the failure:\n${describe()}`).toBeLessThanOrEqual(2);
  await page.waitForTimeout(3_000);
  expect(pageLog.recordingRequests(sid).length, `no request while the failure shows:\n${describe()}`).toBe(shown);
  await expect(alert).toBeVisible();

  const prepare = page.waitForRequest(
    (request) => request.method() === 'POST' && new URL(request.url()).pathname === `/api/recordings/${sid}/prepare`,
  );
  await tryAgain.click();
  const prepareResponse = await (await prepare).response();
  expect([200, 202], 'prepare queued a new attempt').toContain(prepareResponse?.status());

  await playUntil(page, { seconds: 0.5, timeout: 60_000 });
  expect(pageLog.recordingRequests(sid).filter(isPrepareRequest), describe()).toHaveLength(1);
  expect(pageLog.pageErrors).toEqual([]);
});
