import { afterEach, describe, expect, it, vi } from 'vitest';
import { detectLanguage, LANGUAGE_STORAGE_KEY } from '.';

describe('detectLanguage', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prefers the remembered choice', () => {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, 'he');
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['en-US']);
    expect(detectLanguage()).toBe('he');
  });

  it('follows the browser (he-IL and the old iw code are Hebrew)', () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['he-IL', 'en']);
    expect(detectLanguage()).toBe('he');
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['iw']);
    expect(detectLanguage()).toBe('he');
  });

  it('falls back to English for other languages', () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['fr-FR', 'de']);
    expect(detectLanguage()).toBe('en');
  });
});
