import { useTranslation } from 'react-i18next';
import { formatDuration } from '../../../lib/format';
import type { CallDetail } from '../api/types';
import { placeholderKey } from './placeholderKey';

interface TranscriptProps {
  transcript: CallDetail['transcript'];
  /** The player's current time, to highlight the segment being heard. */
  currentSeconds: number;
  onSeek: (seconds: number) => void;
  /** Whether the recording is downloaded: a queued transcript waits for it, and says so. */
  recordingReady?: boolean;
}

export function Transcript({ transcript, currentSeconds, onSeek, recordingReady = true }: TranscriptProps) {
  const { t, i18n } = useTranslation();
  const dir = transcript.language === 'he' ? 'rtl' : transcript.language ? 'ltr' : 'auto';
  return (
    <section className="card transcript" aria-labelledby="transcript-title">
      <div className="card__header">
        <h2 id="transcript-title" className="card__title">
          {t('calls.transcript')}
        </h2>
      </div>
      {transcript.state !== 'done' ? (
        <p className={`card__placeholder card__placeholder--${transcript.state}`}>
          {t(`calls.transcriptState.${placeholderKey(transcript.state, recordingReady)}`)}
        </p>
      ) : (
        <ol className="transcript__list" lang={transcript.language ?? undefined} dir={dir}>
          {transcript.segments.map((segment) => {
            const current = currentSeconds >= segment.startSeconds && currentSeconds < segment.endSeconds;
            return (
              <li
                key={`${segment.startSeconds}-${segment.endSeconds}`}
                className="transcript__item"
                aria-current={current ? 'true' : undefined}
              >
                <button
                  type="button"
                  onClick={() => onSeek(segment.startSeconds)}
                  className={current ? 'transcript__segment current' : 'transcript__segment'}
                >
                  <time className="transcript__time" dir="ltr">
                    {formatDuration(segment.startSeconds, i18n.language)}
                  </time>{' '}
                  <span className="transcript__text">{segment.text}</span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
