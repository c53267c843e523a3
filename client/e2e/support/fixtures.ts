import { test as base, expect, type Page, type Request, type TestInfo } from '@playwright/test';
import en from '../../src/i18n/en';
import { parseRetryAfter } from '../../src/lib/retry-after';

export interface LoggedRequest {
  method: string;
  /** Path and query, e.g. /api/recordings/file/CA... */
  path: string;
  resourceType: string;
  /** Milliseconds since the test started. */
  at: number;
}

export interface LoggedResponse extends LoggedRequest {
  status: number;
  headers: Record<string, string>;
}

/** What the page did during one test: requests, responses, console errors and uncaught exceptions. */
export interface PageLog {
  requests: LoggedRequest[];
  responses: LoggedResponse[];
  consoleErrors: string[];
  pageErrors: string[];
  /** Requests to the recording endpoints (/api/recordings/...), optionally for one call only. */
  recordingRequests(callSid?: string): LoggedRequest[];
}

const RECORDINGS_PREFIX = '/api/recordings/';

function pathOf(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

/** A recording request is about `callSid` when the SID is one of its path segments. */
export function isRecordingRequest(request: { path: string }, callSid?: string): boolean {
  if (!request.path.startsWith(RECORDINGS_PREFIX)) return false;
  if (!callSid) return true;
  const segments = request.path.split('?')[0].split('/');
  return segments.includes(callSid);
}

/** GET /api/recordings/file/{sid}: the audio element's reads (the player itself never asks for the file). */
export const isFileRequest = (r: LoggedRequest) => r.path.startsWith(`${RECORDINGS_PREFIX}file/`);
/** POST /api/recordings/{sid}/prepare. */
export const isPrepareRequest = (r: LoggedRequest) =>
  r.method === 'POST' && /^\/api\/recordings\/[^/]+\/prepare$/.test(r.path.split('?')[0]);
/** GET /api/recordings/{sid}: the status (progress) document. */
export const isStatusRequest = (r: LoggedRequest) =>
  r.method === 'GET' && /^\/api\/recordings\/(?!file\/)[^/]+$/.test(r.path.split('?')[0]);

export const test = base.extend<{ pageLog: PageLog }>({
  pageLog: async ({ page }, use, testInfo) => {
    const started = Date.now();
    const log: PageLog = {
      requests: [],
      responses: [],
      consoleErrors: [],
      pageErrors: [],
      recordingRequests: (callSid) => log.requests.filter((r) => isRecordingRequest(r, callSid)),
    };
    page.on('request', (request) => {
      log.requests.push({
        method: request.method(),
        path: pathOf(request.url()),
        resourceType: request.resourceType(),
        at: Date.now() - started,
      });
    });
    page.on('response', (response) => {
      const request = response.request();
      log.responses.push({
        method: request.method(),
        path: pathOf(response.url()),
        resourceType: request.resourceType(),
        at: Date.now() - started,
        status: response.status(),
        headers: response.headers(),
      });
    });
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const where = message.location().url;
      log.consoleErrors.push(where ? `${message.text()} (${where})` : message.text());
    });
    page.on('pageerror', (error) => log.pageErrors.push(String(error)));

    await use(log);

    // On failure, keep what the page did next to the screenshot and the trace.
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('page-log.json', {
        body: JSON.stringify(
          {
            requests: log.requests,
            responses: log.responses,
            consoleErrors: log.consoleErrors,
            pageErrors: log.pageErrors,
          },
          null,
          2,
        ),
        contentType: 'application/json',
      });
    }
  },
});

export { expect };

/** The `<audio>` element's currentTime, in seconds. */
export function audioTime(page: Page): Promise<number> {
  return page.locator('audio').evaluate((audio: HTMLAudioElement) => audio.currentTime);
}

/**
 * The player's Play button: enabled on a ready recording (it plays) and on one that is not downloaded yet (it
 * prepares it, then plays it); disabled while it is prepared and when it cannot be played.
 */
export function playButton(page: Page) {
  return page.getByRole('button', { name: en.player.play, exact: true });
}

/** Waits until the audio has played past `seconds` (Play was pressed already). */
export async function playedPast(page: Page, { seconds = 0.5, timeout }: { seconds?: number; timeout: number }) {
  await expect
    .poll(() => audioTime(page), { message: `the audio's currentTime should pass ${seconds} s`, timeout })
    .toBeGreaterThan(seconds);
}

/**
 * Presses Play as soon as it can be pressed (waiting while the recording is prepared after Try again), then waits
 * until the audio has played past `seconds`. A recording that is not ready is prepared by that press and plays once
 * it is.
 */
export async function playUntil(page: Page, { seconds = 0.5, timeout }: { seconds?: number; timeout: number }) {
  const deadline = Date.now() + timeout;
  await playButton(page).click({ timeout });
  await playedPast(page, { seconds, timeout: Math.max(1000, deadline - Date.now()) });
}

/** A predicate for page.waitForRequest: a request to the recording endpoints about `callSid`. */
export const recordingRequestAbout = (callSid: string) => (request: Request) =>
  isRecordingRequest({ path: pathOf(request.url()) }, callSid);

/**
 * For the specs whose point is that nothing happens next (no loop, no request at all): waits up to `ms` for a request
 * matching `predicate` and fails, naming it, as soon as one is sent.
 */
export async function expectNoRequest(
  page: Page,
  predicate: (request: Request) => boolean,
  { ms, message }: { ms: number; message: string },
) {
  const sent = await page.waitForRequest(predicate, { timeout: ms }).then(
    (request) => `${request.method()} ${pathOf(request.url())}`,
    () => null,
  );
  expect(sent, message).toBeNull();
}

/** A regular expression matching a translated string, its {{placeholders}} matching anything. */
export function textPattern(template: string): RegExp {
  const parts = template.split(/\{\{\s*\w+\s*\}\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.+')}$`);
}

/** Retry-After values (seconds) of the 202 answers seen, to know how often the player may ask. */
export function retryAfterSeconds(log: PageLog): number[] {
  return log.responses
    .filter((r) => r.status === 202 && r.headers['retry-after'])
    .map((r) => parseRetryAfter(r.headers['retry-after']));
}

/**
 * A full-page screenshot saved as a file in the test's output folder (E2E_ARTIFACTS_DIR) and attached to the report
 * by path (not inlined into the JSON report). Returns the image.
 */
export async function attachScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<Buffer> {
  const file = testInfo.outputPath(name);
  const image = await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
  return image;
}
