import { useId } from 'react';
import type { Silence } from '../../../lib/insight';
import { redactedStretches, type Stretch } from '../../../lib/redaction';
import type { PeaksLane } from '../api/get-recording-peaks';
import { displayGain } from './waveform-scale';

interface WaveformProps {
  lanes: PeaksLane[];
  /** The recording's length in seconds: the x axis. */
  duration: number;
  /** How much has been played, 0 to 1: drawn in the speaker's full colour. */
  played: number;
  silences: Silence[];
  /** What was removed from the recording (as the call lists it): drawn hatched, padded as the audio was. */
  redactions?: Stretch[];
}

const WIDTH = 1000;
const LANE_HEIGHT = 40;
const GAP = 4;

/**
 * The waveform drawn as SVG: one lane per speaker (the customer above the agent), bars mirrored around the lane's
 * middle, the played part in full colour over a faded copy, the silences shaded and the redacted stretches hatched in
 * red over the bars (each redaction widened by 0.25 s either side, as the audio was). Time runs left to right in every
 * language. It is a picture only (aria-hidden): the seek slider over it is the control that keyboards and screen
 * readers use.
 */
export function Waveform({ lanes, duration, played, silences, redactions = [] }: WaveformProps) {
  const ids = useId();
  const clipId = `${ids}-played`;
  const hatchId = `${ids}-hatch`;
  const redacted = duration > 0 ? redactedStretches(redactions, duration) : [];
  const height = lanes.length * LANE_HEIGHT + (lanes.length - 1) * GAP;
  const playedWidth = Math.max(0, Math.min(1, played)) * WIDTH;
  const gain = displayGain(lanes);
  return (
    <svg
      className="waveform"
      viewBox={`0 0 ${WIDTH} ${height}`}
      preserveAspectRatio="none"
      aria-hidden="true"
      focusable="false"
      data-lanes={lanes.length}
    >
      <defs>
        <clipPath id={clipId}>
          <rect x={0} y={0} width={playedWidth} height={height} />
        </clipPath>
        {redacted.length > 0 && (
          <pattern id={hatchId} patternUnits="userSpaceOnUse" width={8} height={8} patternTransform="rotate(45)">
            <line className="waveform__hatch-line" x1={0} y1={0} x2={0} y2={8} />
          </pattern>
        )}
      </defs>
      {duration > 0 &&
        silences.map((silence) => (
          <rect
            key={`${silence.startSeconds}-${silence.endSeconds}`}
            className="waveform__silence"
            x={(silence.startSeconds / duration) * WIDTH}
            y={0}
            width={(Math.max(0, silence.endSeconds - silence.startSeconds) / duration) * WIDTH}
            height={height}
          />
        ))}
      {lanes.map((lane, index) => {
        const top = index * (LANE_HEIGHT + GAP);
        const path = barsPath(lane.peaks, top, gain);
        const speaker = lane.speaker ?? 'all';
        return (
          <g key={speaker} className={`waveform__lane waveform__lane--${speaker}`}>
            <path className="waveform__bars waveform__bars--rest" d={path} />
            <path className="waveform__bars waveform__bars--played" d={path} clipPath={`url(#${clipId})`} />
          </g>
        );
      })}
      {/* Over the bars: what is heard there is silence or a tone, whatever the peaks drew. */}
      {redacted.map((stretch) => (
        <rect
          key={`${stretch.startSeconds}-${stretch.endSeconds}`}
          className="waveform__redaction"
          data-start={stretch.startSeconds}
          data-end={stretch.endSeconds}
          x={(stretch.startSeconds / duration) * WIDTH}
          y={0}
          width={((stretch.endSeconds - stretch.startSeconds) / duration) * WIDTH}
          height={height}
          fill={`url(#${hatchId})`}
        />
      ))}
    </svg>
  );
}

/** One closed rectangle per peak, centred on the lane's middle; silence keeps a hairline so the lane stays visible. */
function barsPath(peaks: number[], top: number, gain: number): string {
  if (peaks.length === 0) return '';
  const step = WIDTH / peaks.length;
  const barWidth = Math.max(step * 0.7, 0.5);
  const middle = top + LANE_HEIGHT / 2;
  const parts: string[] = [];
  peaks.forEach((peak, index) => {
    const half = Math.max(0.5, Math.min(1, Math.max(0, peak) * gain) * (LANE_HEIGHT / 2 - 1));
    parts.push(
      `M${(index * step).toFixed(2)} ${(middle - half).toFixed(2)}h${barWidth.toFixed(2)}v${(2 * half).toFixed(2)}h${(-barWidth).toFixed(2)}z`,
    );
  });
  return parts.join('');
}
