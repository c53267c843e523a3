import { apiJson } from '../../../lib/api-client';
import { recordingStatusUrl, type RecordingStatus, type RecordingTarget } from './types';

/** GET /api/recordings/{callSid}: the recording's state and download progress. */
export function getRecordingStatus(target: RecordingTarget, signal?: AbortSignal): Promise<RecordingStatus> {
  return apiJson<RecordingStatus>(recordingStatusUrl(target), { signal, cache: 'no-store' });
}
