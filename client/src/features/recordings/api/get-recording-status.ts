import { apiJson } from '../../../lib/api-client';
import { recordingStatusUrl, type RecordingStatus } from './types';

/** GET /api/recordings/{callSid}: the recording's state and download progress. */
export function getRecordingStatus(callSid: string, signal?: AbortSignal): Promise<RecordingStatus> {
  return apiJson<RecordingStatus>(recordingStatusUrl(callSid), { signal, cache: 'no-store' });
}
