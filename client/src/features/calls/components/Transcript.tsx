import { useEffect, useRef, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDuration } from '../../../lib/format';
import type { CallDetail, RecordingPart, TranscriptSegment } from '../api/types';
import { placeholderKey } from './placeholderKey';
import { RedactedText } from './RedactedText';

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
  const list = useRef<HTMLOListElement>(null);
  const currentIndex = transcript.segments.findIndex(
    (segment) =>
      (!parts || segment.recordingSid === playingSid) &&
      currentSeconds >= segment.startSeconds &&
      currentSeconds < segment.endSeconds,
  );
  useFollow(list, currentIndex);
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
        <ol
          ref={list}
          className="transcript__list transcript__list--scrolls"
          lang={transcript.language ?? undefined}
          dir={dir}
        >
          {transcript.segments.map((segment, index) => {
            const current = index === currentIndex;
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
                  className={[
                    'transcript__segment',
                    segment.speaker ? 'transcript__segment--speaker' : '',
                    current ? 'current' : '',
                  ]
                    .filter(Boolean)
                    .join(' ')}
                >
                  <time className="transcript__time" dir="ltr">
                    {formatDuration(segment.startSeconds, i18n.language)}
                  </time>{' '}
                  {segment.speaker && (
                    // In the page's language (the lines themselves are in the call's).
                    <span
                      className={`transcript__speaker transcript__speaker--${segment.speaker}`}
                      lang={i18n.language}
                      dir={i18n.dir(i18n.language)}
                    >
                      {t(`speakers.${segment.speaker}`)}
                    </span>
                  )}{' '}
                  <span className="transcript__text">
                    <RedactedText text={segment.text} />
                  </span>
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

/**
 * Keeps the line being heard in view as playback moves: the list scrolls itself (never the page), and only when the
 * line has left its visible part, so a reader scrolling elsewhere is not pulled back until the next line starts.
 */
function useFollow(list: RefObject<HTMLOListElement | null>, currentIndex: number) {
  useEffect(() => {
    const container = list.current;
    if (!container || currentIndex < 0) return;
    const item = container.children[currentIndex] as HTMLElement | undefined;
    if (!item) return;
    const top = item.offsetTop;
    const bottom = top + item.offsetHeight;
    if (top < container.scrollTop || bottom > container.scrollTop + container.clientHeight) {
      container.scrollTo?.({ top: Math.max(0, top - container.clientHeight / 3) });
    }
  }, [list, currentIndex]);
}
