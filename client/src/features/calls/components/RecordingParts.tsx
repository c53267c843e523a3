import { useTranslation } from 'react-i18next';
import { formatDateTime, formatDuration } from '../../../lib/format';
import type { RecordingPart } from '../api/types';
import { StateBadge } from './StateBadge';

interface RecordingPartsProps {
  parts: RecordingPart[];
  selectedSid: string | undefined;
  onSelect: (recordingSid: string) => void;
}

/**
 * The recordings of a call that has several (a transfer, a conference, a second recording after a dial), in start
 * order: each can be chosen for the player, and says what state it is in (and why it cannot be played).
 */
export function RecordingParts({ parts, selectedSid, onSelect }: RecordingPartsProps) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  return (
    <section className="card recording-parts" aria-labelledby="recording-parts-title">
      <div className="card__header">
        <h2 id="recording-parts-title" className="card__title">
          {t('calls.parts.title', { count: parts.length })}
        </h2>
      </div>
      <ol className="recording-parts__list">
        {parts.map((part, index) => {
          const selected = part.recordingSid === selectedSid;
          return (
            <li key={part.recordingSid} className="recording-parts__item">
              <button
                type="button"
                className={selected ? 'recording-parts__button selected' : 'recording-parts__button'}
                aria-pressed={selected}
                onClick={() => onSelect(part.recordingSid)}
              >
                <span className="recording-parts__name">
                  {t('calls.parts.part', { index: index + 1, count: parts.length })}
                </span>
                {part.startedAt && (
                  <span className="recording-parts__meta">{formatDateTime(part.startedAt, locale)}</span>
                )}
                {part.durationSeconds != null && (
                  <span className="recording-parts__meta" dir="ltr">
                    {formatDuration(part.durationSeconds, locale)}
                  </span>
                )}
                <StateBadge kind="recording" state={part.state} />
              </button>
              {part.error && <p className="recording-parts__error">{part.error}</p>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
