import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { boundDatabase } from '../db/tenant.ts';
import { AppError } from '../errors/app-error.ts';
import { newId } from '../ids/ids.ts';
import { principalKey } from '../auth/principal.ts';

const HEADER = 'idempotency-key';
const TTL_HOURS = 24;

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyRecordId?: string;
  }
}

function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
}

/**
 * POSTs with an Idempotency-Key: the first request runs and its response is stored; the same key
 * with the same request replays that response; with a different request it is a 422; while the
 * first is still running, a 409. Keys are per caller and expire after 24 hours. A 5xx response is
 * not stored, so the client may retry.
 */
export function registerIdempotency(app: FastifyInstance): void {
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const key = request.headers[HEADER];
    if (request.method !== 'POST' || typeof key !== 'string' || !request.principal) return;
    if (key.length === 0 || key.length > 255) {
      throw new AppError('validation_failed', 'Idempotency-Key must be 1 to 255 characters');
    }
    const db = boundDatabase().raw;
    const principal = principalKey(request.principal);
    const hash = requestHash(request);
    const id = newId();
    await db.query(`delete from idempotency_keys where principal = $1 and key = $2 and expires_at < now()`, [
      principal,
      key,
    ]);
    const inserted = await db.query(
      `insert into idempotency_keys (id, principal, key, method, path, request_hash, expires_at)
       values ($1, $2, $3, $4, $5, $6, now() + make_interval(hours => ${TTL_HOURS}))
       on conflict (principal, key) do nothing`,
      [id, principal, key, request.method, request.url, hash],
    );
    if (inserted.affectedRows === 1) {
      request.idempotencyRecordId = id;
      return;
    }
    const { rows } = await db.query<{
      request_hash: string;
      state: string;
      response_status: number | null;
      response_body: unknown;
    }>(
      `select request_hash, state, response_status, response_body from idempotency_keys where principal = $1 and key = $2`,
      [principal, key],
    );
    const existing = rows[0];
    if (!existing) throw new AppError('idempotency_in_progress', 'Retry this request in a moment');
    if (existing.request_hash !== hash) {
      throw new AppError(
        'idempotency_key_reused',
        'This Idempotency-Key was used for a different request; use a new key for a new request',
      );
    }
    if (existing.state !== 'completed') {
      throw new AppError(
        'idempotency_in_progress',
        'The first request with this Idempotency-Key is still running',
        {
          retryAfterSeconds: 1,
        },
      );
    }
    reply.header('idempotent-replayed', 'true');
    if ((existing.response_status ?? 200) >= 400) reply.type('application/problem+json');
    return reply.status(existing.response_status ?? 200).send(existing.response_body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const id = request.idempotencyRecordId;
    if (!id) return payload;
    const db = boundDatabase().raw;
    if (reply.statusCode >= 500) {
      await db.query('delete from idempotency_keys where id = $1', [id]);
      return payload;
    }
    let body: unknown = null;
    if (typeof payload === 'string' && payload.length > 0) {
      try {
        body = JSON.parse(payload);
      } catch {
        body = payload;
      }
    }
    await db.query(
      `update idempotency_keys set state = 'completed', response_status = $2, response_body = $3::jsonb where id = $1`,
      [id, reply.statusCode, JSON.stringify(body)],
    );
    return payload;
  });
}
