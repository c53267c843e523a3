import { useTranslation } from 'react-i18next';
import { DocumentIcon, SparkleIcon } from '../../../components/icons';
import type { CallDetail } from '../api/types';
import { formatDate } from '../../../lib/format';
import { placeholderKey } from './placeholderKey';
import { RedactedText } from './RedactedText';

interface SummaryProps {
  summary: CallDetail['summary'];
  /** Whether the recording is downloaded: a queued summary waits for it, and says so. */
  recordingReady?: boolean;
  /** When the summary was deleted under the retention policy (it goes with the transcript). */
  expiredAt?: string | null;
}

export function Summary({ summary, recordingReady = true, expiredAt }: SummaryProps) {
  const { t, i18n } = useTranslation();
  return (
    <section className="card summary" aria-labelledby="summary-title">
      <div className="card__header">
        <h2 id="summary-title" className="card__title">
          {t('calls.summary')}
        </h2>
        {summary.state === 'done' && summary.provider && (
          <p className={`provider-label provider-label--${summary.provider === 'openai' ? 'ai' : 'extractive'}`}>
            {summary.provider === 'openai' ? <SparkleIcon /> : <DocumentIcon />}
            {summary.provider === 'openai' ? t('calls.providerAi') : t('calls.providerExtractive')}
          </p>
        )}
      </div>
      {summary.state === 'done' ? (
        <p className="summary__text" dir="auto">
          <RedactedText text={summary.text ?? ''} />
        </p>
      ) : (
        <p className={`card__placeholder card__placeholder--${summary.state}`}>
          {t(`calls.summaryState.${placeholderKey(summary.state, recordingReady)}`, {
            date: expiredAt ? formatDate(expiredAt, i18n.language) : '',
          })}
        </p>
      )}
    </section>
  );
}
