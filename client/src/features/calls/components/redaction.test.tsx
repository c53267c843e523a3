import { act, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import { changeLanguage } from '../../../i18n';
import { splitPlaceholders, type Redaction } from '../../../lib/redaction';
import type { CallDetail } from '../api/types';
import { RedactionNotice } from './RedactionNotice';
import { SearchHits } from './SearchHits';
import { Summary } from './Summary';
import { Transcript } from './Transcript';

const transcript = (text: string): CallDetail['transcript'] => ({
  state: 'done',
  language: 'en',
  text,
  segments: [{ startSeconds: 4, endSeconds: 9, speaker: 'customer', text }],
});

const ALL_SIX = 'card [card] code [cvv] until [expiry] id [israeliId] phone [phone] mail [email]';

describe('redacted transcript', () => {
  it('reads placeholders, and leaves any other bracketed word as text', () => {
    expect(splitPlaceholders('my card is [card], [cvv]. [laughs]')).toEqual([
      { text: 'my card is ' },
      { entity: 'card' },
      { text: ', ' },
      { entity: 'cvv' },
      { text: '. [laughs]' },
    ]);
    expect(splitPlaceholders('[phone]')).toEqual([{ entity: 'phone' }]);
    expect(splitPlaceholders('')).toEqual([]);
  });

  it('shows each of the six placeholders as a named chip in English', () => {
    render(<Transcript transcript={transcript(ALL_SIX)} currentSeconds={0} onSeek={vi.fn()} />);
    const chips = screen.getAllByRole('img');
    expect(chips.map((chip) => chip.textContent)).toEqual([
      '[card number]',
      '[security code]',
      '[expiry date]',
      '[ID number]',
      '[phone number]',
      '[email]',
    ]);
    const card = screen.getByRole('img', { name: 'Redacted: card number' });
    expect(card).toHaveAttribute('title', 'Redacted: card number');
    expect(screen.getByRole('img', { name: 'Redacted: security code' })).toBeInTheDocument();
    // The line is still one button that seeks, and says what was removed where.
    expect(screen.getByRole('button', { name: /card Redacted: card number code Redacted: security code/ })).toBe(
      card.closest('button'),
    );
    expect(screen.queryByText(/\[card\]/)).not.toBeInTheDocument();
  });

  it('shows the chips in Hebrew, in the page’s language inside an English transcript', async () => {
    await act(() => changeLanguage('he'));
    render(<Transcript transcript={transcript(ALL_SIX)} currentSeconds={0} onSeek={vi.fn()} />);
    expect(screen.getAllByRole('img').map((chip) => chip.textContent)).toEqual([
      '[מספר כרטיס]',
      '[קוד אבטחה]',
      '[תוקף]',
      '[מספר זהות]',
      '[מספר טלפון]',
      '[דוא״ל]',
    ]);
    const chip = screen.getByRole('img', { name: 'הוסר: מספר כרטיס' });
    expect(chip).toHaveAttribute('lang', 'he');
    expect(chip).toHaveAttribute('dir', 'rtl');
    await act(() => changeLanguage('en'));
  });

  it('shows placeholders in a search hit as chips, between the marked words', () => {
    const text = 'the card is [card] thanks';
    render(
      <MemoryRouter>
        <SearchHits
          callSid="CA1"
          hits={[{ recordingSid: null, startSeconds: 3, endSeconds: 6, speaker: null, text, highlights: [[4, 8]] }]}
        />
      </MemoryRouter>,
    );
    expect(screen.getByText('card', { selector: 'mark' })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: 'Redacted: card number' })).toHaveTextContent('[card number]');
  });

  it('shows placeholders in the summary as chips too', () => {
    render(<Summary summary={{ state: 'done', text: 'The customer paid with [card].', provider: 'openai' }} />);
    expect(screen.getByRole('img', { name: 'Redacted: card number' })).toHaveTextContent('[card number]');
  });
});

const RE = 'RE' + 'a'.repeat(32);
const item = (entity: Redaction['entity'], startSeconds: number): Redaction => ({
  recordingSid: RE,
  startSeconds,
  endSeconds: startSeconds + 2,
  entity,
});

describe('RedactionNotice', () => {
  it('says how many items of which kinds were removed, and that the original is kept encrypted', () => {
    render(
      <RedactionNotice
        redaction={{ state: 'done', items: 3, original: 'kept' }}
        redactions={[item('cvv', 20), item('card', 4), item('card', 12)]}
      />,
    );
    const notice = screen.getByRole('status');
    expect(notice).toHaveTextContent('Redacted: 3 items — card number: 2, security code: 1');
    expect(within(notice).getByText('The original is kept encrypted; only administrators can play it.')).toBeVisible();
  });

  it('says one item, and that the original was deleted', () => {
    render(
      <RedactionNotice redaction={{ state: 'done', items: 1, original: 'deleted' }} redactions={[item('phone', 3)]} />,
    );
    expect(screen.getByRole('status')).toHaveTextContent('Redacted: 1 item — phone number: 1');
    expect(screen.getByText('The original was deleted.')).toBeInTheDocument();
  });

  it('says when redaction found nothing, is still running, or failed', () => {
    const { rerender } = render(
      <RedactionNotice redaction={{ state: 'done', items: 0, original: null }} redactions={[]} />,
    );
    expect(screen.getByRole('status')).toHaveTextContent('Redaction found nothing to remove.');
    rerender(<RedactionNotice redaction={{ state: 'pending', items: 0, original: null }} redactions={[]} />);
    expect(screen.getByRole('status')).toHaveTextContent(
      'Removing card numbers and other details from this recording…',
    );
    rerender(<RedactionNotice redaction={{ state: 'failed', items: 0, original: null }} redactions={[]} />);
    expect(screen.getByRole('status')).toHaveTextContent(
      'Card numbers and other details could not be removed from this recording.',
    );
    rerender(<RedactionNotice redaction={null} redactions={[]} />);
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('speaks Hebrew, with the plural forms', async () => {
    await act(() => changeLanguage('he'));
    const { rerender } = render(
      <RedactionNotice
        redaction={{ state: 'done', items: 2, original: 'kept' }}
        redactions={[item('israeliId', 1), item('card', 5)]}
      />,
    );
    expect(screen.getByRole('status')).toHaveTextContent('הוסרו 2 פריטים — מספר כרטיס: 1, מספר זהות: 1');
    expect(screen.getByText('ההקלטה המקורית נשמרת מוצפנת; רק מנהלי מערכת יכולים לנגן אותה.')).toBeInTheDocument();
    rerender(
      <RedactionNotice redaction={{ state: 'done', items: 1, original: null }} redactions={[item('card', 5)]} />,
    );
    expect(screen.getByRole('status')).toHaveTextContent('הוסר פריט אחד — מספר כרטיס: 1');
    await act(() => changeLanguage('en'));
  });
});
