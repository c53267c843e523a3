import { useCallback, useEffect, useRef, useState } from 'react';

interface MediaState {
  paused: boolean;
  currentTime: number;
  duration: number;
  rate: number;
}

interface MediaElementOptions {
  /** Start position in seconds, applied once the metadata is known. */
  startAt?: number;
  /** Duration known from the call, shown before the audio's own metadata arrives. */
  durationHint?: number | null;
  onTimeUpdate?: (seconds: number) => void;
  /** The element could not load or play its source (a MediaError). */
  onError?: () => void;
  /** Whether the recording may be played (its src is set). */
  ready: boolean;
}

/**
 * The <audio> element and what the player shows of it. The element is the source of truth: React state only mirrors
 * its events (one effect adds the listeners, its cleanup removes them).
 */
export function useMediaElement({ startAt, durationHint, onTimeUpdate, onError, ready }: MediaElementOptions) {
  const audioRef = useRef<HTMLAudioElement>(null);
  const [media, setMedia] = useState<MediaState>({
    paused: true,
    currentTime: startAt ?? 0,
    duration: durationHint ?? 0,
    rate: 1,
  });

  // Values the listeners read without re-subscribing.
  const latest = useRef({ startAt, durationHint, onTimeUpdate, onError, startApplied: false });
  useEffect(() => {
    latest.current.startAt = startAt;
    latest.current.durationHint = durationHint;
    latest.current.onTimeUpdate = onTimeUpdate;
    latest.current.onError = onError;
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
    // A source that cannot be loaded (no src at all is not an error the agent caused).
    const onFailure = () => {
      if (audio.error) latest.current.onError?.();
    };
    events.forEach((name) => audio.addEventListener(name, sync));
    audio.addEventListener('loadedmetadata', onMetadata);
    audio.addEventListener('error', onFailure);
    return () => {
      events.forEach((name) => audio.removeEventListener(name, sync));
      audio.removeEventListener('loadedmetadata', onMetadata);
      audio.removeEventListener('error', onFailure);
    };
  }, []);

  const seekTo = useCallback((seconds: number) => {
    const audio = audioRef.current;
    if (!audio) return;
    const limit = Number.isFinite(audio.duration) && audio.duration > 0 ? audio.duration : Number.POSITIVE_INFINITY;
    audio.currentTime = Math.min(Math.max(0, seconds), limit);
  }, []);

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

  /** Plays without toggling (a recording prepared because Play was pressed starts once it is ready). */
  const play = useCallback(() => {
    const audio = audioRef.current;
    if (audio && ready && audio.paused) audio.play()?.catch(() => undefined);
  }, [ready]);

  const skip = useCallback(
    (delta: number) => {
      const audio = audioRef.current;
      if (audio && ready) seekTo(audio.currentTime + delta);
    },
    [ready, seekTo],
  );

  return { audioRef, media, seekTo, togglePlay, play, skip };
}
