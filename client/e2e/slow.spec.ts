import en from '../src/i18n/en';
import { CALLS } from './support/env';
import {
  expect,
  isPrepareRequest,
  isStatusRequest,
  playButton,
  playedPast,
  retryAfterSeconds,
  test,
  textPattern,
} from './support/fixtures';

const sid = CALLS.slow;

test('a slow download shows its progress, then plays', async ({ page, pageLog }) => {
  test.setTimeout(150_000);
  const started = Date.now();
  await page.goto(`/calls/${sid}`);
  // Play prepares it: one prepare, then the status it names is followed while the download runs.
  await playButton(page).click();
  await expect(page.getByText(en.player.preparing, { exact: true })).toBeVisible();

  // "Downloaded 40 %" (size known) or "Downloaded 120 kB" (size unknown), at some point while it downloads.
  const progress = page
    .getByText(textPattern(en.player.preparingProgress))
    .or(page.getByText(textPattern(en.player.preparingBytes)));
  await expect(progress.first()).toBeVisible({ timeout: 60_000 });

  // It plays once ready, without a second press.
  await playedPast(page, { seconds: 0.5, timeout: 90_000 });

  // Waiting for a slow download is paced by the server's holds (or else by Retry-After): no more than one request
  // per Retry-After seconds, and one prepare in all.
  const elapsedSeconds = (Date.now() - started) / 1000;
  const requests = pageLog.recordingRequests(sid);
  const checks = requests.filter((r) => isPrepareRequest(r) || isStatusRequest(r));
  expect(requests.filter(isPrepareRequest).length, 'one prepare for one press of Play').toBe(1);
  const retryAfter = Math.min(...retryAfterSeconds(pageLog), 30);
  expect(
    checks.length,
    `checks within Retry-After's budget (${retryAfter} s) in ${elapsedSeconds.toFixed(1)} s:\n` +
      requests.map((r) => `${r.at} ms ${r.method} ${r.path}`).join('\n'),
  ).toBeLessThanOrEqual(Math.floor(elapsedSeconds / retryAfter) + 3);
  expect(pageLog.pageErrors).toEqual([]);
});
