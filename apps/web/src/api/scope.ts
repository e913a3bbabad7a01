/** Users, roles, invitations, API keys and the audit log live under either tenant level. */
export type Scope = { kind: 'agency'; id: string } | { kind: 'sub_account'; id: string };

export function scopeKey(scope: Scope): [string, string] {
  return [scope.kind, scope.id];
}
