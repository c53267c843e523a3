import { useTranslation } from 'react-i18next';
import { formatDate, formatDuration } from '../../../lib/format';
import type { CallDetail, RecordingPart, TranscriptSegment } from '../api/types';
import { placeholderKey } from './placeholderKey';

interface TranscriptProps {
  transcript: CallDetail['transcript'];
  /** The player's current time, to highlight the segment being heard. */
  currentSeconds: number;
  /** Seeks to a time of a recording (a line of another part asks the page to switch the player to that part). */
  onSeek: (seconds: number, recordingSid?: string | null) => void;
  /** The call's recordings when it has several: the lines are grouped by part. */
  parts?: RecordingPart[];
  /** The part in the player: only its lines follow playback. */
  playingSid?: string;
  /** Whether the recording is downloaded: a queued transcript waits for it, and says so. */
  recordingReady?: boolean;
}

export function Transcript({
  transcript,
  currentSeconds,
  onSeek,
  parts,
  playingSid,
  recordingReady = true,
}: TranscriptProps) {
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
          {t(`calls.transcriptState.${placeholderKey(transcript.state, recordingReady)}`, {
            date: transcript.expiredAt ? formatDate(transcript.expiredAt, i18n.language) : '',
          })}
        </p>
      ) : (
        <ol className="transcript__list" lang={transcript.language ?? undefined} dir={dir}>
          {transcript.segments.map((segment, index) => {
            const playing = !parts || segment.recordingSid === playingSid;
            const current = playing && currentSeconds >= segment.startSeconds && currentSeconds < segment.endSeconds;
            const partIndex = parts ? startsPart(transcript.segments, index, parts) : -1;
            return (
              <li
                key={`${segment.recordingSid ?? ''}-${segment.startSeconds}-${segment.endSeconds}`}
                className="transcript__item"
                aria-current={current ? 'true' : undefined}
              >
                {parts && partIndex >= 0 && (
                  <h3 className="transcript__part">
                    {t('calls.parts.part', { index: partIndex + 1, count: parts.length })}
                  </h3>
                )}
                <button
                  type="button"
                  onClick={() => onSeek(segment.startSeconds, segment.recordingSid)}
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

/** The index of the part a segment opens (the first segment of its recording), or -1. */
function startsPart(segments: TranscriptSegment[], index: number, parts: RecordingPart[]): number {
  const sid = segments[index].recordingSid;
  if (index > 0 && segments[index - 1].recordingSid === sid) return -1;
  return parts.findIndex((part) => part.recordingSid === sid);
}
