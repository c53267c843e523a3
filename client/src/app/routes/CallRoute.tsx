import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../lib/api-client';
import { formatDateTime, parseTimestamp } from '../../lib/format';
import { Summary, Transcript, useCall } from '../../features/calls';
import { AudioPlayer, type AudioPlayerHandle } from '../../features/recordings';

/** The call page composes two features: the recording player and the call's transcript and summary. */
export function CallRoute() {
  const { callSid = '' } = useParams();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const call = useCall(callSid);
  const player = useRef<AudioPlayerHandle>(null);
  const [currentSeconds, setCurrentSeconds] = useState(0);
  const startAt = parseTimestamp(params.get('t')) ?? undefined;

  if (call.isPending) return <p role="status">{t('calls.loading')}</p>;
  if (call.isError) {
    const notFound = call.error instanceof ApiError && (call.error.status === 404 || call.error.status === 400);
    return <p role="alert">{notFound ? t('calls.notFound') : t('calls.error')}</p>;
  }
  const data = call.data;
  return (
    <article>
      <p>
        <Link to="/calls">{t('calls.back')}</Link>
      </p>
      <h1>
        <span dir="ltr">{data.from}</span> → <span dir="ltr">{data.to}</span>
      </h1>
      {data.startedAt && <p>{formatDateTime(data.startedAt, i18n.language)}</p>}
      <AudioPlayer
        ref={player}
        callSid={callSid}
        startAt={startAt}
        durationHint={data.recording.durationSeconds ?? data.durationSeconds}
        onTimeUpdate={setCurrentSeconds}
      />
      <Summary summary={data.summary} />
      <Transcript
        transcript={data.transcript}
        currentSeconds={currentSeconds}
        onSeek={(seconds) => player.current?.seek(seconds)}
      />
    </article>
  );
}
