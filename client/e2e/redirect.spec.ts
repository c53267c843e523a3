import { CALLS } from './support/env';
import { expect, isFileRequest, playUntil, test } from './support/fixtures';

// Run only with E2E_DELIVERY=redirect (test.sh's second end-to-end run: the app on the object store with
// Recordings:Storage:Delivery = redirect). The audio element's GET is answered 307 to a presigned URL of the object,
// and Chromium reads the bytes, ranges included, from the store.
test('with redirect delivery the audio plays from the object store after a 307', async ({ page, pageLog }) => {
  const sid = CALLS.ready;
  await page.goto(`/calls/${sid}`);
  await playUntil(page, { seconds: 0.5, timeout: 30_000 });

  const summary = pageLog.responses.map((r) => `${r.status} ${r.method} ${r.path.split('?')[0]}`).join('\n');
  const redirected = pageLog.responses.filter((r) => isFileRequest(r) && r.method === 'GET' && r.status === 307);
  expect(redirected.length, `the app answers the audio's GET with 307:\n${summary}`).toBeGreaterThan(0);
  expect(redirected[0].headers['cache-control']).toContain('no-store');
  expect(redirected[0].headers['location'], 'a presigned URL of the object').toContain('X-Amz-Signature=');

  // The object: {bucket}/{businessId}/{recordingSid}.mp3 on the store's origin.
  const fromStore = pageLog.responses.filter(
    (r) =>
      !r.path.startsWith('/api/') &&
      /\/RE[0-9a-f]{32}\.mp3$/.test(r.path.split('?')[0]) &&
      [200, 206].includes(r.status),
  );
  expect(fromStore.length, `the store served the audio:\n${summary}`).toBeGreaterThan(0);
  // The player itself asks the file endpoint nothing (no HEAD): only the audio element reads it.
  const heads = pageLog.responses.filter((r) => isFileRequest(r) && r.method === 'HEAD');
  expect(heads).toEqual([]);
  expect(pageLog.consoleErrors).toEqual([]);
  expect(pageLog.pageErrors).toEqual([]);
});
