import { useEffect, useId, useImperativeHandle, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { DownloadIcon } from '../../../components/icons';
import type { Silence } from '../../../lib/insight';
import type { Stretch } from '../../../lib/redaction';
import { useRecordingPeaks, type PeaksLane } from '../api/get-recording-peaks';
import { recordingFileUrl } from '../api/types';
import { useMediaElement } from '../hooks/use-media-element';
import { loadSkipSilences, saveSkipSilences, useSkipSilences } from '../hooks/use-skip-silences';
import { useRecordingPreparation } from '../hooks/use-recording-preparation';
import { PlayerTimeline } from './PlayerTimeline';
import { PlayerTransport, SKIP_SECONDS } from './PlayerTransport';
import { ExpiredMessage, PreparationMessage } from './PreparationMessage';

const PLAYBACK_RATES = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2] as const;

export interface AudioPlayerHandle {
  /** Moves playback to a time in seconds (e.g. a transcript segment was clicked). */
  seek: (seconds: number) => void;
}

export interface AudioPlayerProps {
  callSid: string;
  /** Which of the call's recordings, when it has several (without it, the call's first). */
  recordingSid?: string;
  /** Names the recording in the player's label, e.g. "Part 2 of 3" (shown when the call has several). */
  partLabel?: string;
  /**
   * What the page knows of the recording, so that the player asks nothing before Play: a ready one gets its URL at
   * once; an expired one says when it was deleted; a missing one says so (that Twilio reported it absent, rather than
   * "no recording", when `absent`); a failed one says why (`error`) and offers Try again. Any other (or none) is
   * prepared when Play is pressed.
   */
  known?: { state: string; expiredAt?: string | null; absent?: boolean; error?: string | null; redacting?: boolean };
  /** Start position in seconds (from ?t=mm:ss). Applied once the audio's metadata is known. */
  startAt?: number;
  /** Duration known from the call, shown before the audio's own metadata arrives. */
  durationHint?: number | null;
  /** The recording's silences (2 s or more where nobody speaks), once measured: marked, and skipped on request. */
  silences?: Silence[];
  /** What was removed from this recording (card numbers, ...): hatched on the waveform. */
  redactions?: Stretch[];
  /**
   * The unredacted original is kept and the viewer is an admin: a "Play original" toggle plays it instead of the
   * redacted copy (`?original=1`). The page decides; the server answers 404 to anyone else.
   */
  originalAvailable?: boolean;
  /** Called as playback moves (for highlighting the current transcript segment). */
  onTimeUpdate?: (seconds: number) => void;
  ref?: Ref<AudioPlayerHandle>;
}

/**
 * The player for one recording. Another call or recording remounts it, so nothing (time, speed, requests) leaks
 * between them.
 */
export function AudioPlayer(props: AudioPlayerProps) {
  const key = `${props.callSid}/${props.recordingSid ?? ''}`;
  return props.known?.state === 'expired' ? (
    <ExpiredPlayer key={key} {...props} />
  ) : (
    <PlayerForRecording key={key} {...props} />
  );
}

/** A recording deleted under the retention policy: the player says so and asks the server nothing. */
function ExpiredPlayer({ partLabel, known }: AudioPlayerProps) {
  const { t, i18n } = useTranslation();
  return (
    <div
      role="group"
      aria-label={partLabel ? `${t('player.region')}: ${partLabel}` : t('player.region')}
      className="card audio-player"
    >
      <ExpiredMessage expiredAt={known?.expiredAt} locale={i18n.language} />
    </div>
  );
}

function PlayerForRecording({
  callSid,
  recordingSid,
  partLabel,
  known,
  startAt,
  durationHint,
  silences = NO_SILENCES,
  redactions = NO_REDACTIONS,
  originalAvailable = false,
  onTimeUpdate,
  ref,
}: AudioPlayerProps) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const preparation = useRecordingPreparation({ callSid, recordingSid }, known);
  const { state, src, elapsedSeconds, retry, prepare, mediaFailed, playWhenReady, runId } = preparation;
  const ready = state.status === 'ready';
  // Play on a recording that is not ready prepares it (one POST), then plays it.
  const canPrepare = state.status === 'idle';
  // Whether the agent pressed Play on a recording the page called ready (if it cannot be loaded, it is prepared).
  const playPressed = useRef(false);

  // An admin may hear the unredacted original instead (it keeps the place and whether it was playing).
  const [original, setOriginal] = useState(false);
  const [originalFailed, setOriginalFailed] = useState(false);
  const playingOriginal = original && originalAvailable;
  const audioSrc = src && playingOriginal ? recordingFileUrl({ callSid, recordingSid }, { original: true }) : src;
  const { audioRef, media, seekTo, togglePlay, play, skip } = useMediaElement({
    startAt,
    durationHint,
    onTimeUpdate,
    onError: () => {
      // The original could not be had (deleted since, or no longer an admin): back to the redacted copy.
      if (playingOriginal) {
        setOriginal(false);
        setOriginalFailed(true);
      } else mediaFailed(playPressed.current);
    },
    ready,
  });
  const resumeAt = useRef<{ time: number; playing: boolean } | null>(null);
  const switchOriginal = () => {
    const audio = audioRef.current;
    resumeAt.current = audio ? { time: audio.currentTime, playing: !audio.paused } : null;
    setOriginalFailed(false);
    setOriginal(!original);
  };
  // The other source starts at 0: once it is loaded, go back to where the agent was.
  useEffect(() => {
    const audio = audioRef.current;
    if (!audio) return;
    const resume = () => {
      const at = resumeAt.current;
      if (!at) return;
      resumeAt.current = null;
      audio.currentTime = at.time;
      if (at.playing) audio.play()?.catch(() => undefined);
    };
    audio.addEventListener('loadedmetadata', resume);
    return () => audio.removeEventListener('loadedmetadata', resume);
  }, [audioRef]);
  const pressPlay = () => {
    playPressed.current = true;
    if (ready) togglePlay();
    else if (canPrepare) prepare();
  };
  // Prepared because Play was pressed: it plays as soon as it is ready, once per press.
  const playNow = ready && playWhenReady;
  useEffect(() => {
    if (playNow) play();
  }, [playNow, runId, play]);
  useImperativeHandle(ref, () => ({ seek: seekTo }), [seekTo]);
  const peaks = useRecordingPeaks({ callSid, recordingSid }, ready);
  const lanes = peaks.data?.status === 'ready' ? peaks.data.peaks.channels : undefined;
  const [skipSilences, setSkipSilences] = useState(loadSkipSilences);
  useSkipSilences(audioRef, silences, skipSilences);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!(ready || canPrepare) || event.altKey || event.ctrlKey || event.metaKey) return;
    const tag = (event.target as HTMLElement).tagName;
    const ownsKeys = tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA';
    const activates = ownsKeys || tag === 'BUTTON' || tag === 'A';
    let handled = true;
    switch (event.key) {
      case ' ':
        if (activates) return;
        pressPlay();
        break;
      case 'k':
      case 'K':
        pressPlay();
        break;
      case 'j':
      case 'J':
        if (!ready) return;
        skip(-SKIP_SECONDS);
        break;
      case 'l':
      case 'L':
        if (!ready) return;
        skip(SKIP_SECONDS);
        break;
      case 'ArrowLeft':
        if (ownsKeys || !ready) return;
        skip(-SKIP_SECONDS);
        break;
      case 'ArrowRight':
        if (ownsKeys || !ready) return;
        skip(SKIP_SECONDS);
        break;
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  };

  const ids = useId();
  const speedId = `${ids}-speed`;

  return (
    <div
      role="group"
      aria-label={partLabel ? `${t('player.region')}: ${partLabel}` : t('player.region')}
      aria-describedby={`${ids}-keys`}
      className="card audio-player"
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <audio ref={audioRef} src={audioSrc} preload="metadata" />
      <PreparationMessage
        state={state}
        elapsedSeconds={elapsedSeconds}
        locale={locale}
        onRetry={retry}
        absent={known?.absent}
        expiredAt={known?.expiredAt}
      />

      <div className="audio-player__body">
        {/* Media controls read left to right in every language, like the timeline they control. */}
        <div className="audio-player__controls" dir="ltr">
          <PlayerTransport
            ready={ready}
            canPrepare={canPrepare}
            paused={media.paused}
            onTogglePlay={pressPlay}
            onSkip={skip}
          />
          <PlayerTimeline
            ready={ready}
            currentTime={media.currentTime}
            duration={media.duration}
            onSeek={seekTo}
            lanes={lanes}
            silences={silences}
            redactions={redactions}
          />
        </div>
        {ready && lanes && (
          <WaveformLegend lanes={lanes} silences={silences.length > 0} redactions={redactions.length > 0} />
        )}
        {playingOriginal && <p className="audio-player__original-note">{t('player.playingOriginal')}</p>}
        {originalFailed && (
          <p role="alert" className="audio-player__original-note">
            {t('player.originalFailed')}
          </p>
        )}
        <div className="audio-player__extras">
          <span className="audio-player__speed">
            <label htmlFor={speedId}>{t('player.speed')}</label>
            <select
              id={speedId}
              className="select select--compact"
              value={String(media.rate)}
              disabled={!ready}
              onChange={(event) => {
                if (audioRef.current) audioRef.current.playbackRate = Number(event.currentTarget.value);
              }}
            >
              {PLAYBACK_RATES.map((rate) => (
                <option key={rate} value={String(rate)}>
                  {t('player.speedOption', { rate: new Intl.NumberFormat(locale).format(rate) })}
                </option>
              ))}
            </select>
          </span>
          {silences.length > 0 && (
            <button
              type="button"
              className="button button--secondary button--toggle audio-player__skip-silences"
              aria-pressed={skipSilences}
              disabled={!ready}
              onClick={() => {
                saveSkipSilences(!skipSilences);
                setSkipSilences(!skipSilences);
              }}
            >
              {t('player.skipSilences')}
            </button>
          )}
          {originalAvailable && (
            <button
              type="button"
              className="button button--secondary button--toggle audio-player__original"
              aria-pressed={playingOriginal}
              disabled={!ready}
              onClick={switchOriginal}
            >
              {t('player.playOriginal')}
            </button>
          )}
          {src && (
            <a
              className="button button--secondary audio-player__download"
              href={`${src}${src.includes('?') ? '&' : '?'}download=1`}
              download={`${recordingSid ?? callSid}.mp3`}
            >
              <DownloadIcon />
              {t('player.download')}
            </a>
          )}
        </div>
      </div>
      <p id={`${ids}-keys`} className="visually-hidden">
        {t('player.shortcuts')}
      </p>
    </div>
  );
}

const NO_SILENCES: Silence[] = [];
const NO_REDACTIONS: Stretch[] = [];

/**
 * Which colour is which speaker, how silences look, and how redacted stretches look (the waveform itself is hidden
 * from screen readers).
 */
function WaveformLegend({
  lanes,
  silences,
  redactions,
}: {
  lanes: PeaksLane[];
  silences: boolean;
  redactions: boolean;
}) {
  const { t } = useTranslation();
  const speakers = lanes.map((lane) => lane.speaker).filter((speaker) => speaker !== null);
  if (speakers.length === 0 && !silences && !redactions) return null;
  return (
    <ul className="waveform-legend" aria-label={t('player.legend')}>
      {speakers.map((speaker) => (
        <li key={speaker} className={`waveform-legend__item waveform-legend__item--${speaker}`}>
          <span className="waveform-legend__swatch" aria-hidden="true" />
          {t(`speakers.${speaker}`)}
        </li>
      ))}
      {silences && (
        <li className="waveform-legend__item waveform-legend__item--silence">
          <span className="waveform-legend__swatch" aria-hidden="true" />
          {t('player.silence')}
        </li>
      )}
      {redactions && (
        <li className="waveform-legend__item waveform-legend__item--redaction" title={t('player.redactedTitle')}>
          <span className="waveform-legend__swatch" aria-hidden="true" />
          {t('player.redacted')}
        </li>
      )}
    </ul>
  );
}
