import en from '../src/i18n/en';
import { CALLS } from './support/env';
import { expect, isFileRequest, playButton, test } from './support/fixtures';

const sid = CALLS.missing;

test('a call without a recording says so after one HEAD, and asks nothing more', async ({ page, pageLog }) => {
  await page.goto(`/calls/${sid}`);
  await expect(page.getByText(en.player.missing, { exact: true })).toBeVisible();
  await expect(playButton(page)).toBeDisabled();

  const describe = () =>
    pageLog
      .recordingRequests(sid)
      .map((r) => `${r.at} ms ${r.method} ${r.path}`)
      .join('\n');
  const fileRequests = pageLog.recordingRequests(sid).filter(isFileRequest);
  expect(
    fileRequests.map((r) => r.method),
    `one HEAD of the file:\n${describe()}`,
  ).toEqual(['HEAD']);
  expect(pageLog.recordingRequests(sid), `no other recording request:\n${describe()}`).toHaveLength(1);

  // The point of this test is that nothing happens next: watch for 5 s that no request follows.
  await page.waitForTimeout(5_000);
  expect(pageLog.recordingRequests(sid), `still one request 5 s later:\n${describe()}`).toHaveLength(1);
  await expect(page.getByText(en.player.missing, { exact: true })).toBeVisible();
  expect(pageLog.pageErrors).toEqual([]);
});
