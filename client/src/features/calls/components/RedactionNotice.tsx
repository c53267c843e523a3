import { useTranslation } from 'react-i18next';
import { REDACTION_ENTITIES, type RecordingRedaction, type Redaction } from '../../../lib/redaction';

interface RedactionNoticeProps {
  /** The redaction of the recording in the player (null or absent: nothing was redacted). */
  redaction?: RecordingRedaction | null;
  /** What was removed from that recording. */
  redactions: Redaction[];
}

/**
 * Says that the recording in the player was redacted: how many items and of which kinds, and what became of the
 * unredacted original; or that redaction is still running, or failed.
 */
export function RedactionNotice({ redaction, redactions }: RedactionNoticeProps) {
  const { t } = useTranslation();
  if (!redaction) return null;
  if (redaction.state === 'pending')
    return (
      <p role="status" className="redaction-notice redaction-notice--pending">
        {t('calls.redaction.pending')}
      </p>
    );
  if (redaction.state === 'failed')
    return (
      <p role="status" className="redaction-notice redaction-notice--failed">
        {t('calls.redaction.failed')}
      </p>
    );
  const breakdown = REDACTION_ENTITIES.map((entity) => ({
    entity,
    count: redactions.filter((item) => item.entity === entity).length,
  }))
    .filter(({ count }) => count > 0)
    .map(({ entity, count }) => t('calls.redaction.breakdown', { name: t(`redaction.entity.${entity}`), count }))
    .join(', ');
  return (
    <div role="status" className="redaction-notice redaction-notice--done">
      <p>
        {redaction.items > 0 ? (
          <>
            <strong>{t('calls.redaction.done', { count: redaction.items })}</strong>
            {breakdown && ` — ${breakdown}`}
          </>
        ) : (
          t('calls.redaction.doneNone')
        )}
      </p>
      {redaction.original === 'kept' && <p>{t('calls.redaction.originalKept')}</p>}
      {redaction.original === 'deleted' && <p>{t('calls.redaction.originalDeleted')}</p>}
    </div>
  );
}
