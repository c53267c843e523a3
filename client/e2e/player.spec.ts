import fs from 'node:fs/promises';
import path from 'node:path';
import en from '../src/i18n/en';
import type { CallDetail } from '../src/features/calls/api/types';
import { CALLS, resolveFromClient } from './support/env';
import {
  attachScreenshot,
  audioTime,
  expect,
  isFileRequest,
  isPrepareRequest,
  isStatusRequest,
  playButton,
  playedPast,
  playUntil,
  retryAfterSeconds,
  test,
} from './support/fixtures';

const sid = CALLS.remote;

// Call 07's recording is at Twilio (remote) once per run: the first test here is the one that needs it so.
// The others work whether it is still remote or already downloaded.

test('a remote recording is prepared by Play (one prepare, held status reads) and plays, with no 404', async ({
  page,
  pageLog,
}, testInfo) => {
  const before = await page.request.get(`/api/calls/${sid}`);
  expect(before.status()).toBe(200);
  const call = (await before.json()) as CallDetail;
  expect(
    call.recording.state,
    `call 07 must start with its recording at Twilio (remote); it is downloaded once per run of the demo`,
  ).toBe('remote');

  const started = Date.now();
  await page.goto(`/calls/${sid}`);
  // Opening the call asks nothing: Play is what prepares a recording still at Twilio.
  await expect(playButton(page)).toBeEnabled();
  expect(pageLog.recordingRequests(sid), 'no recording request before Play').toEqual([]);

  const prepared = page.waitForResponse(
    (response) =>
      response.request().method() === 'POST' && new URL(response.url()).pathname === `/api/recordings/${sid}/prepare`,
  );
  await playButton(page).click();
  // The demo's Twilio is on this machine: "Preparing recording…" shows for as long as the download runs, which may be
  // less than a frame, so the spec checks what the player asked and answered, not that the message was seen.
  expect((await prepared).status(), 'prepare accepted the download (202)').toBe(202);
  // It plays once ready, without a second press.
  await playedPast(page, { seconds: 0.5, timeout: 45_000 });
  const elapsedSeconds = (Date.now() - started) / 1000;

  const requests = pageLog.recordingRequests(sid);
  const prepares = requests.filter(isPrepareRequest);
  const statusReads = requests.filter(isStatusRequest);
  const heads = requests.filter((r) => isFileRequest(r) && r.method === 'HEAD');
  const audioReads = requests.filter((r) => isFileRequest(r) && r.method === 'GET');
  const summary = requests.map((r) => `${r.at} ms ${r.method} ${r.path}`).join('\n');
  expect(prepares.length, `one prepare for one press of Play:\n${summary}`).toBe(1);
  expect(heads, `no HEAD of the file:\n${summary}`).toEqual([]);
  expect(statusReads.length, `the status the 202 named was followed:\n${summary}`).toBeGreaterThan(0);
  const retryAfters = retryAfterSeconds(pageLog);
  expect(retryAfters.length, `at least one 202 with Retry-After:\n${summary}`).toBeGreaterThan(0);
  const retryAfter = Math.min(...retryAfters);
  // Each status read is held by the server (Prefer: wait), or else comes after Retry-After: at most one request per
  // Retry-After seconds (+3 for the prepare, the read that finds it ready and timing slack), and a few audio reads.
  expect(
    prepares.length + statusReads.length,
    `requests within Retry-After's budget in ${elapsedSeconds.toFixed(1)} s:\n${summary}`,
  ).toBeLessThanOrEqual(Math.floor(elapsedSeconds / retryAfter) + 3);
  const statusAnswers = pageLog.responses.filter((r) => isStatusRequest(r) && r.path.includes(sid));
  expect(
    statusAnswers.map((r) => r.headers['preference-applied'] ?? 'none'),
    'every status read was held (Preference-Applied)',
  ).toEqual(statusAnswers.map(() => expect.stringMatching(/wait=\d+/)));
  expect(audioReads.length, `the audio element's reads:\n${summary}`).toBeGreaterThan(0);
  expect(requests.length, `recording requests in all:\n${summary}`).toBeLessThan(20);

  const notFound = pageLog.responses.filter((r) => r.status === 404).map((r) => `${r.method} ${r.path}`);
  expect(notFound, 'no response was a 404').toEqual([]);
  expect(
    pageLog.consoleErrors.filter((text) => text.includes('404')),
    'no console error mentions 404',
  ).toEqual([]);
  expect(pageLog.pageErrors).toEqual([]);

  await attachScreenshot(page, testInfo, 'call-page-playing.png');
});

test('clicking a transcript segment moves the audio to its start', async ({ page, pageLog }, testInfo) => {
  const response = await page.request.get(`/api/calls/${sid}`);
  expect(response.status()).toBe(200);
  const call = (await response.json()) as CallDetail;
  expect(call.transcript.state).toBe('done');
  expect(call.transcript.segments.length, 'call 07 has at least two transcript segments').toBeGreaterThan(1);

  await page.goto(`/calls/${sid}`);
  await playUntil(page, { seconds: 0.5, timeout: 45_000 });

  // Not the first segment: the first one after the current position by 2 s or more (else the second one).
  const now = await audioTime(page);
  const segments = call.transcript.segments;
  let index = segments.findIndex((segment, i) => i > 0 && segment.startSeconds >= now + 2);
  if (index < 0) index = 1;
  const segment = segments[index];

  const transcript = page.getByRole('region', { name: en.calls.transcript });
  await transcript.getByRole('listitem').nth(index).getByRole('button').click();
  await expect
    .poll(async () => Math.abs((await audioTime(page)) - segment.startSeconds), {
      message: `currentTime should be within 1 s of segment ${index + 1}'s start (${segment.startSeconds} s)`,
      timeout: 5_000,
    })
    .toBeLessThan(1);
  expect(pageLog.pageErrors).toEqual([]);

  // The call page, for the docs (E2E_SCREENSHOT) and always as an artifact of this test.
  const screenshot = await attachScreenshot(page, testInfo, 'call-page.png');
  const target = process.env.E2E_SCREENSHOT;
  if (target) {
    const file = resolveFromClient(target);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, screenshot);
  }
});
