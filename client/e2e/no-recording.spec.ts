import en from '../src/i18n/en';
import { CALLS } from './support/env';
import { expect, expectNoRequest, playButton, recordingRequestAbout, test } from './support/fixtures';

const sid = CALLS.missing;

test('a call without a recording says so, and asks nothing', async ({ page, pageLog }) => {
  await page.goto(`/calls/${sid}`);
  await expect(page.getByText(en.player.missing, { exact: true })).toBeVisible();
  await expect(playButton(page)).toBeDisabled();

  const describe = () =>
    pageLog
      .recordingRequests(sid)
      .map((r) => `${r.at} ms ${r.method} ${r.path}`)
      .join('\n');
  // The call page says the call has no recording: the player asks nothing about it.
  expect(pageLog.recordingRequests(sid), `no recording request:\n${describe()}`).toEqual([]);

  // The point of this test is that nothing happens next: for 5 s, the first request about the call fails it at once.
  await expectNoRequest(page, recordingRequestAbout(sid), { ms: 5_000, message: 'no request follows' });
  expect(pageLog.recordingRequests(sid), `still no request 5 s later:\n${describe()}`).toEqual([]);
  await expect(page.getByText(en.player.missing, { exact: true })).toBeVisible();
  expect(pageLog.pageErrors).toEqual([]);
});
