import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import en from '../src/i18n/en';
import he from '../src/i18n/he';
import type { CallDetail } from '../src/features/calls/api/types';
import { CALLS } from './support/env';
import { attachScreenshot, audioTime, expect, playButton, test } from './support/fixtures';

const sid = CALLS.twoSpeakers;

/** The call as the API has it: dual-channel, measured (within seconds of its download), transcribed with speakers. */
async function measuredCall(page: Page): Promise<CallDetail> {
  let call: CallDetail | undefined;
  await expect
    .poll(
      async () => {
        const response = await page.request.get(`/api/calls/${sid}`);
        call = response.status() === 200 ? ((await response.json()) as CallDetail) : undefined;
        return call?.metrics != null;
      },
      { message: 'the dual-channel demo call to be measured', timeout: 60_000 },
    )
    .toBe(true);
  if (!call) throw new Error('unreachable');
  expect(call.recording.state).toBe('ready');
  expect(call.recording.channels).toBe(2);
  expect(call.metrics?.talkSeconds.agent).toBeGreaterThan(0);
  expect(call.metrics?.talkSeconds.customer).toBeGreaterThan(0);
  return call;
}

/** Waits until the audio knows its duration (the waveform's x axis), and returns it. */
async function audioDuration(page: Page): Promise<number> {
  await expect
    .poll(() => page.locator('audio').evaluate((audio: HTMLAudioElement) => audio.duration || 0), { timeout: 30_000 })
    .toBeGreaterThan(0);
  return page.locator('audio').evaluate((audio: HTMLAudioElement) => audio.duration);
}

/** Clicks the waveform at a fraction of its width from its left edge (time runs left to right in every language). */
async function clickWaveformAt(page: Page, fraction: number) {
  const box = await page.locator('.waveform-seek').boundingBox();
  expect(box).not.toBeNull();
  await page.mouse.click(box!.x + box!.width * fraction, box!.y + box!.height / 2);
}

test('the waveform is the seek bar: one lane per speaker, labelled lines, skip silences, no serious axe finding', async ({
  page,
  pageLog,
}) => {
  const call = await measuredCall(page);
  const silence = (call.silences ?? []).find((s) => s.endSeconds - s.startSeconds >= 2.5);
  expect(silence, 'the demo call has a silence of at least 2.5 s').toBeDefined();

  await page.goto(`/calls/${sid}`);
  const waveform = page.locator('svg.waveform');
  await expect(waveform).toBeVisible({ timeout: 30_000 });
  await expect(waveform.locator('.waveform__lane')).toHaveCount(2);
  expect(await waveform.locator('.waveform__silence').count()).toBe(call.silences!.length);
  const legend = page.getByRole('list', { name: en.player.legend });
  await expect(legend).toContainText(en.speakers.customer);
  await expect(legend).toContainText(en.speakers.agent);
  const slider = page.getByRole('slider', { name: en.player.seek });
  await expect(slider).toBeEnabled();

  // Clicking the middle of the waveform seeks to the middle of the recording.
  const duration = await audioDuration(page);
  await clickWaveformAt(page, 0.5);
  await expect.poll(() => audioTime(page)).toBeGreaterThan(duration * 0.46);
  expect(await audioTime(page)).toBeLessThan(duration * 0.54);
  await expect(slider).toHaveAttribute('aria-valuetext', /.+/);

  // Transcript lines carry their speaker.
  const transcript = page.getByRole('region', { name: en.calls.transcript });
  await expect(transcript.locator('.transcript__speaker', { hasText: en.speakers.customer }).first()).toBeVisible();
  await expect(transcript.locator('.transcript__speaker', { hasText: en.speakers.agent }).first()).toBeVisible();

  // The supervisors' figures.
  await expect(page.getByRole('region', { name: en.metrics.title })).toContainText(en.metrics.talkRatio);

  // Skip silences: from just inside a known silence, playback jumps to its end instead of playing through it.
  const toggle = page.getByRole('button', { name: en.player.skipSilences });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await page.locator('audio').evaluate((audio: HTMLAudioElement, at: number) => {
    audio.currentTime = at;
  }, silence!.startSeconds + 0.1);
  const started = Date.now();
  await playButton(page).click();
  await expect.poll(() => audioTime(page), { timeout: 10_000 }).toBeGreaterThanOrEqual(silence!.endSeconds - 0.3);
  const wallSeconds = (Date.now() - started) / 1000;
  expect(wallSeconds, 'the silence was skipped, not played through').toBeLessThan(
    (silence!.endSeconds - silence!.startSeconds) * 0.6,
  );
  await page.getByRole('button', { name: en.player.pause, exact: true }).click();

  const results = await new AxeBuilder({ page }).analyze();
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(blocking.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  expect(pageLog.pageErrors).toEqual([]);
});

test('in Hebrew the labels are Hebrew and time still runs left to right on the waveform', async ({
  page,
}, testInfo) => {
  await measuredCall(page);
  await page.addInitScript(() => window.localStorage.setItem('recordings.language', 'he'));
  await page.goto(`/calls/${sid}`);
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('svg.waveform')).toBeVisible({ timeout: 30_000 });
  const legend = page.getByRole('list', { name: he.player.legend });
  await expect(legend).toContainText(he.speakers.customer);
  await expect(legend).toContainText(he.speakers.agent);
  const transcript = page.getByRole('region', { name: he.calls.transcript });
  await expect(transcript.locator('.transcript__speaker', { hasText: he.speakers.agent }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: he.player.skipSilences })).toBeVisible();

  // A quarter of the way from the waveform's left edge is a quarter of the recording, in Hebrew too.
  const duration = await audioDuration(page);
  await clickWaveformAt(page, 0.25);
  await expect.poll(() => audioTime(page)).toBeGreaterThan(duration * 0.21);
  expect(await audioTime(page)).toBeLessThan(duration * 0.29);

  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual(
    [],
  );
  await attachScreenshot(page, testInfo, 'insight-hebrew.png');
  if (process.env.E2E_INSIGHT_SCREENSHOT)
    await page.screenshot({ path: process.env.E2E_INSIGHT_SCREENSHOT, fullPage: true });
});
