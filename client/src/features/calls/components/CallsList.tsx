import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ChevronEndIcon, ChevronStartIcon, SearchIcon } from '../../../components/icons';
import { formatDateTime, formatDuration, formatPercent } from '../../../lib/format';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { useCalls, type CallsQuery } from '../api/get-calls';
import type { ListInsight } from '../api/types';
import { TalkRatioBar } from './CallMetrics';
import { RecordingReason } from './RecordingReason';
import { StateBadge } from './StateBadge';

const PAGE_SIZE = 25;
/** The list asks the server once the agent pauses typing, not on every keystroke. */
const SEARCH_DEBOUNCE_MS = 300;
/** The silence filter's choices, in seconds (0: any). */
const MIN_SILENCE_CHOICES = [0, 10, 30, 60, 120] as const;

export function CallsList() {
  const { t, i18n } = useTranslation();
  const [q, setQ] = useState('');
  // Trimmed first, so a typed space alone does not ask again.
  const query = useDebouncedValue(q.trim(), SEARCH_DEBOUNCE_MS);
  // The page belongs to the query it was chosen for: a new (debounced) query starts again at page 1, in the same
  // render, so no request is ever sent for the new query with the old page.
  const [sort, setSort] = useState<NonNullable<CallsQuery['sort']>>('newest');
  const [minSilence, setMinSilence] = useState(0);
  // The page belongs to what it was chosen for: another query, order or filter starts again at page 1.
  const listKey = `${query}|${sort}|${minSilence}`;
  const [paging, setPaging] = useState({ listKey, page: 1 });
  const page = paging.listKey === listKey ? paging.page : 1;
  const setPage = (next: number) => setPaging({ listKey, page: next });
  const calls = useCalls({ page, pageSize: PAGE_SIZE, q: query, sort, minSilence });
  const pages = calls.data ? Math.max(1, Math.ceil(calls.data.total / PAGE_SIZE)) : 1;

  return (
    <section className="calls-page" aria-labelledby="calls-title">
      <div className="page-header">
        <h1 id="calls-title" className="page-title">
          {t('calls.title')}
        </h1>
        <label className="search-field">
          <span className="search-field__label">{t('calls.search')}</span>
          <span className="search-field__control">
            <SearchIcon className="search-field__icon" />
            {/* Phone numbers read left to right: "auto" keeps a typed "+972…" in order inside Hebrew. */}
            <input
              className="input search-field__input"
              type="search"
              dir="auto"
              value={q}
              onChange={(e) => setQ(e.target.value)}
            />
          </span>
        </label>
      </div>
      <div className="calls-filters">
        <label>
          {t('metrics.sort')}
          <select
            className="select select--compact"
            value={sort}
            onChange={(event) => setSort(event.currentTarget.value === 'silence' ? 'silence' : 'newest')}
          >
            <option value="newest">{t('metrics.sortNewest')}</option>
            <option value="silence">{t('metrics.sortSilence')}</option>
          </select>
        </label>
        <label>
          {t('metrics.minSilence')}
          <select
            className="select select--compact"
            value={String(minSilence)}
            onChange={(event) => setMinSilence(Number(event.currentTarget.value))}
          >
            {MIN_SILENCE_CHOICES.map((seconds) => (
              <option key={seconds} value={String(seconds)}>
                {seconds === 0
                  ? t('metrics.minSilenceAny')
                  : t('metrics.minSilenceAtLeast', { seconds: new Intl.NumberFormat(i18n.language).format(seconds) })}
              </option>
            ))}
          </select>
        </label>
      </div>
      {calls.isPending && (
        <p role="status" className="page-message">
          {t('calls.loading')}
        </p>
      )}
      {calls.isError && (
        <p role="alert" className="alert alert--error">
          {t('calls.error')}
        </p>
      )}
      {calls.data && calls.data.items.length === 0 && <p className="empty-state">{t('calls.empty')}</p>}
      {calls.data && calls.data.items.length > 0 && (
        <div className="table-card">
          <table className="calls-table">
            <thead>
              <tr>
                <th scope="col">{t('calls.startedAt')}</th>
                <th scope="col">{t('calls.from')}</th>
                <th scope="col">{t('calls.to')}</th>
                <th scope="col">{t('calls.duration')}</th>
                <th scope="col">{t('calls.recording')}</th>
                <th scope="col">{t('calls.transcript')}</th>
                <th scope="col">{t('calls.summary')}</th>
                <th scope="col">{t('metrics.column')}</th>
              </tr>
            </thead>
            <tbody>
              {calls.data.items.map((call) => (
                <tr key={call.callSid}>
                  <td className="calls-table__started">
                    <Link className="calls-table__link" to={`/calls/${call.callSid}`}>
                      {call.startedAt ? formatDateTime(call.startedAt, i18n.language) : call.callSid}
                    </Link>
                  </td>
                  <td className="calls-table__from" data-label={t('calls.from')}>
                    <span className="phone" dir="ltr">
                      {call.from}
                    </span>
                  </td>
                  <td className="calls-table__to" data-label={t('calls.to')}>
                    <span className="phone" dir="ltr">
                      {call.to}
                    </span>
                  </td>
                  <td className="calls-table__duration" data-label={t('calls.duration')}>
                    <span className="num">
                      {call.durationSeconds != null ? formatDuration(call.durationSeconds, i18n.language) : '–'}
                    </span>
                  </td>
                  <td className="calls-table__state calls-table__recording" data-label={t('calls.recording')}>
                    <StateBadge kind="recording" state={call.recording.state} />
                    <RecordingReason recording={call.recording} />
                  </td>
                  <td className="calls-table__state calls-table__transcript" data-label={t('calls.transcript')}>
                    <StateBadge kind="transcript" state={call.transcript.state} />
                  </td>
                  <td className="calls-table__state calls-table__summary" data-label={t('calls.summary')}>
                    <StateBadge kind="summary" state={call.summary.state} />
                  </td>
                  <td className="calls-table__talk" data-label={t('metrics.column')}>
                    <Insight insight={call.insight} locale={i18n.language} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pagination" aria-label={t('calls.page', { page, pages })}>
        <button
          type="button"
          className="button button--secondary"
          disabled={page <= 1}
          onClick={() => setPage(page - 1)}
        >
          <ChevronStartIcon className="icon--flip-rtl" />
          {t('calls.previous')}
        </button>
        <span className="pagination__status">{t('calls.page', { page, pages })}</span>
        <button
          type="button"
          className="button button--secondary"
          disabled={page >= pages}
          onClick={() => setPage(page + 1)}
        >
          {t('calls.next')}
          <ChevronEndIcon className="icon--flip-rtl" />
        </button>
      </nav>
    </section>
  );
}

/** The list's talk ratio (agent / customer) and silence of a call, or a dash until it is measured. */
function Insight({ insight, locale }: { insight?: ListInsight | null; locale: string }) {
  const { t } = useTranslation();
  if (!insight) return <span className="calls-table__none">–</span>;
  const { agentTalkSeconds: agent, customerTalkSeconds: customer } = insight;
  const talk = (agent ?? 0) + (customer ?? 0);
  const share = agent !== undefined && customer !== undefined && talk > 0 ? agent / talk : null;
  return (
    <span className="calls-table__insight">
      {share !== null && (
        <>
          <span className="num">
            {t('metrics.columnValue', {
              agent: formatPercent(share, locale),
              customer: formatPercent(1 - share, locale),
            })}
          </span>
          <TalkRatioBar agentShare={share} />
        </>
      )}
      <span className="calls-table__silence">
        {t('metrics.silenceColumn', { time: formatDuration(insight.silenceSeconds, locale) })}
      </span>
    </span>
  );
}
