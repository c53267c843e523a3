/** The API's names of a recording's state and of a transcript's or summary's state, shared by every feature. */
export const PIPELINE_STATES = ['none', 'queued', 'running', 'done', 'failed', 'disabled', 'expired'] as const;
export type PipelineState = (typeof PIPELINE_STATES)[number];

export const RECORDING_STATES = ['missing', 'remote', 'queued', 'downloading', 'ready', 'failed', 'expired'] as const;
export type RecordingState = (typeof RECORDING_STATES)[number];
