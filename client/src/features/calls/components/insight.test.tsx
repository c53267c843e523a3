import { act, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { changeLanguage } from '../../../i18n';
import type { CallDetail, RecordingMetrics } from '../api/types';
import { CallMetrics } from './CallMetrics';
import { Transcript } from './Transcript';

const TWO_SPEAKERS: CallDetail['transcript'] = {
  state: 'done',
  language: 'en',
  text: 'hello i have a question sure go ahead',
  segments: [
    { startSeconds: 0.5, endSeconds: 1.8, speaker: 'customer', text: 'hello i have a question' },
    { startSeconds: 2.2, endSeconds: 3.0, speaker: 'agent', text: 'sure go ahead' },
  ],
};

const METRICS: RecordingMetrics = {
  talkSeconds: { agent: 62, customer: 38 },
  silenceSeconds: 21,
  overtalkSeconds: 3,
  longestMonologueSeconds: 45,
  longestSilenceSeconds: 9,
};

describe('Transcript speakers', () => {
  it('labels each line with its speaker, in the page language', async () => {
    const { rerender } = render(<Transcript transcript={TWO_SPEAKERS} currentSeconds={2.5} onSeek={vi.fn()} />);

    const lines = screen.getAllByRole('listitem');
    expect(within(lines[0]).getByText('Customer')).toBeInTheDocument();
    expect(within(lines[1]).getByText('Agent')).toBeInTheDocument();
    expect(lines[1]).toHaveAttribute('aria-current', 'true');

    await act(() => changeLanguage('he'));
    rerender(<Transcript transcript={TWO_SPEAKERS} currentSeconds={2.5} onSeek={vi.fn()} />);
    expect(within(screen.getAllByRole('listitem')[0]).getByText('לקוח')).toHaveAttribute('dir', 'rtl');
    expect(within(screen.getAllByRole('listitem')[1]).getByText('נציג')).toBeInTheDocument();
  });

  it('has no label on a mono recording, whose speaker is unknown', () => {
    render(
      <Transcript
        transcript={{ ...TWO_SPEAKERS, segments: TWO_SPEAKERS.segments.map((s) => ({ ...s, speaker: null })) }}
        currentSeconds={0}
        onSeek={vi.fn()}
      />,
    );
    expect(screen.queryByText('Customer')).toBeNull();
    expect(screen.queryByText('Agent')).toBeNull();
  });
});

describe('CallMetrics', () => {
  it('shows the talk ratio, the silence with its longest stretch, the longest monologue and the overtalk', () => {
    render(<CallMetrics metrics={METRICS} />);

    const region = screen.getByRole('region', { name: 'Talk and silence' });
    expect(region).toHaveTextContent('Agent 62% · Customer 38%');
    expect(region).toHaveTextContent('0:21 (longest 0:09)');
    expect(region).toHaveTextContent('Longest monologue0:45');
    expect(region).toHaveTextContent('Talking over each other0:03');
  });

  it('shows the talk of a mono recording as one figure', () => {
    render(<CallMetrics metrics={{ ...METRICS, talkSeconds: { all: 70 } }} />);

    const region = screen.getByRole('region', { name: 'Talk and silence' });
    expect(region).toHaveTextContent('Talk1:10');
    expect(region).not.toHaveTextContent('Talk ratio');
    expect(region).not.toHaveTextContent('Talking over each other');
  });
});
