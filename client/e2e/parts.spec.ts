import en from '../src/i18n/en';
import type { CallDetail } from '../src/features/calls/api/types';
import { CALLS } from './support/env';
import { audioTime, expect, isFileRequest, playUntil, test } from './support/fixtures';

const sid = CALLS.transferred;
const partName = (index: number) => en.calls.parts.part.replace('{{index}}', String(index)).replace('{{count}}', '2');

test('a transferred call lists its two recordings and plays each on its own', async ({ page, pageLog }) => {
  const response = await page.request.get(`/api/calls/${sid}`);
  expect(response.status()).toBe(200);
  const call = (await response.json()) as CallDetail;
  expect(call.recordings.map((r) => r.state)).toEqual(['ready', 'ready']);
  const [first, second] = call.recordings.map((r) => r.recordingSid);

  await page.goto(`/calls/${sid}`);
  const parts = page.getByRole('region', { name: en.calls.parts.title.replace('{{count}}', '2') });
  await expect(parts.getByRole('button', { name: new RegExp(partName(1)) })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('group', { name: `${en.player.region}: ${partName(1)}` })).toBeVisible();
  await playUntil(page, { seconds: 0.5, timeout: 30_000 });
  expect(await page.locator('audio').getAttribute('src')).toContain(`recordingSid=${first}`);

  await parts.getByRole('button', { name: new RegExp(partName(2)) }).click();
  await expect(page.getByRole('group', { name: `${en.player.region}: ${partName(2)}` })).toBeVisible();
  await expect(page.locator('audio')).toHaveAttribute('src', new RegExp(`recordingSid=${second}`));
  await playUntil(page, { seconds: 0.5, timeout: 30_000 });
  expect(await audioTime(page)).toBeGreaterThan(0);

  // Every file request named one of the call's recordings; none was answered 404.
  const files = pageLog.responses.filter((r) => isFileRequest(r) && r.path.includes(sid));
  expect(files.length).toBeGreaterThan(0);
  expect(files.every((r) => r.path.includes('recordingSid=') && r.status !== 404)).toBe(true);
  expect(pageLog.pageErrors).toEqual([]);
});
