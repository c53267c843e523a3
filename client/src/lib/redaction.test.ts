import { describe, expect, it } from 'vitest';
import { redactedStretches } from './redaction';

describe('redactedStretches', () => {
  it('widens each redaction by 0.25 s either side, within the recording', () => {
    expect(
      redactedStretches(
        [
          { startSeconds: 10, endSeconds: 12 },
          { startSeconds: 0.1, endSeconds: 1 },
          { startSeconds: 19.9, endSeconds: 20 },
        ],
        20,
      ),
    ).toEqual([
      { startSeconds: 0, endSeconds: 1.25 },
      { startSeconds: 9.75, endSeconds: 12.25 },
      { startSeconds: 19.65, endSeconds: 20 },
    ]);
  });

  it('merges stretches that touch once widened, and keeps them unbounded without a duration', () => {
    expect(
      redactedStretches([
        { startSeconds: 4, endSeconds: 6 },
        { startSeconds: 6.4, endSeconds: 7 },
        { startSeconds: 30, endSeconds: 31 },
      ]),
    ).toEqual([
      { startSeconds: 3.75, endSeconds: 7.25 },
      { startSeconds: 29.75, endSeconds: 31.25 },
    ]);
    expect(redactedStretches([], 10)).toEqual([]);
  });
});
