import { apiFetch, discardBody } from '../../../lib/api-client';
import { prepareRecordingUrl, type RecordingTarget } from './types';
import { fileCheckOf, type FileCheck } from './head-recording-file';

/**
 * POST /api/recordings/{callSid}/prepare: queues a download (also a new attempt after a failure).
 * 200 ready, 202 queued (with Retry-After), 404 no recording, 502 failed again.
 */
export async function prepareRecording(target: RecordingTarget, signal?: AbortSignal): Promise<FileCheck> {
  const response = await apiFetch(prepareRecordingUrl(target), { method: 'POST', signal });
  // The body (the status document) is not needed here; release the connection.
  await discardBody(response);
  return fileCheckOf(response);
}
