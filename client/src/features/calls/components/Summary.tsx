import { useTranslation } from 'react-i18next';
import type { CallDetail } from '../api/types';

export function Summary({ summary }: { summary: CallDetail['summary'] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="summary-title">
      <h2 id="summary-title">{t('calls.summary')}</h2>
      {summary.state === 'done' ? (
        <>
          {summary.provider && (
            <p className="provider-label">
              {summary.provider === 'openai' ? t('calls.providerAi') : t('calls.providerExtractive')}
            </p>
          )}
          <p dir="auto">{summary.text}</p>
        </>
      ) : (
        <p>{t(`calls.summaryState.${summary.state}`)}</p>
      )}
    </section>
  );
}
