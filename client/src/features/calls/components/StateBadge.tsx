import { useTranslation } from 'react-i18next';
import { PIPELINE_STATES, RECORDING_STATES, type PipelineState, type RecordingState } from '../../../lib/states';

export type StateBadgeProps =
  { kind: 'recording'; state: RecordingState } | { kind: 'transcript' | 'summary'; state: PipelineState };

/** A short, translated label for a recording, transcript or summary state (e.g. "Ready", "Transcribing"). */
export function StateBadge({ kind, state }: StateBadgeProps) {
  const { t } = useTranslation();
  // A state this client does not know yet (a newer server) is shown as sent rather than as a missing key.
  const known =
    kind === 'recording'
      ? (RECORDING_STATES as readonly string[]).includes(state)
      : (PIPELINE_STATES as readonly string[]).includes(state);
  const label = !known
    ? state
    : kind === 'recording'
      ? t(`states.recording.${state as RecordingState}`)
      : t(`states.${kind}.${state as PipelineState}`);
  return <span className={`badge badge--${known ? state : 'unknown'}`}>{label}</span>;
}
