import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ChevronEndIcon, ChevronStartIcon, SearchIcon } from '../../../components/icons';
import { formatDateTime, formatDuration, formatPercent } from '../../../lib/format';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { useCalls, type CallsQuery } from '../api/get-calls';
import type { ListInsight } from '../api/types';
import { CallAgents } from './CallAgents';
import { TalkRatioBar } from './CallMetrics';
import { RecordingReason } from './RecordingReason';
import { SearchHits } from './SearchHits';
import { StateBadge } from './StateBadge';

const PAGE_SIZE = 25;
/** The list asks the server once the agent pauses typing, not on every keystroke. */
const SEARCH_DEBOUNCE_MS = 300;
/** The silence filter's choices, in seconds (0: any). */
const MIN_SILENCE_CHOICES = [0, 10, 30, 60, 120] as const;

/** A choice of the agent and team filters. */
export interface FilterOption {
  id: string;
  label: string;
}

interface CallsListProps {
  /** The accounts and teams to filter by (a supervisor's and an admin's list); none: no such filters. */
  filterOptions?: { agents: FilterOption[]; teams: FilterOption[] };
}

export function CallsList({ filterOptions }: CallsListProps = {}) {
  const { t, i18n } = useTranslation();
  const [q, setQ] = useState('');
  // Trimmed first, so a typed space alone does not ask again.
  const query = useDebouncedValue(q.trim(), SEARCH_DEBOUNCE_MS);
  // `best`: newest first, or with a search the best matches first.
  const [sort, setSort] = useState<'best' | NonNullable<CallsQuery['sort']>>('best');
  const [minSilence, setMinSilence] = useState(0);
  const [agentId, setAgentId] = useState('');
  const [teamId, setTeamId] = useState('');
  // The pages walked so far, as the cursors that asked for them (the first page has none). They belong to what they
  // were walked for: another query, order or filter starts again at the first page, in the same render, so no request
  // is ever sent for the new query with an old cursor.
  const effectiveSort = sort === 'best' || (sort === 'newest' && !query) ? undefined : sort;
  const listKey = `${query}|${effectiveSort ?? ''}|${minSilence}|${agentId}|${teamId}`;
  const [paging, setPaging] = useState<{ listKey: string; cursors: (string | null)[] }>({ listKey, cursors: [null] });
  const cursors = paging.listKey === listKey ? paging.cursors : [null];
  const page = cursors.length;
  const calls = useCalls({
    cursor: cursors[page - 1],
    limit: PAGE_SIZE,
    q: query,
    sort: effectiveSort,
    minSilence,
    agentId: agentId || undefined,
    teamId: teamId || undefined,
  });
  const nextCursor = calls.data?.nextCursor ?? null;
  const goNext = () => nextCursor && setPaging({ listKey, cursors: [...cursors, nextCursor] });
  const goPrevious = () => setPaging({ listKey, cursors: cursors.slice(0, -1) });
  const pages = calls.data ? Math.max(page, Math.ceil(calls.data.total / PAGE_SIZE)) : page;
  const pageStatus = calls.data?.totalIsEstimate
    ? t('calls.pageAbout', { page, pages: new Intl.NumberFormat(i18n.language).format(pages) })
    : t('calls.page', { page, pages });

  return (
    <section className="calls-page" aria-labelledby="calls-title">
      <div className="page-header">
        <h1 id="calls-title" className="page-title">
          {t('calls.title')}
        </h1>
        <label className="search-field">
          <span className="search-field__label">{t('calls.search')}</span>
          <span id="calls-search-hint" className="search-field__hint">
            {t('calls.searchHint')}
          </span>
          <span className="search-field__control">
            <SearchIcon className="search-field__icon" />
            {/* "auto": a typed "+972…" keeps its order inside Hebrew, and Hebrew words read right to left in English. */}
            <input
              className="input search-field__input"
              type="search"
              dir="auto"
              aria-label={t('calls.search')}
              aria-describedby="calls-search-hint"
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
            onChange={(event) => setSort(toSort(event.currentTarget.value))}
          >
            <option value="best">{query ? t('calls.sortBest') : t('metrics.sortNewest')}</option>
            {query && <option value="newest">{t('metrics.sortNewest')}</option>}
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
        {filterOptions && (
          <>
            <label>
              {t('calls.agentFilter')}
              <select
                className="select select--compact"
                value={agentId}
                onChange={(event) => setAgentId(event.currentTarget.value)}
              >
                <option value="">{t('calls.allAgents')}</option>
                {filterOptions.agents.map((option) => (
                  <option key={option.id} value={option.id}>
                    {option.label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('calls.teamFilter')}
              <select
                className="select select--compact"
                value={teamId}
                onChange={(event) => setTeamId(event.currentTarget.value)}
              >
                <option value="">{t('calls.allTeams')}</option>
                {filterOptions.teams.map((option) => (
                  <option key={option.id} value={option.id}>
                    {option.label}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
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
                <th scope="col">{t('calls.agents')}</th>
                <th scope="col">{t('calls.duration')}</th>
                <th scope="col">{t('calls.recording')}</th>
                <th scope="col">{t('calls.transcript')}</th>
                <th scope="col">{t('calls.summary')}</th>
                <th scope="col">{t('metrics.column')}</th>
              </tr>
            </thead>
            <tbody>
              {calls.data.items.map((call) => (
                <Fragment key={call.callSid}>
                  <tr>
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
                    <td className="calls-table__agents" data-label={t('calls.agents')}>
                      <CallAgents agents={call.agents} />
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
                  {call.hits && call.hits.length > 0 && (
                    <tr className="calls-table__hits-row">
                      <td colSpan={9}>
                        <SearchHits callSid={call.callSid} hits={call.hits} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pagination" aria-label={pageStatus}>
        <button type="button" className="button button--secondary" disabled={page <= 1} onClick={goPrevious}>
          <ChevronStartIcon className="icon--flip-rtl" />
          {t('calls.previous')}
        </button>
        <span className="pagination__status">{pageStatus}</span>
        <button
          type="button"
          className="button button--secondary"
          disabled={!nextCursor || calls.isPlaceholderData}
          onClick={goNext}
        >
          {t('calls.next')}
          <ChevronEndIcon className="icon--flip-rtl" />
        </button>
      </nav>
    </section>
  );
}

function toSort(value: string): 'best' | 'newest' | 'silence' {
  return value === 'silence' || value === 'newest' ? value : 'best';
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
