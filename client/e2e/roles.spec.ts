import en from '../src/i18n/en';
import { PASSWORD, callSid } from './support/env';
import { expect, test } from './support/fixtures';

// The demo business's people (the back end's demo mode seeds them): Dana (the suite's login) is the admin; Noa and
// Omer are agents of the teams North and South. The demo attributes call n to Dana, Noa, Omer, nobody as n % 4 is 1,
// 2, 3, 0 (its leg to the agent's client: identity).
const NOA = 'noa@recordings.test';
const NOAS_CALL = callSid(14);
const OMERS_CALL = callSid(3);

async function setAgentsSee(
  request: import('@playwright/test').APIRequestContext,
  agentsSee: 'own' | 'team' | 'business',
) {
  const response = await request.put('/api/manage/settings', { data: { agentsSee } });
  expect(response.status(), await response.text()).toBe(200);
}

test('under "own" an agent sees only their own calls, and a colleague\'s call is not found', async ({
  page,
  browser,
}) => {
  // Dana, the admin, sets who agents see (as the settings screen does).
  await setAgentsSee(page.request, 'own');
  const noa = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  try {
    const noaPage = await noa.newPage();
    await noaPage.goto('/login');
    await noaPage.getByLabel(en.auth.email, { exact: true }).fill(NOA);
    await noaPage.getByLabel(en.auth.password).fill(PASSWORD);
    await noaPage.getByRole('button', { name: en.auth.submit, exact: true }).click();
    await expect(noaPage).toHaveURL(/\/calls$/);

    const rows = noaPage
      .getByRole('table')
      .getByRole('row')
      .filter({ has: noaPage.getByRole('link') });
    await expect(rows.first()).toBeVisible();
    const hrefs = await rows.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs).toContain(`/calls/${NOAS_CALL}`);
    expect(hrefs).not.toContain(`/calls/${OMERS_CALL}`);
    const listed = (await (await noaPage.request.get('/api/calls?limit=100')).json()) as {
      items: { agents: { displayName: string }[] }[];
    };
    expect(listed.items.every((call) => call.agents.some((agent) => agent.displayName === 'Noa Levi'))).toBe(true);

    // Omer's call, asked for by its address: as if it did not exist.
    await noaPage.goto(`/calls/${OMERS_CALL}`);
    await expect(noaPage.getByText(en.calls.notFound)).toBeVisible();
    expect((await noaPage.request.get(`/api/recordings/file/${OMERS_CALL}`)).status()).toBe(404);

    // Under "team" Noa sees North's calls (Dana's too), still not Omer's (South).
    await setAgentsSee(page.request, 'team');
    await noaPage.goto('/calls');
    await expect(noaPage.locator(`a[href="/calls/${callSid(1)}"]`)).toBeVisible();
    expect((await noaPage.request.get(`/api/calls/${OMERS_CALL}`)).status()).toBe(404);
  } finally {
    await noa.close();
    await setAgentsSee(page.request, 'business');
  }
});
