import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDuration } from '../../../lib/format';
import { marked } from '../../../lib/marked';
import type { SearchHit } from '../api/types';
import { RedactedText } from './RedactedText';

/**
 * A call's best matching moments under its row in the calls list: who said it, when, and what, with the words that
 * matched marked. Each opens the call and plays from that moment.
 */
export function SearchHits({ callSid, hits }: { callSid: string; hits: SearchHit[] }) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="search-hits" aria-label={t('calls.hits')}>
      {hits.map((hit) => {
        const params = new URLSearchParams({ t: String(Math.floor(hit.startSeconds)) });
        if (hit.recordingSid) params.set('recording', hit.recordingSid);
        const at = formatDuration(hit.startSeconds, i18n.language);
        return (
          <li key={`${hit.recordingSid ?? ''}-${hit.startSeconds}`} className="search-hits__hit">
            <Link
              className="search-hits__link"
              to={`/calls/${callSid}?${params}`}
              aria-label={t('calls.playFrom', { time: at })}
            >
              <span className="search-hits__time num">{at}</span>
            </Link>
            {hit.speaker && (
              <span className={`search-hits__speaker transcript__speaker--${hit.speaker}`}>
                {t(`speakers.${hit.speaker}`)}
              </span>
            )}
            <span className="search-hits__text" dir="auto">
              {/* A redacted transcript's placeholders show as chips between the marked words. */}
              {marked(hit.text, hit.highlights).map((part, index) =>
                typeof part === 'string' ? <RedactedText key={`text-${index}`} text={part} /> : part,
              )}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
