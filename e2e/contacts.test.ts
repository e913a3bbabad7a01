/**
 * The CRM screens, driven in Chromium against the real product: an agency owner imports a
 * 1,000-contact CSV through the wizard and watches the progress bar finish, filters the list,
 * tags a selection with a bulk action, and opens a contact to add a note and a task. Screenshots
 * of every step land in test-output/e2e/ (contacts-*.png).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { browserSuite, screenshots, withPage, type PageOptions } from './browser-page.ts';

const ROWS = 1000;
const SOURCES = ['Website', 'Referral', 'Facebook', 'Trade show'];
const suite = browserSuite();
const shot = screenshots('contacts-');

/** A wide window (the contacts table has many columns); console errors count as failures. */
function pageOptions(): PageOptions {
  return {
    baseURL: suite.server.url,
    viewport: { width: 1360, height: 900 },
    onFailure: (page) => shot(page, 'zz-failure'),
    consoleErrors: true,
  };
}

/** A CSV as people export it: a header row, quoted fields, a comma inside a company name. */
function contactsCsv(stamp: string): { csv: string; referralVip: number } {
  const lines = ['First Name,Last Name,Email,Phone,Company,Source,Tags'];
  let referralVip = 0;
  for (let i = 0; i < ROWS; i++) {
    const source = SOURCES[i % SOURCES.length] ?? 'Website';
    const vip = i % 5 === 0;
    if (vip && source === 'Referral') referralVip++;
    const tags = vip ? 'vip, newsletter' : 'newsletter';
    const phone = `+1415555${String(1000 + i).padStart(4, '0')}`;
    lines.push(
      [
        `Ada${i}`,
        `Lovelace ${stamp}`,
        `ada.${i}.${stamp}@example.com`,
        phone,
        `"Analytical Engines, Ltd ${i % 7}"`,
        source,
        `"${tags}"`,
      ].join(','),
    );
  }
  return { csv: `${lines.join('\n')}\n`, referralVip };
}

test('import 1,000 contacts, filter, bulk-tag a selection, add a note and a task', async () => {
  await withPage(suite.browser, pageOptions(), async (page, context) => {
    const stamp = Date.now().toString(36);

    // 1. Sign in and make a fresh sub-account, so counts are exactly this test's contacts.
    const login = await context.request.post('/api/v1/auth/login', { data: suite.server.demo.agencyOwner });
    assert.equal(login.status(), 200, await login.text());
    const me = (await (await context.request.get('/api/v1/auth/me')).json()) as {
      agencies: { id: string }[];
    };
    const agencyId = me.agencies[0]?.id;
    assert.ok(agencyId, 'the demo owner has an agency');
    const created = await context.request.post(`/api/v1/agencies/${agencyId}/sub-accounts`, {
      data: { name: `Import Test ${stamp}` },
    });
    assert.equal(created.status(), 201, await created.text());
    const subAccountId = ((await created.json()) as { id: string }).id;
    const base = `/sub-accounts/${subAccountId}`;
    const api = `/api/v1/sub-accounts/${subAccountId}`;
    // The tag the bulk action adds; the import creates the others from the CSV's Tags column.
    const followUp = await context.request.post(`${api}/tags`, { data: { name: 'follow-up' } });
    assert.equal(followUp.status(), 201, await followUp.text());
    const followUpId = ((await followUp.json()) as { id: string }).id;

    await page.goto(`${base}/contacts`);
    await page.getByRole('heading', { name: 'Contacts' }).waitFor();
    await page.getByText('No contacts yet').waitFor();
    await shot(page, '01-empty');

    // 2. The import wizard: upload, mapping pre-filled from the headers, duplicates, start, progress.
    await page.getByRole('link', { name: 'Import CSV' }).click();
    await page.waitForURL(/\/contacts\/import$/);
    const { csv, referralVip } = contactsCsv(stamp);
    // Mantine's FileInput is a button with a hidden <input type=file> beside it.
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: `contacts-${stamp}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    const mapping = page.getByTestId('import-mapping');
    await mapping.waitFor();
    assert.equal(await mapping.getByLabel('Field for Email').inputValue(), 'Email');
    assert.equal(await mapping.getByLabel('Field for First Name').inputValue(), 'First name');
    await shot(page, '02-import-mapping');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('radio', { name: 'Skip' }).check();
    await shot(page, '03-import-duplicates');
    await page.getByTestId('start-import').click();
    const progress = page.getByTestId('import-progress');
    await progress.waitFor();
    await shot(page, '04-import-running');
    await page
      .locator('[data-testid="import-progress"][data-status="completed"]')
      .waitFor({ timeout: 120_000 });
    assert.match((await page.getByTestId('import-counts').textContent()) ?? '', /1,000 of 1,000 rows/);
    await shot(page, '05-import-done');

    // 3. The list: 1,000 contacts; filter by source and tag.
    await page.getByTestId('import-done').click();
    await page.waitForURL(/\/contacts$/);
    await page
      .getByTestId('contacts-total')
      .filter({ hasText: /^1,000 contacts/ })
      .waitFor();
    assert.equal(await page.getByTestId('contact-row').count(), 50);
    await shot(page, '06-list');

    await page.getByTestId('toggle-filters').click();
    const filters = page.getByTestId('filter-builder');
    await filters.getByLabel('Source').fill('Referral');
    await filters.getByLabel('Source').press('Enter');
    await filters.getByLabel('Has any of these tags').click();
    await page.getByRole('option', { name: 'vip', exact: true }).click();
    await page.keyboard.press('Escape');
    await page
      .getByTestId('contacts-total')
      .filter({ hasText: new RegExp(`^${referralVip} matching`) })
      .waitFor();
    await shot(page, '07-filtered');

    // Save the filter as a smart list; it appears in the side bar, selected.
    await page.getByRole('button', { name: 'Save current filter…' }).click();
    const saveDialog = page.getByRole('dialog', { name: 'Save as smart list' });
    await saveDialog.getByLabel('Name').fill('Referral VIPs');
    await saveDialog.getByRole('button', { name: 'Save smart list' }).click();
    await page.getByTestId('smart-lists').getByText('Referral VIPs').waitFor();
    await page.getByTestId('contacts-total').filter({ hasText: 'Referral VIPs' }).waitFor();

    // The search box narrows further (partial email).
    await page.getByLabel('Search name, email or phone').fill(`ada.5.${stamp}`);
    await page
      .getByTestId('contacts-total')
      .filter({ hasText: /^1 matching/ })
      .waitFor();
    await page.getByLabel('Search name, email or phone').fill('');
    await page
      .getByTestId('contacts-total')
      .filter({ hasText: new RegExp(`^${referralVip} matching`) })
      .waitFor();

    // 4. Select five and tag them in bulk; the progress bar reports the job.
    const rows = page.getByTestId('contact-row');
    for (let i = 0; i < 5; i++) await rows.nth(i).getByRole('checkbox').check();
    await page.getByTestId('selection-count').filter({ hasText: '5 selected' }).waitFor();
    await page.getByTestId('bulk-actions').click();
    await page.getByRole('menuitem', { name: 'Add tag' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a tag' });
    await dialog.getByLabel('Tag').click();
    await page.getByRole('option', { name: 'follow-up', exact: true }).click();
    await shot(page, '08-bulk-tag', false);
    await dialog.getByTestId('bulk-apply').click();
    await page.locator('[data-testid="bulk-progress"][data-status="completed"]').waitFor({ timeout: 60_000 });
    await shot(page, '09-bulk-done');
    const tagged = await context.request.post(`${api}/contacts/search`, {
      data: { filter: { tags: { any: [followUpId] } }, limit: 10 },
    });
    assert.equal(((await tagged.json()) as { total: number }).total, 5);
    await rows.first().getByText('follow-up').waitFor();

    // 5. Export the filtered list with chosen columns.
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const exportDialog = page.getByRole('dialog', { name: 'Export contacts' });
    await exportDialog.getByLabel('Company').check();
    await shot(page, '10-export', false);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      exportDialog.getByTestId('export-download').click(),
    ]);
    const exported = readFileSync(await download.path(), 'utf8');
    const exportedLines = exported.trim().split(/\r?\n/);
    assert.equal(exportedLines.length, referralVip + 1, 'a header and one line per matching contact');
    assert.match(exportedLines[0] ?? '', /Email/);
    assert.match(exportedLines[0] ?? '', /Company/);

    // 6. Open a contact: add a note (markdown) and a task.
    const firstName = (await rows.first().getByRole('link').textContent()) ?? '';
    await rows.first().getByRole('link').click();
    await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
    await page.getByTestId('contact-name').filter({ hasText: firstName }).waitFor();
    await page.getByTestId('consent-badges').waitFor();
    await page
      .getByLabel('New note')
      .fill('Called about **whitening**:\n- send the quote\n- follow up Friday');
    await page.getByRole('button', { name: 'Add note' }).click();
    const note = page.getByTestId('note').first();
    await note.waitFor();
    assert.equal(await note.locator('strong').textContent(), 'whitening');
    await shot(page, '11-note');

    await page.getByRole('tab', { name: 'Tasks' }).click();
    await page.getByLabel('New task').fill('Send the whitening quote');
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
    const pad = (n: number) => String(n).padStart(2, '0');
    await page
      .getByLabel('Due')
      .fill(`${tomorrow.getFullYear()}-${pad(tomorrow.getMonth() + 1)}-${pad(tomorrow.getDate())}T10:00`);
    await page.getByRole('button', { name: 'Add task' }).click();
    await page.getByTestId('task').filter({ hasText: 'Send the whitening quote' }).waitFor();
    await shot(page, '12-task');

    await page.getByRole('tab', { name: 'Timeline' }).click();
    await page.getByTestId('timeline').waitFor();
    await shot(page, '13-timeline');

    // 7. My tasks shows it as upcoming.
    await page.getByRole('link', { name: 'My tasks' }).click();
    await page.getByTestId('my-tasks-upcoming').getByText('Send the whitening quote').waitFor();
    await shot(page, '14-my-tasks');

    // 8. The overview charts contacts by status and by source (the CSV's four, 250 each).
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByTestId('chart-status').getByRole('img', { name: 'New: 1000' }).waitFor();
    for (const source of SOURCES)
      await page
        .getByTestId('chart-source')
        .getByRole('img', { name: `${source}: 250` })
        .waitFor();
    await shot(page, '15-overview-chart');

    // 9. Settings: custom fields and tags tabs.
    await page.goto(`${base}/settings/tags`);
    await page.getByTestId('tag-row').filter({ hasText: 'vip' }).waitFor();
    await shot(page, '16-settings-tags');
    await page.goto(`${base}/settings/custom-fields`);
    await page.getByRole('button', { name: 'New custom field' }).click();
    const fieldDialog = page.getByRole('dialog', { name: 'New custom field' });
    await fieldDialog.getByLabel('Name').fill('Annual budget');
    await fieldDialog.getByRole('button', { name: 'Create field' }).click();
    await page.getByTestId('custom-field-row').filter({ hasText: 'annual_budget' }).waitFor();
    await shot(page, '17-settings-custom-fields');

    // 10. Typing an email someone already uses warns by name, and Open contact goes to them.
    await page.goto(`${base}/contacts`);
    await page.getByRole('button', { name: 'New contact' }).click();
    const newContact = page.getByRole('dialog', { name: 'New contact' });
    await newContact.getByLabel('Email').fill(`ada.7.${stamp}@example.com`);
    await newContact
      .getByTestId('duplicate-warning')
      .filter({ hasText: `Ada7 Lovelace ${stamp} already uses this email` })
      .waitFor();
    await newContact.getByRole('button', { name: 'Create anyway' }).waitFor();
    await shot(page, '18-duplicate-warning');
    await newContact.getByRole('button', { name: 'Open contact' }).click();
    await page
      .getByTestId('contact-name')
      .filter({ hasText: `Ada7 Lovelace ${stamp}` })
      .waitFor();
  });
});
