import { describe, expect, it } from 'vitest';
import { isIdentity, parseIdentities } from './identities';

describe('identities', () => {
  it('reads one a line, trimmed, without blanks or repeats', () => {
    expect(parseIdentities(' client:dana \n\n+972501234567, sip:dana@pbx.example\nclient:dana')).toEqual([
      'client:dana',
      '+972501234567',
      'sip:dana@pbx.example',
    ]);
  });

  it('knows client names, E.164 numbers and sip addresses', () => {
    for (const good of ['client:dana', '+972501234567', 'sip:dana@pbx.example']) expect(isIdentity(good)).toBe(true);
    for (const bad of ['dana', '0501234567', '+0501234567', 'client:', 'tel:+97250'])
      expect(isIdentity(bad)).toBe(false);
  });
});
