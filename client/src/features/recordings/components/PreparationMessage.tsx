import { useTranslation } from 'react-i18next';
import { formatBytes, formatDate, formatDuration, formatPercent } from '../../../lib/format';
import type { PreparationState } from '../hooks/preparation-state';

/** What the player says while the recording is not playable: checking, preparing (with progress), or why not. */
interface PreparationMessageProps {
  state: PreparationState;
  elapsedSeconds: number;
  locale: string;
  onRetry: () => void;
  /** Twilio reported the recording absent (rather than the call never being recorded). */
  absent?: boolean;
  /** When the recording was deleted under the retention policy, when the page knows. */
  expiredAt?: string | null;
}

export function PreparationMessage({
  state,
  elapsedSeconds,
  locale,
  onRetry,
  absent,
  expiredAt,
}: PreparationMessageProps) {
  const { t } = useTranslation();
  const retryButton = (
    <button type="button" className="button button--secondary" onClick={onRetry}>
      {t('player.tryAgain')}
    </button>
  );
  switch (state.status) {
    case 'checking':
      return (
        <p role="status" className="player-message player-message--busy">
          {t('player.checking')}
        </p>
      );
    case 'preparing': {
      if (state.redacting)
        return (
          <div role="status" className="player-message player-message--busy player-message--progress">
            <p className="player-message__title">{t('player.redacting')}</p>
            <progress className="player-message__bar" aria-label={t('player.redacting')} max={1} />
            <p className="player-message__detail player-message__elapsed">
              {t('player.elapsed', { time: formatDuration(elapsedSeconds, locale) })}
            </p>
          </div>
        );
      const { bytesDownloaded, totalBytes } = state;
      const fraction = bytesDownloaded !== null && totalBytes ? Math.min(1, bytesDownloaded / totalBytes) : null;
      return (
        <div role="status" className="player-message player-message--busy player-message--progress">
          <p className="player-message__title">{t('player.preparing')}</p>
          <progress
            className="player-message__bar"
            aria-label={t('player.preparing')}
            max={1}
            {...(fraction !== null ? { value: fraction } : {})}
          />
          {fraction !== null && (
            <p className="player-message__detail">
              {t('player.preparingProgress', { percent: formatPercent(fraction, locale) })}
            </p>
          )}
          {fraction === null && bytesDownloaded ? (
            <p className="player-message__detail">
              {t('player.preparingBytes', { bytes: formatBytes(bytesDownloaded, locale) })}
            </p>
          ) : null}
          <p className="player-message__detail player-message__elapsed">
            {t('player.elapsed', { time: formatDuration(elapsedSeconds, locale) })}
          </p>
        </div>
      );
    }
    case 'retrying':
      return (
        <p role="status" className="player-message player-message--busy">
          {t('player.networkRetrying', { attempt: state.attempt, max: state.maxAttempts })}
        </p>
      );
    case 'idle':
    case 'ready':
      return null;
    case 'missing':
      return (
        <p role="status" className="player-message player-message--muted">
          {absent ? t('player.absent') : t('player.missing')}
        </p>
      );
    case 'expired':
      return <ExpiredMessage expiredAt={expiredAt} locale={locale} />;
    case 'failed':
      return (
        <div role="alert" className="player-message player-message--error">
          <p>{state.kind === 'download' ? t('player.failed') : t('player.serverError')}</p>
          {state.detail && (
            <p className="player-message__detail">{t('player.failedDetail', { detail: state.detail })}</p>
          )}
          {retryButton}
        </div>
      );
    case 'gaveUp':
      return (
        <div role="alert" className="player-message player-message--error">
          <p>{state.redacting ? t('player.gaveUpRedacting') : t('player.gaveUp')}</p>
          {retryButton}
        </div>
      );
    case 'networkError':
      return (
        <div role="alert" className="player-message player-message--error">
          <p>{t('player.networkError')}</p>
          {retryButton}
        </div>
      );
    case 'unauthorized':
      return (
        <p role="alert" className="player-message player-message--error">
          {t('player.unauthorized')}
        </p>
      );
  }
}

/** A recording deleted under the retention policy: said once, with the day when known; nothing to try again. */
export function ExpiredMessage({ expiredAt, locale }: { expiredAt?: string | null; locale: string }) {
  const { t } = useTranslation();
  return (
    <p role="status" className="player-message player-message--muted">
      {expiredAt ? t('player.expired', { date: formatDate(expiredAt, locale) }) : t('player.expiredNoDate')}
    </p>
  );
}
