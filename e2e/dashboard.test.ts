/**
 * The dashboard, driven in Chromium against the real product: an agency owner creates a
 * sub-account, switches into it and invites someone; the invitation email is read in the Dev
 * Outbox and its link accepted, which signs the new person in. Screenshots of every step land in
 * test-output/e2e/ for a human to look at.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { browserSuite, screenshots, withPage, type PageOptions } from './browser-page.ts';

const suite = browserSuite();
const shot = screenshots('');

/** A form field by its label, whether or not Mantine marks it required with " *". */
function field(scope: Page | Locator, label: string): Locator {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return scope.getByLabel(new RegExp(`^${escaped}( \\*)?$`));
}

/** Every test here: a laptop-sized window, a failure picture named after the test, browser errors
 * reported with the failure. */
function pageOptions(failureShot: string, extra: Partial<PageOptions> = {}): PageOptions {
  return {
    baseURL: suite.server.url,
    viewport: { width: 1280, height: 820 },
    onFailure: (page) => shot(page, failureShot),
    problemsMessage: 'the page logged errors',
    appendProblems: true,
    ...extra,
  };
}

test('agency owner invites a user into a new sub-account, who accepts and lands signed in', async () => {
  await withPage(suite.browser, pageOptions('zz-failure', { consoleErrors: true }), async (page) => {
    const stamp = Date.now().toString(36);
    const subAccountName = `Bright Smile Dental ${stamp}`;
    const inviteeEmail = `jamie.${stamp}@example.com`;
    const inviteeName = 'Jamie Rivera';
    const inviteePassword = `correct-horse-${stamp}`;

    // 1. Sign in as the demo agency owner; a wrong password first shows the API's message.
    await page.goto('/');
    await page.waitForURL(/\/login/);
    await field(page, 'Email').fill(suite.server.demo.agencyOwner.email);
    await field(page, 'Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await shot(page, '01-login-error');
    await field(page, 'Password').fill(suite.server.demo.agencyOwner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/agencies\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Sub-accounts' }).waitFor();
    // The pipelines of every sub-account, rolled up: the demo clinic's pipeline and its forecast.
    await page
      .getByTestId('agency-pipeline-row')
      .filter({ hasText: 'Sunrise Dental' })
      .filter({ hasText: 'New patients' })
      .waitFor();
    await page
      .getByTestId('agency-forecast-chart')
      .getByRole('img', { name: /^Sunrise Dental: [1-9]/ })
      .waitFor();
    await page.getByTestId('loading').waitFor({ state: 'detached' });
    await shot(page, '02-agency-home');

    // 2. Create a sub-account.
    await page.getByTestId('new-sub-account').click();
    const modal = page.getByRole('dialog', { name: 'New sub-account' });
    await field(modal, 'Business name').fill(subAccountName);
    await field(modal, 'Email').fill(`office.${stamp}@example.com`);
    await field(modal, 'Phone').fill('+14155550123');
    await shot(page, '03-new-sub-account');
    await modal.getByRole('button', { name: 'Create sub-account' }).click();
    await page.getByTestId('sub-account-created').waitFor();
    await page.getByRole('link', { name: subAccountName }).waitFor();
    await shot(page, '04-sub-account-created');

    // 3. Switch into it with the header switcher's search.
    await page.getByTestId('tenant-switcher').click();
    await page.getByLabel('Search sub-accounts').fill(stamp);
    await page
      .getByTestId('tenant-switcher-dropdown')
      .getByRole('button', { name: new RegExp(subAccountName) })
      .click();
    await page.waitForURL(/\/sub-accounts\/[0-9a-f-]{36}$/);
    await page.getByTestId('sub-account-name').filter({ hasText: subAccountName }).waitFor();
    await page.waitForLoadState('networkidle');
    await shot(page, '05-sub-account-overview');

    // 4. Invite a user by email from Settings > Invitations.
    await page.getByRole('link', { name: 'Settings', exact: true }).first().click();
    await page.getByRole('tab', { name: 'Invitations' }).click();
    await page.waitForURL(/\/settings\/invitations$/);
    await field(page, 'Email to invite').fill(inviteeEmail);
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByTestId('invitation-sent').waitFor();
    await page.getByTestId('invitation-row').filter({ hasText: inviteeEmail }).waitFor();
    await shot(page, '06-invitation-sent');

    // 5. Find the invitation email in the Dev Outbox (delivery runs in the background: poll).
    await page
      .getByRole('link', { name: /Dev outbox/ })
      .first()
      .click();
    await page.waitForURL(/\/dev\/outbox/);
    await page.getByLabel('Filter by recipient').fill(inviteeEmail);
    const row = page.getByTestId('outbox-row').filter({ hasText: /invited/i });
    for (let i = 0; i < 40 && (await row.count()) === 0; i++) {
      await page.waitForTimeout(500);
      if (i % 4 === 3) await page.reload();
      if (i % 4 === 3) await page.getByLabel('Filter by recipient').fill(inviteeEmail);
    }
    await row.first().click();
    const message = page.getByTestId('outbox-message');
    await message.waitFor();
    assert.match((await message.textContent()) ?? '', /invited/i);
    await shot(page, '07-outbox-invitation');

    // 6. Follow the accept link. The owner is still signed in, so the page offers to switch.
    const link = message.getByRole('link', { name: /\/invite\// });
    const href = await link.getAttribute('href');
    assert.ok(href && new URL(href).pathname.startsWith('/invite/'), `accept link: ${href}`);
    await link.click();
    await page.waitForURL(/\/invite\//);
    await page.getByTestId('invite-other-user').waitFor();
    await shot(page, '08-invite-signed-in-as-owner');
    await page.getByRole('button', { name: 'Log out and continue' }).click();
    await field(page, 'Your name').waitFor();
    assert.match((await page.getByTestId('invite-where').textContent()) ?? '', new RegExp(subAccountName));
    await field(page, 'Your name').fill(inviteeName);
    await field(page, 'Choose a password').fill(inviteePassword);
    await shot(page, '09-invite-accept-form');
    await page.getByRole('button', { name: 'Accept invitation' }).click();

    // 7. Signed in as the new user, inside the sub-account they were invited to.
    await page.waitForURL(/\/sub-accounts\/[0-9a-f-]{36}$/);
    await page.getByTestId('sub-account-name').filter({ hasText: subAccountName }).waitFor();
    await page.getByTestId('user-menu').filter({ hasText: inviteeName }).waitFor();
    await page.waitForLoadState('networkidle');
    await shot(page, '10-signed-in-as-invitee');

    const me = (await page.evaluate(async () => (await fetch('/api/v1/auth/me')).json())) as {
      user: { email: string };
      subAccounts: { name: string }[];
    };
    assert.equal(me.user.email, inviteeEmail);
    assert.deepEqual(
      me.subAccounts.map((s) => s.name),
      [subAccountName],
    );
  });
});

test('settings: roles matrix, API key shown once, team member commission, audit log, archive and restore', async () => {
  await withPage(suite.browser, pageOptions('zz-failure-settings'), async (page) => {
    const stamp = Date.now().toString(36);

    await page.goto('/login');
    await field(page, 'Email').fill(suite.server.demo.agencyOwner.email);
    await field(page, 'Password').fill(suite.server.demo.agencyOwner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/agencies\/[0-9a-f-]{36}$/);

    // Archive a sub-account, find it under "Archived", restore it.
    const row = page.getByTestId('sub-account-row').filter({ hasText: 'Peak Fitness' });
    await row.getByRole('button', { name: 'Archive' }).click();
    await row.waitFor({ state: 'detached' });
    await page.getByText('Archived', { exact: true }).click();
    await page.getByTestId('sub-account-row').filter({ hasText: 'Peak Fitness' }).waitFor();
    await shot(page, '11-archived-sub-accounts');
    await page
      .getByTestId('sub-account-row')
      .filter({ hasText: 'Peak Fitness' })
      .getByRole('button', { name: 'Restore' })
      .click();
    await page
      .getByTestId('sub-account-row')
      .filter({ hasText: 'Peak Fitness' })
      .waitFor({ state: 'detached' });
    await page.getByText('Active', { exact: true }).click();

    // Into the demo sub-account's settings.
    await page.getByRole('link', { name: 'Sunrise Dental' }).click();
    await page.getByTestId('sub-account-name').filter({ hasText: 'Sunrise Dental' }).waitFor();
    await page.getByRole('link', { name: 'Settings', exact: true }).first().click();
    await page.getByRole('tab', { name: 'Users' }).waitFor();
    await page.getByText('sales@demo.openlevel.local').waitFor();
    await shot(page, '12-settings-users');

    // Roles: a built-in role is read-only; a custom role is made from the matrix.
    await page.getByRole('tab', { name: 'Roles' }).click();
    await page.getByRole('button', { name: 'View' }).first().click();
    await page.getByTestId('permission-matrix').waitFor();
    await shot(page, '13-role-matrix-builtin');
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'New custom role' }).click();
    const roleModal = page.getByRole('dialog');
    await field(roleModal, 'Name').fill(`Front desk ${stamp}`);
    await roleModal.getByRole('checkbox', { name: 'Contacts', exact: true }).check();
    await roleModal.getByRole('checkbox', { name: 'calendars:read' }).check();
    await shot(page, '14-role-matrix-custom');
    await roleModal.getByRole('button', { name: 'Create role' }).click();
    await roleModal.waitFor({ state: 'detached' });
    await page.getByText(`Front desk ${stamp}`).waitFor();

    // API keys: the secret is shown once, with a copy button.
    await page.getByRole('tab', { name: 'API keys' }).click();
    await page.getByRole('button', { name: 'New API key' }).click();
    const keyModal = page.getByRole('dialog', { name: 'New API key' });
    await field(keyModal, 'Name').fill(`Zapier ${stamp}`);
    await field(keyModal, 'Role').click();
    await page.getByRole('option', { name: 'Member' }).click();
    await keyModal.getByRole('button', { name: 'Create key' }).click();
    const secret = await page.getByTestId('api-key-secret').textContent();
    assert.ok(secret && secret.length > 20, `secret shown: ${secret}`);
    await shot(page, '15-api-key-secret');
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await page.getByText(`Zapier ${stamp}`).waitFor();
    assert.equal(await page.getByText(secret).count(), 0, 'the secret is not shown again');
    await shot(page, '16-api-keys');

    // Team members: add one with a percentage commission.
    await page.getByRole('tab', { name: 'Team members' }).click();
    await page.getByRole('button', { name: 'Add team member' }).click();
    const memberModal = page.getByRole('dialog', { name: 'Add team member' });
    await field(memberModal, 'Name').fill(`Riley ${stamp}`);
    await field(memberModal, 'Title').fill('Closer');
    await memberModal.getByText('Percentage', { exact: true }).click();
    await field(memberModal, 'Rate').fill('12.5');
    await shot(page, '17-team-member-form');
    await memberModal.getByRole('button', { name: 'Add team member' }).click();
    await memberModal.waitFor({ state: 'detached' });
    await page
      .getByRole('row')
      .filter({ hasText: `Riley ${stamp}` })
      .filter({ hasText: '12.5%' })
      .waitFor();
    await shot(page, '18-team-members');

    // Audit log: the changes above are there, with their old and new values.
    await page.getByRole('tab', { name: 'Audit log' }).click();
    await page.getByRole('row').filter({ hasText: 'team_members' }).first().click();
    await page.getByText('After', { exact: true }).waitFor();
    await shot(page, '19-audit-log');

    // Agency settings show the same tabs at the agency level.
    await page.getByRole('link', { name: /Back to Demo Agency/ }).click();
    await page.getByRole('link', { name: 'Agency settings' }).click();
    await page.getByRole('tab', { name: 'Roles' }).click();
    await page.getByText('Agency owner').first().waitFor();
    await shot(page, '20-agency-settings-roles');
  });
});

test('password reset by email, sub-account user sign-in, logout', async () => {
  await withPage(suite.browser, pageOptions('zz-failure-reset'), async (page) => {
    const user = suite.server.demo.subAccountUser;
    const newPassword = `new-password-${Date.now().toString(36)}`;

    await page.goto('/login');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.waitForURL(/\/forgot-password$/);
    await field(page, 'Email').fill(user.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByText('Check your email').waitFor();
    await shot(page, '21-forgot-password-sent');

    // A password reset is platform mail: only a platform administrator reads it in the outbox.
    const ownerContext = await suite.browser.newContext({ baseURL: suite.server.url });
    const login = await ownerContext.request.post('/api/v1/auth/login', {
      data: suite.server.demo.platformAdmin,
    });
    assert.equal(login.status(), 200);
    let resetLink: string | undefined;
    for (let i = 0; i < 40 && !resetLink; i++) {
      const outbox = (await (
        await ownerContext.request.get(`/api/v1/dev-outbox?to=${encodeURIComponent(user.email)}`)
      ).json()) as { items: { subject: string | null; textBody: string }[] };
      const message = outbox.items.find((m) => /reset/i.test(m.subject ?? ''));
      resetLink = message?.textBody.match(/https?:\/\/\S+\/reset-password\/\S+/)?.[0];
      if (!resetLink) await page.waitForTimeout(500);
    }
    await ownerContext.close();
    assert.ok(resetLink, 'a reset email reached the outbox');

    await page.goto(new URL(resetLink).pathname);
    await field(page, 'New password').fill(newPassword);
    await field(page, 'Repeat the new password').fill(newPassword);
    await shot(page, '22-reset-password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed').waitFor();
    await page.getByRole('link', { name: 'Sign in', exact: true }).click();

    // A sub-account user lands in their sub-account; the switcher lists their memberships.
    await field(page, 'Email').fill(user.email);
    await field(page, 'Password').fill(newPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/sub-accounts\/[0-9a-f-]{36}$/);
    await page.getByTestId('sub-account-name').filter({ hasText: 'Sunrise Dental' }).waitFor();
    await page.getByTestId('tenant-switcher').click();
    await page
      .getByTestId('tenant-switcher-dropdown')
      .getByRole('button', { name: /Sunrise Dental/ })
      .waitFor();
    await shot(page, '23-sub-account-user-switcher');
    await page.keyboard.press('Escape');

    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.waitForURL(/\/login/);
    const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
    assert.equal(me, 401, 'the session is gone after logout');
  });
});

test('edit sub-account details, agency brand, per-user permissions, dev outbox link', async () => {
  await withPage(suite.browser, pageOptions('zz-failure-admin'), async (page) => {
    const stamp = Date.now().toString(36);
    const newName = `Sunrise Dental Studio ${stamp}`;
    const brandName = `Brightwave ${stamp}`;

    await page.goto('/login');
    await field(page, 'Email').fill(suite.server.demo.agencyOwner.email);
    await field(page, 'Password').fill(suite.server.demo.agencyOwner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/agencies\/[0-9a-f-]{36}$/);

    // The test server sends email through the dev adapter: /api/v1/meta says so, the link shows.
    const meta = (await page.evaluate(async () => (await fetch('/api/v1/meta')).json())) as {
      devOutbox: boolean;
    };
    assert.equal(meta.devOutbox, true);
    await page.getByRole('link', { name: /Dev outbox/ }).waitFor();

    // 1. Edit the sub-account's details: a bad website is refused beside its field, then saved.
    await page.getByRole('link', { name: 'Sunrise Dental' }).click();
    await page.getByTestId('sub-account-name').filter({ hasText: 'Sunrise Dental' }).waitFor();
    await page.getByRole('button', { name: 'Edit details' }).click();
    const editModal = page.getByRole('dialog', { name: 'Edit details' });
    await field(editModal, 'Business name').fill(newName);
    await field(editModal, 'Website').fill('not a website');
    await editModal.getByRole('button', { name: 'Save changes' }).click();
    await editModal.getByText('must be a URL, e.g. https://example.com', { exact: true }).waitFor();
    await shot(page, '24-edit-sub-account-error');
    await field(editModal, 'Website').fill(`https://sunrise-${stamp}.example`);
    await editModal.getByRole('button', { name: 'Save changes' }).click();
    await editModal.waitFor({ state: 'detached' });
    await page.getByTestId('sub-account-name').filter({ hasText: newName }).waitFor();
    await page.getByTestId('tenant-switcher').filter({ hasText: newName }).waitFor();
    await page.getByText(`https://sunrise-${stamp}.example`).waitFor();
    await shot(page, '25-sub-account-edited');

    // 2. Grant the sales user a permission beyond their role and revoke one of it.
    await page.getByRole('link', { name: 'Settings', exact: true }).first().click();
    await page.getByRole('tab', { name: 'Users' }).click();
    const salesRow = page.getByRole('row').filter({ hasText: 'sales@demo.openlevel.local' });
    await salesRow.getByRole('button', { name: 'Permissions' }).click();
    const permModal = page.getByRole('dialog', { name: /Permissions of/ });
    await permModal.getByTestId('permission-matrix').waitFor();
    assert.equal(await permModal.getByRole('checkbox', { name: 'contacts:read' }).isChecked(), true);
    await permModal.getByRole('checkbox', { name: 'contacts:delete' }).check();
    await permModal.getByRole('checkbox', { name: 'payments:create' }).uncheck();
    await permModal.getByTestId('permission-overrides').getByText('contacts:delete').waitFor();
    await shot(page, '26-user-permissions');

    // A grant the granter does not hold is refused with a 403 naming it (the owner holds all, so
    // this one answer is stubbed in the shape the API gives).
    await page.route('**/api/v1/sub-accounts/*/users/*', (route) =>
      route.request().method() === 'PATCH'
        ? route.fulfill({
            status: 403,
            contentType: 'application/problem+json',
            body: JSON.stringify({
              type: 'about:blank',
              title: 'Forbidden',
              status: 403,
              detail: 'You cannot grant permissions you do not have yourself: contacts:delete',
            }),
          })
        : route.fallback(),
    );
    await permModal.getByRole('button', { name: 'Save permissions' }).click();
    await permModal.getByText('You cannot grant permissions you do not have yourself').waitFor();
    await shot(page, '27-user-permissions-refused');
    await page.unrouteAll();
    await permModal.getByRole('button', { name: 'Save permissions' }).click();
    await permModal.waitFor({ state: 'detached' });
    const overrides = salesRow.getByTestId('user-overrides');
    await overrides.getByText('+ contacts:delete').waitFor();
    await overrides.getByText('− payments:create').waitFor();
    await shot(page, '28-user-permissions-saved');

    // 3. Agency settings > General: a bad colour is refused; a brand name shows in the header.
    await page.getByRole('link', { name: /Back to Demo Agency/ }).click();
    await page.getByRole('link', { name: 'Agency settings' }).click();
    await page.getByRole('tab', { name: 'General' }).waitFor();
    await field(page, 'Brand name').fill(brandName);
    await field(page, 'Primary colour').fill('teal');
    await field(page, 'Support email').fill(`help.${stamp}@example.com`);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('must be a hex colour, e.g. #228be6', { exact: true }).waitFor();
    await shot(page, '29-agency-general-error');
    await field(page, 'Primary colour').fill('#0ca678');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByTestId('agency-saved').waitFor();
    await page.getByTestId('brand').filter({ hasText: brandName }).waitFor();
    await shot(page, '30-agency-branded');
    const agency = (await page.evaluate(async () => {
      const me = (await (await fetch('/api/v1/auth/me')).json()) as { agencies: { id: string }[] };
      return (await fetch(`/api/v1/agencies/${me.agencies[0]?.id}`)).json();
    })) as { whiteLabel: { brandName?: string; primaryColor?: string } };
    assert.deepEqual(
      { brandName: agency.whiteLabel.brandName, primaryColor: agency.whiteLabel.primaryColor },
      { brandName, primaryColor: '#0ca678' },
    );

    // 4. Without the dev email adapter there is no outbox, and no link to it.
    await page.route('**/api/v1/meta', (route) =>
      route.fulfill({ json: { name: 'OpenLevel', devOutbox: false } }),
    );
    await page.reload();
    await page.getByRole('tab', { name: 'General' }).waitFor();
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Log out' }).waitFor();
    assert.equal(await page.getByRole('link', { name: /Dev outbox/ }).count(), 0);
    assert.equal(await page.getByRole('menuitem', { name: 'Dev outbox' }).count(), 0);
    await shot(page, '31-no-dev-outbox');
  });
});
