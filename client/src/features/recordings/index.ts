export { AudioPlayer, type AudioPlayerHandle, type AudioPlayerProps } from './components/AudioPlayer';
export { useRecordingPreparation } from './hooks/use-recording-preparation';
export type { RecordingStatus, RecordingState } from './api/types';
