import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../lib/format';
import type { ListRecording } from '../api/types';

/**
 * Under a recording's state in the calls list: why it cannot be played (never recorded, absent at Twilio, deleted on
 * a day, or the reason its download failed), and how many recordings the call has when it has several.
 */
export function RecordingReason({ recording }: { recording: ListRecording }) {
  const { t, i18n } = useTranslation();
  const count = recording.count ?? 1;
  let reason: string | null = null;
  if (recording.state === 'missing') {
    reason = count === 0 ? t('calls.reason.neverRecorded') : t('calls.reason.absent');
  } else if (recording.state === 'expired' && recording.expiredAt) {
    reason = t('calls.reason.expired', { date: formatDate(recording.expiredAt, i18n.language) });
  } else if (recording.state === 'failed' && recording.error) {
    reason = t('calls.reason.failed', { error: recording.error });
  }
  return (
    <>
      {reason && (
        <span className="recording-reason" title={reason}>
          {reason}
        </span>
      )}
      {count > 1 && <span className="recording-reason">{t('calls.parts.count', { count })}</span>}
    </>
  );
}
