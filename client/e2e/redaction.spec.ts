import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import he from '../src/i18n/he';
import type { CallDetail } from '../src/features/calls/api/types';
import { CALLS, resolveFromClient } from './support/env';
import { attachScreenshot, expect, playedPast, test } from './support/fixtures';

const sid = CALLS.redacted;

/** What the customer of call 16 reads out (DemoCatalog): none of it may reach the page, in digits or in words. */
const SPOKEN = {
  card: ['4580123456789015', '4580', '1234', '5678', '9015', 'ארבע חמש שמונה אפס', 'תשע אפס אחת חמש'],
  cvv: ['345', 'שלוש ארבע חמש'],
  israeliId: ['039485719', 'אפס שלוש תשע ארבע שמונה'],
};

const ENTITIES = ['card', 'cvv', 'israeliId'] as const;

/** The call as the API has it, once its redacted copy is stored (the demo waits for it before it is staged). */
async function redactedCall(page: Page): Promise<CallDetail> {
  let call: CallDetail | undefined;
  await expect
    .poll(
      async () => {
        const response = await page.request.get(`/api/calls/${sid}`);
        call = response.status() === 200 ? ((await response.json()) as CallDetail) : undefined;
        return call?.recording.redaction?.state ?? 'none';
      },
      { message: 'the redacted demo call to be redacted', timeout: 60_000 },
    )
    .toBe('done');
  if (!call) throw new Error('unreachable');
  return call;
}

test('a redacted Hebrew call: chips in place of the numbers, the notice, the silenced waveform, and it plays', async ({
  page,
  pageLog,
}, testInfo) => {
  const call = await redactedCall(page);
  expect(call.transcript.state).toBe('done');
  expect(call.transcript.language).toBe('he');
  expect(call.recording.redaction).toMatchObject({ state: 'done', items: 3, original: 'kept' });
  expect((call.redactions ?? []).map((r) => r.entity).sort()).toEqual([...ENTITIES].sort());
  const json = JSON.stringify(call);
  for (const said of Object.values(SPOKEN).flat()) expect(json, `the API never returns "${said}"`).not.toContain(said);

  await page.addInitScript(() => window.localStorage.setItem('recordings.language', 'he'));
  await page.goto(`/calls/${sid}`);
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');

  // The transcript: a chip, in Hebrew, where each number was said.
  const transcript = page.getByRole('region', { name: he.calls.transcript });
  for (const entity of ENTITIES) {
    const name = he.redaction.entity[entity];
    const chip = transcript.getByRole('img', { name: he.redaction.chipLabel.replace('{{name}}', name) });
    await expect(chip).toHaveCount(1);
    await expect(chip).toHaveText(he.redaction.chip.replace('{{name}}', name));
  }
  await expect(transcript).toContainText('[מספר כרטיס]');

  // The notice: redacted, how many items, and the original kept for admins.
  const notice = page.locator('.redaction-notice--done');
  await expect(notice).toContainText(he.calls.redaction.done_other.replace('{{count}}', '3'));
  await expect(notice).toContainText(he.calls.redaction.originalKept);

  // The waveform, drawn from the redacted audio: a hatched band over each silenced stretch.
  const waveform = page.locator('svg.waveform');
  await expect(waveform).toBeVisible({ timeout: 30_000 });
  await expect(waveform.locator('.waveform__lane')).toHaveCount(2);
  await expect(waveform.locator('.waveform__redaction')).toHaveCount(3);
  await expect(page.getByRole('list', { name: he.player.legend })).toContainText(he.player.redacted);

  // Dana is an admin: the kept original may be played (not pressed here: each play of it is audited).
  await expect(page.getByRole('button', { name: he.player.playOriginal })).toBeVisible();

  // Nothing the customer said of those numbers is on the page, in digits or in words.
  const text = await page.locator('body').innerText();
  for (const said of Object.values(SPOKEN).flat()) expect(text, `the page never shows "${said}"`).not.toContain(said);

  // It plays (the redacted copy).
  await page.getByRole('button', { name: he.player.play, exact: true }).click();
  await playedPast(page, { seconds: 1, timeout: 30_000 });
  await page.getByRole('button', { name: he.player.pause, exact: true }).click();
  const file = pageLog.responses.filter((r) => r.path.startsWith(`/api/recordings/file/${sid}`));
  expect(file.length, 'the audio element read the file').toBeGreaterThan(0);
  expect(
    file.every((r) => !r.path.includes('original=1')),
    'the redacted copy, not the original',
  ).toBe(true);
  expect(pageLog.pageErrors).toEqual([]);

  // For the README (E2E_REDACTION_SCREENSHOT), and always as an artifact of this test.
  const screenshot = await attachScreenshot(page, testInfo, 'redaction-hebrew.png');
  const target = process.env.E2E_REDACTION_SCREENSHOT;
  if (target) {
    const out = resolveFromClient(target);
    await fs.mkdir(path.dirname(out), { recursive: true });
    await fs.writeFile(out, screenshot);
  }
});
