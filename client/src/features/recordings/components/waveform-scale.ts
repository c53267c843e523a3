import type { PeaksLane } from '../api/get-recording-peaks';

/**
 * Telephone speech rarely reaches full scale: the drawing is scaled so that the loudest peak of the call fills its
 * lane (the same factor for both lanes, so who was louder still shows). A recording that is all near-silence is not
 * blown up into noise.
 */
export function displayGain(lanes: PeaksLane[]): number {
  const loudest = Math.max(0, ...lanes.flatMap((lane) => lane.peaks));
  return loudest >= 0.05 ? 1 / loudest : 1;
}
