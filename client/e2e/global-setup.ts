import fs from 'node:fs/promises';
import path from 'node:path';
import { request, type APIRequestContext, type FullConfig } from '@playwright/test';
import { CALLS, EMAIL, PASSWORD, STORAGE_STATE } from './support/env';

const TIMEOUT_MS = Number(process.env.E2E_SETUP_TIMEOUT_SECONDS || 300) * 1000;
const POLL_MS = 1000;

interface ListedCall {
  callSid: string;
  recording: { state: string };
  transcript: { state: string };
}

/** What the demo must look like before the specs start: each recording's state, and 07's transcript. */
const EXPECTED: { label: string; callSid: string; recording: string; transcript?: string }[] = [
  { label: '07 (player.spec)', callSid: CALLS.remote, recording: 'remote', transcript: 'done' },
  { label: '09 (slow.spec)', callSid: CALLS.slow, recording: 'remote' },
  { label: '10 (no-recording.spec)', callSid: CALLS.missing, recording: 'missing' },
  { label: '11 (failed.spec)', callSid: CALLS.failed, recording: 'failed' },
  { label: '14 (insight.spec)', callSid: CALLS.twoSpeakers, recording: 'ready', transcript: 'done' },
  { label: '16 (redaction.spec)', callSid: CALLS.redacted, recording: 'ready', transcript: 'done' },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function describe(calls: Map<string, ListedCall> | null): { ready: boolean; lines: string[] } {
  let ready = calls !== null;
  const lines = EXPECTED.map(({ label, callSid, recording, transcript }) => {
    const call = calls?.get(callSid);
    const want = `recording ${recording}${transcript ? `, transcript ${transcript}` : ''}`;
    const have = call
      ? `recording ${call.recording.state}${transcript ? `, transcript ${call.transcript.state}` : ''}`
      : 'not listed';
    const ok = !!call && call.recording.state === recording && (!transcript || call.transcript.state === transcript);
    if (!ok) ready = false;
    return `  ${ok ? 'ok  ' : 'WAIT'} call ${label} ${callSid}: want ${want}; have ${have}`;
  });
  return { ready, lines };
}

async function login(api: APIRequestContext): Promise<string | null> {
  try {
    const response = await api.post('/api/auth/login', { data: { email: EMAIL, password: PASSWORD } });
    if (response.ok()) return null;
    return `POST /api/auth/login as ${EMAIL} answered ${response.status()}: ${(await response.text()).slice(0, 300)}`;
  } catch (error) {
    return `POST /api/auth/login failed: ${(error as Error).message}`;
  }
}

async function listCalls(api: APIRequestContext): Promise<Map<string, ListedCall> | string> {
  try {
    const response = await api.get('/api/calls?page=1&pageSize=50');
    if (!response.ok()) return `GET /api/calls answered ${response.status()}`;
    const body = (await response.json()) as { items: ListedCall[] };
    return new Map(body.items.map((call) => [call.callSid, call]));
  } catch (error) {
    return `GET /api/calls failed: ${(error as Error).message}`;
  }
}

/**
 * Signs the demo agent in through the API, waits (up to 5 minutes, E2E_SETUP_TIMEOUT_SECONDS) until the demo's
 * calls are in the states the specs start from, and saves the session for the specs.
 */
export default async function globalSetup(config: FullConfig): Promise<void> {
  const baseURL = config.projects[0]?.use.baseURL;
  if (!baseURL) throw new Error('E2E global setup: no baseURL (set E2E_BASE_URL).');
  const api = await request.newContext({ baseURL });
  const deadline = Date.now() + TIMEOUT_MS;
  const started = Date.now();
  let problem: string | null = 'not signed in yet';
  let signedIn = false;
  let lastReport = '';
  let lastPrinted = 0;
  try {
    console.log(`E2E setup: signing in to ${baseURL} as ${EMAIL} and waiting for the demo's calls...`);
    for (;;) {
      if (!signedIn) {
        problem = await login(api);
        signedIn = problem === null;
      }
      if (signedIn) {
        const calls = await listCalls(api);
        if (typeof calls === 'string') {
          problem = calls;
          // A 401 means the session is gone: sign in again.
          if (calls.includes('answered 401')) signedIn = false;
        } else {
          const { ready, lines } = describe(calls);
          if (ready) {
            console.log(`E2E setup: demo ready after ${Math.round((Date.now() - started) / 1000)} s.`);
            break;
          }
          problem = null;
          lastReport = lines.join('\n');
        }
      }
      if (Date.now() >= deadline) {
        const waited = Math.round((Date.now() - started) / 1000);
        throw new Error(
          [
            `E2E setup timed out after ${waited} s waiting for the demo at ${baseURL}.`,
            problem ? `Last problem: ${problem}` : 'Still waiting for:',
            lastReport || describe(null).lines.join('\n'),
          ].join('\n'),
        );
      }
      if (Date.now() - lastPrinted > 15_000 && (lastReport || problem)) {
        console.log(`E2E setup: still waiting...\n${problem ?? lastReport}`);
        lastPrinted = Date.now();
      }
      await sleep(POLL_MS);
    }
    await fs.mkdir(path.dirname(STORAGE_STATE), { recursive: true });
    await api.storageState({ path: STORAGE_STATE });
  } finally {
    await api.dispose();
  }
}
