import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.ts';
import { txSql, withSystem } from '../db/tenant.ts';
import { sendProblem } from './problem.ts';

/**
 * The safety net under input validation: a value the database refuses for its type (SQLSTATE
 * class 22) is the request's fault, a 400 that says what was wrong, logged as a warning; any
 * other database error stays a 500.
 */
let db: TestDatabase;
let app: FastifyInstance;
let logs = '';

before(async () => {
  db = await createTestDatabase();
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  app = Fastify({ logger: { level: 'warn', stream } });
  app.setErrorHandler((error, request, reply) => sendProblem(error, request, reply));
  // The value travels as a bound parameter, as every request value does.
  app.post<{ Body: { sql: string; value: string } }>('/query', async (request) =>
    withSystem(async () => (await txSql().query(request.body.sql, [request.body.value])).rows),
  );
  await app.ready();
});
after(async () => {
  await app.close();
  await db.drop();
});

const query = (sql: string, value: string) =>
  app.inject({ method: 'POST', url: '/query', payload: { sql, value } });

describe('database errors as problems', () => {
  test('a value the database refuses for its type is a 400 saying what was wrong, logged at warn', async () => {
    const cases: [string, string, RegExp][] = [
      [
        'select $1::date',
        '0000-01-01',
        /^A date or time in the request is out of range: date\/time field value out of range/,
      ],
      [
        'select $1::int',
        '99999999999',
        /^A number in the request is out of range: value "99999999999" is out of range for type integer/,
      ],
      [
        'select $1::uuid',
        'not-a-uuid',
        /^A value in the request is not of the expected type: invalid input syntax for type uuid/,
      ],
      [
        'select $1::text',
        'a\u0000b',
        /^The request contains a character that cannot be stored \(such as NUL, \\u0000\): /,
      ],
    ];
    for (const [sql, value, detail] of cases) {
      logs = '';
      const response = await query(sql, value);
      assert.equal(response.statusCode, 400, `${sql}: ${response.body}`);
      assert.equal(response.json().code, 'validation_failed');
      assert.match(response.json().detail, detail, sql);
      const entry = logs
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { level: number; msg: string })
        .at(-1);
      assert.equal(entry?.level, 40, `${sql} is logged as a warning`);
      assert.equal(entry?.msg, 'the database refused a value of the request');
    }
  });

  test('any other database error stays a 500', async () => {
    const response = await query('select $1::text from no_such_table', 'x');
    assert.equal(response.statusCode, 500);
    assert.equal(response.json().code, 'internal');
  });
});
