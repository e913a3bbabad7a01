/**
 * Pipelines and opportunities, driven in Chromium against the real product: an agency owner creates
 * a pipeline in the editor, adds opportunities from the board (picking the contact by search), drags
 * one to another stage and sees the column counts and totals change, then finds the move in the
 * opportunity's history. A move over someone else's change is refused and rolled back with a message;
 * the list view changes a status in bulk; the metrics page draws its charts. Screenshots land in
 * test-output/e2e/ (pipelines-*.png).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { APIResponse, Locator, Page } from 'playwright-core';
import { browserSuite, screenshots, withPage, type PageOptions } from './browser-page.ts';

const suite = browserSuite();
const shot = screenshots('pipelines-');

/** A wide window for four board columns; console errors count as failures. */
function pageOptions(): PageOptions {
  return {
    baseURL: suite.server.url,
    viewport: { width: 1440, height: 900 },
    onFailure: (page) => shot(page, 'zz-failure'),
    consoleErrors: true,
  };
}

const column = (page: Page, stage: string): Locator =>
  page.locator(`[data-testid="board-column"][data-stage-name="${stage}"]`);

/** Waits until a column shows this count, total and weighted total. */
async function expectColumn(page: Page, stage: string, count: number, total: string, weighted: string) {
  const c = column(page, stage);
  await c
    .getByTestId('column-count')
    .filter({ hasText: new RegExp(`^${count}$`) })
    .waitFor();
  await c
    .getByTestId('column-total')
    .filter({ hasText: new RegExp(`^\\${total}$`) })
    .waitFor();
  await c
    .getByTestId('column-weighted')
    .filter({ hasText: new RegExp(`^weighted \\${weighted}$`) })
    .waitFor();
  // The board shows the first 20 cards of a column.
  assert.equal(await c.getByTestId('opportunity-card').count(), Math.min(count, 20));
}

test('create a pipeline, add opportunities, drag one to another stage, see totals and history', async () => {
  await withPage(suite.browser, pageOptions(), async (page, context) => {
    const stamp = Date.now().toString(36);

    // 1. Sign in; a fresh sub-account so the board holds only this test's opportunities.
    const login = await context.request.post('/api/v1/auth/login', { data: suite.server.demo.agencyOwner });
    assert.equal(login.status(), 200, await login.text());
    const me = (await (await context.request.get('/api/v1/auth/me')).json()) as {
      user: { name: string; email: string };
      agencies: { id: string }[];
    };
    const agencyId = me.agencies[0]?.id;
    assert.ok(agencyId, 'the demo owner has an agency');
    const created = await context.request.post(`/api/v1/agencies/${agencyId}/sub-accounts`, {
      data: { name: `Pipeline Test ${stamp}` },
    });
    assert.equal(created.status(), 201, await created.text());
    const subAccountId = ((await created.json()) as { id: string }).id;
    const base = `/sub-accounts/${subAccountId}`;
    const api = `/api/v1/sub-accounts/${subAccountId}`;
    const contactIds: Record<string, string> = {};
    for (const [first, last] of [
      ['Ada', 'Lovelace'],
      ['Grace', 'Hopper'],
      ['Alan', 'Turing'],
    ] as const) {
      const response = await context.request.post(`${api}/contacts`, {
        data: { firstName: first, lastName: last, email: `${first.toLowerCase()}.${stamp}@example.com` },
      });
      assert.equal(response.status(), 201, await response.text());
      contactIds[first] = ((await response.json()) as { id: string }).id;
    }
    const tagged = await context.request.post(`${api}/contacts/${contactIds.Grace}/tags`, {
      data: { names: ['vip'] },
    });
    assert.equal(tagged.status(), 200, await tagged.text());

    // 2. No pipeline yet: the opportunities page offers to create one; the editor does.
    await page.goto(`${base}/opportunities`);
    await page.getByText('No pipelines yet').waitFor();
    await page.getByRole('link', { name: 'Create a pipeline' }).click();
    await page.waitForURL(/\/pipelines/);
    await page.getByTestId('new-pipeline').click();
    const createDialog = page.getByRole('dialog', { name: 'New pipeline' });
    await createDialog.getByLabel('Pipeline name').fill('Sales');
    assert.equal(await createDialog.getByTestId('new-stage-row').count(), 4);
    await shot(page, '01-new-pipeline', false);
    await createDialog.getByRole('button', { name: 'Create pipeline' }).click();
    const editor = page.getByTestId('pipeline-editor');
    await editor.getByTestId('stage-row').nth(3).waitFor();
    // A fifth stage, with a rotting age on it.
    await editor.getByLabel('New stage name').fill('Contract signed');
    await editor.getByLabel('New stage win probability').fill('95');
    await editor.getByRole('button', { name: 'Add stage' }).click();
    await editor.locator('[data-testid="stage-row"][data-stage-name="Contract signed"]').waitFor();
    await editor.getByLabel('Rotting days of Qualified').fill('14');
    await editor
      .locator('[data-testid="stage-row"][data-stage-name="Qualified"]')
      .getByRole('button', { name: 'Save' })
      .click();
    await editor
      .locator('[data-testid="stage-row"][data-stage-name="Qualified"]')
      .getByRole('button', { name: 'Save' })
      .waitFor({ state: 'detached' });
    await shot(page, '02-pipeline-editor');

    const pipelines = (await (await context.request.get(`${api}/pipelines`)).json()) as {
      items: { id: string; stages: { id: string; name: string; position: number }[] }[];
    };
    const pipeline = pipelines.items[0];
    assert.ok(pipeline, 'the pipeline exists');
    assert.deepEqual(
      [...pipeline.stages].sort((a, b) => a.position - b.position).map((s) => s.name),
      ['New lead', 'Qualified', 'Proposal sent', 'Negotiation', 'Contract signed'],
    );

    // One opportunity made through the API, before the board opens.
    const viaApi = await context.request.post(`${api}/opportunities`, {
      data: {
        name: 'Turing support plan',
        contactId: contactIds.Alan,
        pipelineId: pipeline.id,
        monetaryValue: 30000,
        currency: 'USD',
      },
    });
    assert.equal(viaApi.status(), 201, await viaApi.text());

    // 3. The board: create two opportunities from it, picking contacts by search.
    await page.getByRole('link', { name: '← Opportunities' }).click();
    await page.waitForURL(/\/opportunities/);
    await column(page, 'New lead').waitFor();
    assert.equal(await page.getByTestId('board-column').count(), 5);

    await page.getByTestId('new-opportunity').click();
    let dialog = page.getByRole('dialog', { name: 'New opportunity' });
    await dialog.getByLabel('Contact').fill('Ada');
    await page.getByRole('option', { name: new RegExp(`^Ada Lovelace`) }).click();
    await dialog.getByLabel('Name').fill('Lovelace engines');
    await dialog.getByLabel('Value').fill('1200');
    await shot(page, '03-new-opportunity', false);
    await dialog.getByRole('button', { name: 'Create opportunity' }).click();
    await dialog.waitFor({ state: 'detached' });

    await column(page, 'Qualified').getByRole('button', { name: 'New opportunity in Qualified' }).click();
    dialog = page.getByRole('dialog', { name: 'New opportunity' });
    await dialog.getByLabel('Contact').fill('Grace');
    await page.getByRole('option', { name: new RegExp(`^Grace Hopper`) }).click();
    assert.equal(await dialog.getByLabel('Name').inputValue(), 'Grace Hopper');
    await dialog.getByLabel('Name').fill('Hopper compilers');
    await dialog.getByLabel('Value').fill('800');
    await dialog.getByRole('button', { name: 'Create opportunity' }).click();
    await dialog.waitFor({ state: 'detached' });

    // New lead: 1,200 + 300 at 10%; Qualified: 800 at 30%.
    await expectColumn(page, 'New lead', 2, '$1,500', '$150');
    await expectColumn(page, 'Qualified', 1, '$800', '$240');
    await shot(page, '04-board');

    // 4. Drag "Lovelace engines" to Qualified: the columns change at once, and stay so after a reload.
    const card = page.locator('[data-testid="opportunity-card"][data-name="Lovelace engines"]');
    await card.dragTo(column(page, 'Qualified').getByTestId('column-cards'));
    await column(page, 'Qualified').locator('[data-name="Lovelace engines"]').waitFor();
    await expectColumn(page, 'New lead', 1, '$300', '$30');
    await expectColumn(page, 'Qualified', 2, '$2,000', '$600');
    await shot(page, '05-board-after-drag');
    // From the keyboard: Alt+Right moves the focused card on a stage, Alt+Left brings it back.
    const openButton = card.getByRole('button', { name: 'Open Lovelace engines' });
    await openButton.focus();
    await page.keyboard.press('Alt+ArrowRight');
    await column(page, 'Proposal sent').locator('[data-name="Lovelace engines"]').waitFor();
    await expectColumn(page, 'Qualified', 1, '$800', '$240');
    await page.waitForFunction(
      () => document.activeElement?.getAttribute('aria-label') === 'Open Lovelace engines',
    );
    await page.keyboard.press('Alt+ArrowLeft');
    await column(page, 'Qualified').locator('[data-name="Lovelace engines"]').waitFor();
    await expectColumn(page, 'Qualified', 2, '$2,000', '$600');
    await page.reload();
    await expectColumn(page, 'New lead', 1, '$300', '$30');
    await expectColumn(page, 'Qualified', 2, '$2,000', '$600');

    // 5. The drawer's history shows the move: from and to, who, and the time spent in New lead.
    await card.getByRole('button', { name: 'Open Lovelace engines' }).click();
    const drawer = page.getByRole('dialog', { name: /Lovelace engines/ });
    await drawer.getByRole('tab', { name: 'History' }).click();
    const entries = drawer.getByTestId('history-entry');
    await entries.filter({ hasText: 'Moved from New lead to Qualified' }).waitFor();
    await entries.filter({ hasText: 'Created in New lead' }).waitFor();
    const move = entries.filter({ hasText: 'Moved from New lead to Qualified' });
    assert.match((await move.textContent()) ?? '', new RegExp(me.user.name || 'Owner'));
    await move
      .getByTestId('time-in-stage')
      .filter({ hasText: /in New lead/ })
      .waitFor();
    await shot(page, '06-drawer-history', false);

    // A note on the opportunity, from the drawer.
    await drawer.getByRole('tab', { name: 'Notes' }).click();
    await drawer.getByLabel('New note').fill('Wants a **difference engine** demo');
    await drawer.getByRole('button', { name: 'Add note' }).click();
    await drawer.getByTestId('note').filter({ hasText: 'difference engine' }).waitFor();
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });

    // 6. Someone else changes the card meanwhile: the next drag is refused (412), rolled back, explained.
    const lovelaceId = (await card.getAttribute('data-id')) ?? '';
    const elsewhere = await context.request.patch(`${api}/opportunities/${lovelaceId}`, {
      data: { monetaryValue: 125000 },
    });
    assert.equal(elsewhere.status(), 200, await elsewhere.text());
    await card.dragTo(column(page, 'Proposal sent').getByTestId('column-cards'));
    await page
      .getByTestId('board-message')
      .filter({ hasText: 'Someone else changed this opportunity' })
      .waitFor();
    await column(page, 'Qualified').locator('[data-name="Lovelace engines"]').waitFor();
    // The board reloads with the other person's value (1,250 + 800).
    await expectColumn(page, 'Qualified', 2, '$2,050', '$615');
    await expectColumn(page, 'Proposal sent', 0, '$0', '$0');
    await shot(page, '07-conflict');

    // 7. Filters: value range and status narrow every column.
    await page.getByLabel('Minimum value').fill('1000');
    await expectColumn(page, 'Qualified', 1, '$1,250', '$375');
    await expectColumn(page, 'New lead', 0, '$0', '$0');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expectColumn(page, 'New lead', 1, '$300', '$30');
    // Contact tags: only Grace is a vip.
    await page.locator('input[aria-label="Contact tags"]').click();
    await page.getByRole('option', { name: 'vip', exact: true }).click();
    await page.keyboard.press('Escape');
    await expectColumn(page, 'Qualified', 1, '$800', '$240');
    await expectColumn(page, 'New lead', 0, '$0', '$0');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expectColumn(page, 'Qualified', 2, '$2,050', '$615');

    // 8. A column shows its first 20 cards and loads the rest as it scrolls.
    const negotiationId = pipeline.stages.find((s) => s.name === 'Negotiation')?.id;
    for (let i = 0; i < 22; i++) {
      const response: APIResponse = await context.request.post(`${api}/opportunities`, {
        data: {
          name: `Hopper follow-up ${String(i + 1).padStart(2, '0')}`,
          contactId: contactIds.Grace,
          pipelineId: pipeline.id,
          stageId: negotiationId,
          monetaryValue: 10000,
          currency: 'USD',
        },
      });
      assert.equal(response.status(), 201, await response.text());
    }
    await page.reload();
    const negotiation = column(page, 'Negotiation');
    await negotiation.getByTestId('column-count').filter({ hasText: /^22$/ }).waitFor();
    await negotiation
      .getByTestId('column-total')
      .filter({ hasText: /^\$2,200$/ })
      .waitFor();
    assert.equal(await negotiation.getByTestId('opportunity-card').count(), 20);
    await negotiation.getByText('Load more (2 left)').waitFor();
    await negotiation.getByTestId('column-cards').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await negotiation.getByTestId('opportunity-card').nth(21).waitFor();
    assert.equal(await negotiation.getByTestId('opportunity-card').count(), 22);
    await shot(page, '08-column-scrolled');

    // 9. The list view: mark two opportunities won in bulk.
    await page.getByText('List', { exact: true }).click();
    const rows = page.getByTestId('opportunity-row');
    await rows.nth(24).waitFor();
    assert.equal(await rows.count(), 25);
    await rows.filter({ hasText: 'Lovelace engines' }).getByRole('checkbox').check();
    await rows.filter({ hasText: 'Hopper compilers' }).getByRole('checkbox').check();
    await page.getByTestId('bulk-actions').click();
    await page.getByRole('menuitem', { name: 'Change status' }).click();
    const bulk = page.getByRole('dialog', { name: 'Change status' });
    await bulk.getByLabel('Status').click();
    await page.getByRole('option', { name: 'Won', exact: true }).click();
    await bulk.getByTestId('bulk-apply').click();
    await page.getByTestId('bulk-done').filter({ hasText: '2 opportunities updated' }).waitFor();
    await rows.filter({ hasText: 'Lovelace engines' }).getByText('Won').waitFor();
    await shot(page, '09-list-bulk');
    // Assign two in bulk: the list and the board's cards show the assignee.
    await rows.filter({ hasText: 'Hopper follow-up 01' }).getByRole('checkbox').check();
    await rows.filter({ hasText: 'Hopper follow-up 02' }).getByRole('checkbox').check();
    await page.getByTestId('bulk-actions').click();
    await page.getByRole('menuitem', { name: 'Assign' }).click();
    const assign = page.getByRole('dialog', { name: 'Assign' });
    await assign.getByLabel('Assign to').click();
    await page.getByRole('option', { name: me.user.name, exact: true }).click();
    await assign.getByTestId('bulk-apply').click();
    await page.getByTestId('bulk-done').filter({ hasText: 'Assign: 2 opportunities updated' }).waitFor();
    await rows.filter({ hasText: 'Hopper follow-up 01' }).getByText(me.user.name).waitFor();

    // 10. Opportunity custom fields live beside the contact ones in settings.
    await page.goto(`${base}/settings/custom-fields`);
    await page.getByTestId('custom-field-object').getByText('Opportunities').click();
    await page.getByRole('button', { name: 'New opportunity field' }).click();
    const fieldDialog = page.getByRole('dialog', { name: 'New opportunity field' });
    await fieldDialog.getByLabel('Name').fill('Competitor');
    await fieldDialog.getByRole('button', { name: 'Create field' }).click();
    await page.getByTestId('custom-field-row').filter({ hasText: 'competitor' }).waitFor();
    await shot(page, '10-opportunity-fields');

    // 11. A lost reason; then removing a stage that holds opportunities asks where they go.
    await page.goto(`${base}/pipelines?tab=lost-reasons`);
    await page.getByLabel('New lost reason').fill('Price too high');
    await page.getByRole('button', { name: 'Add reason' }).click();
    await page.getByTestId('lost-reason').first().waitFor();
    await page.getByRole('tab', { name: 'Pipelines' }).click();
    await editor
      .locator('[data-testid="stage-row"][data-stage-name="Negotiation"]')
      .getByRole('button', { name: 'Remove' })
      .click();
    const removeDialog = page.getByRole('dialog', { name: 'Remove Negotiation?' });
    await removeDialog.getByTestId('confirm-remove-stage').click();
    await removeDialog.getByTestId('stage-in-use').waitFor();
    await removeDialog.getByLabel('Where do its opportunities go?').click();
    await page.getByRole('option', { name: 'Proposal sent', exact: true }).click();
    await shot(page, '11-remove-stage', false);
    await removeDialog.getByTestId('confirm-remove-stage').click();
    await removeDialog.waitFor({ state: 'detached' });
    await editor
      .locator('[data-testid="stage-row"][data-stage-name="Negotiation"]')
      .waitFor({ state: 'detached' });
    assert.equal(await editor.getByTestId('stage-row').count(), 4);

    // 12. The drawer: mark "Turing support plan" lost with a reason and a custom field value.
    await page.getByRole('link', { name: '← Opportunities' }).click();
    await expectColumn(page, 'Proposal sent', 22, '$2,200', '$1,320');
    const turing = page.locator('[data-testid="opportunity-card"][data-name="Turing support plan"]');
    const turingId = (await turing.getAttribute('data-id')) ?? '';
    await turing.getByRole('button', { name: 'Open Turing support plan' }).click();
    const turingDrawer = page.getByRole('dialog', { name: /Turing support plan/ });
    // Someone else edits it while the drawer is open: saving is refused, and Reload shows their change.
    await turingDrawer.getByLabel('Source').waitFor();
    const meanwhile = await context.request.patch(`${api}/opportunities/${turingId}`, {
      data: { source: 'Referral' },
    });
    assert.equal(meanwhile.status(), 200, await meanwhile.text());
    await turingDrawer.getByLabel('Name').fill('Turing support plan (2 years)');
    await turingDrawer.getByRole('button', { name: 'Save' }).click();
    await turingDrawer
      .getByRole('alert')
      .filter({ hasText: 'Someone else changed this opportunity' })
      .waitFor();
    await shot(page, '12-drawer-conflict', false);
    await turingDrawer.getByRole('button', { name: 'Reload' }).click();
    await turingDrawer.getByRole('alert').waitFor({ state: 'detached' });
    assert.equal(await turingDrawer.getByLabel('Source').inputValue(), 'Referral');
    assert.equal(await turingDrawer.getByLabel('Name').inputValue(), 'Turing support plan');
    await turingDrawer.getByText('Lost', { exact: true }).click();
    await turingDrawer.getByLabel('Lost reason').click();
    await page.getByRole('option', { name: 'Price too high' }).click();
    await turingDrawer.getByLabel('Competitor').fill('Babbage Ltd');
    await turingDrawer.getByRole('button', { name: 'Save' }).click();
    await turingDrawer.getByTestId('drawer-title').waitFor();
    await turingDrawer.getByRole('button', { name: 'Save' }).and(page.locator('[disabled]')).waitFor();
    await shot(page, '13-drawer-lost', false);
    await turingDrawer.getByRole('tab', { name: 'History' }).click();
    await turingDrawer.getByTestId('history-entry').filter({ hasText: 'Status Open → Lost' }).waitFor();
    const saved = (await (await context.request.get(`${api}/opportunities/${turingId}`)).json()) as {
      status: string;
      lostReasonId: string | null;
      customFields: Record<string, unknown>;
    };
    assert.equal(saved.status, 'lost');
    assert.ok(saved.lostReasonId, 'the lost reason is kept');
    assert.equal(saved.customFields.competitor, 'Babbage Ltd');
    await page.keyboard.press('Escape');
    // The board shows open opportunities unless the status filter says otherwise.
    await turing.waitFor({ state: 'detached' });
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Lost', exact: true }).click();
    await expectColumn(page, 'New lead', 1, '$300', '$30');
    await turing.getByText('Lost').waitFor();

    // 14. The contact page lists the contact's opportunities; one opens in the board's drawer.
    await page.goto(`${base}/contacts/${contactIds.Ada}`);
    await page.getByTestId('contact-opportunities').getByRole('link', { name: 'Lovelace engines' }).click();
    await page.waitForURL(/\/opportunities\?/);
    const fromContact = page.getByRole('dialog', { name: /Lovelace engines/ });
    await fromContact.getByRole('tab', { name: 'Notes' }).click();
    await fromContact.getByTestId('note').filter({ hasText: 'difference engine' }).waitFor();
    await page.keyboard.press('Escape');
    await fromContact.waitFor({ state: 'detached' });

    // 15. Metrics: the funnel, won and lost over time, time in stage.
    await page.getByRole('link', { name: 'Metrics' }).click();
    await page.waitForURL(/\/opportunities\/metrics/);
    await page.getByTestId('funnel-chart').waitFor();
    await page.getByTestId('metric-won').filter({ hasText: /^Won2/ }).waitFor();
    await page
      .getByTestId('metric-lost')
      .filter({ hasText: /^Lost1/ })
      .waitFor();
    await page.getByTestId('outcomes-chart').waitFor();
    await page.getByTestId('time-in-stage-chart').waitFor();
    await shot(page, '15-metrics');
  });
});
