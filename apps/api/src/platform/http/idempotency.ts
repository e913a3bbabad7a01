import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { boundDatabase } from '../db/tenant.ts';
import { AppError, problemTable } from '../errors/app-error.ts';
import { newId } from '../ids/ids.ts';
import { principalKey } from '../auth/principal.ts';

const HEADER = 'idempotency-key';
const TTL_HOURS = 24;

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyRecordId?: string;
  }
  interface FastifyContextConfig {
    /**
     * The response shows a secret once (a new API key): it is never stored for replay. A repeated
     * request gets a 409 saying so instead of the secret a second time.
     */
    responseHoldsSecret?: boolean;
  }
}

/**
 * A request body that streams to its handler (a CSV upload) instead of being parsed up front: its
 * bytes are hashed as the handler reads them, so the Idempotency-Key covers the file's content.
 */
export type StreamedBody = {
  stream: AsyncIterable<Buffer>;
  toJSON(): string;
  /** The SHA-256 of the bytes read so far: of the whole body once `complete()`. */
  digest(): string;
  complete(): boolean;
};

export function streamedBody(payload: Readable): StreamedBody {
  const hash = createHash('sha256');
  let ended = false;
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      ended = true;
      done();
    },
  });
  payload.on('error', (error) => hashing.destroy(error));
  payload.pipe(hashing);
  let digest: string | undefined;
  return {
    stream: hashing,
    toJSON: () => 'streamed body',
    digest: () => (digest ??= hash.digest('hex')),
    complete: () => ended,
  };
}

const isStreamed = (body: unknown): body is StreamedBody =>
  typeof body === 'object' && body !== null && 'digest' in body && 'stream' in body;

/** Reads a streamed body to its end (a repeated request: only its hash matters). */
async function drained(body: StreamedBody): Promise<string> {
  for await (const _chunk of body.stream) {
    // the hashing transform sees every chunk
  }
  return body.digest();
}

function requestHash(request: FastifyRequest, bodyHash?: string): string {
  const body = bodyHash ?? JSON.stringify(request.body ?? null);
  return createHash('sha256').update(`${request.method} ${request.url}\n${body}`).digest('hex');
}

// Stored for a streamed body until its bytes have been read and hashed, when the response is sent.
const HASH_PENDING = 'pending';

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
    const streamed = isStreamed(request.body) ? request.body : undefined;
    const id = newId();
    await db.query(`delete from idempotency_keys where principal = $1 and key = $2 and expires_at < now()`, [
      principal,
      key,
    ]);
    const inserted = await db.query(
      `insert into idempotency_keys (id, principal, key, method, path, request_hash, expires_at)
       values ($1, $2, $3, $4, $5, $6, now() + make_interval(hours => ${TTL_HOURS}))
       on conflict (principal, key) do nothing`,
      [id, principal, key, request.method, request.url, streamed ? HASH_PENDING : requestHash(request)],
    );
    if (inserted.affectedRows === 1) {
      request.idempotencyRecordId = id;
      return;
    }
    const hash = requestHash(request, streamed ? await drained(streamed) : undefined);
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
    if (existing.request_hash !== hash && existing.request_hash !== HASH_PENDING) {
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
    const streamed = isStreamed(request.body) ? request.body : undefined;
    // A body the handler did not read to its end has no hash to compare a retry with: forget it.
    if (reply.statusCode >= 500 || (streamed && !streamed.complete())) {
      await db.query('delete from idempotency_keys where id = $1', [id]);
      return payload;
    }
    let status = reply.statusCode;
    let body: unknown = null;
    if (request.routeOptions.config.responseHoldsSecret && status < 400) {
      // Never at rest in clear: the replay is this refusal, not the secret.
      status = problemTable.conflict.status;
      body = {
        type: 'https://openlevel.dev/problems/conflict',
        title: problemTable.conflict.title,
        status,
        detail:
          'This request already ran, and its response held a secret that is shown only once; ' +
          'revoke what it created and make a new one',
        code: 'conflict',
        requestId: String(request.id),
      };
    } else if (typeof payload === 'string' && payload.length > 0) {
      try {
        body = JSON.parse(payload);
      } catch {
        body = payload;
      }
    }
    await db.query(
      `update idempotency_keys
          set state = 'completed', response_status = $2, response_body = $3::jsonb,
              request_hash = coalesce($4, request_hash)
        where id = $1`,
      [id, status, JSON.stringify(body), streamed ? requestHash(request, streamed.digest()) : null],
    );
    return payload;
  });
}
