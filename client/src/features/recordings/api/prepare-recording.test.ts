import { describe, expect, it } from 'vitest';
import { statusLocation } from './prepare-recording';

const target = { callSid: 'CA1', recordingSid: 'RE2' };

describe('statusLocation', () => {
  it('follows the Location a 202 names, relative or absolute on this origin', () => {
    expect(statusLocation('/api/recordings/CA1?recordingSid=RE2', target)).toBe('/api/recordings/CA1?recordingSid=RE2');
    expect(statusLocation(`${window.location.origin}/api/recordings/CA1`, target)).toBe('/api/recordings/CA1');
  });

  it('follows the recording asked for when Location is absent or names another origin', () => {
    expect(statusLocation(null, target)).toBe('/api/recordings/CA1?recordingSid=RE2');
    expect(statusLocation('https://elsewhere.example/api/recordings/CA1', target)).toBe(
      '/api/recordings/CA1?recordingSid=RE2',
    );
  });
});
