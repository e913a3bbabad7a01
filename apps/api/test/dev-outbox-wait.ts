import { setTimeout as sleep } from 'node:timers/promises';
import type { TestApp } from './app-harness.ts';

type Message = { to: string; subject: string | null; textBody: string; htmlBody: string | null };

/** Waits for the worker to deliver an email to `to` in the Dev Outbox (it sends after commit). */
export async function waitForEmail(t: TestApp, to: string, as: string, timeoutMs = 15_000): Promise<Message> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await t.call({ url: `/api/v1/dev-outbox?to=${encodeURIComponent(to)}`, as });
    const items = (response.json() as { items: Message[] }).items;
    if (items[0]) return items[0];
    await sleep(200);
  }
  throw new Error(`No email to ${to} within ${timeoutMs} ms`);
}

export function linkToken(text: string, pathPrefix: string): string {
  const match = new RegExp(`${pathPrefix}/([A-Za-z0-9_-]+)`).exec(text);
  if (!match?.[1]) throw new Error(`No ${pathPrefix} link in: ${text}`);
  return match[1];
}
