import { describe, expect, it } from 'vitest';
import { displayGain } from './waveform-scale';

describe('displayGain', () => {
  it('scales the loudest peak of the call to the full lane, the same for both lanes', () => {
    expect(
      displayGain([
        { speaker: 'customer', peaks: [0, 0.25, 0.1] },
        { speaker: 'agent', peaks: [0.5, 0] },
      ]),
    ).toBe(2);
  });

  it('does not blow a near-silent recording up into noise', () => {
    expect(displayGain([{ speaker: null, peaks: [0.01, 0.02] }])).toBe(1);
    expect(displayGain([])).toBe(1);
  });
});
