import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Me } from '../api/auth.api.ts';
import { permissionsFor } from './permissions.ts';

const role = { id: '00000000-0000-4000-8000-000000000001', key: null, name: 'Role' };
const agencyId = '00000000-0000-4000-8000-00000000000a';
const memberOf = '00000000-0000-4000-8000-000000000051';
const elsewhere = '00000000-0000-4000-8000-000000000052';

const me = (overrides: Partial<Me> = {}): Me => ({
  user: { id: role.id, email: 'a@example.com', name: 'A', isPlatformAdmin: false },
  permissionsEverywhere: [],
  agencies: [
    {
      id: agencyId,
      name: 'Agency',
      role,
      permissions: ['agency:read'],
      subAccountPermissions: ['contacts:read'],
    },
  ],
  subAccounts: [{ id: memberOf, name: 'Mine', agencyId, role, permissions: ['contacts:delete'] }],
  ...overrides,
});

describe('permissionsFor', () => {
  test("reads what the API computed for the tenant, never merging the agency's and the membership's", () => {
    const mine = permissionsFor(me(), { agencyId, subAccountId: memberOf });
    assert.equal(mine('contacts:delete'), true);
    assert.equal(mine('contacts:read'), false, 'the sub-account entry is the whole answer');
    const other = permissionsFor(me(), { agencyId, subAccountId: elsewhere });
    assert.equal(other('contacts:read'), true);
    assert.equal(other('contacts:delete'), false);
    const atAgency = permissionsFor(me(), { agencyId });
    assert.equal(atAgency('agency:read'), true);
    assert.equal(atAgency('contacts:read'), false);
  });

  test('a tenant not listed gets what the person holds everywhere', () => {
    const unknown = { agencyId: '00000000-0000-4000-8000-0000000000ff' };
    assert.equal(permissionsFor(me(), unknown)('agency:read'), false);
    const admin = me({ permissionsEverywhere: ['agency:read', 'billing:read'] });
    assert.equal(permissionsFor(admin, unknown)('billing:read'), true);
    assert.equal(permissionsFor(null, { agencyId })('agency:read'), false);
  });
});
