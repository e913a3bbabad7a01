/**
 * The permission catalogue: every `resource:action` pair (seed 002's actions), and the built-in
 * roles for every role the seeds name. Seeded into the permissions table by the seeder and copied
 * into each agency's roles when the agency is created.
 */
export const ACTIONS = ['create', 'read', 'update', 'delete', 'approve'] as const;
export type Action = (typeof ACTIONS)[number];

/** Agency-level resources: managed from the agency, above any sub-account. */
export const AGENCY_RESOURCES = ['agency', 'sub_accounts', 'billing', 'snapshots'] as const;

/** Resources inside a sub-account (also reachable by agency staff through their agency role). */
export const SUB_ACCOUNT_RESOURCES = [
  'users',
  'roles',
  'invitations',
  'api_keys',
  'audit_logs',
  'team_members',
  'settings',
  'contacts',
  'opportunities',
  'pipelines',
  'conversations',
  'calendars',
  'workflows',
  'campaigns',
  'payments',
  'commissions',
  'forms',
  'funnels',
  'surveys',
  'bots',
  'templates',
  'webhooks',
  'reports',
] as const;

export const RESOURCES = [...AGENCY_RESOURCES, ...SUB_ACCOUNT_RESOURCES] as const;
export type Resource = (typeof RESOURCES)[number];
export type Permission = `${Resource}:${Action}`;

export const ALL_PERMISSIONS: Permission[] = RESOURCES.flatMap((r) =>
  ACTIONS.map((a) => `${r}:${a}` as Permission),
);

export function isPermission(value: string): value is Permission {
  return (ALL_PERMISSIONS as string[]).includes(value);
}

const every = (resources: readonly Resource[], actions: readonly Action[] = ACTIONS): Permission[] =>
  resources.flatMap((r) => actions.map((a) => `${r}:${a}` as Permission));

const SUB_ACCOUNT_ALL = every(SUB_ACCOUNT_RESOURCES);
const SALES_WORK: Resource[] = ['contacts', 'opportunities', 'conversations', 'calendars', 'templates'];

export type BuiltinRole = {
  key: string;
  name: string;
  scope: 'agency' | 'sub_account';
  description: string;
  permissions: Permission[];
};

export const BUILTIN_ROLES: BuiltinRole[] = [
  {
    key: 'agency_owner',
    name: 'Agency owner',
    scope: 'agency',
    description: 'Everything in the agency and all of its sub-accounts, billing included.',
    permissions: ALL_PERMISSIONS,
  },
  {
    key: 'agency_admin',
    name: 'Agency admin',
    scope: 'agency',
    description: 'Everything but billing.',
    permissions: ALL_PERMISSIONS.filter((p) => !p.startsWith('billing:')),
  },
  {
    key: 'agency_support',
    name: 'Agency support',
    scope: 'agency',
    description:
      'Reads everything and helps with day-to-day work; no billing, no deletions, no access changes.',
    permissions: [
      ...every(['agency', 'sub_accounts', 'snapshots'], ['read']),
      ...every(SUB_ACCOUNT_RESOURCES, ['read']),
      ...every(SALES_WORK, ['create', 'update']),
    ],
  },
  {
    key: 'owner',
    name: 'Owner',
    scope: 'sub_account',
    description: 'Everything in the sub-account.',
    permissions: SUB_ACCOUNT_ALL,
  },
  {
    key: 'administrator',
    name: 'Administrator',
    scope: 'sub_account',
    description: 'Everything in the sub-account except approving payments and commissions.',
    permissions: SUB_ACCOUNT_ALL.filter((p) => !['payments:approve', 'commissions:approve'].includes(p)),
  },
  {
    key: 'sales',
    name: 'Sales',
    scope: 'sub_account',
    description: 'Works contacts, opportunities, conversations and calendars; reads the rest of the CRM.',
    permissions: [
      ...every(SALES_WORK, ['create', 'read', 'update']),
      ...every(
        ['pipelines', 'workflows', 'campaigns', 'forms', 'funnels', 'surveys', 'team_members', 'reports'],
        ['read'],
      ),
      'commissions:read',
      'payments:create',
      'payments:read',
    ],
  },
  {
    key: 'bot_trainer',
    name: 'Bot trainer',
    scope: 'sub_account',
    description: 'Builds and trains AI agents; reads conversations and contacts to do so.',
    permissions: [
      ...every(['bots'], ['create', 'read', 'update', 'delete']),
      'conversations:read',
      'contacts:read',
    ],
  },
  {
    key: 'viewer',
    name: 'Viewer',
    scope: 'sub_account',
    description: 'Reads everything in the sub-account except the audit log, API keys and users.',
    permissions: every(
      SUB_ACCOUNT_RESOURCES.filter((r) => !['audit_logs', 'api_keys', 'users', 'invitations'].includes(r)),
      ['read'],
    ),
  },
  {
    key: 'member',
    name: 'Member',
    scope: 'sub_account',
    description: 'Day-to-day CRM work without settings or deletions.',
    permissions: [
      ...every(SALES_WORK, ['create', 'read', 'update']),
      ...every(['team_members', 'workflows', 'forms', 'reports'], ['read']),
    ],
  },
];
