export const devOutboxKeys = {
  list: (to: string) => ['dev-outbox', { to }] as const,
  message: (messageId: string) => ['dev-outbox', 'message', messageId] as const,
};
