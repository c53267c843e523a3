export { CallsList } from './components/CallsList';
export { Transcript } from './components/Transcript';
export { Summary } from './components/Summary';
export { CallMetrics } from './components/CallMetrics';
export { RecordingParts } from './components/RecordingParts';
export { StateBadge } from './components/StateBadge';
export { useCall, callQueryOptions } from './api/get-call';
export { useCalls, callsQueryOptions } from './api/get-calls';
export type { CallDetail, CallSummary, RecordingPart, TranscriptSegment } from './api/types';
