import { act, fireEvent, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { changeLanguage } from '../../../i18n';
import { server } from '../../../testing/server';
import { renderWithClient } from '../testing/render';
import { parseDays } from './retention-days';
import { SettingsPage } from './SettingsPage';

const redactionOff = {
  enabled: false,
  entities: ['card', 'cvv', 'expiry', 'israeliId', 'phone', 'email'],
  audio: 'silence',
  original: 'delete',
};

function mockSettings({ redaction = redactionOff as object | undefined } = {}) {
  const puts: { retention: unknown[]; settings: unknown[] } = { retention: [], settings: [] };
  let saved = { agentsSee: 'business', redaction, phoneNumbers: ['+15551230001'] };
  server.use(
    http.get('/api/manage/retention', () => HttpResponse.json({ audioDays: 90, transcriptDays: null })),
    http.put('/api/manage/retention', async ({ request }) => {
      const body = await request.json();
      puts.retention.push(body);
      return HttpResponse.json(body);
    }),
    http.get('/api/manage/settings', () => HttpResponse.json(saved)),
    http.put('/api/manage/settings', async ({ request }) => {
      const body = (await request.json()) as { agentsSee: string; redaction?: object };
      puts.settings.push(body);
      saved = { ...saved, agentsSee: body.agentsSee, redaction: body.redaction ?? saved.redaction };
      return HttpResponse.json(saved);
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

  it('shows the redaction: on or off, the six kinds, silence or beep, and what keeping the original needs', async () => {
    mockSettings({ redaction: { enabled: true, entities: ['card', 'cvv'], audio: 'beep', original: 'keep' } });
    renderWithClient(<SettingsPage />);

    const section = await screen.findByRole('region', { name: 'Redaction' });
    expect(await within(section).findByRole('checkbox', { name: 'Remove spoken numbers and details' })).toBeChecked();
    const kinds = within(section).getByRole('group', { name: 'What to remove' });
    expect(
      within(kinds)
        .getAllByRole('checkbox')
        .map((box) => box.closest('label')?.textContent),
    ).toEqual([
      'Card numbers',
      'Security codes (CVV)',
      'Expiry dates',
      'Israeli ID numbers',
      'Phone numbers',
      'Email addresses',
    ]);
    expect(within(kinds).getByRole('checkbox', { name: 'Card numbers' })).toBeChecked();
    expect(within(kinds).getByRole('checkbox', { name: 'Expiry dates' })).not.toBeChecked();
    const audio = within(section).getByRole('group', { name: 'In the audio, replace them with' });
    expect(within(audio).getByRole('radio', { name: 'A beep' })).toBeChecked();
    const original = within(section).getByRole('group', { name: 'The unredacted original recording' });
    expect(within(original).getByRole('radio', { name: 'Keep it, encrypted' })).toBeChecked();
    expect(within(original).getByRole('radio', { name: 'Keep it, encrypted' })).toHaveAccessibleDescription(
      /needs the operator’s master key.*Only administrators can play an original/,
    );
  });

  it('saves the redaction with who agents see, in one PUT', async () => {
    const puts = mockSettings();
    renderWithClient(<SettingsPage />);
    const section = await screen.findByRole('region', { name: 'Redaction' });
    const enabled = await within(section).findByRole('checkbox', { name: 'Remove spoken numbers and details' });
    expect(enabled).not.toBeChecked();
    fireEvent.click(enabled);
    fireEvent.click(within(section).getByRole('checkbox', { name: 'Phone numbers' }));
    fireEvent.click(within(section).getByRole('checkbox', { name: 'Email addresses' }));
    fireEvent.click(within(section).getByRole('checkbox', { name: 'Email addresses' }));
    fireEvent.click(within(section).getByRole('radio', { name: 'A beep' }));
    fireEvent.click(within(section).getByRole('radio', { name: 'Keep it, encrypted' }));
    fireEvent.click(within(section).getByRole('button', { name: 'Save redaction' }));

    expect(await within(section).findByText('Redaction saved.')).toBeInTheDocument();
    expect(puts.settings).toEqual([
      {
        agentsSee: 'business',
        redaction: {
          enabled: true,
          entities: ['card', 'cvv', 'expiry', 'israeliId', 'email'],
          audio: 'beep',
          original: 'keep',
        },
      },
    ]);
    // Who agents see is saved on its own without touching the redaction (left out of the PUT).
    fireEvent.click(screen.getByRole('radio', { name: 'Their own calls' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save who agents see' }));
    expect(await screen.findByText('Saved: who agents see.')).toBeInTheDocument();
    expect(puts.settings[1]).toEqual({ agentsSee: 'own' });
  });

  it('starts from redaction off (everything ticked) when the server says nothing of it', async () => {
    const puts = mockSettings({ redaction: undefined });
    renderWithClient(<SettingsPage />);
    const section = await screen.findByRole('region', { name: 'Redaction' });
    fireEvent.click(await within(section).findByRole('button', { name: 'Save redaction' }));
    expect(await within(section).findByText('Redaction saved.')).toBeInTheDocument();
    expect(puts.settings).toEqual([{ agentsSee: 'business', redaction: redactionOff }]);
  });

  it('asks for at least one kind before sending when redaction is on', async () => {
    const puts = mockSettings({ redaction: { ...redactionOff, enabled: true, entities: ['card'] } });
    renderWithClient(<SettingsPage />);
    const section = await screen.findByRole('region', { name: 'Redaction' });
    const card = await within(section).findByRole('checkbox', { name: 'Card numbers' });
    fireEvent.click(card);
    fireEvent.click(within(section).getByRole('button', { name: 'Save redaction' }));

    expect(await within(section).findByRole('alert')).toHaveTextContent('Some fields need correcting');
    expect(within(section).getByRole('group', { name: 'What to remove' })).toHaveAccessibleDescription(
      'Choose at least one thing to remove.',
    );
    expect(card).toHaveFocus();
    expect(puts.settings).toEqual([]);
  });

  it('shows the server’s validation errors beside the redaction’s controls', async () => {
    mockSettings();
    server.use(
      http.put('/api/manage/settings', () =>
        HttpResponse.json(
          {
            status: 400,
            title: 'One or more validation errors occurred.',
            errors: {
              'Redaction.Original': ['Keeping originals needs Redaction:MasterKey, which is not set.'],
              'redaction.entities[1]': ['Unknown entity "iban".'],
              AgentsSee: ['Unknown value.'],
            },
          },
          { status: 400, headers: { 'Content-Type': 'application/problem+json' } },
        ),
      ),
    );
    renderWithClient(<SettingsPage />);
    const section = await screen.findByRole('region', { name: 'Redaction' });
    fireEvent.click(await within(section).findByRole('radio', { name: 'Keep it, encrypted' }));
    fireEvent.click(within(section).getByRole('button', { name: 'Save redaction' }));

    expect(await within(section).findByRole('alert')).toHaveTextContent(
      'Some fields need correcting: see the messages beside them. Unknown value.',
    );
    const original = within(section).getByRole('group', { name: 'The unredacted original recording' });
    expect(original).toHaveAttribute('aria-invalid', 'true');
    expect(original).toHaveAccessibleDescription('Keeping originals needs Redaction:MasterKey, which is not set.');
    expect(within(section).getByRole('group', { name: 'What to remove' })).toHaveAccessibleDescription(
      'Unknown entity "iban".',
    );
  });

  it('names the redaction’s choices in Hebrew', async () => {
    await act(() => changeLanguage('he'));
    mockSettings();
    renderWithClient(<SettingsPage />);
    const section = await screen.findByRole('region', { name: 'הסרת פרטים רגישים' });
    const kinds = await within(section).findByRole('group', { name: 'מה להסיר' });
    expect(within(kinds).getByRole('checkbox', { name: 'מספרי זהות' })).toBeChecked();
    expect(within(section).getByRole('radio', { name: 'צפצוף' })).not.toBeChecked();
    expect(within(section).getByRole('radio', { name: 'לשמור אותה מוצפנת' })).toHaveAccessibleDescription(
      /מפתח ההצפנה הראשי של המפעיל/,
    );
    await act(() => changeLanguage('en'));
  });
});
