import { useTranslation } from 'react-i18next';
import { PauseIcon, PlayIcon, SkipIcon } from '../../../components/icons';

export const SKIP_SECONDS = 10;

interface PlayerTransportProps {
  ready: boolean;
  /** Play may be pressed although the recording is not ready: pressing it prepares the recording, then plays it. */
  canPrepare?: boolean;
  paused: boolean;
  onTogglePlay: () => void;
  onSkip: (deltaSeconds: number) => void;
}

/** Back 10 s, play/pause, forward 10 s: disabled until the recording is ready (Play also while it can be prepared). */
export function PlayerTransport({ ready, canPrepare = false, paused, onTogglePlay, onSkip }: PlayerTransportProps) {
  const { t } = useTranslation();
  return (
    <div className="audio-player__transport">
      <button
        type="button"
        className="icon-button audio-player__skip"
        onClick={() => onSkip(-SKIP_SECONDS)}
        disabled={!ready}
        aria-label={t('player.back10')}
      >
        <SkipIcon direction="back" />
      </button>
      <button
        type="button"
        className="icon-button audio-player__play"
        onClick={onTogglePlay}
        disabled={!ready && !canPrepare}
        aria-label={paused ? t('player.play') : t('player.pause')}
      >
        {paused ? <PlayIcon /> : <PauseIcon />}
      </button>
      <button
        type="button"
        className="icon-button audio-player__skip"
        onClick={() => onSkip(SKIP_SECONDS)}
        disabled={!ready}
        aria-label={t('player.forward10')}
      >
        <SkipIcon direction="forward" />
      </button>
    </div>
  );
}
