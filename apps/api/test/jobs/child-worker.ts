import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * A worker process for the crash tests, speaking JSON lines on stdout (`{ pid, event, ... }`): the
 * test waits for an event, SIGKILLs the process, starts another on the same database.
 */
export type ChildMessage = { pid: number; event: string } & Record<string, unknown>;

export type ChildWorker = {
  process: ChildProcess;
  messages: ChildMessage[];
  /** The first message of `event` that `accept` (if given) accepts, waiting for it if need be. */
  next(
    event: string,
    options?: { timeoutMs?: number; accept?: (m: ChildMessage) => boolean },
  ): Promise<ChildMessage>;
  exited: Promise<number | null>;
};

export function startChildWorker(script: string, env: Record<string, string>): ChildWorker {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const messages: ChildMessage[] = [];
  const waiters: Array<() => void> = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      messages.push(JSON.parse(line) as ChildMessage);
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
    async next(event, { timeoutMs = 60_000, accept = () => true } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find((m) => m.event === event && accept(m));
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

/** Kills what is still running (after a failed test), so no worker outlives the test file. */
export function killChildWorkers(children: readonly ChildWorker[]): void {
  for (const { process: child } of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
