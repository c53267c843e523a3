import { useTranslation } from 'react-i18next';
import { formatDuration } from '../../../lib/format';
import type { CallDetail } from '../api/types';

interface TranscriptProps {
  transcript: CallDetail['transcript'];
  /** The player's current time, to highlight the segment being heard. */
  currentSeconds: number;
  onSeek: (seconds: number) => void;
}

export function Transcript({ transcript, currentSeconds, onSeek }: TranscriptProps) {
  const { t, i18n } = useTranslation();
  if (transcript.state !== 'done') {
    return (
      <section aria-labelledby="transcript-title">
        <h2 id="transcript-title">{t('calls.transcript')}</h2>
        <p>{t(`calls.transcriptState.${transcript.state}`)}</p>
      </section>
    );
  }
  const dir = transcript.language === 'he' ? 'rtl' : transcript.language ? 'ltr' : 'auto';
  return (
    <section aria-labelledby="transcript-title">
      <h2 id="transcript-title">{t('calls.transcript')}</h2>
      <ol lang={transcript.language ?? undefined} dir={dir}>
        {transcript.segments.map((segment) => {
          const current = currentSeconds >= segment.startSeconds && currentSeconds < segment.endSeconds;
          return (
            <li key={`${segment.startSeconds}-${segment.endSeconds}`} aria-current={current ? 'true' : undefined}>
              <button
                type="button"
                onClick={() => onSeek(segment.startSeconds)}
                className={current ? 'current' : undefined}
              >
                <time dir="ltr">{formatDuration(segment.startSeconds, i18n.language)}</time> {segment.text}
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
