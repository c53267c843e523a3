import en from '../src/i18n/en';
import type { CallDetail } from '../src/features/calls/api/types';
import { CALLS } from './support/env';
import {
  attachScreenshot,
  expect,
  expectNoRequest,
  playButton,
  recordingRequestAbout,
  test,
  textPattern,
} from './support/fixtures';

const sid = CALLS.expired;

test('a recording deleted under the retention policy says when, asks the server nothing, and keeps its transcript', async ({
  page,
  pageLog,
}, testInfo) => {
  const response = await page.request.get(`/api/calls/${sid}`);
  const call = (await response.json()) as CallDetail;
  expect(call.recording.state).toBe('expired');
  expect(call.recording.expiredAt).toBeTruthy();

  await page.goto(`/calls/${sid}`);
  await expect(page.getByText(textPattern(en.player.expired))).toBeVisible();
  await expect(playButton(page)).toHaveCount(0);
  await expect(page.getByRole('button', { name: en.player.tryAgain })).toHaveCount(0);

  expect(pageLog.recordingRequests(sid), 'no request about an expired recording').toEqual([]);
  await expectNoRequest(page, recordingRequestAbout(sid), {
    ms: 2_000,
    message: 'no request about an expired recording',
  });
  if (call.transcript.state === 'done') {
    await expect(page.getByRole('region', { name: en.calls.transcript }).getByRole('listitem').first()).toBeVisible();
  }
  await attachScreenshot(page, testInfo, 'expired-call.png');
  expect(pageLog.pageErrors).toEqual([]);

  // The calls list says why it cannot be played.
  await page.goto('/calls');
  const row = page.getByRole('row').filter({ has: page.locator(`a[href$="${sid}"]`) });
  await expect(row.getByText(textPattern(en.calls.reason.expired))).toBeVisible();
});
