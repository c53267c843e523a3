import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { changeLanguage } from '../../../i18n';
import type { RecordingState } from '../../../lib/states';
import { StateBadge } from './StateBadge';

describe('StateBadge', () => {
  it('renders the English label of every recording state', () => {
    const labels: Record<RecordingState, string> = {
      missing: 'No recording',
      remote: 'Not downloaded',
      queued: 'Queued',
      downloading: 'Downloading',
      ready: 'Ready',
      failed: 'Failed',
      expired: 'Deleted',
    };
    for (const [state, label] of Object.entries(labels)) {
      const { unmount } = render(<StateBadge kind="recording" state={state as RecordingState} />);
      expect(screen.getByText(label)).toHaveClass('badge', `badge--${state}`);
      unmount();
    }
  });

  it('renders transcript and summary states in English', () => {
    render(
      <>
        <StateBadge kind="transcript" state="running" />
        <StateBadge kind="summary" state="disabled" />
      </>,
    );
    expect(screen.getByText('Transcribing')).toBeInTheDocument();
    expect(screen.getByText('Off')).toBeInTheDocument();
  });

  it('renders the Hebrew label', async () => {
    await act(() => changeLanguage('he'));
    render(
      <>
        <StateBadge kind="recording" state="ready" />
        <StateBadge kind="transcript" state="running" />
      </>,
    );
    expect(screen.getByText('מוכנה')).toBeInTheDocument();
    expect(screen.getByText('בתמלול')).toBeInTheDocument();
  });

  it('shows a state it does not know as sent', () => {
    render(<StateBadge kind="recording" state={'archived' as RecordingState} />);
    expect(screen.getByText('archived')).toHaveClass('badge--unknown');
  });
});
