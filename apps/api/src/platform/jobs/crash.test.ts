import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { type Database, openPglite } from '../db/database.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.ts';

/**
 * The crash test: a real worker process is SIGKILLed in the middle of a job; a second process on
 * the same database (PostgreSQL) or the same data folder (PGlite) must run the job again, and the
 * job's idempotent effect must exist exactly once.
 */
const FIXTURE = fileURLToPath(new URL('../../../test/jobs/crash-worker.ts', import.meta.url));

type Message = { pid: number; event: string; jobId?: string; attempt?: number; retryCount?: number };

type Child = {
  process: ChildProcess;
  messages: Message[];
  next(event: string, timeoutMs?: number): Promise<Message>;
  exited: Promise<number | null>;
};

function startChild(env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const messages: Message[] = [];
  const waiters: Array<() => void> = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      messages.push(JSON.parse(line) as Message);
    } catch {
      return; // pg-boss or node warnings
    }
    for (const wake of waiters.splice(0)) wake();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      for (const wake of waiters.splice(0)) wake();
      resolve(code);
    }),
  );
  return {
    process: child,
    messages,
    exited,
    // Generous: a child process boots PGlite and pg-boss, which takes seconds on a loaded 2-core machine.
    async next(event, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find((m) => m.event === event);
        if (found) return found;
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(
            `worker ${child.pid} exited (${child.exitCode ?? child.signalCode}) before "${event}":\n${stderr}`,
          );
        }
        if (Date.now() > deadline)
          throw new Error(`worker ${child.pid} sent no "${event}" in ${timeoutMs} ms:\n${stderr}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 200);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
  };
}

let pgDatabase: TestDatabase | undefined;
let dataDir: string | undefined;
const children: ChildProcess[] = [];

before(async () => {
  if (process.env.TEST_DATABASE_URL) {
    pgDatabase = await createTestDatabase();
  } else {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'openlevel-crash-'));
  }
});

after(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await pgDatabase?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test(
  'a job whose worker is killed mid-run runs again in a new worker, and its effect exists once',
  { timeout: 180_000 },
  async () => {
    const jobId = randomUUID();
    const target: Record<string, string> = pgDatabase
      ? { CRASH_DATABASE_URL: pgDatabase.url! }
      : { CRASH_DATA_DIR: dataDir! };

    const first = startChild({ ...target, CRASH_SEND_JOB_ID: jobId, CRASH_EXPIRE_SECONDS: '2' });
    children.push(first.process);
    const firstTry = await first.next('effect');
    assert.equal(firstTry.attempt, 1);
    first.process.kill('SIGKILL');
    await first.exited;
    assert.equal(first.process.signalCode, 'SIGKILL');
    assert.ok(!first.messages.some((m) => m.event === 'handled'), 'the first try was cut off mid-job');

    const second = startChild({ ...target, CRASH_WAIT_JOB_ID: jobId, CRASH_EXPIRE_SECONDS: '2' });
    children.push(second.process);
    const secondTry = await second.next('effect');
    assert.equal(secondTry.jobId, jobId);
    assert.equal(secondTry.attempt, 2);
    assert.equal(secondTry.pid, second.process.pid, 'the retry ran in the new process');
    const completed = await second.next('completed');
    assert.equal(completed.retryCount, 1);
    second.process.kill('SIGTERM');
    assert.equal(await second.exited, 0);

    // Check the database itself (on PGlite, now that no child owns the folder).
    const db: Database = pgDatabase ?? (await openPglite({ dataDir: dataDir! }));
    try {
      const effects = await db.raw.query<{ key: string; attempt: number; pid: number }>(
        'select key, attempt, pid from crash_effects',
      );
      assert.deepEqual(effects.rows, [{ key: `tests.crash:${jobId}`, attempt: 1, pid: first.process.pid }]);
      const attempts = await db.raw.query<{ attempt: number; pid: number }>(
        'select attempt, pid from crash_attempts where job_id = $1 order by attempt',
        [jobId],
      );
      assert.deepEqual(attempts.rows, [
        { attempt: 1, pid: first.process.pid },
        { attempt: 2, pid: second.process.pid },
      ]);
    } finally {
      if (!pgDatabase) await db.close();
    }
  },
);
