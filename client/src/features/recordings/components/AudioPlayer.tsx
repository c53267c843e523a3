import {
  useCallback,
  useEffect,
  useId,
  useImperativeHandle,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type Ref,
} from 'react';
import { useTranslation } from 'react-i18next';
import { DownloadIcon, PauseIcon, PlayIcon, SkipIcon } from '../../../components/icons';
import { formatBytes, formatDuration, formatPercent } from '../../../lib/format';
import { useRecordingPreparation } from '../hooks/use-recording-preparation';
import type { PreparationState } from '../hooks/preparation-machine';

const PLAYBACK_RATES = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2] as const;
const SKIP_SECONDS = 10;

export interface AudioPlayerHandle {
  /** Moves playback to a time in seconds (e.g. a transcript segment was clicked). */
  seek: (seconds: number) => void;
}

export interface AudioPlayerProps {
  callSid: string;
  /** Start position in seconds (from ?t=mm:ss). Applied once the audio's metadata is known. */
  startAt?: number;
  /** Duration known from the call, shown before the audio's own metadata arrives. */
  durationHint?: number | null;
  /** Called as playback moves (for highlighting the current transcript segment). */
  onTimeUpdate?: (seconds: number) => void;
  ref?: Ref<AudioPlayerHandle>;
}

interface MediaState {
  paused: boolean;
  currentTime: number;
  duration: number;
  rate: number;
}

/** The player for one call. A new callSid remounts it, so nothing (time, speed, requests) leaks between calls. */
export function AudioPlayer(props: AudioPlayerProps) {
  return <PlayerForCall key={props.callSid} {...props} />;
}

function PlayerForCall({ callSid, startAt, durationHint, onTimeUpdate, ref }: AudioPlayerProps) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const { state, elapsedSeconds, retry } = useRecordingPreparation(callSid);
  const ready = state.status === 'ready';
  const src = ready ? state.src : undefined;

  const audioRef = useRef<HTMLAudioElement>(null);
  const [media, setMedia] = useState<MediaState>({
    paused: true,
    currentTime: startAt ?? 0,
    duration: durationHint ?? 0,
    rate: 1,
  });

  // Values the listeners read without re-subscribing.
  const latest = useRef({ startAt, durationHint, onTimeUpdate, startApplied: false });
  useEffect(() => {
    latest.current.startAt = startAt;
    latest.current.durationHint = durationHint;
    latest.current.onTimeUpdate = onTimeUpdate;
  });

  // The <audio> element is the source of truth: React state only mirrors its events. One effect, one cleanup.
  useEffect(() => {
    const audio = audioRef.current;
    if (!audio) return;
    const sync = () => {
      const duration =
        Number.isFinite(audio.duration) && audio.duration > 0 ? audio.duration : (latest.current.durationHint ?? 0);
      setMedia({ paused: audio.paused, currentTime: audio.currentTime, duration, rate: audio.playbackRate });
      latest.current.onTimeUpdate?.(audio.currentTime);
    };
    const onMetadata = () => {
      const start = latest.current.startAt;
      if (!latest.current.startApplied && start && start > 0) {
        latest.current.startApplied = true;
        audio.currentTime = start;
      }
      sync();
    };
    const events = [
      'play',
      'pause',
      'playing',
      'timeupdate',
      'durationchange',
      'ratechange',
      'seeked',
      'ended',
      'emptied',
    ];
    events.forEach((name) => audio.addEventListener(name, sync));
    audio.addEventListener('loadedmetadata', onMetadata);
    return () => {
      events.forEach((name) => audio.removeEventListener(name, sync));
      audio.removeEventListener('loadedmetadata', onMetadata);
    };
  }, []);

  const seekTo = useCallback((seconds: number) => {
    const audio = audioRef.current;
    if (!audio) return;
    const limit = Number.isFinite(audio.duration) && audio.duration > 0 ? audio.duration : Number.POSITIVE_INFINITY;
    audio.currentTime = Math.min(Math.max(0, seconds), limit);
  }, []);

  useImperativeHandle(ref, () => ({ seek: seekTo }), [seekTo]);

  const togglePlay = useCallback(() => {
    const audio = audioRef.current;
    if (!audio || !ready) return;
    if (audio.paused) {
      // A refused autoplay or an aborted load is not an error the agent must see; the button stays "Play".
      audio.play()?.catch(() => undefined);
    } else {
      audio.pause();
    }
  }, [ready]);

  const skip = useCallback(
    (delta: number) => {
      const audio = audioRef.current;
      if (audio && ready) seekTo(audio.currentTime + delta);
    },
    [ready, seekTo],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!ready || event.altKey || event.ctrlKey || event.metaKey) return;
    const tag = (event.target as HTMLElement).tagName;
    const ownsKeys = tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA';
    const activates = ownsKeys || tag === 'BUTTON' || tag === 'A';
    let handled = true;
    switch (event.key) {
      case ' ':
        if (activates) return;
        togglePlay();
        break;
      case 'k':
      case 'K':
        togglePlay();
        break;
      case 'j':
      case 'J':
        skip(-SKIP_SECONDS);
        break;
      case 'l':
      case 'L':
        skip(SKIP_SECONDS);
        break;
      case 'ArrowLeft':
        if (ownsKeys) return;
        skip(-SKIP_SECONDS);
        break;
      case 'ArrowRight':
        if (ownsKeys) return;
        skip(SKIP_SECONDS);
        break;
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  };

  const ids = useId();
  const speedId = `${ids}-speed`;
  const current = formatDuration(media.currentTime, locale);
  const total = formatDuration(media.duration, locale);
  const played = media.duration > 0 ? Math.min(1, Math.max(0, media.currentTime / media.duration)) : 0;

  return (
    <div
      role="group"
      aria-label={t('player.region')}
      aria-describedby={`${ids}-keys`}
      className="card audio-player"
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <audio ref={audioRef} src={src} preload="metadata" />
      <PreparationMessage state={state} elapsedSeconds={elapsedSeconds} locale={locale} onRetry={retry} />

      <div className="audio-player__body">
        {/* Media controls read left to right in every language, like the timeline they control. */}
        <div className="audio-player__controls" dir="ltr">
          <div className="audio-player__transport">
            <button
              type="button"
              className="icon-button audio-player__skip"
              onClick={() => skip(-SKIP_SECONDS)}
              disabled={!ready}
              aria-label={t('player.back10')}
            >
              <SkipIcon direction="back" />
            </button>
            <button
              type="button"
              className="icon-button audio-player__play"
              onClick={togglePlay}
              disabled={!ready}
              aria-label={media.paused ? t('player.play') : t('player.pause')}
            >
              {media.paused ? <PlayIcon /> : <PauseIcon />}
            </button>
            <button
              type="button"
              className="icon-button audio-player__skip"
              onClick={() => skip(SKIP_SECONDS)}
              disabled={!ready}
              aria-label={t('player.forward10')}
            >
              <SkipIcon direction="forward" />
            </button>
          </div>
          <div className="audio-player__timeline">
            <span className="audio-player__time" aria-label={t('player.currentTime')}>
              {current}
            </span>
            <input
              type="range"
              className="audio-player__seek"
              style={{ '--played': `${(played * 100).toFixed(2)}%` } as CSSProperties}
              aria-label={t('player.seek')}
              aria-valuetext={t('player.seekValue', { current, total })}
              min={0}
              max={media.duration > 0 ? media.duration : 0}
              step="any"
              value={Math.min(media.currentTime, media.duration > 0 ? media.duration : media.currentTime)}
              disabled={!ready}
              onChange={(event) => seekTo(Number(event.currentTarget.value))}
            />
            <span className="audio-player__time" aria-label={t('player.totalTime')}>
              {total}
            </span>
          </div>
        </div>
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
          {src && (
            <a className="button button--secondary audio-player__download" href={src} download={`${callSid}.mp3`}>
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

interface PreparationMessageProps {
  state: PreparationState;
  elapsedSeconds: number;
  locale: string;
  onRetry: () => void;
}

function PreparationMessage({ state, elapsedSeconds, locale, onRetry }: PreparationMessageProps) {
  const { t } = useTranslation();
  const retryButton = (
    <button type="button" className="button button--secondary" onClick={onRetry}>
      {t('player.tryAgain')}
    </button>
  );
  switch (state.status) {
    case 'checking':
      return (
        <p role="status" className="player-message player-message--busy">
          {t('player.checking')}
        </p>
      );
    case 'preparing': {
      const { bytesDownloaded, totalBytes } = state;
      const fraction = bytesDownloaded !== null && totalBytes ? Math.min(1, bytesDownloaded / totalBytes) : null;
      return (
        <div role="status" className="player-message player-message--busy player-message--progress">
          <p className="player-message__title">{t('player.preparing')}</p>
          <progress
            className="player-message__bar"
            aria-label={t('player.preparing')}
            max={1}
            {...(fraction !== null ? { value: fraction } : {})}
          />
          {fraction !== null && (
            <p className="player-message__detail">
              {t('player.preparingProgress', { percent: formatPercent(fraction, locale) })}
            </p>
          )}
          {fraction === null && bytesDownloaded ? (
            <p className="player-message__detail">
              {t('player.preparingBytes', { bytes: formatBytes(bytesDownloaded, locale) })}
            </p>
          ) : null}
          <p className="player-message__detail player-message__elapsed">
            {t('player.elapsed', { time: formatDuration(elapsedSeconds, locale) })}
          </p>
        </div>
      );
    }
    case 'retrying':
      return (
        <p role="status" className="player-message player-message--busy">
          {t('player.networkRetrying', { attempt: state.attempt, max: state.maxAttempts })}
        </p>
      );
    case 'ready':
      return null;
    case 'missing':
      return (
        <p role="status" className="player-message player-message--muted">
          {t('player.missing')}
        </p>
      );
    case 'failed':
      return (
        <div role="alert" className="player-message player-message--error">
          <p>{state.kind === 'download' ? t('player.failed') : t('player.serverError')}</p>
          {retryButton}
        </div>
      );
    case 'gaveUp':
      return (
        <div role="alert" className="player-message player-message--error">
          <p>{t('player.gaveUp')}</p>
          {retryButton}
        </div>
      );
    case 'networkError':
      return (
        <div role="alert" className="player-message player-message--error">
          <p>{t('player.networkError')}</p>
          {retryButton}
        </div>
      );
    case 'unauthorized':
      return (
        <p role="alert" className="player-message player-message--error">
          {t('player.unauthorized')}
        </p>
      );
  }
}
