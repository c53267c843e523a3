import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The client folder (where playwright.config.ts lives): relative paths from the environment are taken from here. */
export const CLIENT_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** An absolute path for a path from the environment (relative paths are relative to the client folder). */
export function resolveFromClient(value: string): string {
  return path.resolve(CLIENT_DIR, value);
}

/** The demo agent (the back end's demo mode seeds it). */
export const EMAIL = process.env.E2E_EMAIL || 'demo@recordings.test';
export const PASSWORD = process.env.E2E_PASSWORD || 'demo-password';

/** The signed-in session the global setup saves and every spec except the login one starts with. */
export const STORAGE_STATE = resolveFromClient('e2e-results/.auth/agent.json');

/** A call SID of the demo business: CA + de + 28 zeros + a two-digit index, e.g. callSid(7). */
export function callSid(index: number): string {
  return `CAde${'0'.repeat(28)}${String(index).padStart(2, '0')}`;
}

/** The demo's calls the specs use, by what their recording is when the suite starts. */
export const CALLS = {
  /** English, recording at Twilio (remote), transcript and summary done. Played once per run (player.spec). */
  remote: callSid(7),
  /** Recording at Twilio that downloads slowly (10-20 s). */
  slow: callSid(9),
  /** No recording (missing). */
  missing: callSid(10),
  /** Download failed; the simulated Twilio has recovered, so "Try again" works. */
  failed: callSid(11),
  /** Recording ready. */
  ready: callSid(1),
  /** Two recordings (a transfer to billing), both ready. */
  transferred: callSid(5),
  /** Ten days old: its audio deleted by the demo business's retention policy (expired); the transcript kept. */
  expired: callSid(13),
  /** Dual-channel, ready and transcribed: the customer on channel 1, the agent on channel 2, one 4-5 s silence at 11 s. */
  twoSpeakers: callSid(14),
  /**
   * Hebrew, dual-channel, delivered once the demo business redacts: the customer reads out a card number, its security
   * code and an Israeli ID; its transcript is scripted (no offline Hebrew engine), its audio redacted, original kept.
   */
  redacted: callSid(16),
} as const;
