import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime, formatDuration } from '../../../lib/format';
import { useCalls } from '../api/get-calls';
import { StateBadge } from './StateBadge';

const PAGE_SIZE = 25;

export function CallsList() {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const calls = useCalls({ page, pageSize: PAGE_SIZE, q });
  const pages = calls.data ? Math.max(1, Math.ceil(calls.data.total / PAGE_SIZE)) : 1;

  return (
    <section aria-labelledby="calls-title">
      <h1 id="calls-title">{t('calls.title')}</h1>
      <label>
        {t('calls.search')}
        <input
          type="search"
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setPage(1);
          }}
        />
      </label>
      {calls.isPending && <p role="status">{t('calls.loading')}</p>}
      {calls.isError && <p role="alert">{t('calls.error')}</p>}
      {calls.data && calls.data.items.length === 0 && <p>{t('calls.empty')}</p>}
      {calls.data && calls.data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('calls.startedAt')}</th>
              <th scope="col">{t('calls.from')}</th>
              <th scope="col">{t('calls.to')}</th>
              <th scope="col">{t('calls.duration')}</th>
              <th scope="col">{t('calls.recording')}</th>
              <th scope="col">{t('calls.transcript')}</th>
              <th scope="col">{t('calls.summary')}</th>
            </tr>
          </thead>
          <tbody>
            {calls.data.items.map((call) => (
              <tr key={call.callSid}>
                <td>
                  <Link to={`/calls/${call.callSid}`}>
                    {call.startedAt ? formatDateTime(call.startedAt, i18n.language) : call.callSid}
                  </Link>
                </td>
                <td dir="ltr">{call.from}</td>
                <td dir="ltr">{call.to}</td>
                <td>{call.durationSeconds != null ? formatDuration(call.durationSeconds, i18n.language) : '–'}</td>
                <td>
                  <StateBadge kind="recording" state={call.recording.state} />
                </td>
                <td>
                  <StateBadge kind="transcript" state={call.transcript.state} />
                </td>
                <td>
                  <StateBadge kind="summary" state={call.summary.state} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav aria-label={t('calls.page', { page, pages })}>
        <button type="button" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
          {t('calls.previous')}
        </button>
        <span>{t('calls.page', { page, pages })}</span>
        <button type="button" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
          {t('calls.next')}
        </button>
      </nav>
    </section>
  );
}
