import { useTranslation } from 'react-i18next';
import { DocumentIcon, SparkleIcon } from '../../../components/icons';
import type { CallDetail } from '../api/types';

export function Summary({ summary }: { summary: CallDetail['summary'] }) {
  const { t } = useTranslation();
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
          {summary.text}
        </p>
      ) : (
        <p className={`card__placeholder card__placeholder--${summary.state}`}>
          {t(`calls.summaryState.${summary.state}`)}
        </p>
      )}
    </section>
  );
}
