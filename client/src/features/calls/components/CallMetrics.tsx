import { useTranslation } from 'react-i18next';
import { formatDuration, formatPercent } from '../../../lib/format';
import type { RecordingMetrics } from '../api/types';

interface CallMetricsProps {
  metrics: RecordingMetrics;
}

/**
 * What supervisors look at first: who talked how much (agent / customer, measured on each channel), the silence and
 * the longest stretch one person held the floor. Nothing is shown before the recording is measured.
 */
export function CallMetrics({ metrics }: CallMetricsProps) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const { agent, customer, all } = metrics.talkSeconds;
  const both = agent !== undefined && customer !== undefined;
  const talk = both ? agent + customer : (all ?? 0);
  const agentShare = both && talk > 0 ? agent / talk : null;
  const time = (seconds: number) => formatDuration(seconds, locale);
  return (
    <section className="card call-metrics" aria-labelledby="metrics-title">
      <div className="card__header">
        <h2 id="metrics-title" className="card__title">
          {t('metrics.title')}
        </h2>
      </div>
      <dl className="call-metrics__list">
        <dt>{both ? t('metrics.talkRatio') : t('metrics.talk')}</dt>
        <dd>
          {agentShare !== null ? (
            <>
              <span className="call-metrics__ratio">
                {t('metrics.ratio', {
                  agent: formatPercent(agentShare, locale),
                  customer: formatPercent(1 - agentShare, locale),
                })}
              </span>
              <TalkRatioBar agentShare={agentShare} />
            </>
          ) : (
            time(talk)
          )}
        </dd>
        <dt>{t('metrics.silence')}</dt>
        <dd>
          {t('metrics.silenceValue', {
            total: time(metrics.silenceSeconds),
            longest: time(metrics.longestSilenceSeconds),
          })}
        </dd>
        <dt>{t('metrics.longestMonologue')}</dt>
        <dd>{time(metrics.longestMonologueSeconds)}</dd>
        {both && (
          <>
            <dt>{t('metrics.overtalk')}</dt>
            <dd>{time(metrics.overtalkSeconds)}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

/** The agent's share of the talk as a bar (the agent's colour, then the customer's); the numbers are said beside it. */
export function TalkRatioBar({ agentShare }: { agentShare: number }) {
  const percent = Math.round(agentShare * 100);
  return (
    <span className="talk-ratio" aria-hidden="true">
      <span className="talk-ratio__agent" style={{ inlineSize: `${percent}%` }} />
      <span className="talk-ratio__customer" style={{ inlineSize: `${100 - percent}%` }} />
    </span>
  );
}
