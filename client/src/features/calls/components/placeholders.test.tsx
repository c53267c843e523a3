import { act, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { changeLanguage } from '../../../i18n';
import { Summary } from './Summary';
import { Transcript } from './Transcript';

const transcript = (state: 'none' | 'running' | 'queued') => ({ state, language: null, text: null, segments: [] });
const summary = (state: 'queued' | 'failed') => ({ state, text: null, provider: null });

describe('transcript and summary placeholders', () => {
  it('say what is happening in English', () => {
    const { rerender } = render(<Transcript transcript={transcript('none')} currentSeconds={0} onSeek={vi.fn()} />);
    expect(screen.getByText('Transcript not available')).toBeInTheDocument();
    rerender(<Transcript transcript={transcript('running')} currentSeconds={0} onSeek={vi.fn()} />);
    expect(screen.getByText('Transcribing…')).toBeInTheDocument();

    render(<Summary summary={summary('queued')} />);
    expect(screen.getByText('Waiting to summarize…')).toBeInTheDocument();
  });

  it('say what is happening in Hebrew', async () => {
    await act(() => changeLanguage('he'));
    render(
      <>
        <Transcript transcript={transcript('running')} currentSeconds={0} onSeek={vi.fn()} />
        <Summary summary={summary('failed')} />
      </>,
    );
    expect(screen.getByText('מתמלל…')).toBeInTheDocument();
    expect(screen.getByText('לא ניתן היה לסכם את השיחה.')).toBeInTheDocument();
  });

  it('say a queued transcript or summary waits for the recording until it is downloaded', async () => {
    await act(() => changeLanguage('en'));
    render(
      <>
        <Transcript transcript={transcript('queued')} currentSeconds={0} onSeek={vi.fn()} recordingReady={false} />
        <Summary summary={summary('queued')} recordingReady={false} />
      </>,
    );
    expect(screen.getByText('Waits for the recording: transcribed once it is downloaded.')).toBeInTheDocument();
    expect(screen.getByText('Waits for the recording: summarized once it is downloaded.')).toBeInTheDocument();
    expect(screen.queryByText('Waiting to transcribe…')).not.toBeInTheDocument();
  });
});
