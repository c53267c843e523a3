import { apiFetch } from '../../../lib/api-client';
import { recordingFileUrl, type RecordingTarget } from './types';

export interface FileCheck {
  /** 200 ready, 202 preparing, 404 no recording, 502 download failed, 500 and others: server error. */
  status: number;
  /** The raw Retry-After header of a 202 (parse it with parseRetryAfter). */
  retryAfter: string | null;
  /** Whether the server held the answer as asked (Preference-Applied: wait=N). */
  waitApplied: boolean;
}

/** The answer of a check, as the player reads it. */
export function fileCheckOf(response: Response): FileCheck {
  return {
    status: response.status,
    retryAfter: response.headers.get('Retry-After'),
    waitApplied: /(^|[,\s])wait=/i.test(response.headers.get('Preference-Applied') ?? ''),
  };
}

/**
 * HEAD /api/recordings/file/{callSid}: asks whether the file can be played now, without downloading it.
 * An <audio> element cannot retry a 202, so the player asks this first and only then gives it the URL.
 * With `waitSeconds`, asks the server to hold the answer until the recording is ready (Prefer: wait).
 * Throws UnauthorizedError on 401, and a TypeError when the network fails.
 */
export async function headRecordingFile(
  target: RecordingTarget,
  signal?: AbortSignal,
  waitSeconds = 0,
): Promise<FileCheck> {
  const headers: HeadersInit = waitSeconds > 0 ? { Prefer: `wait=${waitSeconds}` } : {};
  const response = await apiFetch(recordingFileUrl(target), { method: 'HEAD', signal, cache: 'no-store', headers });
  return fileCheckOf(response);
}
