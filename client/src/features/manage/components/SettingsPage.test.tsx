import { fireEvent, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { server } from '../../../testing/server';
import { renderWithClient } from '../testing/render';
import { parseDays } from './retention-days';
import { SettingsPage } from './SettingsPage';

function mockSettings() {
  const puts: { retention: unknown[]; settings: unknown[] } = { retention: [], settings: [] };
  server.use(
    http.get('/api/manage/retention', () => HttpResponse.json({ audioDays: 90, transcriptDays: null })),
    http.put('/api/manage/retention', async ({ request }) => {
      const body = await request.json();
      puts.retention.push(body);
      return HttpResponse.json(body);
    }),
    http.get('/api/manage/settings', () =>
      HttpResponse.json({ agentsSee: 'business', phoneNumbers: ['+15551230001'] }),
    ),
    http.put('/api/manage/settings', async ({ request }) => {
      const body = (await request.json()) as { agentsSee: string };
      puts.settings.push(body);
      return HttpResponse.json({ agentsSee: body.agentsSee, phoneNumbers: ['+15551230001'] });
    }),
  );
  return puts;
}

describe('SettingsPage', () => {
  it('shows the retention, who agents see (each choice explained) and the business’s numbers', async () => {
    mockSettings();
    renderWithClient(<SettingsPage />);

    expect(await screen.findByLabelText('Keep recordings (days)')).toHaveValue('90');
    expect(screen.getByLabelText('Keep transcripts and summaries (days)')).toHaveValue('');
    const choices = await screen.findByRole('group', { name: 'An agent sees' });
    expect(within(choices).getByRole('radio', { name: 'Every call' })).toBeChecked();
    expect(within(choices).getByRole('radio', { name: 'Their own calls' })).toHaveAccessibleDescription(
      'Agents see only the calls they took part in.',
    );
    expect(within(choices).getByRole('radio', { name: 'Their teams’ calls' })).toHaveAccessibleDescription(
      'Agents see their own calls and every call of the teams they are in.',
    );
    expect(screen.getByText('+15551230001')).toBeInTheDocument();
  });

  it('saves retention: an empty field keeps for ever (null)', async () => {
    const puts = mockSettings();
    renderWithClient(<SettingsPage />);
    const audio = await screen.findByLabelText('Keep recordings (days)');
    fireEvent.change(audio, { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Keep transcripts and summaries (days)'), { target: { value: '365' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save retention' }));

    expect(await screen.findByText('Retention saved.')).toBeInTheDocument();
    expect(puts.retention).toEqual([{ audioDays: null, transcriptDays: 365 }]);
  });

  it('refuses days out of 1..3650 before sending', async () => {
    const puts = mockSettings();
    renderWithClient(<SettingsPage />);
    const audio = await screen.findByLabelText('Keep recordings (days)');
    fireEvent.change(audio, { target: { value: '3651' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save retention' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Some fields need correcting');
    expect(audio).toHaveAttribute('aria-invalid', 'true');
    expect(audio).toHaveAccessibleDescription(/Enter a whole number of days from 1 to 3650, or leave it empty\./);
    expect(audio).toHaveFocus();
    expect(puts.retention).toEqual([]);
  });

  it('saves who agents see', async () => {
    const puts = mockSettings();
    renderWithClient(<SettingsPage />);
    fireEvent.click(await screen.findByRole('radio', { name: 'Their teams’ calls' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save who agents see' }));

    expect(await screen.findByText('Saved: who agents see.')).toBeInTheDocument();
    expect(puts.settings).toEqual([{ agentsSee: 'team' }]);
    expect(screen.getByRole('radio', { name: 'Their teams’ calls' })).toBeChecked();
  });

  it('reads days: empty for ever, whole numbers from 1 to 3650', () => {
    expect(parseDays(' ')).toBeNull();
    expect(parseDays('1')).toBe(1);
    expect(parseDays('3650')).toBe(3650);
    for (const bad of ['0', '3651', '1.5', '-3', '12a']) expect(parseDays(bad)).toBeUndefined();
  });
});
